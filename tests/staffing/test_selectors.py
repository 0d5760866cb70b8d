"""The establishment read from the database: seed 001 Table 1 and the finance projection's staff costs."""

import json
from decimal import Decimal

from django.conf import settings

from mkip.columns import BUDGET, ESTIMATE, YearColumn
from mkip.fiscal import FinancialYear
from staffing import seed
from staffing.models import Post, PostChange
from staffing.selectors import establishment, staff_costs
from tests.factories import SharedServiceFactory


def d(text):
    return Decimal(text)


def test_the_loaded_establishment_gives_seed_001_table_1(ict_staffing, django_assert_num_queries):
    # 1 query: the posts with their teams and councils.
    with django_assert_num_queries(1):
        table = establishment(ict_staffing).table
    assert table.groups == ("Non GIS", "GIS")
    assert [t.fte for t in table.totals] == [d(x) for x in ("47.81", "41.70", "41.00", "41.00", "41.00", "38.00")]
    assert [t.cost for t in table.totals] == [
        d(x) for x in ("1835820", "1663840", "1663840", "1635840", "1635840", "1485060")
    ]
    assert table.cost_changes()[1:] == (d("-171980"), d("0"), d("-28000"), d("0"), d("-150780"))


def test_staff_costs_gives_the_2012_13_budget_baseline_and_each_estimate(ict_staffing, django_assert_num_queries):
    # 1 query: the posts with their teams and councils.
    with django_assert_num_queries(1):
        costs = staff_costs(ict_staffing)
    assert costs.baseline == d("1663840")
    assert costs.by_year == {
        FinancialYear(2012): d("1663840"),
        FinancialYear(2013): d("1635840"),
        FinancialYear(2014): d("1635840"),
        FinancialYear(2015): d("1485060"),
    }


def test_staff_costs_baseline_column_is_a_parameter(ict_staffing):
    assert staff_costs(ict_staffing, baseline=YearColumn(2011, BUDGET)).baseline == d("1835820")
    assert staff_costs(ict_staffing, baseline=YearColumn(2013, ESTIMATE)).baseline == d("1635840")


def test_staff_costs_is_none_without_an_establishment_or_its_baseline(ict_staffing):
    assert staff_costs(SharedServiceFactory()) is None
    Post.objects.filter(service=ict_staffing, year=FinancialYear(2012), kind=BUDGET).delete()
    assert staff_costs(ict_staffing, baseline=YearColumn(2012, BUDGET)) is None


def test_without_a_baseline_given_the_establishments_last_budget_column_is_the_baseline(ict_staffing):
    assert staff_costs(ict_staffing).baseline == d("1663840")  # the 2012/13 budget
    Post.objects.filter(service=ict_staffing, year=FinancialYear(2012), kind=BUDGET).delete()
    assert staff_costs(ict_staffing).baseline == d("1835820")  # now the 2011/12 budget


def test_loading_twice_adds_nothing_and_changes_nothing(ict_staffing):

    posts, changes = Post.objects.count(), PostChange.objects.count()
    seed.load(json.loads((settings.BASE_DIR / "fixtures/mkip/staffing.json").read_text(encoding="utf-8")))
    assert (Post.objects.count(), PostChange.objects.count()) == (posts, changes)
    assert all(post.illustrative_fields for post in Post.objects.all())
