import django_filters

from governance.models import Decision, DecisionMaker, DecisionStatus
from mkip.filters import GovukFilterSet
from partnership.models import Council


class DecisionFilter(GovukFilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains", label="Title contains")
    council = django_filters.ModelChoiceFilter(
        queryset=Council.objects.all(), label="Council", empty_label="Any council"
    )
    decision_maker = django_filters.ChoiceFilter(
        choices=DecisionMaker.choices, label="Decision maker", empty_label="Any decision maker"
    )
    status = django_filters.ChoiceFilter(choices=DecisionStatus.choices, label="Status", empty_label="Any status")

    class Meta:
        model = Decision
        fields = ["title", "council", "decision_maker", "status"]
