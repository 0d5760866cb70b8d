"""The staffing page and the posts grid, with the MKIP ICT establishment and named people."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from mkip.fiscal import FinancialYear
from partnership.models import Council
from staffing import services
from staffing.models import ChangePath, Post, PostChange
from staffing.selectors import staff_costs

GRID_2012_BUDGET = "/staffing/ict/posts/2012-13/budget/"


def cells(html: str, table_id: str) -> list[list[str]]:
    """The text of each body row of a table, header cell first, tags and spaces squeezed."""
    table = html[html.index(f'id="{table_id}"') :]
    body = table[table.index("<tbody") : table.index("</tbody>")]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S):
        found = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip() for cell in found])
    return rows


def grid_data(response, changes=None, extra=None) -> dict:
    """The grid's POST data as the page rendered it, with ``changes`` {row index: {field: value}}."""
    formset = response.context["formset"]
    data = {f"form-{key}": value for key, value in formset.management_form.initial.items()}
    for index, form in enumerate(formset.forms):
        for name in form.fields:
            value = form.initial.get(name, "")
            if name == "vacant" or name == "DELETE":
                if value:
                    data[f"form-{index}-{name}"] = "on"
                continue
            data[f"form-{index}-{name}"] = "" if value is None else str(value)
        for name, value in (changes or {}).get(index, {}).items():
            key = f"form-{index}-{name}"
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
    for key, value in (extra or {}).items():
        data[key] = value
    return data


def index_of(response, post) -> int:
    return next(i for i, f in enumerate(response.context["formset"].forms) if f.initial.get("post_id") == post.pk)


def test_the_staffing_page_shows_seed_001_table_1_from_the_entered_posts(client, ict_staffing, mkip_people):
    client.force_login(mkip_people["board_member"])
    html = client.get("/staffing/ict/").content.decode()
    assert cells(html, "table-one")[:8] == [
        ["Non GIS Staff", "37.8 FTE", "31.7 FTE", "31.0 FTE", "31.0 FTE", "31.0 FTE", "28.0 FTE"],
        ["GIS Staff", "10.0 FTE", "10.0 FTE", "10.0 FTE", "10.0 FTE", "10.0 FTE", "10.0 FTE"],
        ["Total All Staff - FTE", "47.8 FTE", "41.7 FTE", "41.0 FTE", "41.0 FTE", "41.0 FTE", "38.0 FTE"],
        ["Changes between years", "", "-6.11 FTE", "-0.7 FTE", "", "", "-3.0 FTE"],
        ["Non GIS Staff", "£1,501,350", "£1,323,930", "£1,323,930", "£1,295,930", "£1,295,930", "£1,145,150"],
        ["GIS Staff", "£334,470", "£339,910", "£339,910", "£339,910", "£339,910", "£339,910"],
        ["Total All Staff - Cost", "£1,835,820", "£1,663,840", "£1,663,840", "£1,635,840", "£1,635,840", "£1,485,060"],
        ["Changes between years", "", "-£171,980", "", "-£28,000", "", "-£150,780"],
    ]
    assert "£172k already saved" in html
    assert "a further 3.7 FTE and £179,000" in html
    assert "Change team" in html and "Change Team is disbanded by 2015/16" in html
    assert "Swale Borough Council" in html  # the TUPE transfers
    assert GRID_2012_BUDGET in html


def test_changing_one_posts_fte_and_cost_moves_table_1_and_the_finance_projection_together(
    client, ict_staffing, mkip_people
):
    before = staff_costs(ict_staffing)
    client.force_login(mkip_people["maidstone_officer"])
    page = client.get(GRID_2012_BUDGET)
    post = Post.objects.get(
        service=ict_staffing, year=2012, kind="budget", council__code="MBC", team__name="Applications"
    )
    row = index_of(page, post)
    response = client.post(GRID_2012_BUDGET, grid_data(page, {row: {"fte": "2.50", "cost": "£117,100.00"}}))
    assert response.status_code == 302

    after = staff_costs(ict_staffing)
    assert after.baseline == before.baseline - Decimal("20000")
    assert after.by_year == before.by_year  # estimates are separate columns
    html = client.get("/staffing/ict/").content.decode()
    rows = cells(html, "table-one")
    assert rows[2][2] == "41.2 FTE" and rows[3][2] == "-6.61 FTE" and rows[3][3] == "-0.2 FTE"
    assert rows[6][2] == "£1,643,840" and rows[7][2] == "-£191,980" and rows[7][3] == "£20,000"
    assert "£192k already saved" in html


