"""Who may change a decision record: the answer lives beside the record, on the rules of ``partnership.permissions``."""

from django.shortcuts import get_object_or_404

from governance.models import Decision
from partnership.permissions import can_record_decision_for, refuse


def get_decision_for_edit(user, pk: int) -> Decision:
    decision = get_object_or_404(Decision.objects.select_related("council", "service__partnership"), pk=pk)
    if not can_record_decision_for(user, decision.council):
        raise refuse(user, f"change the decision “{decision.title}”", decision.pk)
    return decision
