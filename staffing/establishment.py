"""The staff establishment of a shared service, and the staffing table a business case shows.

Pure functions over plain :class:`Post` lines (no database). The rules:

* A post line has a team, a group (the table's rows, e.g. "Non GIS" and "GIS"), a grade,
  an FTE held to 2 decimal places and a yearly cost in pounds and pence. One line may
  stand for several identical posts, so FTE runs from 0.01 to 99.99.
* Vacant posts are left out of totals unless asked for: current vacancies are excluded
  from the revenue baseline (seed 001 §3.4 d).
* Totals and changes are exact: FTE to 2 places, cost to the penny. Nothing here rounds
  for display. A table may show FTE totals at 1 place (47.81 as "47.8") and changes at
  2 places (-6.11); the template decides, using :func:`mkip.money.round_money`.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import pairwise

from mkip.columns import BUDGET, ESTIMATE, YearColumn
from mkip.fiscal import FinancialYear
from mkip.money import round_money

FTE_PLACES = Decimal("0.01")
MAX_LINE_FTE = Decimal("99.99")
# A staffing table has budget and estimate columns, never an outturn.
KINDS = (BUDGET, ESTIMATE)


def _two_places(value, what: str) -> Decimal:
    """``value`` as a Decimal with exactly 2 places; more places than that is an error, not rounded."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{what} must be a Decimal, like Decimal('1.00'), not {value!r}")
    value = Decimal(value)
    if not value.is_finite() or value != value.quantize(FTE_PLACES):
        raise ValueError(f"{what} must have at most 2 decimal places, not {value}")
    return value.quantize(FTE_PLACES)


@dataclass(frozen=True)
class Post:
    """One line of the establishment: ``fte`` posts of one grade in one team.

    ``council`` is the employing council, or None once staff sit with the host authority.

    >>> Post("Service desk", "Non GIS", "Scale 5", Decimal("3.7"), Decimal("112630")).fte
    Decimal('3.70')
    >>> Post("Service desk", "Non GIS", "Scale 5", Decimal("0"), Decimal("0"))
    Traceback (most recent call last):
    ValueError: FTE of a Service desk post must be more than 0 (delete the line), not 0.00
    """

    team: str
    group: str
    grade: str
    fte: Decimal
    cost: Decimal
    vacant: bool = False
    council: str | None = None

    def __post_init__(self):
        for field in ("team", "group"):
            if not str(getattr(self, field)).strip():
                raise ValueError(f"A post needs a {field}")
        fte = _two_places(self.fte, f"FTE of a {self.team} post")
        if fte <= 0:
            raise ValueError(f"FTE of a {self.team} post must be more than 0 (delete the line), not {fte}")
        if fte > MAX_LINE_FTE:
            raise ValueError(f"FTE of a {self.team} post line must be at most {MAX_LINE_FTE}, not {fte}")
        cost = _two_places(self.cost, f"Cost of a {self.team} post")
        if cost < 0:
            raise ValueError(f"Cost of a {self.team} post cannot be negative, not {cost}")
        object.__setattr__(self, "fte", fte)
        object.__setattr__(self, "cost", cost)


def baseline_column(columns) -> YearColumn | None:
    """The establishment savings are measured from when no savings plan names one: its last budget column.

    Budget columns hold the councils' structures before the shared service; estimates, the
    shared service's. A savings plan's baseline year, where there is one, decides instead.

    >>> baseline_column([YearColumn(2011, BUDGET), YearColumn(2012, BUDGET), YearColumn(2012, ESTIMATE)]).label
    '2012/13 Budget'
    >>> baseline_column([YearColumn(2013, ESTIMATE)]) is None
    True
    """
    budgets = [column for column in columns if column.kind == BUDGET]
    return max(budgets, key=lambda column: column.sort_key) if budgets else None


@dataclass(frozen=True)
class Totals:
    """FTE and cost by group, in the table's group order; ``fte`` and ``cost`` are their sums."""

    fte_by_group: Mapping[str, Decimal]
    cost_by_group: Mapping[str, Decimal]

    @property
    def fte(self) -> Decimal:
        return sum(self.fte_by_group.values(), Decimal("0.00"))

    @property
    def cost(self) -> Decimal:
        return sum(self.cost_by_group.values(), Decimal("0.00"))


