from django.urls import path

from finance import views, views_baseline, views_history, views_monitoring, views_plan

app_name = "finance"

urlpatterns = [
    path("", views.partnership_finance, name="partnership"),
    path("services/<slug:slug>/", views.service_finance, name="service"),
    path("history/<slug:kind>/<int:pk>/", views_history.history, name="record-history"),
    path("services/<slug:slug>/capital-pot/approve/", views.capital_spend, name="capital-spend"),
    path("services/<slug:slug>/savings-plan/", views_plan.savings_plan, name="savings-plan"),
    path("services/<slug:slug>/savings-plan/edit/", views_plan.savings_plan_edit, name="savings-plan-edit"),
    path("services/<slug:slug>/savings-plan/delivered/", views_plan.delivered_saving, name="delivered-saving"),
    path("services/<slug:slug>/monitoring/", views_monitoring.rounds, name="monitoring"),
    path("services/<slug:slug>/monitoring/<int:pk>/", views_monitoring.round_page, name="monitoring-round"),
    path("services/<slug:slug>/monitoring/<int:pk>/reopen/", views_monitoring.reopen, name="monitoring-reopen"),
    path("services/<slug:slug>/monitoring/<int:pk>/report/", views_monitoring.report_page, name="monitoring-report"),
    path(
        "services/<slug:slug>/monitoring/<int:pk>/report.pdf", views_monitoring.report_pdf, name="monitoring-report-pdf"
    ),
    path("services/<slug:slug>/monitoring/returns/<int:pk>/", views_monitoring.return_page, name="monitoring-return"),
    path("services/<slug:slug>/baselines/", views_baseline.baseline_list, name="baselines"),
    path("services/<slug:slug>/baselines/<int:version>/", views_baseline.baseline_detail, name="baseline"),
    path("services/<slug:slug>/<str:code>/<str:programme>/", views.grid, name="grid"),
    path("services/<slug:slug>/<str:code>/<str:programme>/import/", views.grid_import, name="import"),
    path("services/<slug:slug>/<str:code>/<str:programme>/history/", views.grid_history, name="history"),
]
