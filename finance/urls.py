from django.urls import path

from finance import views, views_plan

app_name = "finance"

urlpatterns = [
    path("", views.partnership_finance, name="partnership"),
    path("services/<slug:slug>/", views.service_finance, name="service"),
    path("services/<slug:slug>/capital-pot/approve/", views.capital_spend, name="capital-spend"),
    path("services/<slug:slug>/savings-plan/", views_plan.savings_plan, name="savings-plan"),
    path("services/<slug:slug>/savings-plan/edit/", views_plan.savings_plan_edit, name="savings-plan-edit"),
    path("services/<slug:slug>/savings-plan/delivered/", views_plan.delivered_saving, name="delivered-saving"),
    path("services/<slug:slug>/<str:code>/<str:programme>/", views.grid, name="grid"),
    path("services/<slug:slug>/<str:code>/<str:programme>/import/", views.grid_import, name="import"),
    path("services/<slug:slug>/<str:code>/<str:programme>/history/", views.grid_history, name="history"),
]

# ---- Reports (issue 6): the business case as a page and a PDF, public and full versions --------
from finance import reports  # noqa: E402

urlpatterns += [
    path("services/<slug:slug>/business-case/", reports.business_case_page, name="business-case"),
    path("services/<slug:slug>/business-case.pdf", reports.business_case_pdf, name="business-case-pdf"),
    # Two segments after the slug would be read as a budget grid (<code>/<programme>/), so "-full" not "/full/".
    path("services/<slug:slug>/business-case-full/", reports.business_case_full_page, name="business-case-full"),
    path("services/<slug:slug>/business-case-full.pdf", reports.business_case_full_pdf, name="business-case-full-pdf"),
]
