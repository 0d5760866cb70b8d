"""Published documents: the exact bytes as published, whatever the data does afterwards; marks on
every page that tell a draft from a published version; and who may publish and read which."""

import hashlib
import logging
import re
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from finance.models import BudgetFigure
from finance.services import save_figure
from governance.models import Decision
from partnership import publication
from partnership.models import PublishedDocument, User
from tests.factories import CouncilFactory, PartnershipFactory, client_for, load_mkip_demo, shared_service_with_partners

pytestmark = pytest.mark.django_db

PAGE = "/finance/services/ict/business-case/"
PDF = "/finance/services/ict/business-case.pdf"
FULL_PDF = "/finance/services/ict/business-case-full.pdf"
PUBLISH = "/finance/services/ict/business-case/publish/"
TITLE = "Mid Kent ICT: shared service business case"
REGISTER_QUERIES = 7
SCHEDULE_12A = "of Part 1 of Schedule 12A to the Local Government Act 1972"


@pytest.fixture
def site():
    load_mkip_demo()


def pages_text(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(content)).pages]


def publish_business_case(username="admin") -> list[PublishedDocument]:
    response = client_for(username).post(PUBLISH)
    assert response.status_code == 302
    return list(PublishedDocument.objects.filter(kind="business_case").order_by("exempt", "version"))


def test_a_printed_draft_says_draft_its_time_title_and_page_on_every_page(site):
    pages = pages_text(client_for("board").get(PDF).content)
    assert len(pages) > 2
    for number, text in enumerate(pages, start=1):
        assert re.search(r"DRAFT – as at \d{1,2} \w+ \d{4} \d{2}:\d{2}", text)
        assert TITLE in text
        assert f"Page {number} of {len(pages)}" in text
        assert "NOT FOR PUBLICATION" not in text


def test_every_page_of_a_full_version_says_not_for_publication_and_its_paragraph(site):
    pages = pages_text(client_for("democratic.mbc").get(FULL_PDF).content)
    for text in pages:
        assert f"NOT FOR PUBLICATION by virtue of paragraph 3 {SCHEDULE_12A}" in text


def test_publishing_stores_the_public_and_full_versions_with_their_checksums(site):
    public, full = publish_business_case("admin")
    assert (public.version, public.exempt, full.version, full.exempt) == (1, False, 1, True)
    for document in (public, full):
        assert document.sha256 == hashlib.sha256(bytes(document.content)).hexdigest()
        assert document.size == len(bytes(document.content))
    for text in pages_text(bytes(public.content)):
        assert re.search(r"Version 1 – published \d{1,2} \w+ \d{4} \d{2}:\d{2}", text)
        assert "DRAFT" not in text and "NOT FOR PUBLICATION" not in text
    assert all("NOT FOR PUBLICATION" in text for text in pages_text(bytes(full.content)))


def test_the_published_pdf_is_byte_for_byte_the_same_after_a_budget_is_corrected(site):
    public = publish_business_case("head.ict")[0]
    link = public.download_url
    before = Client().get(link).content
    figure = BudgetFigure.objects.filter(line__service__slug="ict", year=2012, kind="budget").first()
    figure.amount += 500
    save_figure(user=User.objects.get(username="admin"), figure=figure, loaded_version=figure.version)

    after = Client().get(link).content
    assert after == before == bytes(public.content)
    assert hashlib.sha256(after).hexdigest() == public.sha256
    # The live report moved with the data; a new publication is version 2 and leaves version 1 alone.
    assert client_for("board").get(PDF).content != before
    again = publish_business_case("head.ict")
    assert [d.version for d in again] == [1, 2]
    assert Client().get(link).content == before


def test_a_head_of_service_publishes_the_public_version_only(site):
    # The head of ICT may not see exempt papers, so only the public version is published.
    assert [(d.version, d.exempt) for d in publish_business_case("head.ict")] == [(1, False)]


def test_a_published_document_refuses_every_change(site):
    document = publish_business_case()[0]
    document.title = "Changed"
    with pytest.raises(ValidationError):
        document.save()
    with pytest.raises(ValidationError):
        PublishedDocument.objects.filter(pk=document.pk).update(title="Changed")
    with pytest.raises(ValidationError):
        document.delete()
    with pytest.raises(ValidationError):
        PublishedDocument.objects.filter(pk=document.pk).delete()
    # The database itself refuses, whatever code runs.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE partnership_publisheddocument SET title = 'Changed' WHERE id = %s", [document.pk])
    assert PublishedDocument.objects.get(pk=document.pk).title == TITLE


def test_version_numbers_start_at_1_in_the_model_and_the_database(site):
    document = publish_business_case()[0]
    fields = [field.attname for field in PublishedDocument._meta.concrete_fields if not field.primary_key]
    copy = PublishedDocument(**{name: getattr(document, name) for name in fields})
    copy.version = 0
    with pytest.raises(ValidationError, match="version"):
        copy.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedDocument.objects.bulk_create([copy])


