"""Decision pages, the PDF and who may write: named people, refusals that change nothing."""

import io
import json
from datetime import date

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from governance import seed
from governance.appendices import EXEMPT_NOTICE
from governance.models import Decision, DecisionDocument, DecisionStatus
from partnership.models import GatewayStage, SharedService
from tests.factories import UserFactory, decision_recorded

PDF_BYTES = b"%PDF-1.4\n% Exempt collaboration agreement\n"


@pytest.fixture
def mkip_decisions(mkip):
    seed.load(json.loads((settings.BASE_DIR / "fixtures/mkip/governance.json").read_text()))
    return {d.title: d for d in Decision.objects.all()}


def _pdf_text(response) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages)


def _mbc_user(mkip, role="democratic_services"):

    return UserFactory(username=f"{role}.mkip", role=role, council=mkip["councils"]["MBC"])


# ------------------------------------------------------------------ reading


def test_the_ict_decision_page_shows_its_published_dates_computed(client, mkip_decisions, board_member):
    client.force_login(board_member)
    page = client.get(mkip_decisions["MKIP ICT Partnership"].get_absolute_url()).content.decode()
    for fact in ("Publication date", "17/04/2012", "16/04/2012", "25/04/2012", "Savings &gt; £250,000", "iv a)"):
        assert fact in page
    assert "Call-in period ends" in page and "24/04/2012" in page


def test_the_information_strategy_takes_effect_on_saturday_23_june(client, mkip_decisions, board_member):
    client.force_login(board_member)
    page = client.get(mkip_decisions["Information Strategy 2012 - 2015"].get_absolute_url()).content.decode()
    assert "15/06/2012" in page and "13/06/2012" in page and "23/06/2012" in page
    assert "Policies, Plans, Strategies" in page and "CLT, SLT" in page


