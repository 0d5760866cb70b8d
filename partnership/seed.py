"""Loads the partnership register from ``fixtures/mkip/partnership.json``; safe to run again.

Rows are matched on their natural keys (council code, partnership and service slug,
council and start date), so a second run updates what the first created.
"""

from datetime import date
from decimal import Decimal

from partnership.models import (
    Council,
    Partnership,
    PartnershipMember,
    ReviewPoint,
    ServicePartner,
    SharedService,
    StrategicPartner,
)


def _date(text):
    return date.fromisoformat(text) if text else None


def _save(model, lookup: dict, values: dict):
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    for field, value in values.items():
        setattr(obj, field, value)
    obj.full_clean()
    obj.save()
    return obj


def load(data: dict) -> dict:
    councils = {}
    for row in data["councils"]:
        councils[row["code"]] = _save(
            Council,
            {"code": row["code"]},
            {
                "name": row["name"],
                "kind": row["kind"],
                "gss_code": row.get("gss_code"),
                "key_decision_threshold": Decimal(row["key_decision_threshold"]),
                "call_in_working_days": row["call_in_working_days"],
                "illustrative_fields": row.get("illustrative", []),
            },
        )
    partnerships = {}
    for row in data["partnerships"]:
        partnership = _save(
            Partnership,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "short_name": row["short_name"],
                "formed_on": _date(row["formed_on"]),
                "description": row.get("description", ""),
                "board_name": row["board_name"],
                "illustrative_fields": row.get("illustrative", []),
            },
        )
        partnerships[row["slug"]] = partnership
        for member in row["members"]:
            _save(
                PartnershipMember,
                {
                    "partnership": partnership,
                    "council": councils[member["council"]],
                    "joined": _date(member["joined"]),
                },
                {"left": _date(member.get("left")), "illustrative_fields": member.get("illustrative", [])},
            )
        for ally in row["strategic_partners"]:
            _save(
                StrategicPartner,
                {
                    "partnership": partnership,
                    "council": councils[ally["council"]],
                    "agreement": ally["agreement"],
                },
                {"agreed_on": _date(ally["agreed_on"]), "illustrative_fields": ally.get("illustrative", [])},
            )
    services = {}
    for row in data["services"]:
        service = _save(
            SharedService,
            {"slug": row["slug"]},
            {
                "partnership": partnerships[row["partnership"]],
                "name": row["name"],
                "description": row.get("description", ""),
                "employment_model": row["employment_model"],
                "gateway_stage": row["gateway_stage"],
                "go_live": _date(row.get("go_live")),
                "agreement_start": _date(row.get("agreement_start")),
                "term_years": row.get("term_years"),
                "illustrative_fields": row.get("illustrative", []),
            },
        )
        services[row["slug"]] = service
        for partner in row["partners"]:
            _save(
                ServicePartner,
                {
                    "service": service,
                    "council": councils[partner["council"]],
                    "joined": _date(partner["joined"]),
                },
                {
                    "left": _date(partner.get("left")),
                    "is_host": partner.get("is_host", False),
                    "illustrative_fields": partner.get("illustrative", []),
                },
            )
        for point in row.get("review_points", []):
            _save(
                ReviewPoint,
                {"service": service, "name": point["name"]},
                {"after_years": point["after_years"]},
            )
    return {"councils": councils, "partnerships": partnerships, "services": services}