def establishment_totals(
    posts: Iterable[Post], *, include_vacant: bool = False, groups: Sequence[str] | None = None
) -> Totals:
    """Add up FTE and cost by group. Vacant posts count only with ``include_vacant=True``.

    ``groups`` fixes the order and lists groups that show 0.00 when no post is in them;
    a post in a group not listed is an error (its cost would otherwise vanish from the
    table). Without ``groups``, groups appear in the order first seen (vacant posts too).

    >>> posts = [Post("GIS", "GIS", "G8", Decimal("2.00"), Decimal("60000")),
    ...          Post("Service desk", "Non GIS", "S5", Decimal("1.50"), Decimal("40000")),
    ...          Post("Service desk", "Non GIS", "S5", Decimal("1.00"), Decimal("25000"), vacant=True)]
    >>> totals = establishment_totals(posts, groups=["Non GIS", "GIS"])
    >>> dict(totals.fte_by_group), totals.fte, totals.cost
    ({'Non GIS': Decimal('1.50'), 'GIS': Decimal('2.00')}, Decimal('3.50'), Decimal('100000.00'))
    """
    posts = list(posts)
    order = list(groups) if groups is not None else list(dict.fromkeys(post.group for post in posts))
    fte = dict.fromkeys(order, Decimal("0.00"))
    cost = dict.fromkeys(order, Decimal("0.00"))
    for post in posts:
        if post.group not in fte:
            raise ValueError(f"Post group “{post.group}” is not one of the groups: {', '.join(order)}")
        if post.vacant and not include_vacant:
            continue
        fte[post.group] += post.fte
        cost[post.group] += post.cost
    return Totals(fte_by_group=fte, cost_by_group=cost)


@dataclass(frozen=True)
class Row:
    """One display row: a label, what it measures (``"fte"`` or ``"cost"``) and a value per column.

    In a change row the first column is None (nothing to compare with) and "no change" is
    Decimal 0, not None: the seed leaves those cells blank, which is the template's choice.
    """

    label: str
    measure: str
    values: tuple[Decimal | None, ...]
    is_change: bool = False


@dataclass(frozen=True)
class TableOne:
    """The staffing table: per column, FTE and cost by group, totals and change on the previous column."""

    columns: tuple[YearColumn, ...]
    groups: tuple[str, ...]
    totals: tuple[Totals, ...]

    def _index(self, column: YearColumn) -> int:
        if column not in self.columns:
            raise KeyError(f"The table has no {column.label} column")
        return self.columns.index(column)

    def totals_for(self, column: YearColumn) -> Totals:
        return self.totals[self._index(column)]

    def _changes(self, measure: str) -> tuple[Decimal | None, ...]:
        values = [getattr(totals, measure) for totals in self.totals]
        return (None, *(now - before for before, now in pairwise(values)))

    def fte_changes(self) -> tuple[Decimal | None, ...]:
        """Total FTE less the previous column's; None for the first column, Decimal 0 for no change."""
        return self._changes("fte")

    def cost_changes(self) -> tuple[Decimal | None, ...]:
        """Total cost less the previous column's; None for the first column, Decimal 0 for no change."""
        return self._changes("cost")

    def fte_change(self, column: YearColumn) -> Decimal | None:
        return self.fte_changes()[self._index(column)]

    def cost_change(self, column: YearColumn) -> Decimal | None:
        return self.cost_changes()[self._index(column)]

    def rows(self) -> tuple[Row, ...]:
        """The rows in the seed's order: FTE by group, total FTE, FTE change, then the same for cost."""
        rows = []
        for measure, total_label in (("fte", "Total All Staff - FTE"), ("cost", "Total All Staff - Cost")):
            by_group = "fte_by_group" if measure == "fte" else "cost_by_group"
            for group in self.groups:
                values = tuple(getattr(totals, by_group)[group] for totals in self.totals)
                rows.append(Row(f"{group} Staff", measure, values))
            rows.append(Row(total_label, measure, tuple(getattr(t, measure) for t in self.totals)))
            rows.append(Row("Changes between years", measure, self._changes(measure), is_change=True))
        return tuple(rows)