def test_a_swale_officer_cannot_change_maidstones_posts_even_with_a_tampered_post_id(client, ict_staffing, mkip_people):
    client.force_login(mkip_people["swale_officer"])
    page = client.get(GRID_2012_BUDGET)
    own = Post.objects.filter(year=2012, kind="budget", council__code="SBC").first()
    theirs = Post.objects.filter(year=2012, kind="budget", council__code="MBC").first()
    assert all(f.initial["post_id"] != theirs.pk for f in page.context["formset"].forms[:-1])
    snapshot = list(Post.objects.values_list("pk", "fte", "cost", "version").order_by("pk"))
    row = index_of(page, own)
    # The hidden id of Swale's row is swapped for a Maidstone post's.
    tampered = grid_data(page, {row: {"post_id": str(theirs.pk), "version": str(theirs.version), "fte": "0.10"}})
    assert client.post(GRID_2012_BUDGET, tampered).status_code == 403
    # A new row employed by Maidstone is not a choice a Swale officer has.
    extra = len(page.context["formset"].forms) - 1
    new_row = {f"form-{extra}-team": str(theirs.team_id), f"form-{extra}-council": str(theirs.council_id),
               f"form-{extra}-grade": "G1", f"form-{extra}-fte": "1.00", f"form-{extra}-cost": "1000"}  # fmt: skip
    response = client.post(GRID_2012_BUDGET, grid_data(page, extra=new_row))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    # A host post after TUPE (council blank) is the head of service's.
    host_post = Post.objects.filter(year=2013, kind="estimate", council__isnull=True).first()
    tampered = grid_data(page, {row: {"post_id": str(host_post.pk), "version": str(host_post.version)}})
    assert client.post(GRID_2012_BUDGET, tampered).status_code == 403
    host_grid = "/staffing/ict/posts/2013-14/estimate/"
    host_page = client.get(host_grid)
    swale = str(Council.objects.get(code="SBC").pk)
    assert {row["council"] for row in host_page.context["formset"].initial} == {swale}  # Swale's GIS only
    assert list(Post.objects.values_list("pk", "fte", "cost", "version").order_by("pk")) == snapshot
    assert not PostChange.objects.exclude(path=ChangePath.SEED).exists()


@pytest.mark.parametrize("person", ["board_member", "ashford_officer"])
def test_readers_who_edit_nothing_are_refused_a_save(client, ict_staffing, mkip_people, person):
    client.force_login(mkip_people["maidstone_officer"])
    data = grid_data(client.get(GRID_2012_BUDGET), {0: {"fte": "0.50"}})
    client.force_login(mkip_people[person])
    assert client.get(GRID_2012_BUDGET).context["formset"] is None
    assert client.post(GRID_2012_BUDGET, data).status_code == 403
    assert not PostChange.objects.exclude(path=ChangePath.SEED).exists()


def test_an_outsider_sees_no_staffing_page(client, ict_staffing, mkip_people):
    client.force_login(mkip_people["outsider"])
    for url in ("/staffing/ict/", GRID_2012_BUDGET, GRID_2012_BUDGET + "history/", GRID_2012_BUDGET + "?_export=csv"):
        assert client.get(url).status_code == 403


def test_the_head_of_service_edits_host_posts_after_tupe(client, ict_staffing, mkip_people):
    client.force_login(mkip_people["head_of_ict"])
    url = "/staffing/ict/posts/2015-16/estimate/"
    page = client.get(url)
    host_post = Post.objects.filter(year=2015, kind="estimate", council__isnull=True, team__name="Service desk").get()
    response = client.post(url, grid_data(page, {index_of(page, host_post): {"fte": "8.00"}}))
    assert response.status_code == 302
    host_post.refresh_from_db()
    assert (host_post.fte, host_post.version) == (Decimal("8.00"), 2)


def test_a_stale_save_is_refused_and_says_what_changed(client, ict_staffing, mkip_people):
    client.force_login(mkip_people["maidstone_officer"])
    page = client.get(GRID_2012_BUDGET)
    post = Post.objects.filter(year=2012, kind="budget", council__code="MBC", team__name="Service desk").get()
    client.force_login(mkip_people["head_of_ict"])
    other = client.get(GRID_2012_BUDGET)
    assert client.post(GRID_2012_BUDGET, grid_data(other, {index_of(other, post): {"fte": "3.50"}})).status_code == 302
    client.force_login(mkip_people["maidstone_officer"])
    response = client.post(GRID_2012_BUDGET, grid_data(page, {index_of(page, post): {"cost": "1.00"}}))
    html = response.content.decode()
    assert response.status_code == 200 and "Someone else saved these posts" in html
    assert "Service desk Grade 9 (MBC): fte is now 3.50" in html
    post.refresh_from_db()
    assert (post.fte, post.cost) == (Decimal("3.50"), Decimal("122490.00"))


