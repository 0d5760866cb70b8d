"""The board's pages: the dashboard, the partnership annual report and each service's business case.

Each report is a page and a PDF, in a public version and a full one with exempt appendices.
"""

from django.urls import path

from board import annual_report, business_case, views, your_work

app_name = "board"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("your-work/", your_work.your_work, name="your-work"),
    path("start/", your_work.start, name="start"),
    path("annual-report/", annual_report.annual_report_page, name="annual-report"),
    path("annual-report.pdf", annual_report.annual_report_pdf, name="annual-report-pdf"),
    path("annual-report/publish/", annual_report.annual_report_publish, name="annual-report-publish"),
    path("annual-report-full/", annual_report.annual_report_full_page, name="annual-report-full"),
    path("annual-report-full.pdf", annual_report.annual_report_full_pdf, name="annual-report-full-pdf"),
    path("finance/services/<slug:slug>/business-case/", business_case.business_case_page, name="business-case"),
    path("finance/services/<slug:slug>/business-case.pdf", business_case.business_case_pdf, name="business-case-pdf"),
    path(
        "finance/services/<slug:slug>/business-case/publish/",
        business_case.business_case_publish,
        name="business-case-publish",
    ),
    path(
        "finance/services/<slug:slug>/business-case-full/",
        business_case.business_case_full_page,
        name="business-case-full",
    ),
    path(
        "finance/services/<slug:slug>/business-case-full.pdf",
        business_case.business_case_full_pdf,
        name="business-case-full-pdf",
    ),
]
