"""Spreadsheet exports that cannot carry formulas into an officer's Excel."""

from django_tables2.export.export import TableExport

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers.

    >>> neutralise_cell("=1+2")
    "'=1+2"
    >>> from decimal import Decimal
    >>> neutralise_cell(Decimal("-171980.00"))
    Decimal('-171980.00')
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


# Excel refuses these in a sheet's name and cuts a name at 31 characters.
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
SHEET_NAME_LENGTH = 31


def sheet_name(text: str) -> str:
    """The name of an exported sheet: what it holds, as Excel allows it.

    >>> sheet_name("Mid Kent ICT: MBC revenue 2012/13 and after")
    'Mid Kent ICT MBC revenue 2012 1'
    >>> sheet_name("")
    'Export'
    """
    cleaned = " ".join(text.translate(SHEET_NAME_FORBIDDEN).split())
    return cleaned[:SHEET_NAME_LENGTH].rstrip() or "Export"


class SafeTableExport(TableExport):
    """django-tables2's exporter with every text cell neutralised."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        safe = type(dataset)(title=dataset.title)
        safe.headers = [neutralise_cell(header) for header in dataset.headers or []]
        for row in dataset:
            safe.append([neutralise_cell(cell) for cell in row])
        return safe

    @classmethod
    def is_valid_format(cls, export_format):
        # Only the formats we offer and test; tablib's others (YAML, LaTeX...) stay off.
        return export_format in ("csv", "xlsx")
