"""When one council's save moves the other councils' shares, and recording that it did.

Shares follow each council's investment (its baseline-year budget), so a Maidstone correction
also moves Swale's and Tunbridge Wells' shares of every saving and cost. Before such a save the
officer sees the effect per council and confirms it; the confirmed save leaves a row in each
affected council's record saying whose save moved its share.

The effect is worked out by making the save and rolling it back, so it is computed by exactly
the code the pages use; it is only tried when a budget figure changes, the only kind that moves
shares.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from finance import selectors
from finance.models import FigureKind, ShareMove
from finance.services import StaleGrid, save_grid
from partnership.models import Council
from partnership.revision import writes_for

ZERO_SHARE = Decimal("0")


@dataclass(frozen=True)
class Move:
    council_id: int
    before: Decimal
    after: Decimal
    # The council's share of the savings over the plan's term, before and after: the move in pounds.
    savings_before: Decimal | None = None
    savings_after: Decimal | None = None


class _RollBack(Exception):
    """Raised inside the trial save so the transaction rolls it back."""


@dataclass(frozen=True)
class Shares:
    share: dict[int, Decimal]
    savings: dict[int, Decimal]


def shares_of(service) -> Shares:
    statement = selectors.service_finance(service).statement
    return Shares({basis.council: basis.share for basis in statement.bases}, dict(statement.council_totals))


def _moves(before: Shares, after: Shares, council) -> list[Move]:
    moves = []
    for council_id in sorted(set(before.share) | set(after.share)):
        was, now = before.share.get(council_id, ZERO_SHARE), after.share.get(council_id, ZERO_SHARE)
        if council_id != council.pk and was != now:
            moves.append(Move(council_id, was, now, before.savings.get(council_id), after.savings.get(council_id)))
    return moves


def moves_if_saved(*, service, council, cells, **save) -> list[Move]:
    """Each other council whose share the save of ``cells`` would move; nothing is written."""
    if not any(kind == FigureKind.BUDGET for _, _, kind in cells):
        return []
    before = shares_of(service)
    after = before
    try:
        with transaction.atomic():
            save_grid(service=service, council=council, cells=cells, **save)
            after = shares_of(service)
            raise _RollBack
    except _RollBack:
        pass
    except StaleGrid:
        return []  # the real save refuses it, with the other person's change
    return _moves(before, after, council)


@writes_for("service")
@transaction.atomic
def save_moving_shares(*, user, service, council, cells, **save):
    """Save the grid and record, in each other council's record, the share the save moved."""
    before = shares_of(service) if any(kind == FigureKind.BUDGET for _, _, kind in cells) else None
    saved = save_grid(user=user, service=service, council=council, cells=cells, **save)
    if before is not None:
        now = timezone.now()
        moves = _moves(before, shares_of(service), council)
        ShareMove.objects.bulk_create(
            ShareMove(
                service=service,
                council_id=move.council_id,
                share_before=move.before,
                share_after=move.after,
                caused_by=council,
                saved_by=user if getattr(user, "pk", None) else None,
                saved_at=now,
            )
            for move in moves
        )
    return saved


def described(moves: list[Move]) -> list[dict]:
    """The moves with their councils, for the confirmation panel: one query, none without moves."""
    if not moves:
        return []
    councils = Council.objects.in_bulk([move.council_id for move in moves])
    return [{"council": councils[move.council_id], "move": move} for move in moves]
