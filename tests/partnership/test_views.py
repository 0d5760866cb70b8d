"""The register's pages: who sees what, who changes what, and in how many queries."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from partnership.models import Council, Partnership
from tests.factories import CouncilFactory, PartnershipFactory, SharedServiceFactory, shared_service_with_partners

pytestmark = pytest.mark.django_db


def test_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("partnership:overview"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_overview_lists_the_nine_mkip_services_with_their_partners(client, mkip, board_member):
    client.force_login(board_member)
    response = client.get(reverse("partnership:overview"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "9 shared services" in page
    assert "Ashford, Maidstone, Swale, Tunbridge Wells" in page  # Audit: four-way with Ashford
    assert "4-way" in page


def test_outsider_without_a_role_cannot_read_the_register(client, mkip, outsider):
    client.force_login(outsider)
    assert client.get(reverse("partnership:overview")).status_code == 403
    assert client.get(reverse("partnership:council", args=["MBC"])).status_code == 403
    assert client.get(reverse("partnership:service", args=["ict"])).status_code == 403


def test_overview_filters_by_partner_council(client, mkip, board_member):
    client.force_login(board_member)
    response = client.get(reverse("partnership:overview"), {"council": mkip["councils"]["ABC"].pk})
    rows = response.context["table"].rows
    assert [row.record.name for row in rows] == ["Mid Kent Audit"]


def test_overview_exports_csv_with_formula_cells_neutralised(client, maidstone, swale, board_member):
    shared_service_with_partners(maidstone, swale, name="=HYPERLINK(1)", slug="evil")
    client.force_login(board_member)
    response = client.get(reverse("partnership:overview"), {"_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Shared service"
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert rows[1][2] == "2"  # partner count stays a number


def test_overview_exports_xlsx_that_excel_opens(client, mkip, board_member):
    client.force_login(board_member)
    response = client.get(reverse("partnership:overview"), {"_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(names) == 9 and "Mid Kent ICT" in names
    assert sheet.title == f"{Partnership.objects.get().short_name} shared services"


def test_exports_are_limited_to_csv_and_xlsx(client, mkip, board_member):
    client.force_login(board_member)
    response = client.get(reverse("partnership:overview"), {"_export": "yaml"})
    assert response["Content-Type"].startswith("text/html")


def _make_register(size: int, **service_fields):
    councils = [CouncilFactory() for _ in range(size)]
    for index in range(size):
        shared_service_with_partners(
            councils[index], councils[(index + 1) % size], host=councils[index], **service_fields
        )


@pytest.mark.parametrize("size", [3, 300])
@pytest.mark.parametrize("address", ["", "?partnership=partnership-1"])
def test_overview_query_count_does_not_grow_with_the_register(
    client, board_member, django_assert_num_queries, size, address
):
    _make_register(size, partnership=PartnershipFactory(slug="partnership-1"))
    client.force_login(board_member)
    # session, user, the partnership (the reader's, or the one named), its members (+councils), strategic
    # partners (+councils), the partnership choices, count of services, the filter's council choices,
    # the page of services, their current partners (+councils)
    with django_assert_num_queries(10):
        response = client.get(reverse("partnership:overview") + address)
    assert response.status_code == 200


def test_overview_shows_one_partnership_and_only_its_services(client, mkip, board_member):
    other = shared_service_with_partners(CouncilFactory(), name="Elsewhere Legal", slug="elsewhere")
    client.force_login(board_member)
    page = client.get(reverse("partnership:overview")).content.decode()
    assert page.count('<h1 class="govuk-heading-l">') == 1
    assert "Mid Kent Improvement Partnership" in page and "Elsewhere Legal" not in page
    named = client.get(reverse("partnership:overview"), {"partnership": other.partnership.slug})
    assert [row.record.name for row in named.context["table"].rows] == ["Elsewhere Legal"]
    assert named.context["partnership"] == other.partnership


def test_an_officer_sees_their_own_councils_partnership_first(client, mkip, maidstone_officer):
    shared_service_with_partners(CouncilFactory(), name="Elsewhere Legal", slug="elsewhere")
    client.force_login(maidstone_officer)
    assert client.get(reverse("partnership:overview")).context["partnership"].slug == "mkip"


def test_an_unknown_partnership_is_not_found(client, mkip, board_member):
    client.force_login(board_member)
    assert client.get(reverse("partnership:overview"), {"partnership": "nowhere"}).status_code == 404


def test_overview_with_no_partnership_registered_says_so(client, board_member):
    client.force_login(board_member)
    assert "No partnership is registered yet" in client.get(reverse("partnership:overview")).content.decode()


@pytest.mark.parametrize("size", [3, 300])
def test_council_list_query_count_does_not_grow(client, board_member, django_assert_num_queries, size):
    _make_register(size)
    client.force_login(board_member)
    # session, user, count, page of councils with their service counts
    with django_assert_num_queries(4):
        client.get(reverse("partnership:councils"))


@pytest.mark.parametrize("size", [3, 30])
def test_service_page_query_count_does_not_grow(client, board_member, django_assert_num_queries, size):
    councils = [CouncilFactory() for _ in range(size)]
    service = shared_service_with_partners(*councils, host=councils[0], agreement_start="2013-04-01", term_years=10)
    client.force_login(board_member)
    # session, user, service, its partners with councils, its review points
    with django_assert_num_queries(5):
        response = client.get(service.get_absolute_url())
    assert response.status_code == 200


def test_ict_page_shows_the_agreement_and_its_review_points(client, mkip, board_member):
    client.force_login(board_member)
    page = client.get(reverse("partnership:service", args=["ict"])).content.decode()
    assert "From 1 April 2013 for 10 years, to 31 March 2023" in page
    assert "Post-implementation review" in page and "1 April 2016" in page
    assert "1 April 2018" in page


def test_maidstone_officer_changes_maidstone_settings(client, maidstone, maidstone_officer):
    client.force_login(maidstone_officer)
    url = reverse("partnership:council-settings", args=["MBC"])
    response = client.post(url, {"key_decision_threshold": "300000", "call_in_working_days": "6"})
    assert response.status_code == 302
    maidstone.refresh_from_db()
    assert maidstone.key_decision_threshold == Decimal("300000.00")
    assert maidstone.call_in_working_days == 6


@pytest.mark.parametrize("person", ["swale_officer", "board_member", "head_of_ict", "maidstone_democratic_services"])
def test_only_maidstone_officers_can_change_maidstone_settings(client, maidstone, ict, person, request):
    client.force_login(request.getfixturevalue(person))
    url = reverse("partnership:council-settings", args=["MBC"])
    response = client.post(url, {"key_decision_threshold": "1", "call_in_working_days": "1"})
    assert response.status_code == 403
    maidstone.refresh_from_db()
    assert maidstone.key_decision_threshold == Decimal("250000.00")


def test_bad_settings_get_a_message_beside_the_field_and_save_nothing(client, maidstone, maidstone_officer):
    client.force_login(maidstone_officer)
    url = reverse("partnership:council-settings", args=["MBC"])
    response = client.post(url, {"key_decision_threshold": "-5", "call_in_working_days": "0"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "key_decision_threshold" in form.errors and "call_in_working_days" in form.errors
    assert "There is a problem" in response.content.decode()
    assert Council.objects.get(code="MBC").key_decision_threshold == Decimal("250000.00")


def test_administrator_cannot_make_a_non_partner_the_host(client, mkip, administrator):
    client.force_login(administrator)
    kent = mkip["councils"]["KCC"]
    response = client.post(reverse("partnership:service-host", args=["ict"]), {"host": kent.pk})
    assert response.status_code == 200
    assert "Kent County Council is not a current partner of Mid Kent ICT" in response.context["form"].errors["host"][0]
    assert mkip["services"]["ict"].partners.get(is_host=True).council.code == "MBC"


def test_administrator_moves_the_host_to_another_partner(client, mkip, administrator):
    client.force_login(administrator)
    swale = mkip["councils"]["SBC"]
    response = client.post(reverse("partnership:service-host", args=["ict"]), {"host": swale.pk})
    assert response.status_code == 302
    assert mkip["services"]["ict"].partners.get(is_host=True).council == swale


@pytest.mark.parametrize("person", ["maidstone_officer", "board_member", "head_of_ict"])
def test_only_administrators_change_a_host(client, ict, swale, person, request):
    client.force_login(request.getfixturevalue(person))
    response = client.post(reverse("partnership:service-host", args=["ict"]), {"host": swale.pk})
    assert response.status_code == 403
    assert ict.partners.get(is_host=True).council.code == "MBC"


def test_unknown_service_is_a_404(client, board_member):
    client.force_login(board_member)
    SharedServiceFactory()
    assert client.get(reverse("partnership:service", args=["no-such-service"])).status_code == 404
