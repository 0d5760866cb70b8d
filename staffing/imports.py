"""Importing one column's posts from CSV or XLSX, in the columns of the posts' export.

The file replaces the posts of the councils it names in this column. The upload → preview →
confirm flow is the kernel's (:mod:`mkip.imports`); here each row becomes an :class:`ImportLine`
or a problem naming the spreadsheet row and column (:func:`parse_lines`, which reads no
database), and the confirm saves through :func:`staffing.services.posts_save_column` on the
import path, so permission, stale-save and history rules are the posts grid's own.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.html import format_html

from mkip.imports import Cell, ImportFlow, Parsed, Preview, Problem, Refused, Saved, Stale, count_of
from mkip.money import format_gbp, parse_money
from partnership.permissions import can_edit_staff_post
from staffing import services
from staffing.establishment import MAX_LINE_FTE, establishment_totals
from staffing.models import ChangePath, Post, Team

REQUIRED = ("Team", "Council", "Grade", "FTE", "Cost")
HOST_WORDS = {"host", ""}
YES = {"yes", "y", "true", "1", "vacant"}
NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class ImportLine:
    row_number: int
    team: str
    council: str | None  # a council code, or None for the host authority
    grade: str
    fte: Decimal
    cost: Decimal
    vacant: bool


def _fte(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"“{text}” is not an FTE, like 1.00 or 0.50") from None
    if not value.is_finite():
        raise ValueError(f"“{text}” is not an FTE, like 1.00 or 0.50")
    # The range first: quantizing a number of hundreds of digits overflows.
    if not Decimal("0") < value <= MAX_LINE_FTE:
        raise ValueError(f"FTE must be more than 0 and at most {MAX_LINE_FTE}, not {text}")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"FTE “{text}” must have at most 2 decimal places")
    return value.quantize(Decimal("0.01"))


def parse_lines(rows: list[dict[str, str]], *, team_names, council_codes) -> tuple[list[ImportLine], list[Problem]]:
    """Lines and error messages from ``read_table`` rows; blank rows are skipped.

    >>> rows = [{"Team": "GIS", "Council": "MBC", "Grade": "G8", "FTE": "4", "Cost": "£138,600", "Vacant": "no"}]
    >>> lines, errors = parse_lines(rows, team_names={"GIS"}, council_codes={"MBC"})
    >>> (lines[0].fte, lines[0].cost, errors)
    (Decimal('4.00'), Decimal('138600.00'), [])
    """
    if rows:
        headings = {heading.casefold() for heading in rows[0]}
        missing = [name for name in REQUIRED if name.casefold() not in headings]
        if missing:
            columns = "columns" if len(missing) > 1 else "column"
            return [], [Problem(1, f"The header row needs the {columns} {', '.join(missing)}")]
    lines, errors = [], []
    for index, raw in enumerate(rows):
        number = index + 2
        row = {key.casefold(): (value or "").strip() for key, value in raw.items()}
        if not any(row.values()):
            continue
        problems = []
        team = row.get("team", "")
        if team not in team_names:
            problems.append(f"team “{team}” is not one of this service’s teams")
        council = row.get("council", "")
        if council.casefold() in HOST_WORDS:
            council = None
        elif council.upper() not in council_codes:
            problems.append(f"council “{council}” is not a partner (use a code such as {min(council_codes)} or Host)")
        else:
            council = council.upper()
        grade = row.get("grade", "")
        if not grade or len(grade) > 40:
            problems.append("give a grade of at most 40 characters")
        try:
            fte = _fte(row.get("fte", ""))
        except ValueError as error:
            problems.append(str(error))
        try:
            cost = parse_money(row.get("cost", ""))
            if cost < 0:
                problems.append("cost cannot be negative")
        except ValueError as error:
            problems.append(f"{error} in the Cost column")
        vacant_text = row.get("vacant", "").casefold()
        if vacant_text not in YES | NO:
            problems.append(f"vacant must be yes or no, not “{row.get('vacant')}”")
        if problems:
            errors.append(Problem(number, "; ".join(problems)))
            continue
        lines.append(ImportLine(number, team, council, grade, fte, cost, vacant_text in YES))
    if not lines and not errors:
        errors.append(Problem(None, "The file has no posts in it"))
    return lines, errors


def _councils(codes) -> str:
    """The councils an import names, for the log: their codes, ``host`` for the host authority."""
    return ",".join(sorted({code or "host" for code in codes})) or "-"


def _line_to_json(line: ImportLine) -> dict:
    return {**line.__dict__, "fte": str(line.fte), "cost": str(line.cost)}


def _totals(posts) -> str:
    totals = establishment_totals([post.as_line() for post in posts])
    return f"{count_of(len(posts), 'line')}: {totals.fte:,.2f} FTE, {format_gbp(totals.cost, pence=True)}"


PREVIEW_HEADINGS = [
    Cell("Row"),
    Cell("Team"),
    Cell("Council"),
    Cell("Grade"),
    Cell("FTE", numeric=True),
    Cell("Cost", numeric=True),
    Cell("Vacant"),
]


class PostsImport(ImportFlow):
    """The posts of one budget or estimate column of a service; the caller has checked the officer
    may change some of its posts, and the flow checks each row's council."""

    upload_hint = "Columns: Team, Council (a code such as MBC, or Host), Grade, FTE, Cost, Vacant (yes or no)."
    upload_button = "Preview the import"
    stale_heading = "Someone else changed these posts since your preview: nothing was imported"
    breadcrumbs = "staffing/_breadcrumbs.html"

    def __init__(self, request, *, service, column, councils, current_ids, posts_url):
        super().__init__(request)
        self.service, self.column, self.current_ids = service, column, current_ids
        self.by_code = {council.code: council for council in councils.values()}
        self.done_url = posts_url
        self.title = self.heading = f"Import posts into the {column.label}"
        self.preview_title = self.preview_heading = f"Check the import into the {column.label}"
        self.caption = service.name
        self.intro = format_html(
            "The file replaces this column’s posts of each council it names. You will see a preview before "
            'anything is saved. <a class="govuk-link" href="{}?_export=xlsx">Download the current posts</a> '
            "to start from.",
            posts_url,
        )

    def session_key(self) -> str:
        return f"staffing-import-{self.service.pk}-{self.column.slug}"

    def audit_scope(self) -> dict[str, str]:
        return {"service": self.service.slug, "year": self.column.year.label, "kind": self.column.kind}

    def context(self) -> dict:
        return {"service": self.service, "column": self.column}

    def _council_id(self, code):
        return self.by_code[code].pk if code else None

    def parse(self, rows) -> Parsed:
        teams = {team.name: team for team in Team.objects.filter(service=self.service)}
        lines, problems = parse_lines(rows, team_names=set(teams), council_codes=set(self.by_code))
        user, not_permitted = self.request.user, set()
        for line in lines:
            if not can_edit_staff_post(user, self.service, self._council_id(line.council), self.current_ids):
                not_permitted.add(line.council)
                problems.append(Problem(line.row_number, f"you cannot change {line.council or 'the host'}’s posts"))
        if problems:
            refusal = {"councils": _councils(line.council for line in lines), "problems": len(problems)}
            if not_permitted:  # rows for a council the officer may not change: a refused write
                refusal.update(reason="not-permitted", not_permitted=_councils(not_permitted))
            else:
                refusal.update(reason="problems")
            return Parsed(problems, refusal=refusal)
        named = {self._council_id(line.council) for line in lines}
        posts = Post.objects.column(self.service, self.column.year, self.column.kind)
        replaced = [post for post in posts if post.council_id in named]
        kept = {"lines": [_line_to_json(line) for line in lines], "replace": [[p.pk, p.version] for p in replaced]}
        imported = [
            Post(team=teams[line.team], grade=line.grade, fte=line.fte, cost=line.cost, vacant=line.vacant)
            for line in lines
        ]
        rows = [
            [
                Cell(str(line.row_number)),
                Cell(line.team),
                Cell(line.council or "Host"),
                Cell(line.grade),
                Cell(f"{line.fte:,.2f}", numeric=True),
                Cell(format_gbp(line.cost, pence=True), numeric=True),
                Cell("Yes" if line.vacant else "No"),
            ]
            for line in lines
        ]
        summary = [("Posts replaced", _totals(replaced)), ("Posts imported", _totals(imported))]
        return Parsed([], kept, Preview("Posts in the file", PREVIEW_HEADINGS, rows, summary))

    def kept_audit(self, kept) -> dict:
        return {"councils": _councils(line["council"] for line in kept["lines"])}

    def _rows(self, kept) -> list[services.PostRow]:
        teams = {team.name: team for team in Team.objects.filter(service=self.service)}
        try:
            return [
                services.PostRow(team=None, council=None, grade="", fte=0, cost=0, post_id=pk, version=v, delete=True)
                for pk, v in kept["replace"]
            ] + [
                services.PostRow(
                    team=teams[line["team"]],
                    council=self.by_code[line["council"]] if line["council"] else None,
                    grade=line["grade"],
                    fte=line["fte"],
                    cost=line["cost"],
                    vacant=line["vacant"],
                )
                for line in kept["lines"]
            ]
        except KeyError:
            raise Stale(["The service’s teams or partners have changed since the preview"]) from None

    def save(self, kept) -> Saved:
        try:
            result = services.posts_save_column(
                user=self.request.user, service=self.service, year=self.column.year, kind=self.column.kind,
                rows=self._rows(kept), current_partner_ids=self.current_ids, path=ChangePath.IMPORT,
            )  # fmt: skip
        except services.StaleSave as error:
            raise Stale(error.changes) from error
        except services.RowErrors as error:
            skipped = len(kept["replace"])  # the error's row indexes count the replaced posts first
            problems = []
            for index, field_errors in sorted(error.row_errors.items()):
                line = kept["lines"][index - skipped] if index >= skipped else {}
                for message in (message for messages in field_errors.values() for message in messages):
                    if "row_number" in line:
                        problems.append(Problem(line["row_number"], message))
                    else:
                        problems.append(Problem(None, f"A post it replaces: {message}"))
            raise Refused(problems) from error
        return Saved(
            f"Imported {count_of(result.created, 'post')}, replacing {result.deleted}.",
            {"posts_added": result.created, "posts_replaced": result.deleted},
        )
