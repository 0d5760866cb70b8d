import django_tables2 as tables

from governance.models import Decision


class DecisionTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name="Decision")
    decided_by = tables.Column(empty_values=(), orderable=False, verbose_name="Decision maker")
    status = tables.Column(verbose_name="Status")
    is_key_decision = tables.BooleanColumn(verbose_name="Key decision", yesno="Yes,No")
    decided_on = tables.DateColumn(format="d/m/Y", verbose_name="Date of decision")
    published_on = tables.DateColumn(format="d/m/Y", verbose_name="Published")
    effective_from = tables.DateColumn(format="d/m/Y", verbose_name="Effective from")

    class Meta:
        model = Decision
        fields = ("title", "decided_by", "status", "is_key_decision", "decided_on", "published_on", "effective_from")
        order_by = "-decided_on"
        empty_text = "No decisions match."
