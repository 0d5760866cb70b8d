"""The posts of one column as a table for CSV and Excel export (text cells neutralised)."""

import django_tables2 as tables

from staffing.models import Post


class PostExportTable(tables.Table):
    team = tables.Column(accessor="team__name", verbose_name="Team")
    group = tables.Column(accessor="team__group", verbose_name="Group")
    council = tables.Column(accessor="council__code", verbose_name="Council", default="Host")
    grade = tables.Column()
    fte = tables.Column(verbose_name="FTE")
    cost = tables.Column(verbose_name="Cost")
    vacant = tables.BooleanColumn(yesno="yes,no")
    year = tables.Column(verbose_name="Year")
    kind = tables.Column(verbose_name="Budget or estimate")

    class Meta:
        model = Post
        fields = ["team", "group", "council", "grade", "fte", "cost", "vacant", "year", "kind"]
        orderable = False

    def value_vacant(self, value):
        return "yes" if value else "no"

    def value_year(self, value):
        return value.label
