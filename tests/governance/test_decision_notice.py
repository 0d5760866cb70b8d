"""The decision notice as the public reads it: every appendix named and lettered, an exempt one by its
Schedule 12A paragraph in place of its content; and recommendations that carry no number."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from governance.appendices import EXEMPT_NOTICE
from governance.decisions import parse_recommendations
from governance.models import Recommendation
from governance.services import decision_record, document_add
from mkip.pdf import html_to_pdf
from tests.factories import decision_recorded

pytestmark = pytest.mark.django_db

EXEMPT_TITLE = "Exempt Appendix J – collaboration agreement"
EXEMPT_TEXT = "Each council shall contribute one third of the ICT budget"
PUBLIC_TITLE = "Costing report"
PUBLIC_TEXT = "The shared ICT service costs less than three separate ones"


def _pdf_file(text: str, name: str) -> ContentFile:
    html = f'<!DOCTYPE html><html lang="en-GB"><head><title>{name}</title></head><body><p>{text}</p></body></html>'
    return ContentFile(html_to_pdf(html), name=name)


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())


@pytest.fixture
def decision_with_exempt_appendix(maidstone):
    decision = decision_recorded(maidstone, title="MKIP ICT Partnership", published_on=date(2012, 4, 17))
    document_add(
        decision=decision, title=PUBLIC_TITLE, upload=_pdf_file(PUBLIC_TEXT, "costs.pdf"), exempt_paragraph=None
    )
    document_add(decision=decision, title=EXEMPT_TITLE, upload=_pdf_file(EXEMPT_TEXT, "j.pdf"), exempt_paragraph=3)
    return decision


def _notice_pdf(client, decision) -> str:
    return _pdf_text(client.get(reverse("governance:decision-pdf", args=[decision.pk])))


def test_public_decision_notice_names_exempt_appendix_and_its_paragraph(
    client, board_member, decision_with_exempt_appendix
):
    client.force_login(board_member)
    text = _notice_pdf(client, decision_with_exempt_appendix)
    assert EXEMPT_TITLE in text
    assert (
        "Not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"
        in text
    )
    assert EXEMPT_TEXT not in text


def test_public_decision_notice_letters_every_appendix_in_order(client, board_member, decision_with_exempt_appendix):
    client.force_login(board_member)
    text = _notice_pdf(client, decision_with_exempt_appendix)
    assert f"A {PUBLIC_TITLE}" in text and f"B {EXEMPT_TITLE}" in text
    assert text.index(f"A {PUBLIC_TITLE}") < text.index(f"B {EXEMPT_TITLE}")
    # Only the exempt one carries the notice: the public appendix is named and nothing else.
    assert text.count("Schedule 12A") == 1


def test_even_the_councils_own_recorder_prints_the_public_notice_without_the_exempt_contents(
    client, maidstone_democratic_services, decision_with_exempt_appendix
):
    client.force_login(maidstone_democratic_services)
    text = _notice_pdf(client, decision_with_exempt_appendix)
    assert EXEMPT_TITLE in text and EXEMPT_NOTICE.format(paragraph=3) in text
    assert EXEMPT_TEXT not in text and PUBLIC_TEXT not in text


def test_the_decision_page_names_the_exempt_appendix_to_a_reader_without_linking_it(
    client, board_member, decision_with_exempt_appendix
):
    decision = decision_with_exempt_appendix
    exempt = decision.documents.get(title=EXEMPT_TITLE)
    public = decision.documents.get(title=PUBLIC_TITLE)
    client.force_login(board_member)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert EXEMPT_TITLE in page and EXEMPT_NOTICE.format(paragraph=3) in page
    assert reverse("governance:document", args=[decision.pk, public.pk]) in page
    assert reverse("governance:document", args=[decision.pk, exempt.pk]) not in page
    assert EXEMPT_TEXT not in page


def test_the_decision_page_links_the_exempt_appendix_for_the_councils_recorder(
    client, maidstone_democratic_services, decision_with_exempt_appendix
):
    decision = decision_with_exempt_appendix
    exempt = decision.documents.get(title=EXEMPT_TITLE)
    client.force_login(maidstone_democratic_services)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert reverse("governance:document", args=[decision.pk, exempt.pk]) in page
    assert EXEMPT_NOTICE.format(paragraph=3) in page


def test_a_decision_without_documents_says_it_has_none(client, board_member, maidstone):
    decision = decision_recorded(maidstone, title="No papers")
    client.force_login(board_member)
    assert "Accompanying Documents None." in _notice_pdf(client, decision)


# ---------------------------------------------------------- recommendations without a label


def test_a_recommendation_with_no_label_is_valid(maidstone):
    decision = decision_recorded(maidstone, recommendations=())
    recommendation = Recommendation(decision=decision, position=1, label="", text="That the strategy be agreed.")
    recommendation.full_clean()
    recommendation.save()
    assert recommendation.number == "1" and str(recommendation).startswith("1 That")


def test_several_recommendations_may_have_no_label_but_labels_stay_unique(maidstone):
    decision = decision_recorded(maidstone, recommendations=(("i.", "That it be agreed."),))
    for position in (2, 3):
        Recommendation(decision=decision, position=position, label="", text="That it be noted.").full_clean()
        Recommendation.objects.create(decision=decision, position=position, label="", text="That it be noted.")
    with pytest.raises(ValidationError):
        Recommendation(decision=decision, position=4, label="i.", text="That it be agreed again.").full_clean()


def test_a_recommendation_with_no_label_saves_and_renders(client, board_member, maidstone):
    text = "That the Information Strategy 2012 - 2015 be agreed."
    decision = decision_recorded(maidstone, title="Information Strategy", recommendations=())
    decision_record(decision=decision, recommendations=parse_recommendations(text))
    saved = decision.recommendations.get()
    assert (saved.label, saved.position, saved.text) == ("", 1, text)

    client.force_login(board_member)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert f'<th scope="row" class="govuk-table__header">1</th><td class="govuk-table__cell">{text}</td>' in page
    assert f"1 {text}" in _notice_pdf(client, decision)


def test_an_unnumbered_recommendation_keeps_its_place_beside_numbered_ones(client, board_member, maidstone):
    decision = decision_recorded(
        maidstone, recommendations=[("", "That Cabinet notes the report."), ("ii.", "That the plan be agreed.")]
    )
    client.force_login(board_member)
    text = _notice_pdf(client, decision)
    assert "1 That Cabinet notes the report." in text and "ii. That the plan be agreed." in text
