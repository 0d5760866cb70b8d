import django_filters
from django.db.models import Q
from django.utils import timezone

from mkip.filters import GovukFilterSet
from mkip.forms import bound_dates
from partnership.models import (
    Council,
    DocumentKind,
    EmploymentModel,
    GatewayStage,
    Partnership,
    PublishedDocument,
    SharedService,
)
from partnership.selectors import partnership_choices, partnership_councils


class SharedServiceFilter(GovukFilterSet):
    """With ``partnership`` given, the partner-council choices are that partnership's councils."""

    # By slug, so the address stays readable; the choices are read once, in __init__.
    partnership = django_filters.ChoiceFilter(
        choices=(),
        field_name="partnership__slug",
        empty_label=None,
        label="Partnership",
    )
    name = django_filters.CharFilter(lookup_expr="icontains", label="Name contains")
    council = django_filters.ModelChoiceFilter(
        queryset=Council.objects.all(),
        method="filter_council",
        label="Partner council",
        empty_label="Any council",
    )
    gateway_stage = django_filters.ChoiceFilter(choices=GatewayStage.choices, label="Stage", empty_label="Any stage")
    employment_model = django_filters.ChoiceFilter(
        choices=EmploymentModel.choices, label="Employment model", empty_label="Any model"
    )

    class Meta:
        model = SharedService
        fields = ["partnership", "name", "council", "gateway_stage", "employment_model"]

    def __init__(self, *args, partnership: Partnership | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["partnership"].choices = partnership_choices()
        if partnership is not None:
            self.form.fields["council"].queryset = partnership_councils(partnership).order_by("name")

    def filter_council(self, queryset, name, council):
        today = timezone.localdate()
        return queryset.filter(
            Q(partners__council=council, partners__joined__lte=today)
            & (Q(partners__left__isnull=True) | Q(partners__left__gt=today))
        ).distinct()


class CouncilFilter(GovukFilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Name contains")
    kind = django_filters.ChoiceFilter(choices=Council.Kind.choices, label="Kind", empty_label="Any kind")

    class Meta:
        model = Council
        fields = ["name", "kind"]


class DocumentFilter(GovukFilterSet):
    """The document register: by partnership, council, service, kind and publication date."""

    partnership = django_filters.ChoiceFilter(
        choices=(), field_name="partnership__slug", label="Partnership", empty_label="Any partnership"
    )
    council = django_filters.ModelChoiceFilter(
        queryset=Council.objects.order_by("name"), label="Council", empty_label="Any council"
    )
    service = django_filters.ModelChoiceFilter(
        queryset=SharedService.objects.order_by("name"), label="Shared service", empty_label="Any service"
    )
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, label="Kind", empty_label="Any kind")
    published_from = django_filters.DateFilter(
        field_name="published_at", lookup_expr="date__gte", label="Published on or after"
    )
    published_to = django_filters.DateFilter(
        field_name="published_at", lookup_expr="date__lte", label="Published on or before"
    )

    class Meta:
        model = PublishedDocument
        fields = ["partnership", "council", "service", "kind", "published_from", "published_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["partnership"].choices = partnership_choices()
        bound_dates(self.form)
