"""The board dashboard page. Thin: figures from :mod:`board.dashboard`, drawing from :mod:`mkip.charts`,
the figures' part of the page cached under the data's token (:mod:`partnership.revision`)."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from board.dashboard import WINDOW_DAYS, Dashboard, board_dashboard
from mkip.charts import COUNT, FTE, PENCE, bar_chart, rating_chart
from partnership.models import Council, Partnership, SharedService
from partnership.permissions import can_read, refuse
from partnership.revision import cached
from partnership.selectors import partnership_choices, partnership_councils, partnership_for_reader


class DashboardFilterForm(forms.Form):
    """Partnership, council and service, by slug and code so a filtered dashboard has a readable address.

    The council and service choices are the partnership's.
    """

    partnership = forms.ChoiceField(required=False, widget=forms.Select(attrs={"class": "govuk-select"}))
    council = forms.ModelChoiceField(
        queryset=Council.objects.none(),
        to_field_name="code",
        required=False,
        empty_label="All councils",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    service = forms.ModelChoiceField(
        queryset=SharedService.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label="All services",
        label="Shared service",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    def __init__(self, data, *, partnership: Partnership):
        super().__init__(data)
        self.partnership = partnership
        self.fields["partnership"].choices = partnership_choices()
        self.fields["council"].queryset = partnership_councils(partnership).order_by("name")
        self.fields["service"].queryset = partnership.services.order_by("name")


def charts(data: Dashboard) -> dict:
    """One chart, with its data table, per figure on the dashboard."""
    years = data.savings_by_year
    lines = data.by_service
    return {
        "savings_by_year": bar_chart(
            caption="Savings planned and delivered by year",
            label_heading="Year",
            labels=[row.year.label for row in years],
            series={"Planned": [row.planned for row in years], "Delivered": [row.delivered for row in years]},
            unit=PENCE,
        ),
        "by_service": bar_chart(
            caption="Savings by service: planned over the plan’s term and delivered to date",
            label_heading="Service",
            labels=[line.label for line in lines],
            series={"Planned": [line.planned for line in lines], "Delivered": [line.delivered for line in lines]},
            horizontal=True,
            unit=PENCE,
        ),
        "by_council": bar_chart(
            caption="Savings by council: planned share over the term and delivered to date",
            label_heading="Council",
            labels=[line.label for line in data.by_council],
            series={
                "Planned": [line.planned for line in data.by_council],
                "Delivered": [line.delivered for line in data.by_council],
            },
            unit=PENCE,
        ),
        "investment": bar_chart(
            caption="Investment against planned savings, and the return for every £1 invested",
            label_heading="Service",
            labels=[line.label for line in lines],
            series={
                "Investment": [line.investment for line in lines],
                "Planned savings": [line.planned for line in lines],
            },
            unit=PENCE,
            extra_columns={
                "Planned return per £1": [_per_pound(line.return_planned) for line in lines],
                "Returned per £1 so far": [_per_pound(line.return_delivered) for line in lines],
            },
            horizontal=True,
        ),
        "fte": bar_chart(
            caption="Staff (full-time equivalent) in each column of the staffing tables",
            label_heading="Budget or estimate",
            labels=[column.label for column, _ in data.fte],
            series={"FTE": [fte for _, fte in data.fte]},
            unit=FTE,
            line=True,
        ),
        "pipeline": bar_chart(
            caption="Services at each gateway stage",
            label_heading="Stage",
            labels=[label for _, label, _ in data.pipeline],
            series={"Services": [len(services) for _, _, services in data.pipeline]},
            unit=COUNT,
            extra_columns={"Which": [", ".join(s.name for s in services) for _, _, services in data.pipeline]},
            horizontal=True,
        ),
        "risks": rating_chart(caption="Open risks by rating", counts=data.risks),
    }


def _per_pound(value) -> str:
    return "" if value is None else f"£{value}"


FILTERS = ("council", "service")


class UnknownPartnership(Exception):
    pass


def dashboard(request):
    """The page for one address: the same for every reader, so its content is cached under the
    token of the partnership's data (:mod:`partnership.revision`) and a repeat look costs a few
    queries; another partnership's writes leave it cached."""
    if not can_read(request.user):
        raise refuse(request.user, "see the dashboard", request.path)
    slug = request.GET.get("partnership", "")
    if not slug:
        reader = partnership_for_reader(request.user)
        if reader is None:
            return render(request, "partnership/no_partnership.html", {"heading": "Board dashboard"})
        slug = reader.slug
    chosen = {name: request.GET.get(name, "") for name in FILTERS}
    today = timezone.localdate()
    compared = request.GET.get("against") == "baseline"
    key = "dashboard:" + urlencode({"partnership": slug, **chosen, "today": today.isoformat(), "against": compared})
    try:
        page = cached(key, lambda: _page(request, slug, chosen, today, compared), partnership=slug)
    except UnknownPartnership:
        messages.error(request, f"There is no partnership “{slug}”: showing yours.")
        return redirect(f"{request.path}?{urlencode({k: v for k, v in chosen.items() if v})}")
    return render(request, "board/dashboard.html", page)


def _page(request, slug: str, chosen: dict, today, compared: bool = False) -> dict:
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise UnknownPartnership(slug)
    form = DashboardFilterForm({"partnership": slug, **chosen}, partnership=partnership)
    council, service = (form.cleaned_data["council"], form.cleaned_data["service"]) if form.is_valid() else (None, None)
    data = board_dashboard(partnership=partnership, council=council, service=service, today=today)
    context = {
        "form": form,
        "data": data,
        "charts": charts(data),
        "window_days": WINDOW_DAYS,
        "partnership": partnership,
        "council": council,
        "service": service,
        "today": today,
        "compared": compared,
        "plain_url": "?" + urlencode({"partnership": slug, **chosen}),
        "compare_url": "?" + urlencode({"partnership": slug, **chosen, "against": "baseline"}),
    }
    content = render_to_string("board/partials/_dashboard_content.html", context, request)
    return {"title": f"Board dashboard: {partnership.short_name}", "content": content, "has_errors": bool(form.errors)}
