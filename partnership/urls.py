from django.urls import path

from partnership import views, views_documents, views_history

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
    path("history/<slug:kind>/<int:pk>/", views_history.history, name="record-history"),
]
