"""The list-page base every register table uses: sortable, filterable, paginated, exportable.

Who may read a list is the app's question, not the kernel's: pages combine this base with a
permission mixin (``partnership.permissions.ReaderRequiredMixin``).
"""

import logging

from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export.views import ExportMixin

from mkip.exports import SafeTableExport, sheet_name

security_log = logging.getLogger("mkip.security")


class ListPage(ExportMixin, SingleTableMixin, FilterView):
    export_class = SafeTableExport
    export_formats = ("csv", "xlsx")
    table_pagination = {"per_page": 25}
    template_name = "mkip/list.html"
    page_title = ""

    def create_export(self, export_format):
        security_log.info(
            "export user=%s page=%s format=%s",
            self.request.user.get_username(),
            self.request.path,
            export_format,
        )
        return super().create_export(export_format)

    def sheet_title(self) -> str:
        """What an exported sheet holds: the page's title, or its export's name in words."""
        return self.page_title or self.export_name.replace("-", " ").capitalize()

    def get_dataset_kwargs(self):
        # Without a title tablib names the sheet "Tablib Dataset".
        return {**(super().get_dataset_kwargs() or {}), "title": sheet_name(self.sheet_title())}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = self.page_title
        return context
