"""Rows for the finance templates: the statement's dicts (keyed by council) laid out as lists.

Templates cannot look up a dict by a variable, so this turns a :class:`ServiceFinance`
into plain rows, each with the link to the inputs it comes from. No queries, no sums
beyond what the statement already holds.
"""

from decimal import Decimal

from django.urls import reverse

from mkip.money import round_money

MILLION = Decimal("1000000")


def millions(amount: Decimal) -> str:
    """A headline like "£3.71M", rounded once with round_money to £10,000."""
    return f"£{round_money(amount, unit=Decimal('10000')) / MILLION:.2f}M"


def thousands(amount: Decimal) -> str:
    """A headline like "£371,000", rounded once with round_money to £1,000."""
    return f"£{round_money(amount, unit=Decimal('1000')):,.0f}"


def service_rows(finance) -> dict:
    service, statement = finance.service, finance.statement
    councils = finance.councils

    def grid(council, programme="revenue"):
        return reverse("finance:grid", args=[service.slug, council.code, programme])

    budget_years = [column.year for column in statement.columns if column.kind == "budget"]
    by_council = [
        {
            "council": council,
            "amounts": [statement.budget_by_council.get(council.pk, {}).get(year) for year in budget_years],
            "cells": [(year, statement.budget_by_council.get(council.pk, {}).get(year)) for year in budget_years],
            "url": grid(council),
        }
        for council in councils
    ]
    savings = []
    if statement.projection:
        for row in statement.projection.rows:
            parts = statement.savings_by_council.get(row.year, {})
            savings.append(
                {
                    "row": row,
                    "by_council": [parts.get(council.pk) for council in councils],
                    "cells": [(council, parts.get(council.pk)) for council in councils],
                }
            )
    shares = {basis.council: basis for basis in statement.bases}
    bases = [
        {"council": c, "basis": shares[c.pk], "url": grid(c), "capital_url": grid(c, "capital")}
        for c in councils
        if c.pk in shares
    ]
    implementation = [
        {
            "cost": cost,
            "by_council": [statement.implementation.get(cost.name, {}).get(c.pk) for c in councils],
            "cells": [(c, statement.implementation.get(cost.name, {}).get(c.pk)) for c in councils],
        }
        for cost in finance.implementation_costs
    ]
    projection = statement.projection
    return {
        "budget_by_council": by_council,
        "savings": savings,
        "council_totals": [statement.council_totals.get(c.pk) for c in councils],
        "bases": bases,
        "implementation": implementation,
        "implementation_totals": [statement.implementation_totals.get(c.pk) for c in councils],
        "implementation_total": sum((cost.amount for cost in finance.implementation_costs), Decimal("0.00")),
        "pot_by_council": [(c, statement.pot.by_council.get(c.pk)) for c in councils],
        "headline_total": millions(projection.total) if projection else None,
        "headline_average": thousands(projection.average_per_year) if projection else None,
        "non_staff_headline": millions(projection.non_staff_total) if projection else None,
    }
