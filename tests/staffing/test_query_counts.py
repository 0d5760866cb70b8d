"""Every staffing page reads in the same number of queries for 3 councils as for 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnership.models import Role
from staffing.models import Post
from tests.factories import UserFactory, staffed_service
from tests.staffing.test_services import GRID, grid_data, head_of


def overhead(client) -> int:
    """Queries every signed-in page makes that are not the page's own: the session, the user,
    the middleware's (two-factor devices) and base.html's account bar (a head's service, an
    officer's council). Measured on the staffing index, whose own query is one, so that these
    tests count exactly what each staffing page adds whatever the shared middleware does."""
    with CaptureQueriesContext(connection) as queries:
        client.get("/staffing/")
    return len(queries) - 1


@pytest.fixture(params=[3, 30], ids=["3 councils", "30 councils"])
def sized(request, db):
    service, councils = staffed_service(request.param)
    return service, councils


def test_staffing_page_queries(client, sized, django_assert_num_queries):
    service, _ = sized
    client.force_login(UserFactory(username="board", role=Role.BOARD_MEMBER))
    # service; posts with teams and councils; TUPE transfers; planned reductions.
    with django_assert_num_queries(overhead(client) + 4):
        response = client.get(f"/staffing/{service.slug}/")
    assert response.status_code == 200 and "Total All Staff - FTE" in response.content.decode()


@pytest.mark.parametrize("who", ["head", "officer", "board"])
def test_posts_grid_queries(client, sized, who, django_assert_num_queries):
    service, councils = sized
    people = {
        "head": lambda: head_of(service),
        "officer": lambda: UserFactory(username="officer", role=Role.OFFICER, council=councils[1]),
        "board": lambda: UserFactory(username="board", role=Role.BOARD_MEMBER),
    }
    client.force_login(people[who]())
    # service; partners (ever and now); posts of the column; teams.
    with django_assert_num_queries(overhead(client) + 4):
        response = client.get(GRID)
    assert response.status_code == 200
    assert len(response.context["read_only"]) == {"head": 0, "officer": len(councils) - 1, "board": len(councils)}[who]


def test_export_queries(client, sized, django_assert_num_queries):
    client.force_login(UserFactory(username="board", role=Role.BOARD_MEMBER))
    # service; partners; posts of the column.
    with django_assert_num_queries(overhead(client) + 3):
        response = client.get(GRID + "?_export=xlsx")
    assert response.status_code == 200


def test_history_page_queries(client, sized, django_assert_num_queries):
    service, councils = sized
    head = head_of(service)
    client.force_login(head)
    page = client.get(GRID)
    client.post(GRID, grid_data(page, {i: {"fte": "0.50"} for i in range(len(councils))}))
    # service; changes of the column with who made them.
    with django_assert_num_queries(overhead(client) + 2):
        response = client.get(GRID + "history/")
    assert response.content.decode().count("0.50") == len(councils)
    post = Post.objects.filter(service=service, year=2012).first()
    # service; the post; its changes with who made them.
    with django_assert_num_queries(overhead(client) + 3):
        assert client.get(f"/staffing/{service.slug}/post/{post.pk}/history/").status_code == 200
