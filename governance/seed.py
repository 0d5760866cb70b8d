"""Loads decision records and gateway history from ``fixtures/mkip/governance.json``; safe to run again.

Decisions are matched on (council, title, date of decision) and saved through
:func:`governance.services.decision_record`, so their reason keys and effective-from
dates are computed exactly as for a decision entered in the form.
"""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from governance import calendar
from governance.decisions import ParsedRecommendation
from governance.forward_plan import ROUTES
from governance.models import (
    BenefitReport,
    Body,
    BodyMember,
    Contact,
    Decision,
    DecisionDocument,
    ForwardPlanEntry,
    GatewayHistory,
    OperationalAction,
    Risk,
)
from governance.services import decision_record, document_add, risk_record
from mkip.fiscal import FinancialYear
from mkip.pdf import html_to_pdf
from partnership.models import Council, SharedService


def _date(text):
    return date.fromisoformat(text) if text else None


def _money(text):
    return Decimal(text) if text else None


ENTERED_FIELDS = [
    "decision_maker",
    "gateway",
    "status",
    "is_key_decision",
    "reason_key",
    "subject_to_call_in",
    "purpose",
    "decision_preamble",
    "reasons",
    "alternatives",
    "committee_details",
    "other_consulted",
    "consultees",
    "contact",
    "contact_email",
    "report_author",
]


def _decision(row: dict, councils: dict, services: dict) -> Decision:
    council = councils.get(row["council"]) if row["council"] else None
    decided_on = _date(row["decided_on"])
    decision = Decision.objects.filter(council=council, title=row["title"], decided_on=decided_on).first()
    decision = decision or Decision(council=council, title=row["title"], decided_on=decided_on)
    for name in ENTERED_FIELDS:
        setattr(decision, name, row[name])
    decision.service = services.get(row["service"]) if row.get("service") else None
    decision.savings_gbp = _money(row.get("savings_gbp"))
    decision.expenditure_gbp = _money(row.get("expenditure_gbp"))
    decision.representations_by = _date(row.get("representations_by"))
    decision.published_on = _date(row.get("published_on"))
    decision.notice_published_on = _date(row.get("notice_published_on"))
    decision.illustrative_fields = row.get("illustrative", [])
    recommendations = [ParsedRecommendation(label, text) for label, text in row["recommendations"]]
    decision = decision_record(decision=decision, recommendations=recommendations)
    for document in row.get("documents", []):
        _placeholder_document(decision, document["title"], document["exempt_paragraph"])
    return decision


def _placeholder_document(decision: Decision, title: str, exempt_paragraph: int | None) -> None:
    """The seeds name the documents but do not hold them: a one-page PDF stands in, marked illustrative."""
    if DecisionDocument.objects.filter(decision=decision, title=title).exists():
        return
    html = (
        f'<!DOCTYPE html><html lang="en-GB"><head><title>{escape(title)}</title></head><body>'
        f"<h1>{escape(title)}</h1><p>Placeholder for the document named in the published record of "
        f"“{escape(decision.title)}”. The original is not among the source documents.</p></body></html>"
    )
    upload = ContentFile(html_to_pdf(html), name=f"{slugify(title)}.pdf")
    document = document_add(decision=decision, title=title, upload=upload, exempt_paragraph=exempt_paragraph)
    document.illustrative_fields = ["file"]
    document.save(update_fields=["illustrative_fields"])


def load(data: dict) -> dict:
    councils = {council.code: council for council in Council.objects.all()}
    services = {service.slug: service for service in SharedService.objects.all()}
    decisions = [_decision(row, councils, services) for row in data["decisions"]]
    history = []
    for row in data.get("gateway_history", []):
        service = services[row["service"]]
        entry = GatewayHistory.objects.filter(service=service, stage=row["stage"]).first()
        entry = entry or GatewayHistory(service=service, stage=row["stage"])
        entry.entered_on = _date(row["entered_on"])
        entry.rating = row["rating"]
        entry.notes = row.get("notes", "")
        entry.illustrative_fields = row.get("illustrative", [])
        entry.full_clean()
        entry.save()
        linked = [
            Decision.objects.get(council=councils[code], title=title, decided_on=_date(day))
            for code, title, day in row["decisions"]
        ]
        entry.decisions.set(linked)
        history.append(entry)
    contacts = [_contact(row, councils, services) for row in data.get("contacts", [])]
    risks = [_risk(row, services) for row in data.get("risks", [])]
    bodies = [_body(row, councils, services) for row in data.get("bodies", [])]
    return {
        "decisions": decisions,
        "gateway history entries": history,
        "contacts": contacts,
        "bodies": bodies,
        "risks": risks,
    }


