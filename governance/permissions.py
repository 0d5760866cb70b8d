"""Who may change a decision record: the answer lives beside the record, on the rules of ``partnership.permissions``."""

from django.shortcuts import get_object_or_404

from governance.models import Decision, ForwardPlanEntry
from partnership.models import Council
from partnership.permissions import can_record_decision_for, refuse


def get_decision_for_edit(user, pk: int) -> Decision:
    decision = get_object_or_404(Decision.objects.select_related("council", "service__partnership"), pk=pk)
    if not can_record_decision_for(user, decision.council):
        raise refuse(user, f"change the decision “{decision.title}”", decision.pk)
    return decision


def get_council_for_forward_plan(user, code: str) -> Council:
    """Democratic services of the council (and administrators) keep its forward plan."""
    council = get_object_or_404(Council, code=code)
    if not can_record_decision_for(user, council):
        raise refuse(user, f"change the forward plan of {council.name}", council.code)
    return council


def get_forward_plan_entry_for_edit(user, pk: int) -> ForwardPlanEntry:
    entry = get_object_or_404(ForwardPlanEntry.objects.select_related("council"), pk=pk)
    if not can_record_decision_for(user, entry.council):
        raise refuse(user, f"change the forward plan entry “{entry.matter}”", entry.pk)
    return entry