def test_the_decision_pdf_says_what_the_page_says(client, mkip_decisions, board_member):
    client.force_login(board_member)
    decision = mkip_decisions["MKIP ICT Partnership"]
    response = client.get(reverse("governance:decision-pdf", args=[decision.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response)
    for fact in (
        "MKIP ICT Partnership",
        "Maidstone Cabinet",
        "Recommendations Approved",
        "Savings > £250,000",
        "Publication date 17/04/2012",
        "Date of decision 16/04/2012",
        "Effective from 25/04/2012",
        "iv f)",
        "Page 1 of",
    ):
        assert fact in text


def test_an_outsider_reads_no_decision(client, mkip_decisions, outsider):
    client.force_login(outsider)
    decision = mkip_decisions["MKIP ICT Partnership"]
    for url in (
        reverse("governance:decisions"),
        decision.get_absolute_url(),
        reverse("governance:decision-pdf", args=[decision.pk]),
        reverse("governance:service-gateway", args=["ict"]),
        reverse("governance:forward-plan"),
        reverse("governance:milestones"),
        reverse("governance:calendar"),
    ):
        assert client.get(url).status_code == 403, url


# ---------------------------------------------------------- exempt appendix


def _upload_exempt(client, decision):
    return client.post(
        reverse("governance:document-new", args=[decision.pk]),
        {
            "title": "Appendix J: signed collaboration agreement",
            "file": SimpleUploadedFile("appendix-j.pdf", PDF_BYTES, "application/pdf"),
            "exempt_paragraph": "3",
        },
    )


def test_the_exempt_appendix_is_named_on_the_public_page_and_the_pdf_but_never_given(
    client, mkip_decisions, board_member
):
    decision = mkip_decisions["MKIP ICT Partnership"]
    officer = _mbc_user({"councils": {"MBC": decision.council}})
    client.force_login(officer)
    assert _upload_exempt(client, decision).status_code == 302
    document = DecisionDocument.objects.get(title="Appendix J: signed collaboration agreement")
    # (The recommendations themselves mention "Exempt Appendix J", so the test looks for the document's title.)
    title = "Appendix J: signed collaboration agreement"
    link = f'href="{reverse("governance:document", args=[decision.pk, document.pk])}"'
    own_page = client.get(decision.get_absolute_url()).content.decode()
    assert title in own_page and link in own_page and EXEMPT_NOTICE.format(paragraph=3) in own_page
    # Even the council's own officer's PDF is the published notice: the appendix named, not included.
    own_pdf = _pdf_text(client.get(reverse("governance:decision-pdf", args=[decision.pk])))
    assert title in own_pdf and EXEMPT_NOTICE.format(paragraph=3) in own_pdf
    assert "Exempt collaboration agreement" not in own_pdf

    client.force_login(board_member)
    public_page = client.get(decision.get_absolute_url()).content.decode()
    assert title in public_page and EXEMPT_NOTICE.format(paragraph=3) in public_page
    assert link not in public_page
    refused = client.get(reverse("governance:document", args=[decision.pk, document.pk]))
    assert refused.status_code == 403 and "collaboration agreement" not in refused.content.decode()


def test_a_renamed_file_is_refused_beside_the_field_and_nothing_saved(client, mkip_decisions):
    decision = mkip_decisions["MKIP ICT Partnership"]
    client.force_login(_mbc_user({"councils": {"MBC": decision.council}}))
    response = client.post(
        reverse("governance:document-new", args=[decision.pk]),
        {"title": "Appendix", "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00", "application/pdf")},
    )
    assert response.status_code == 200
    assert "do not match its .pdf name" in response.content.decode()
    assert not DecisionDocument.objects.filter(title="Appendix").exists()


# -------------------------------------------------------------- recording


def _form(**overrides):
    data = {
        "title": "Mid Kent Planning Support business case",
        "decision_maker": "cabinet",
        "status": "approved",
        "recommendations": "i. That the business case be agreed.\nii. That:\na) Staff transfer.",
        "expenditure_gbp": "400000",
        "subject_to_call_in": "on",
        "decided_on": "16/04/2012",
        "published_on": "17/04/2012",
    }
    return {**data, **overrides}


def test_maidstone_democratic_services_records_a_maidstone_decision(client, maidstone_democratic_services):
    client.force_login(maidstone_democratic_services)
    response = client.post(reverse("governance:decision-new", args=["MBC"]), _form())
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert (decision.effective_from, decision.reason_key_text) == (date(2012, 4, 25), "Expenditure > £250,000")
    assert [r.label for r in decision.recommendations.all()] == ["i.", "ii.", "ii a)"]


def test_an_override_without_a_reason_is_refused_beside_the_field(client, maidstone_democratic_services):
    client.force_login(maidstone_democratic_services)
    response = client.post(
        reverse("governance:decision-new", args=["MBC"]), _form(effective_from_override="18/04/2012")
    )
    assert response.status_code == 200
    assert "Give the reason for overriding the effective-from date." in response.content.decode()
    assert not Decision.objects.exists()


@pytest.mark.parametrize("person", ["swale_officer", "board_member", "maidstone_officer", "outsider"])
def test_only_maidstones_democratic_services_record_maidstone_decisions(client, request, maidstone, person):
    client.force_login(request.getfixturevalue(person))
    assert client.post(reverse("governance:decision-new", args=["MBC"]), _form()).status_code == 403
    assert not Decision.objects.exists()


def test_maidstone_democratic_services_cannot_record_swales_decisions_or_the_boards(
    client, maidstone_democratic_services, swale
):
    client.force_login(maidstone_democratic_services)
    assert client.post(reverse("governance:decision-new", args=["SBC"]), _form()).status_code == 403
    assert client.post(reverse("governance:decision-new", args=["board"]), _form()).status_code == 403
    assert not Decision.objects.exists()


@pytest.mark.parametrize("person", ["swale_officer", "board_member"])
def test_others_cannot_change_a_maidstone_decision_or_add_documents(client, request, maidstone, person):
    decision = decision_recorded(maidstone, title="Original", published_on=date(2012, 4, 17))
    client.force_login(request.getfixturevalue(person))
    assert client.post(reverse("governance:decision-edit", args=[decision.pk]), _form()).status_code == 403
    assert _upload_exempt(client, decision).status_code == 403
    decision.refresh_from_db()
    assert decision.title == "Original" and not DecisionDocument.objects.exists()


def test_a_tampered_council_field_cannot_move_a_decision_to_another_council(
    client, maidstone_democratic_services, maidstone, swale
):
    decision = decision_recorded(maidstone, title="Original", published_on=date(2012, 4, 17))
    client.force_login(maidstone_democratic_services)
    client.post(reverse("governance:decision-edit", args=[decision.pk]), _form(council=str(swale.pk)))
    decision.refresh_from_db()
    assert decision.council == maidstone


# ---------------------------------------------------------------- gateways


def _cabinet(council, service, status=DecisionStatus.APPROVED, reasons=""):
    return decision_recorded(
        council,
        title=f"{service.name} business case",
        service=service,
        gateway=GatewayStage.GATEWAY_2,
        status=status,
        reasons=reasons,
        decided_on=date(2014, 4, 14),
        published_on=date(2014, 4, 15),
    )


def test_the_gateway_page_says_which_council_holds_the_service_and_why(
    client, ict, maidstone, swale, tunbridge_wells, administrator
):
    SharedService.objects.filter(pk=ict.pk).update(gateway_stage=GatewayStage.GATEWAY_1)
    _cabinet(maidstone, ict)
    _cabinet(swale, ict)
    _cabinet(tunbridge_wells, ict, DecisionStatus.DEFERRED, "Members asked for the TUPE advice first.")
    client.force_login(administrator)
    page = client.get(reverse("governance:service-gateway", args=["ict"])).content.decode()
    assert "cannot pass yet" in page
    assert (
        "Tunbridge Wells Borough Council Cabinet deferred on 14/04/2014: Members asked for the TUPE advice first."
        in page
    )
    response = client.post(reverse("governance:gateway-pass", args=["ict"]), {"target": "gateway_2", "rating": "green"})
    assert response.status_code == 200
    assert "Members asked for the TUPE advice first." in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    ict.refresh_from_db()
    assert ict.gateway_stage == GatewayStage.GATEWAY_1


@pytest.mark.parametrize("person", ["swale_officer", "board_member", "maidstone_democratic_services"])
def test_only_administrators_pass_gateways(client, request, ict, maidstone, swale, tunbridge_wells, person):
    SharedService.objects.filter(pk=ict.pk).update(gateway_stage=GatewayStage.GATEWAY_1)
    for council in (maidstone, swale, tunbridge_wells):
        _cabinet(council, ict)
    client.force_login(request.getfixturevalue(person))
    response = client.post(reverse("governance:gateway-pass", args=["ict"]), {"target": "gateway_2", "rating": "green"})
    assert response.status_code == 403
    ict.refresh_from_db()
    assert ict.gateway_stage == GatewayStage.GATEWAY_1


def test_an_administrator_passes_gateway_2_once_every_cabinet_approval_is_in_effect(
    client, ict, maidstone, swale, tunbridge_wells, administrator
):
    SharedService.objects.filter(pk=ict.pk).update(gateway_stage=GatewayStage.GATEWAY_1)
    for council in (maidstone, swale, tunbridge_wells):
        _cabinet(council, ict)
    client.force_login(administrator)
    client.post(reverse("governance:gateway-pass", args=["ict"]), {"target": "gateway_2", "rating": "amber"})
    ict.refresh_from_db()
    assert ict.gateway_stage == GatewayStage.GATEWAY_2
    assert ict.gateway_history.get().rating == "amber"


def test_the_seeded_exempt_appendix_j_is_named_to_all_and_linked_only_for_maidstones_recorders(
    client, mkip_decisions, board_member
):
    decision = mkip_decisions["MKIP ICT Partnership"]
    titles = set(decision.documents.values_list("title", flat=True))
    assert "Exempt Appendix J – collaboration agreement" in titles and len(titles) == 4
    client.force_login(board_member)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "MKIP ICT Costing Report</a>" in page and "collaboration agreement</a>" not in page
    assert "Exempt Appendix J – collaboration agreement" in page and EXEMPT_NOTICE.format(paragraph=3) in page
    client.force_login(_mbc_user({"councils": {"MBC": decision.council}}))
    assert "Exempt Appendix J – collaboration agreement</a>" in client.get(decision.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("published_on", "Publication date"),
        ("decided_on", "Date of decision"),
        ("notice_published_on", "Forward plan notice published"),
        ("effective_from_override", "Override the effective-from date (optional)"),
    ],
)
def test_a_date_in_the_year_9999_is_refused_beside_its_field_and_nothing_saved(
    client, maidstone_democratic_services, field, label
):
    client.force_login(maidstone_democratic_services)
    overrides = {field: "31/12/9999"}
    if field == "effective_from_override":
        overrides["override_reason"] = "Urgent"
    response = client.post(reverse("governance:decision-new", args=["MBC"]), _form(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [f"{label} must be a date from 1900 to 2100"]
    assert not Decision.objects.exists()
