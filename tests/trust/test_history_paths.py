"""Every change to a budget figure or a post lands in the history exactly once, whatever path it takes.

Paths: the grid form, a spreadsheet import (upload, preview, confirm), the admin change form, the
admin add form, the admin's bulk "delete selected" action, and the services called directly (a
bulk save of many cells or posts, as other code would). After each, the figures (or posts) are
compared with before, and the new history rows must match the differences one for one.

What the app tests already prove one path at a time (tests/finance/test_grid.py, test_import.py,
tests/staffing/test_services.py, test_import.py, test_views.py): that a path writes history.
This file adds the exactness (one row per change, none for an unchanged cell) and the admin add
and bulk delete paths, on the real MKIP data.
"""

import csv
import dataclasses
import io
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from finance import services as finance_services
from finance.models import BudgetFigure, BudgetLine, FigureChange
from mkip.fiscal import FinancialYear
from partnership.models import Council, SharedService, User
from staffing import services as staffing_services
from staffing.models import Post, PostChange
from tests.crawl import _PageParser

pytestmark = pytest.mark.django_db
GRID = "/finance/services/ict/MBC/revenue/"
POSTS = "/staffing/ict/posts/2012-13/budget/"


@pytest.fixture
def people():
    call_command("load_mkip", stdout=StringIO())
    call_command("create_demo_users", stdout=StringIO())
    clients = {}
    for username in ("admin", "officer.mbc"):
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))
    return clients


def form_on(client, url):
    """The fields of the biggest form on the page (the grid, not a button beside it)."""
    parser = _PageParser(f"http://testserver{url}")
    parser.feed(client.get(url).content.decode())
    return max(parser.forms, key=lambda form: len(form.fields)).fields


class FigureLedger:
    """The figures now, and the history rows written since the last look."""

    def __init__(self):
        self.figures, self.last_change = self._figures(), self._last_change()

    @staticmethod
    def _figures():
        return {(f.line_id, f.year.start_year, f.kind): f.amount for f in BudgetFigure.objects.all()}

    @staticmethod
    def _last_change():
        return FigureChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def assert_one_change_each(self, path, expected_cells):
        figures = self._figures()
        differ = {key for key in figures.keys() | self.figures.keys() if figures.get(key) != self.figures.get(key)}
        rows = list(FigureChange.objects.filter(pk__gt=self.last_change))
        written = Counter((row.line_id, row.year.start_year, row.kind) for row in rows)
        assert differ == set(expected_cells), "the path did not change what the test meant it to"
        assert written == Counter(differ), "one history row per changed figure, none for the others"
        for row in rows:
            key = (row.line_id, row.year.start_year, row.kind)
            assert (row.path, row.old_amount, row.new_amount) == (path, self.figures.get(key), figures.get(key))
        self.figures, self.last_change = figures, self._last_change()


def test_each_path_writes_one_history_row_per_changed_figure(people):
    admin, officer = people["admin"], people["officer.mbc"]
    ledger = FigureLedger()
    figure = BudgetFigure.objects.filter(line__council__code="MBC", line__service__slug="ict").order_by("pk")
    first, second = figure[0], figure[1]
    key = lambda f: (f.line_id, f.year.start_year, f.kind)  # noqa: E731

    # The grid form: one cell changed, every other cell posted back as it was.
    fields = form_on(officer, GRID)
    name = f"grid-c-{first.line_id}-{first.year.start_year}-{first.kind}"
    assert fields[name] == str(first.amount)
    assert officer.post(GRID, {**fields, name: str(first.amount + 1)}).status_code == 302
    ledger.assert_one_change_each("form", [key(first)])

    # An import: the grid's own export with one cell changed.
    rows = list(csv.reader(io.StringIO(officer.get(GRID, {"_export": "csv"}).content.decode("utf-8-sig"))))
    row = next(r for r in rows if r[0] == second.line.name)
    column = next(i for i, heading in enumerate(rows[0]) if heading.startswith(second.year.label))
    row[column] = str(second.amount + 7)
    upload = io.StringIO()
    csv.writer(upload).writerows(rows)
    file = SimpleUploadedFile("grid.csv", upload.getvalue().encode(), content_type="text/csv")
    preview = officer.post(f"{GRID}import/", {"file": file})
    assert "Confirm and import" in preview.content.decode()
    assert officer.post(f"{GRID}import/", {"confirm": "1"}).status_code == 302
    ledger.assert_one_change_each("import", [key(second)])

    # The admin change form.
    url = f"/admin/finance/budgetfigure/{first.pk}/change/"
    assert admin.post(url, {"amount": "4321.00"}).status_code == 302
    ledger.assert_one_change_each("admin", [key(first)])

    # The admin add form, for a cell that is empty.
    line = BudgetLine.objects.get(pk=first.line_id)
    empty_year = max(year for (line_id, year, _) in ledger.figures if line_id == line.pk) + 1
    added = admin.post(
        "/admin/finance/budgetfigure/add/",
        {"line": line.pk, "year": FinancialYear(empty_year).label, "kind": first.kind, "amount": "10.00"},
    )
    assert added.status_code == 302, added.context["adminform"].form.errors
    ledger.assert_one_change_each("admin", [(line.pk, empty_year, first.kind)])

    # The admin's bulk "delete selected" action on two figures.
    doomed = list(BudgetFigure.objects.filter(line__council__code="TWBC").order_by("pk")[:2])
    response = admin.post(
        "/admin/finance/budgetfigure/",
        {"action": "delete_selected", "_selected_action": [f.pk for f in doomed], "post": "yes"},
    )
    assert response.status_code == 302
    ledger.assert_one_change_each("admin", [key(f) for f in doomed])

    # The service called directly with a whole grid: only the two cells that differ get history.
    service, council = SharedService.objects.get(slug="ict"), Council.objects.get(code="SBC")
    grid = {
        (f.line_id, f.year.start_year, f.kind): f
        for f in BudgetFigure.objects.filter(line__service=service, line__council=council, line__programme="revenue")
    }
    cells = {k: f.amount for k, f in grid.items()}
    changed = sorted(grid)[:2]
    for k in changed:
        cells[k] += Decimal("1.00")
    finance_services.save_grid(
        user=User.objects.get(username="admin"),
        service=service,
        council=council,
        programme="revenue",
        cells=cells,
        loaded_versions={k: f.version for k, f in grid.items()},
        path="form",
    )
    ledger.assert_one_change_each("form", changed)


