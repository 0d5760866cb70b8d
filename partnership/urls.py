from django.urls import path

from partnership import people, views, views_documents, views_history, views_invitations, views_setup

app_name = "partnership"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("councils/", views.CouncilListView.as_view(), name="councils"),
    path("councils/<str:code>/", views.CouncilDetailView.as_view(), name="council"),
    path("councils/<str:code>/settings/", views.council_settings, name="council-settings"),
    path("services/<slug:slug>/", views.ServiceDetailView.as_view(), name="service"),
    path("services/<slug:slug>/host/", views.service_host, name="service-host"),
    path("documents/", views_documents.DocumentRegisterView.as_view(), name="documents"),
    path("documents/<int:pk>/", views_documents.document_page, name="document"),
    path("documents/<int:pk>/<str:filename>", views_documents.document_download, name="document-download"),
    path("partnerships/<slug:slug>/setup/", views_setup.setup_page, name="setup"),
    path("partnerships/<slug:slug>/setup/name/", views_setup.setup_name, name="setup-name"),
    path("partnerships/<slug:slug>/setup/members/", views_setup.setup_members, name="setup-members"),
    path("partnerships/<slug:slug>/people/", people.people, name="people"),
    path("partnerships/<slug:slug>/people/<int:pk>/deactivate/", people.person_deactivate, name="person-deactivate"),
    path("partnerships/<slug:slug>/people/<int:pk>/role/", people.person_role, name="person-role"),
    path("partnerships/<slug:slug>/invitations/", views_invitations.invitations_page, name="invitations"),
    path(
        "partnerships/<slug:slug>/invitations/<int:pk>/resend/",
        views_invitations.invitation_resend,
        name="invitation-resend",
    ),
    path(
        "partnerships/<slug:slug>/invitations/<int:pk>/withdraw/",
        views_invitations.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path("history/<slug:kind>/<int:pk>/", views_history.history, name="record-history"),
]