def test_anyone_reads_a_public_version_without_signing_in(site):
    document = publish_business_case()[0]
    anonymous = Client()
    page = anonymous.get(document.get_absolute_url())
    assert page.status_code == 200
    assert document.sha256 in page.content.decode()
    download = anonymous.get(document.download_url)
    assert download.status_code == 200 and download["ETag"] == f'"{document.sha256}"'
    assert "immutable" in download["Cache-Control"]


def test_a_full_version_is_only_for_those_who_may_see_exempt_papers(site, caplog):
    full = publish_business_case()[1]
    assert Client().get(full.download_url).status_code == 403
    with caplog.at_level(logging.WARNING, logger="mkip.security"):
        assert client_for("board").get(full.download_url).status_code == 403
    assert "refused user=board" in caplog.text
    assert client_for("democratic.mbc").get(full.download_url).content == bytes(full.content)


def test_a_public_version_page_does_not_list_the_full_versions(site):
    public, full = publish_business_case()
    page = Client().get(public.get_absolute_url()).content.decode()
    assert full.get_absolute_url() not in page


def test_a_wrong_file_name_is_not_found(site):
    document = publish_business_case()[0]
    assert Client().get(reverse("partnership:document-download", args=[document.pk, "other.pdf"])).status_code == 404


@pytest.mark.parametrize("username", ["officer.mbc", "board", "democratic.mbc"])
def test_who_may_not_publish_a_business_case_is_refused_logged_and_nothing_is_stored(site, username, caplog):
    with caplog.at_level(logging.WARNING, logger="mkip.security"):
        assert client_for(username).post(PUBLISH).status_code == 403
    assert f"refused user={username} action=publish this business case" in caplog.text
    assert not PublishedDocument.objects.exists()


def test_the_report_page_links_its_published_version_and_offers_publishing_to_those_who_may(site):
    assert "Not published yet" in client_for("head.ict").get(PAGE).content.decode()
    assert PUBLISH not in client_for("board").get(PAGE).content.decode()
    document = publish_business_case("head.ict")[0]
    page = client_for("board").get(PAGE).content.decode()
    assert document.get_absolute_url() in page and "Version 1 was published" in page


def test_a_decision_notice_is_published_by_its_councils_democratic_services(site, caplog):
    decision = Decision.objects.filter(council__code="MBC", service__isnull=False).first()
    url = reverse("governance:decision-publish", args=[decision.pk])
    with caplog.at_level(logging.WARNING, logger="mkip.security"):
        assert client_for("officer.mbc").post(url).status_code == 403
    assert not PublishedDocument.objects.exists()

    assert client_for("democratic.mbc").post(url).status_code == 302
    notice = PublishedDocument.objects.get()
    assert (notice.kind, notice.council.code, notice.version) == ("decision_notice", "MBC", 1)
    assert all("Version 1 – published" in text for text in pages_text(bytes(notice.content)))
    assert decision.title in pages_text(bytes(notice.content))[0]


def test_the_annual_report_is_published_by_an_administrator(site):
    assert client_for("board").post("/annual-report/publish/").status_code == 403
    assert client_for("admin").post("/annual-report/publish/").status_code == 302
    kinds = set(PublishedDocument.objects.values_list("kind", "exempt"))
    assert ("annual_report", False) in kinds


def test_the_register_filters_by_kind_and_council(site):
    publish_business_case()
    decision = Decision.objects.filter(council__code="MBC", service__isnull=False).first()
    client_for("democratic.mbc").post(reverse("governance:decision-publish", args=[decision.pk]))
    reader = client_for("board")
    everything = reader.get("/documents/").content.decode()
    assert TITLE in everything and decision.title in everything
    notices = reader.get("/documents/?kind=decision_notice").content.decode()
    assert decision.title in notices and TITLE not in notices
    council = decision.council.pk
    assert TITLE not in reader.get(f"/documents/?council={council}").content.decode()


def test_a_date_filter_out_of_range_gets_a_message(site):
    page = client_for("board").get("/documents/?published_from=31/12/9999").content.decode()
    assert "must be a date from 1900 to 2100" in page


@pytest.mark.parametrize("count", [2, 12])
def test_the_register_reads_the_same_number_of_queries_for_2_and_12_documents(
    count, django_assert_num_queries, board_member, client
):
    partnership = PartnershipFactory()
    service = shared_service_with_partners(CouncilFactory(), CouncilFactory(), partnership=partnership)
    for n in range(count):
        publication.publish(
            partnership=partnership,
            service=service,
            council=service.partners.first().council,
            kind="decision_notice",
            subject=f"decision-{n}",
            title=f"Notice {n}",
            filename=f"notice-{n}",
            render=lambda marks: b"%PDF-1.7 stand-in",
            published_by=board_member,
        )
    client.force_login(board_member)
    client.get("/documents/")
    # session and user; count and page of documents with their partnership, council, service and publisher; the
    # filter's partnership, council and service choices.
    with django_assert_num_queries(REGISTER_QUERIES):
        page = client.get("/documents/")
    assert page.status_code == 200 and page.content.decode().count("Notice ") == count