def _risk(row: dict, services: dict) -> Risk:
    service = services[row["service"]]
    risk = Risk.objects.filter(service=service, title=row["title"]).first()
    if risk is None:
        risk = risk_record(
            service=service,
            on=_date(row["reviewed_on"]),
            **{key: row[key] for key in ("category", "title", "owner", "mitigation", "likelihood", "impact")},
        )
    risk.illustrative_fields = row.get("illustrative", [])
    risk.save(update_fields=["illustrative_fields"])
    return risk


def _contact(row: dict, councils: dict, services: dict) -> Contact:
    contact = Contact.objects.filter(name=row["name"], role=row["role"]).first() or Contact(
        name=row["name"], role=row["role"]
    )
    contact.council = councils.get(row["council"]) if row["council"] else None
    contact.email = row["email"]
    contact.single_point_of_contact = row["single_point_of_contact"]
    contact.illustrative_fields = row.get("illustrative", [])
    contact.full_clean()
    contact.save()
    contact.services.set([services[slug] for slug in row["services"]])
    return contact


def _body(row: dict, councils: dict, services: dict) -> Body:
    body = Body.objects.filter(name=row["name"]).first() or Body(name=row["name"])
    body.kind = row["kind"]
    body.council = councils.get(row["council"]) if row["council"] else None
    body.service = services.get(row["service"]) if row["service"] else None
    body.description = row.get("description", "")
    body.full_clean()
    body.save()
    for member_row in row["members"]:
        member = BodyMember.objects.filter(body=body, name=member_row["name"]).first() or BodyMember(
            body=body, name=member_row["name"]
        )
        member.role = member_row["role"]
        member.council = councils.get(member_row["council"]) if member_row["council"] else None
        member.is_chair = member_row["is_chair"]
        member.joined = _date(member_row["joined"])
        member.left = _date(member_row["left"])
        member.illustrative_fields = member_row.get("illustrative", [])
        member.full_clean()
        member.save()
    return body


def load_benefits(data: dict) -> dict:
    """Operational plan actions and benefit reports; matched on service and title/period, so safe to rerun."""

    services = {service.slug: service for service in SharedService.objects.all()}
    actions = []
    for row in data.get("operational_actions", []):
        service = services[row["service"]]
        action = OperationalAction.objects.filter(service=service, title=row["title"]).first()
        action = action or OperationalAction(service=service, title=row["title"])
        action.priority, action.owner, action.status = row["priority"], row["owner"], row["status"]
        action.due_year = FinancialYear.parse(row["due_year"]) if row.get("due_year") else None
        action.rating = row["rating"]
        action.illustrative_fields = row.get("illustrative", [])
        action.full_clean()
        action.save()
        actions.append(action)
    reports = []
    for row in data.get("benefit_reports", []):
        service = services[row["service"]]
        key = {"service": service, "year": FinancialYear.parse(row["year"]), "quarter": row["quarter"]}
        report = BenefitReport.objects.filter(**key, benefit=row["benefit"]).first()
        report = report or BenefitReport(**key, benefit=row["benefit"], reported_at=timezone.now())
        for field in ("target", "delivered", "owner", "rating"):
            setattr(report, field, row[field])
        report.illustrative_fields = row.get("illustrative", [])
        report.full_clean()
        report.save()
        reports.append(report)
    return {"operational plan actions": actions, "benefit reports": reports}


def load_forward_plan(data: dict) -> dict:
    """Forward plan entries, matched on council and matter, so safe to rerun. Loaded as they stand: the
    fixture's dates are long past, which the service's "not in the past" rule for new entries would refuse."""
    councils = {council.code: council for council in Council.objects.all()}
    entries = []
    for row in data.get("entries", []):
        council = councils[row["council"]]
        entry = ForwardPlanEntry.objects.filter(council=council, matter=row["matter"]).first()
        entry = entry or ForwardPlanEntry(council=council, matter=row["matter"])
        for field in ("decision_maker", "reason_key", "documents", "exempt_paragraph", "contact"):
            setattr(entry, field, row[field])
        entry.expected_on, entry.notice_published_on = _date(row["expected_on"]), _date(row["notice_published_on"])
        entry.route = ROUTES[calendar.notice_route(entry.notice_published_on, entry.expected_on).route]
        entry.illustrative_fields = row.get("illustrative", [])
        entry.full_clean()
        entry.save()
        entries.append(entry)
    return {"forward plan entries": entries}
