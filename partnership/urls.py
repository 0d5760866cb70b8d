from django.urls import path

from partnership import views

app_name = "partnership"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("councils/", views.CouncilListView.as_view(), name="councils"),
    path("councils/<str:code>/", views.CouncilDetailView.as_view(), name="council"),
    path("councils/<str:code>/settings/", views.council_settings, name="council-settings"),
    path("services/<slug:slug>/", views.ServiceDetailView.as_view(), name="service"),
    path("services/<slug:slug>/host/", views.service_host, name="service-host"),
]

# ---- Reports (issue 6): the partnership annual report, public and full, page and PDF ------------
from partnership import reports  # noqa: E402

urlpatterns += [
    path("annual-report/", reports.annual_report_page, name="annual-report"),
    path("annual-report.pdf", reports.annual_report_pdf, name="annual-report-pdf"),
    path("annual-report-full/", reports.annual_report_full_page, name="annual-report-full"),
    path("annual-report-full.pdf", reports.annual_report_full_pdf, name="annual-report-full-pdf"),
]

# ---- Board dashboard (issue 6) --------------------------------------------------------------------
from partnership import views_dashboard  # noqa: E402

urlpatterns += [path("dashboard/", views_dashboard.dashboard, name="dashboard")]
