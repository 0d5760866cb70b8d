"""The pages the benchmark measures: one line each. Add a page here and it appears in the table.

Each is (label, method, path, who): ``who`` is the signed-in user, ``board`` (a board member,
who reads everything) or ``officer`` (Maidstone's officer, who saves Maidstone's ICT budget).
The same MKIP addresses are measured at both scales, so a slower page at national scale
means the extra councils and services cost it something. A ``{name}`` in a path is filled in by
bench/measure.py from the database (the monitoring round's id differs between the two).
"""

TRIVIAL = "trivial Django view"
DASHBOARD = "dashboard"
GRID = "/finance/services/ict/MBC/revenue/"
BUSINESS_CASE_PDF = "business case PDF"
GRID_SAVE = "grid save (POST)"
RETURN_SAVE = "monitoring return save (POST)"
MONITORING_REPORT = "monitoring report"
# Held to the target of the dashboard: at national scale no slower than twice MKIP's time.
WITHIN_TWICE = (MONITORING_REPORT, RETURN_SAVE)

PAGES = [
    (TRIVIAL, "GET", "/bench/trivial/", "board"),
    ("overview", "GET", "/?partnership=mkip", "board"),
    ("council page", "GET", "/councils/MBC/", "board"),
    ("service finance", "GET", "/finance/services/ict/", "board"),
    ("staffing", "GET", "/staffing/ict/", "board"),
    (DASHBOARD, "GET", "/dashboard/?partnership=mkip", "board"),
    ("dashboard recomputed", "GET", "/bench/dashboard-recomputed/?partnership=mkip", "board"),
    ("forward plan", "GET", "/governance/forward-plan/?partnership=mkip", "board"),
    ("business case HTML", "GET", "/finance/services/ict/business-case/", "board"),
    (BUSINESS_CASE_PDF, "GET", "/finance/services/ict/business-case.pdf", "board"),
    ("annual report HTML", "GET", "/annual-report/?partnership=mkip", "board"),
    (MONITORING_REPORT, "GET", "/finance/services/ict/monitoring/{ict_round}/report/", "board"),
    (GRID_SAVE, "POST", GRID, "officer"),
    (RETURN_SAVE, "POST", "/finance/services/ict/monitoring/returns/{mbc_return}/", "officer"),
]