def test_bad_input_gets_a_message_beside_the_cell_and_nothing_saves(client, ict_staffing, mkip_people):
    client.force_login(mkip_people["maidstone_officer"])
    page = client.get(GRID_2012_BUDGET)
    response = client.post(
        GRID_2012_BUDGET, grid_data(page, {0: {"grade": "New"}, 1: {"fte": "0"}, 2: {"cost": "ten"}})
    )
    html = response.content.decode()
    assert response.status_code == 200
    # Each message's id is the one its box is described by, so screen readers read it with the box.
    assert 'id="id_form-1-fte_error"' in html and 'aria-describedby="id_form-1-fte_error"' in html
    assert "Enter FTE between 0.01 and 99.99" in html and "Row 2, FTE: Enter FTE" in html
    assert 'id="id_form-2-cost_error"' in html and 'aria-describedby="id_form-2-cost_error"' in html
    assert "“ten” is not an amount in pounds" in html
    assert not Post.objects.filter(grade="New").exists()
    assert not PostChange.objects.exclude(path=ChangePath.SEED).exists()


def test_rows_are_added_and_removed_with_history(client, ict_staffing, mkip_people):
    client.force_login(mkip_people["maidstone_officer"])
    page = client.get(GRID_2012_BUDGET)
    removed = page.context["formset"].forms[0].initial["post_id"]
    blank = len(page.context["formset"].forms) - 1
    team = Post.objects.get(pk=removed).team_id
    mbc = Council.objects.get(code="MBC").pk
    data = grid_data(page, {0: {"DELETE": "on"}}, extra={
        f"form-{blank}-team": str(team), f"form-{blank}-council": str(mbc), f"form-{blank}-grade": "Grade 6",
        f"form-{blank}-fte": "0.50", f"form-{blank}-cost": "15000", f"form-{blank}-vacant": "on",
    })  # fmt: skip
    assert client.post(GRID_2012_BUDGET, data).status_code == 302
    assert not Post.objects.filter(pk=removed).exists()
    added = Post.objects.get(grade="Grade 6")
    assert added.vacant and added.council_id == mbc
    changes = PostChange.objects.filter(path=ChangePath.FORM, field="post")
    assert {(c.post_id, bool(c.old), bool(c.new)) for c in changes} == {(None, True, False), (added.pk, False, True)}
    history = client.get(GRID_2012_BUDGET + "history/").content.decode()
    assert "Removed" in history and "Added" in history and "officer.mbc" in history


def test_exports_neutralise_formulas_in_text_cells(client, ict_staffing, mkip_people):
    Post.objects.filter(year=2012, kind="budget", council__code="MBC").update(grade="=HYPERLINK(1)")
    client.force_login(mkip_people["board_member"])
    response = client.get(GRID_2012_BUDGET + "?council=MBC&_export=csv")
    text = response.content.decode()
    assert response.status_code == 200 and "'=HYPERLINK(1)" in text and "\n=HYPERLINK" not in text
    assert text.count("\n") == 1 + 5  # header and Maidstone's five posts, GIS too
    assert client.get(GRID_2012_BUDGET + "?_export=xlsx").status_code == 200


def test_post_history_lists_every_change_to_one_post(client, ict_staffing, mkip_people):
    client.force_login(mkip_people["maidstone_officer"])
    page = client.get(GRID_2012_BUDGET)
    post_id = page.context["formset"].forms[0].initial["post_id"]
    client.post(GRID_2012_BUDGET, grid_data(page, {0: {"grade": "Grade 3", "fte": "0.90"}}))
    html = client.get(reverse("staffing:post-history", args=["ict", post_id])).content.decode()
    assert "Grade 4" in html and "Grade 3" in html and "0.90" in html and "Posts form" in html
    assert FinancialYear(2012).label in html


def test_the_staffing_index_lists_services_with_their_post_lines(client, ict_staffing, mkip_people):
    client.force_login(mkip_people["board_member"])
    html = client.get("/staffing/").content.decode()
    assert "/staffing/ict/" in html and f">{Post.objects.filter(service=ict_staffing).count()}<" in html
    client.force_login(mkip_people["outsider"])
    assert client.get("/staffing/").status_code == 403


def test_errors_the_model_finds_go_beside_the_cells_of_their_row(client, ict_staffing, mkip_people, monkeypatch):

    def refuse_second_row(**kwargs):
        raise services.RowErrors({1: {"grade": ["That grade is not on the pay scale"], "__all__": ["Check it"]}})

    monkeypatch.setattr(services, "posts_save_column", refuse_second_row)
    client.force_login(mkip_people["maidstone_officer"])
    page = client.get(GRID_2012_BUDGET)
    html = client.post(GRID_2012_BUDGET, grid_data(page, {0: {"DELETE": "on"}})).content.decode()
    # Row 1 is removed, so the service's second row is the grid's second row.
    assert 'id="id_form-1-grade_error"' in html and "That grade is not on the pay scale" in html
    assert "Row 2: Check it" in html