def table_one(
    columns: Mapping[YearColumn, Iterable[Post]],
    groups_order: Sequence[str] | None = None,
    *,
    include_vacant: bool = False,
) -> TableOne:
    """Build the staffing table from the posts in each column.

    Columns are put in date order (budget before estimate within a year) whatever the
    mapping's order, because each change compares a column with the one before it.
    Without ``groups_order`` the groups are those seen, in order of first appearance.
    """
    ordered = sorted(columns, key=lambda column: column.sort_key)
    if not ordered:
        raise ValueError("The staffing table needs at least one column")
    posts = {column: list(columns[column]) for column in ordered}
    if groups_order is None:
        groups_order = list(dict.fromkeys(post.group for column in ordered for post in posts[column]))
    groups = tuple(groups_order)
    totals = tuple(establishment_totals(posts[c], include_vacant=include_vacant, groups=groups) for c in ordered)
    return TableOne(columns=tuple(ordered), groups=groups, totals=totals)


@dataclass(frozen=True)
class StaffCosts:
    """What the finance projection needs: the baseline staff cost and the staff cost per year.

    Finance works out staff savings as ``baseline - by_year[year]``.
    """

    baseline: Decimal
    by_year: Mapping[FinancialYear, Decimal]


def staff_cost_by_year(table: TableOne, kind: str = ESTIMATE, *, baseline: YearColumn) -> StaffCosts:
    """Total staff cost of the ``baseline`` column, and of every column of ``kind`` by year."""
    if kind not in KINDS:
        raise ValueError(f"A column is a budget or an estimate, not “{kind}”")
    by_year = {
        column.year: totals.cost
        for column, totals in zip(table.columns, table.totals, strict=True)
        if column.kind == kind
    }
    return StaffCosts(baseline=table.totals_for(baseline).cost, by_year=by_year)


@dataclass(frozen=True)
class Reduction:
    """A planned cut of ``fte`` in one team from ``year`` on (e.g. the Change Team disbanded by 2015/16).

    ``council`` narrows it to one employer's posts; None means posts of any council.
    """

    year: FinancialYear
    team: str
    fte: Decimal
    reason: str = ""
    council: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "year", FinancialYear.parse(self.year))
        fte = _two_places(self.fte, f"FTE of a {self.team} reduction")
        if fte <= 0:
            raise ValueError(f"A reduction must remove more than 0 FTE, not {fte}")
        object.__setattr__(self, "fte", fte)

    def applies_to(self, post: Post) -> bool:
        return post.team == self.team and self.council in (None, post.council)


def apply_reductions(
    posts: Iterable[Post], reductions: Iterable[Reduction], *, up_to: FinancialYear | None = None
) -> list[Post]:
    """The posts left after the reductions due by ``up_to`` (all of them when None), earliest first.

    Each reduction takes FTE from its team's posts, vacant lines first (deleting a
    vacancy puts no one at risk), then in list order. A line that is used up goes; a
    line partly cut keeps its remaining FTE and cost pro rata, the cost removed
    rounded to the penny with :func:`round_money`. Cutting more FTE than the team has is
    an error.

    >>> team = [Post("Change team", "Non GIS", "M2", Decimal("1.00"), Decimal("58260")),
    ...         Post("Change team", "Non GIS", "M3", Decimal("2.00"), Decimal("92520"))]
    >>> left = apply_reductions(team, [Reduction(2015, "Change team", Decimal("1.50"))])
    >>> [(post.grade, post.fte, post.cost) for post in left]
    [('M3', Decimal('1.50'), Decimal('69390.00'))]
    """
    posts = list(posts)
    due = [r for r in reductions if up_to is None or r.year <= FinancialYear.parse(up_to)]
    for reduction in sorted(due, key=lambda r: r.year):
        matching = [i for i, post in enumerate(posts) if reduction.applies_to(post)]
        available = sum((posts[i].fte for i in matching), Decimal("0.00"))
        if reduction.fte > available:
            raise ValueError(
                f"{reduction.year} reduction of {reduction.fte} FTE in {reduction.team} is more than"
                f" the {available} FTE in that team"
            )
        remaining = reduction.fte
        for i in sorted(matching, key=lambda i: not posts[i].vacant):
            if remaining == 0:
                break
            post = posts[i]
            taken = min(remaining, post.fte)
            remaining -= taken
            if taken == post.fte:
                posts[i] = None
            else:
                cost_left = post.cost - round_money(post.cost * taken / post.fte)
                posts[i] = replace(post, fte=post.fte - taken, cost=cost_left)
        posts = [post for post in posts if post is not None]
    return posts
