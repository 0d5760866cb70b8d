"""The MKIP finance inputs as `make run` loads them, with staff costs as staffing supplies them."""

import json
from decimal import Decimal

import pytest
from django.conf import settings

from finance.seed import load
from mkip.fiscal import FinancialYear
from staffing.establishment import StaffCosts

Y = FinancialYear.parse

# Seed 001 Table 1: what staffing.selectors.staff_costs returns for the MKIP ICT establishment.
SEED_STAFF_COSTS = StaffCosts(
    baseline=Decimal("1663840"),
    by_year={
        Y("2012/13"): Decimal("1663840"),
        Y("2013/14"): Decimal("1635840"),
        Y("2014/15"): Decimal("1635840"),
        Y("2015/16"): Decimal("1485060"),
    },
)


@pytest.fixture
def staff_costs_from_staffing(monkeypatch):
    """Finance's one call into staffing, answered with Table 1's figures (staffing's own tests cover its sums)."""
    monkeypatch.setattr(
        "finance.selectors.staff_costs_of",
        lambda plans, staff_tables=None: {plan.service_id: SEED_STAFF_COSTS for plan in plans},
    )
    return SEED_STAFF_COSTS


@pytest.fixture
def mkip_finance(mkip, staff_costs_from_staffing):

    load(json.loads((settings.BASE_DIR / "fixtures/mkip/finance.json").read_text()))
    return mkip