class PostLedger:
    """Posts now (their tracked fields), and the history rows written since the last look."""

    def __init__(self):
        self.posts, self.last_change = self._posts(), self._last_change()

    @staticmethod
    def _posts():
        return {post.pk: staffing_services.snapshot(post) for post in Post.objects.select_related("team", "council")}

    @staticmethod
    def _last_change():
        return PostChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def assert_one_change_each(self, path):
        posts = self._posts()
        added, removed = posts.keys() - self.posts.keys(), self.posts.keys() - posts.keys()
        edited = Counter(
            (pk, name)
            for pk in posts.keys() & self.posts.keys()
            for name in staffing_services.TRACKED_FIELDS
            if posts[pk][name] != self.posts[pk][name]
        )
        rows = list(PostChange.objects.filter(pk__gt=self.last_change))
        assert {row.path for row in rows} <= {path}
        assert Counter((row.post_id, row.field) for row in rows if row.field != "post") == edited
        assert sorted(row.post_id for row in rows if row.field == "post" and row.new) == sorted(added)
        assert len([row for row in rows if row.field == "post" and not row.new]) == len(removed)
        assert edited or added or removed, "the path changed nothing"
        self.posts, self.last_change = posts, self._last_change()


def test_each_path_writes_one_history_row_per_changed_value_of_a_post(people):
    admin, officer = people["admin"], people["officer.mbc"]
    ledger = PostLedger()

    # The posts grid: one FTE changed, the rest posted back as they were.
    fields = form_on(officer, POSTS)
    row = next(name.removesuffix("-council") for name, value in fields.items() if name.endswith("-council") and value)
    fields[f"{row}-fte"] = "0.50" if fields[f"{row}-fte"] != "0.50" else "0.75"
    assert officer.post(POSTS, fields).status_code == 302
    ledger.assert_one_change_each("form")

    # An import of Maidstone's posts: its old posts go, the file's come, one row for each.
    body = "Team,Council,Grade,FTE,Cost,Vacant\nService desk,MBC,Band 8,2.00,60000,no\nGIS,MBC,Band 7,1,30000,yes\n"
    file = SimpleUploadedFile("posts.csv", body.encode(), content_type="text/csv")
    assert "Check the import" in officer.post(f"{POSTS}import/", {"file": file}).content.decode()
    assert officer.post(f"{POSTS}import/", {"confirm": "yes"}).status_code == 302
    ledger.assert_one_change_each("import")

    # The admin change form: cost and vacancy of one post.
    post = Post.objects.filter(year=2012, kind="budget", council__code="TWBC").first()
    url = f"/admin/staffing/post/{post.pk}/change/"
    form = admin.get(url).context["adminform"].form
    data = {name: ("" if form.initial.get(name) is None else form.initial.get(name)) for name in form.fields}
    data.update({"cost": "12345.00", "vacant": "on", "illustrative_fields": "[]"})
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    ledger.assert_one_change_each("admin")

    # The admin add form.
    data.update({"grade": "Added", "fte": "1.00"})
    response = admin.post("/admin/staffing/post/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    ledger.assert_one_change_each("admin")

    # The admin's bulk "delete selected" action.
    doomed = list(Post.objects.filter(council__code="SBC").values_list("pk", flat=True)[:3])
    response = admin.post(
        "/admin/staffing/post/", {"action": "delete_selected", "_selected_action": doomed, "post": "yes"}
    )
    assert response.status_code == 302
    ledger.assert_one_change_each("admin")

    # The service called directly with a whole column, one row edited.
    service = SharedService.objects.get(slug="ict")
    posts = list(Post.objects.column(service, FinancialYear(2012), "budget").select_related("team", "council"))
    rows = [
        staffing_services.PostRow(
            team=p.team,
            council=p.council,
            grade=p.grade,
            fte=p.fte,
            cost=p.cost,
            vacant=p.vacant,
            post_id=p.pk,
            version=p.version,
        )
        for p in posts
    ]
    rows[0] = dataclasses.replace(rows[0], grade="Regraded")
    current = set(service.partners.filter(left__isnull=True).values_list("council_id", flat=True))
    staffing_services.posts_save_column(
        user=User.objects.get(username="admin"),
        service=service,
        year=FinancialYear(2012),
        kind="budget",
        rows=rows,
        current_partner_ids=current,
    )
    ledger.assert_one_change_each("form")
