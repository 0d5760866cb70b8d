"""The gateway model (seed 002): who decides each stage, and whether a service may pass to the next.

Defining → Gateway 1 (initiating) → Gateway 2 (viability and business case) →
Gateway 3 (implementation) → Benefits realisation. Only forward, one stage at a
time, and only on decisions recorded and in effect. The partnership's board decides
inclusion, Gateway 1 and the move to benefits realisation; Gateway 2 and
implementation are reserved to each partner council's Cabinet, so one council
that has not approved (or whose approval is still open to call-in) holds the
service where it is.

Pure: callers pass plain :class:`DecisionFact` values, not model instances.
"""

from dataclasses import dataclass, field
from datetime import date

from partnership.models import GatewayStage

ORDER = [
    GatewayStage.DEFINING,
    GatewayStage.GATEWAY_1,
    GatewayStage.GATEWAY_2,
    GatewayStage.GATEWAY_3,
    GatewayStage.BENEFITS,
]

BOARD = "board"  # stands for the partnership's board, whose name is the partnership's data
CABINETS = "each partner council’s Cabinet"
DECIDED_BY = {
    GatewayStage.DEFINING: BOARD,
    GatewayStage.GATEWAY_1: BOARD,
    GatewayStage.GATEWAY_2: CABINETS,
    GatewayStage.GATEWAY_3: CABINETS,
    GatewayStage.BENEFITS: BOARD,
}

ONLY_FORWARD = "A service moves forward one stage at a time: from {current} the next stage is {next}."
AT_THE_END = "{current} is the last stage."
NO_BOARD_DECISION = "The {board} has not yet decided."
NO_CABINET_DECISION = "{council} Cabinet has not yet decided."
NOT_APPROVED = "{who} {status} on {day}: {reasons}"
NOT_PUBLISHED = "{who}’s decision of {day} is not yet published, so it is not in effect."
NOT_YET_IN_EFFECT = "{who}’s approval of {day} can be called in until it takes effect on {effective}."


@dataclass(frozen=True)
class DecisionFact:
    pk: int
    council_id: int | None  # None for the partnership board
    status_label: str
    approves: bool
    decided_on: date
    effective_from: date | None
    reasons: str = ""


@dataclass(frozen=True)
class Hold:
    who: str
    why: str


@dataclass(frozen=True)
class Readiness:
    target: str | None
    decided_by: str
    holds: list[Hold] = field(default_factory=list)
    decision_pks: list[int] = field(default_factory=list)

    @property
    def passes(self) -> bool:
        return self.target is not None and not self.holds


def next_stage(current: str) -> str | None:
    """The stage after ``current``, or ``None`` after benefits realisation.

    >>> next_stage("gateway_1").label
    'Gateway 2: viability study and business case'
    """
    index = ORDER.index(GatewayStage(current))
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return "no reason was recorded."
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def _check(who: str, fact: DecisionFact | None, missing: str, today: date) -> Hold | None:
    if fact is None:
        return Hold(who, missing)
    day = f"{fact.decided_on:%d/%m/%Y}"
    if not fact.approves:
        why = NOT_APPROVED.format(
            who=who, status=fact.status_label.lower(), day=day, reasons=_first_sentence(fact.reasons)
        )
        return Hold(who, why)
    if fact.effective_from is None:
        return Hold(who, NOT_PUBLISHED.format(who=who, day=day))
    if fact.effective_from > today:
        return Hold(who, NOT_YET_IN_EFFECT.format(who=who, day=day, effective=f"{fact.effective_from:%d/%m/%Y}"))
    return None


def _latest(facts):
    return max(facts, key=lambda fact: (fact.decided_on, fact.pk), default=None)


def readiness(
    current: str,
    target: str | None,
    *,
    partners: list[tuple[int, str]],
    decisions: list[DecisionFact],
    today: date,
    board_name: str = "partnership board",
) -> Readiness:
    """Whether a service at ``current`` may enter ``target`` today, and if not, who holds it and why.

    ``partners`` are the current partner councils as (id, name); ``decisions``
    are every decision recorded for the service's entry to ``target``;
    ``board_name`` is what the partnership's board is called. Each
    decider's latest decision counts, so a deferral followed by an approval
    no longer holds the service.
    """
    expected = next_stage(current)
    if target is None or expected is None or GatewayStage(target) != expected:
        reason = (
            AT_THE_END.format(current=GatewayStage(current).label)
            if expected is None
            else ONLY_FORWARD.format(current=GatewayStage(current).label, next=expected.label)
        )
        return Readiness(target=None, decided_by="", holds=[Hold("", reason)])
    decider = DECIDED_BY[expected]
    decided_by = board_name if decider == BOARD else decider
    holds: list[Hold] = []
    used: list[int] = []
    if decider == BOARD:
        fact = _latest(f for f in decisions if f.council_id is None)
        if hold := _check(board_name, fact, NO_BOARD_DECISION.format(board=board_name), today):
            holds.append(hold)
        elif fact:
            used.append(fact.pk)
    else:
        for council_id, name in partners:
            who = f"{name} Cabinet"
            fact = _latest(f for f in decisions if f.council_id == council_id)
            if hold := _check(who, fact, NO_CABINET_DECISION.format(council=name), today):
                holds.append(hold)
            elif fact:
                used.append(fact.pk)
        if not partners:
            holds.append(Hold("", "The service has no current partner councils to decide."))
    return Readiness(target=expected, decided_by=decided_by, holds=holds, decision_pks=used)
