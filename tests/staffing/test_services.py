"""Saving posts: fixed query counts, all-or-nothing, and history on every path."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from mkip.fiscal import FinancialYear
from partnership.models import Role
from staffing import services
from staffing.models import ChangePath, Post, PostChange, Team
from staffing.selectors import staff_costs
from tests.factories import PostFactory, TeamFactory, UserFactory, staffed_service
from tests.staffing.test_views import grid_data

GRID = "/staffing/staffed/posts/2012-13/budget/"


def rows_for(posts, **changes):
    return [
        services.PostRow(
            post_id=p.pk, version=p.version, team=p.team, council=p.council, grade=p.grade,
            fte=changes.get("fte", p.fte), cost=changes.get("cost", p.cost), vacant=p.vacant,
        )
        for p in posts
    ]  # fmt: skip


def head_of(service):
    return UserFactory(username=f"head.{service.slug}", role=Role.HEAD_OF_SERVICE, headed_service=service)


def save_queries(client, size: int) -> tuple[int, int]:
    """Queries of a grid save changing every one of ``size`` posts: (whole request, the service's part)."""
    service, _ = staffed_service(size, slug=f"staffed-{size}")
    client.force_login(head_of(service))
    url = f"/staffing/{service.slug}/posts/2012-13/budget/"
    data = grid_data(client.get(url), {i: {"fte": "0.50"} for i in range(size)})
    with CaptureQueriesContext(connection) as request_queries:
        assert client.post(url, data).status_code == 302
    saved = Post.objects.filter(service=service, year=2012)
    assert set(saved.values_list("fte", flat=True)) == {Decimal("0.50")}
    assert PostChange.objects.filter(service=service, path=ChangePath.FORM, field="fte").count() == size
    first = next(i for i, q in enumerate(request_queries.captured_queries) if q["sql"].startswith("SAVEPOINT"))
    return len(request_queries), len(request_queries) - first


def test_saving_the_grid_takes_the_same_queries_for_3_posts_as_for_30(db, client):
    whole_3, service_3 = save_queries(client, 3)
    whole_30, service_30 = save_queries(client, 30)
    assert whole_3 == whole_30
    # savepoint; the posts to change, locked; partners ever (for clean); one bulk_update;
    # one bulk insert of history; release savepoint.
    assert service_3 == service_30 == 6


def test_a_save_that_fails_part_way_rolls_back_whole(ict_staffing, mkip_people, monkeypatch):
    posts = list(Post.objects.column(ict_staffing, 2012, "budget").filter(council__code="MBC"))
    before = {p.pk: (p.fte, p.version) for p in Post.objects.all()}

    def history_insert_fails(*args, **kwargs):
        raise IntegrityError("the disk filled up while writing history")

    # The posts are updated first; the history insert after them fails.
    monkeypatch.setattr(PostChange.objects, "bulk_create", history_insert_fails)
    with pytest.raises(IntegrityError):
        services.posts_save_column(
            user=mkip_people["head_of_ict"], service=ict_staffing, year=2012, kind="budget",
            rows=rows_for(posts, fte=Decimal("0.25")), current_partner_ids={p.council_id for p in posts},
        )  # fmt: skip
    assert {p.pk: (p.fte, p.version) for p in Post.objects.all()} == before


def test_a_row_the_model_refuses_stops_every_row(ict_staffing, mkip_people):
    posts = list(Post.objects.column(ict_staffing, 2012, "budget").filter(council__code="MBC"))
    rows = rows_for(posts, fte=Decimal("0.25"))
    other_team = TeamFactory(name="Elsewhere")  # a team of another service
    rows[-1] = services.PostRow(**{**rows[-1].__dict__, "team": other_team})
    with pytest.raises(services.RowErrors) as refused:
        services.posts_save_column(
            user=mkip_people["head_of_ict"], service=ict_staffing, year=2012, kind="budget",
            rows=rows, current_partner_ids=set(),
        )  # fmt: skip
    assert list(refused.value.row_errors) == [len(rows) - 1]
    assert "belongs to another service" in refused.value.row_errors[len(rows) - 1]["team"][0]
    assert not Post.objects.filter(fte=Decimal("0.25")).exists()


def test_a_council_that_is_no_partner_cannot_employ_a_post(ict_staffing, mkip):
    post = Post.objects.filter(service=ict_staffing).first()
    post.council = mkip["councils"]["KCC"]
    with pytest.raises(Exception, match="not a partner of Mid Kent ICT"):
        post.full_clean()


def test_the_import_path_writes_history_like_the_form(ict_staffing, mkip_people):
    posts = list(Post.objects.column(ict_staffing, 2013, "estimate").filter(council__isnull=True))
    result = services.posts_save_column(
        user=mkip_people["administrator"], service=ict_staffing, year=2013, kind="estimate",
        rows=rows_for(posts, cost=Decimal("1000.00")), current_partner_ids=set(), path=ChangePath.IMPORT,
    )  # fmt: skip
    assert result.updated == len(posts)
    changes = PostChange.objects.filter(path=ChangePath.IMPORT)
    assert changes.count() == len(posts)
    assert {(c.field, c.new, c.changed_by.username) for c in changes} == {("cost", "1000.00", "admin")}
    # Six host lines at £1,000 each, and the councils' GIS posts (seed 001 Table 1: £339,910).
    assert staff_costs(ict_staffing).by_year[FinancialYear(2013)] == Decimal("6000") + Decimal("339910")


def test_the_officer_of_a_council_cannot_save_through_the_service_for_another(ict_staffing, mkip_people):
    posts = list(Post.objects.column(ict_staffing, 2012, "budget").filter(council__code="MBC"))
    with pytest.raises(PermissionDenied):
        services.posts_save_column(
            user=mkip_people["swale_officer"], service=ict_staffing, year=2012, kind="budget",
            rows=rows_for(posts, fte=Decimal("0.25")),
            current_partner_ids={p.council_id for p in Post.objects.filter(council__isnull=False)},
        )  # fmt: skip
    assert not Post.objects.filter(fte=Decimal("0.25")).exists()


def test_the_admin_path_writes_history_for_a_change_and_a_removal(client, ict_staffing, mkip_people):
    client.force_login(mkip_people["administrator"])
    post = Post.objects.filter(service=ict_staffing, council__code="TWBC", year=2012, kind="budget").first()
    url = f"/admin/staffing/post/{post.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update({"fte": "0.80", "vacant": "", "illustrative_fields": "[]"})
    data = {k: v for k, v in data.items() if not (k == "vacant" and v == "")}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    change = PostChange.objects.get(path=ChangePath.ADMIN)
    assert (change.post_id, change.field, change.new, change.changed_by.username) == (post.pk, "fte", "0.80", "admin")
    post.refresh_from_db()
    assert post.version == 2
    assert client.post(f"/admin/staffing/post/{post.pk}/delete/", {"post": "yes"}).status_code == 302
    removed = PostChange.objects.get(path=ChangePath.ADMIN, field="post")
    assert removed.post_id is None and removed.old.startswith("0.80 FTE")


def test_new_posts_count_in_the_column_they_were_added_to(ict_staffing, mkip_people):
    team = Team.objects.get(service=ict_staffing, name="GIS")
    PostFactory(team=team, council=mkip_people["maidstone_officer"].council, year=2015, kind="estimate",
                fte=Decimal("1.00"), cost=Decimal("35000.00"))  # fmt: skip
    assert staff_costs(ict_staffing).by_year[FinancialYear(2015)] == Decimal("1485060") + Decimal("35000")
