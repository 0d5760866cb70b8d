"""The pages the benchmark measures: one line each. Add a page here and it appears in the table.

Each is (label, method, path, who): ``who`` is the signed-in user, ``board`` (a board member,
who reads everything) or ``officer`` (Maidstone's officer, who saves Maidstone's ICT budget).
The same MKIP addresses are measured at both scales, so a slower page at national scale
means the extra councils and services cost it something.
"""

TRIVIAL = "trivial Django view"
DASHBOARD = "dashboard"
GRID = "/finance/services/ict/MBC/revenue/"
BUSINESS_CASE_PDF = "business case PDF"

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
    ("grid save (POST)", "POST", GRID, "officer"),
]
