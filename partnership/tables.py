import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from mkip.money import format_gbp
from partnership.models import Council, PublishedDocument, SharedService


class SharedServiceTable(tables.Table):
    caption = "Shared services"
    name = tables.Column(linkify=True, verbose_name="Shared service", attrs={"a": {"class": "govuk-link"}})
    partners = tables.Column(empty_values=(), orderable=False, verbose_name="Partner councils")
    partner_count = tables.Column(verbose_name="Partners", attrs={"td": {"class": "app-numeric"}})
    host = tables.Column(empty_values=(), orderable=False, verbose_name="Host council")
    employment_model = tables.Column(verbose_name="Employment model")
    gateway_stage = tables.Column(verbose_name="Stage")
    agreement_start = tables.DateColumn(format="j M Y", verbose_name="Agreement from")

    class Meta:
        model = SharedService
        fields = (
            "name",
            "partners",
            "partner_count",
            "host",
            "employment_model",
            "gateway_stage",
            "agreement_start",
        )
        order_by = "name"
        empty_text = "No shared services match."

    def render_partners(self, record):
        return format_html_join(", ", "{}", ((p.council.short_name,) for p in record.current_partners))

    def value_partners(self, record):
        return ", ".join(p.council.short_name for p in record.current_partners)

    def render_partner_count(self, value):
        return format_html("{}-way", value) if value else "—"

    def value_partner_count(self, value):
        return value

    def render_host(self, record):
        host = next((p.council.short_name for p in record.current_partners if p.is_host), None)
        return host or "—"

    def value_host(self, record):
        return next((p.council.short_name for p in record.current_partners if p.is_host), "")


class CouncilTable(tables.Table):
    caption = "Councils"
    name = tables.Column(linkify=True, verbose_name="Council", attrs={"a": {"class": "govuk-link"}})
    code = tables.Column(verbose_name="Code")
    kind = tables.Column(verbose_name="Kind")
    service_count = tables.Column(verbose_name="Shared services now", attrs={"td": {"class": "app-numeric"}})
    key_decision_threshold = tables.Column(
        verbose_name="Key-decision threshold",
        attrs={"td": {"class": "app-numeric"}, "th": {"class": "app-numeric"}},
    )
    call_in_working_days = tables.Column(verbose_name="Call-in (working days)", attrs={"td": {"class": "app-numeric"}})

    class Meta:
        model = Council
        fields = ("name", "code", "kind", "service_count", "key_decision_threshold", "call_in_working_days")
        order_by = "name"

    def render_key_decision_threshold(self, value):
        return format_gbp(value)


class DocumentTable(tables.Table):
    caption = "Published documents"
    title = tables.Column(linkify=True, verbose_name="Document", attrs={"a": {"class": "govuk-link"}})
    version = tables.Column(verbose_name="Version", attrs={"td": {"class": "app-numeric"}})
    exempt = tables.BooleanColumn(verbose_name="Version for", yesno="Members with exempt papers,The public")
    kind = tables.Column(verbose_name="Kind")
    partnership = tables.Column(accessor="partnership__short_name", verbose_name="Partnership")
    council = tables.Column(
        accessor="council__short_name", verbose_name="Council", default="All partners", order_by="council__name"
    )
    service = tables.Column(accessor="service__name", verbose_name="Shared service", default="—")
    published_at = tables.DateTimeColumn(format="j M Y H:i", verbose_name="Published")

    class Meta:
        model = PublishedDocument
        fields = ("title", "version", "exempt", "kind", "partnership", "council", "service", "published_at")
        order_by = "-published_at"
        empty_text = "No published documents match."
