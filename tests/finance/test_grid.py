"""The budget grid: one save for every cell, refused when stale or wrong, with history on every path."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from finance import services
from finance.forms import cell_name, version_name
from finance.models import BudgetFigure, ChangePath, FigureChange
from mkip.columns import YearColumn
from mkip.exports import sheet_name
from mkip.fiscal import FinancialYear
from tests.factories import CouncilFactory, budget_grid, shared_service_with_partners

D = Decimal
Y = FinancialYear
pytestmark = pytest.mark.django_db


def _url(service, council, programme="revenue"):
    return reverse("finance:grid", args=[service.slug, council.code, programme])


def _post_data(lines, years, amount, kind="budget"):
    data = {}
    for line in lines:
        for year in years:
            column = YearColumn(Y(year), kind)
            figure = line.figures.filter(year=Y(year), kind=kind).first()
            data["grid-" + cell_name(line.pk, column)] = amount
            data["grid-" + version_name(line.pk, column)] = figure.version if figure else 0
    return data


def test_an_officer_saves_every_cell_of_the_grid_at_once_with_history(client, ict, maidstone, maidstone_officer):
    lines = budget_grid(ict, maidstone, lines=2, years=(2012, 2013))
    client.force_login(maidstone_officer)
    response = client.post(_url(ict, maidstone), _post_data(lines, (2012, 2013), "£2,500.50"))
    assert response.status_code == 302
    assert set(BudgetFigure.objects.values_list("amount", flat=True)) == {D("2500.50")}
    assert set(BudgetFigure.objects.values_list("version", flat=True)) == {2}
    changes = FigureChange.objects.filter(path=ChangePath.FORM)
    assert changes.count() == 4
    assert {(c.old_amount, c.new_amount, c.changed_by.username) for c in changes} == {
        (D("1000.00"), D("2500.50"), "officer.mbc")
    }


def test_a_bad_cell_gets_a_message_beside_it_and_nothing_saves(client, ict, maidstone, maidstone_officer):
    lines = budget_grid(ict, maidstone, lines=2, years=(2012,))
    data = _post_data(lines, (2012,), "3000")
    data["grid-" + cell_name(lines[1].pk, YearColumn(Y(2012), "budget"))] = "lots"
    client.force_login(maidstone_officer)
    response = client.post(_url(ict, maidstone), data)
    assert response.status_code == 200
    assert "“lots” is not an amount in pounds" in response.content.decode()
    assert set(BudgetFigure.objects.values_list("amount", flat=True)) == {D("1000.00")}
    assert not FigureChange.objects.exists()


def test_a_stale_save_is_refused_showing_what_changed(client, ict, maidstone, maidstone_officer, head_of_ict):
    lines = budget_grid(ict, maidstone, lines=1, years=(2012,))
    loaded = _post_data(lines, (2012,), "5000")
    client.force_login(head_of_ict)
    client.post(_url(ict, maidstone), _post_data(lines, (2012,), "4000"))
    client.force_login(maidstone_officer)
    response = client.post(_url(ict, maidstone), loaded)
    page = response.content.decode()
    assert "Someone saved this grid after you loaded it" in page
    assert "£1,000.00 when you loaded it, now £4,000.00 (changed by head.ict" in page
    assert BudgetFigure.objects.get().amount == D("4000.00")


def test_a_multi_row_save_that_fails_part_way_rolls_back_whole(ict, maidstone, maidstone_officer, monkeypatch):
    lines = budget_grid(ict, maidstone, lines=3, years=(2012,))
    cells = {(line.pk, 2012, "budget"): D("7.00") for line in lines}
    cells[(lines[0].pk, 2013, "budget")] = D("8.00")  # a new cell: created before the history insert fails

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(FigureChange.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        services.save_grid(
            user=maidstone_officer,
            service=ict,
            council=maidstone,
            programme="revenue",
            cells=cells,
            loaded_versions={**dict.fromkeys(cells, 1), (lines[0].pk, 2013, "budget"): 0},
            path=ChangePath.FORM,
        )
    assert set(BudgetFigure.objects.values_list("amount", flat=True)) == {D("1000.00")}
    assert BudgetFigure.objects.count() == 3


def _save_queries(service, council, user, lines, years):
    cells, versions = {}, {}
    for line in lines:
        for year in years:
            cells[(line.pk, year, "budget")] = D("2.00")  # changes an existing figure
            cells[(line.pk, year, "estimate")] = D("3.00")  # creates a new one
            versions[(line.pk, year, "budget")] = 1
    with CaptureQueriesContext(connection) as queries:
        services.save_grid(
            user=user,
            service=service,
            council=council,
            programme="revenue",
            cells=cells,
            loaded_versions=versions,
            path=ChangePath.FORM,
        )
    return len(queries)


def test_saving_a_grid_takes_the_same_queries_whatever_its_size(ict, maidstone, swale, maidstone_officer):
    small = budget_grid(ict, maidstone, lines=2, years=(2012, 2013))
    big = budget_grid(ict, swale, lines=20, years=range(2010, 2016))
    # savepoint, lines, figures (locked), insert figures, update figures, insert history, release
    assert _save_queries(ict, maidstone, maidstone_officer, small, (2012, 2013)) == _save_queries(
        ict, swale, maidstone_officer, big, range(2010, 2016)
    )
    assert FigureChange.objects.count() == 2 * 2 * 2 + 20 * 6 * 2


def test_the_admin_saves_through_the_service_and_keeps_history(client, ict, maidstone, administrator):
    [line] = budget_grid(ict, maidstone, lines=1, years=(2012,))
    figure = line.figures.get()
    client.force_login(administrator)
    response = client.post(reverse("admin:finance_budgetfigure_change", args=[figure.pk]), {"amount": "1234.00"})
    assert response.status_code == 302
    change = FigureChange.objects.get()
    assert (change.path, change.old_amount, change.new_amount, change.changed_by) == (
        ChangePath.ADMIN,
        D("1000.00"),
        D("1234.00"),
        administrator,
    )
    assert BudgetFigure.objects.get().version == 2


def test_history_per_figure_and_per_grid(client, ict, maidstone, maidstone_officer):
    lines = budget_grid(ict, maidstone, lines=2, years=(2012,))
    client.force_login(maidstone_officer)
    client.post(_url(ict, maidstone), _post_data(lines, (2012,), "5000"))
    history = reverse("finance:history", args=["ict", "MBC", "revenue"])
    assert client.get(history).content.decode().count("£5,000.00") == 2
    one = client.get(history, {"line": lines[0].pk, "year": 2012, "kind": "budget"}).content.decode()
    assert one.count("£5,000.00") == 1
    assert "officer.mbc" in one


def test_the_grid_exports_to_csv_and_xlsx_safe_from_formulas(client, ict, maidstone, maidstone_officer):
    [line] = budget_grid(ict, maidstone, lines=1, years=(2012,))
    line.name = '=HYPERLINK("http://evil")'
    line.save()
    client.force_login(maidstone_officer)
    csv = client.get(_url(ict, maidstone), {"_export": "csv"}).content.decode()
    assert csv.splitlines()[0] == "Line,2012/13 budget"
    assert csv.splitlines()[1].startswith("\"'=HYPERLINK")
    xlsx = client.get(_url(ict, maidstone), {"_export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == [sheet_name(f"{maidstone.short_name} {ict.name} revenue")]
    assert workbook.active.cell(row=2, column=1).value.startswith("'=HYPERLINK")


@pytest.mark.parametrize("councils", [3, 30])
def test_the_grid_page_takes_a_fixed_number_of_queries(client, django_assert_num_queries, councils, board_member):

    partners = [CouncilFactory() for _ in range(councils)]
    service = shared_service_with_partners(*partners)
    for council in partners:
        budget_grid(service, council, lines=councils // 3, years=(2012, 2013))
    client.force_login(board_member)
    client.get(reverse("finance:partnership"))  # the first request after signing in also saves the session
    # session, user, service, council, partner check, columns, lines, figures
    with django_assert_num_queries(8):
        assert client.get(_url(service, partners[0])).status_code == 200


def test_the_grid_shows_figures_with_thousands_separators_and_saved_row_and_column_totals(
    client, ict, maidstone, maidstone_officer
):
    lines = budget_grid(ict, maidstone, lines=2, years=(2012, 2013))
    BudgetFigure.objects.filter(line=lines[0], year=Y(2012)).update(amount=D("706000.00"))
    client.force_login(maidstone_officer)
    page = client.get(_url(ict, maidstone)).content.decode()
    assert 'value="706000.00"' in page  # the grid's script shows it as 706,000.00
    assert "data-grid-row-total>£707,000.00<" in page  # 706,000 + 1,000
    assert 'data-grid-column-total="0">£707,000.00<' in page  # 706,000 + 1,000 (second line)
    assert "data-grid-grand-total>£709,000.00<" in page


def test_figures_saved_as_the_grid_shows_them_read_back_unchanged(client, ict, maidstone, maidstone_officer):
    """The grid's own formatting ("1,234.00") and Excel's ("£1,234", "(200)") are amounts to the server."""
    lines = budget_grid(ict, maidstone, lines=2, years=(2012,))
    data = _post_data(lines, (2012,), "1,234.00")
    data["grid-" + cell_name(lines[1].pk, YearColumn(Y(2012), "budget"))] = "(200)"
    client.force_login(maidstone_officer)
    assert client.post(_url(ict, maidstone), data).status_code == 302
    assert sorted(BudgetFigure.objects.values_list("amount", flat=True)) == [D("-200.00"), D("1234.00")]


def test_each_line_has_one_history_link_showing_only_that_lines_changes(client, ict, maidstone, maidstone_officer):
    lines = budget_grid(ict, maidstone, lines=2, years=(2012,))
    client.force_login(maidstone_officer)
    client.post(_url(ict, maidstone), _post_data(lines, (2012,), "5000"))
    page = client.get(_url(ict, maidstone)).content.decode()
    history = reverse("finance:history", args=["ict", "MBC", "revenue"])
    assert page.count(f"{history}?line=") == 2
    one_line = client.get(history, {"line": lines[0].pk}).content.decode()
    assert f"History of {lines[0].name}" in one_line
    assert one_line.count("£5,000.00") == 1
    assert client.get(history, {"line": 0}).status_code == 404
