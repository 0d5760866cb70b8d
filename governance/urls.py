from django.urls import path

from governance import views, views_benefits, views_forward_plan, views_history, views_registers

app_name = "governance"

urlpatterns = [
    path("", views.DecisionListView.as_view(), name="decisions"),
    path("decisions/new/<str:code>/", views.decision_create, name="decision-new"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/pdf/", views.decision_pdf, name="decision-pdf"),
    path("decisions/<int:pk>/publish/", views.decision_publish, name="decision-publish"),
    path("decisions/<int:pk>/edit/", views.decision_edit, name="decision-edit"),
    path("decisions/<int:pk>/documents/new/", views.document_add, name="document-new"),
    path("decisions/<int:pk>/documents/<int:document_pk>/", views.document_download, name="document"),
    path("gateways/", views.gateways, name="gateways"),
    path("services/<slug:slug>/", views.service_gateway, name="service-gateway"),
    path("services/<slug:slug>/pass/", views.gateway_pass, name="gateway-pass"),
    path("services/<slug:slug>/risks/", views_registers.risk_register, name="risks"),
    path("services/<slug:slug>/risks/new/", views_registers.risk_new, name="risk-new"),
    path("risks/<int:pk>/review/", views_registers.risk_review, name="risk-review"),
    path("services/<slug:slug>/benefits/", views_benefits.benefits, name="benefits"),
    path("services/<slug:slug>/benefits/new/", views_benefits.benefit_new, name="benefit-new"),
    path("actions/<int:pk>/", views_benefits.action_update, name="action-update"),
    path("contacts/", views_registers.contacts, name="contacts"),
    path("bodies/", views_registers.bodies, name="bodies"),
    path("forward-plan/", views.forward_plan, name="forward-plan"),
    path("forward-plan/<str:code>/", views_forward_plan.council_plan, name="forward-plan-council"),
    path("forward-plan/<str:code>/pdf/", views_forward_plan.council_plan_pdf, name="forward-plan-pdf"),
    path("forward-plan/<str:code>/publish/", views_forward_plan.council_plan_publish, name="forward-plan-publish"),
    path("forward-plan/<str:code>/calendar.ics", views_forward_plan.council_plan_ical, name="forward-plan-ical"),
    path("forward-plan/<str:code>/new/", views_forward_plan.entry_new, name="forward-plan-new"),
    path("forward-plan/entries/<int:pk>/edit/", views_forward_plan.entry_edit, name="forward-plan-edit"),
    path("milestones/", views.milestones, name="milestones"),
    path("calendar.ics", views.calendar, name="calendar"),
    path("history/<slug:kind>/<int:pk>/", views_history.history, name="record-history"),
]
