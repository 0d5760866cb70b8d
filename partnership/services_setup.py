"""Writes of the partnership set-up. Keyword-only, validated with ``full_clean()``, atomic: a refused
write leaves nothing behind, not even the new council it would have added."""

from decimal import Decimal

from django.db import transaction

from mkip.stale import refuse_if_record_stale
from partnership.models import Council, Partnership, PartnershipMember
from partnership.revision import writes_for


@writes_for("partnership")
@transaction.atomic
def partnership_rename(
    *, partnership: Partnership, name: str, short_name: str, board_name: str, loaded_version: str | None = None
) -> Partnership:
    refuse_if_record_stale(record=partnership, loaded_version=loaded_version)
    partnership.name, partnership.short_name, partnership.board_name = name, short_name, board_name
    partnership.full_clean()
    partnership.save(update_fields=["name", "short_name", "board_name"])
    return partnership


@transaction.atomic
def council_add(*, name: str, code: str, gss_code: str | None, kind: str, key_decision_threshold: Decimal) -> Council:
    """Add a council to the national list; a duplicate name, short code or GSS code is refused."""
    council = Council(
        name=name, code=code, gss_code=gss_code or None, kind=kind, key_decision_threshold=key_decision_threshold
    )
    council.full_clean()
    council.save()
    return council


@writes_for("partnership")
@transaction.atomic
def member_add(*, partnership: Partnership, council: Council | None, new_council: dict | None, joined, left=None):
    """Make ``council`` (or a new council from ``new_council``) a member from ``joined`` to ``left``."""
    if council is None:
        council = council_add(**new_council)
    member = PartnershipMember(partnership=partnership, council=council, joined=joined, left=left)
    member.full_clean()
    member.save()
    return member
