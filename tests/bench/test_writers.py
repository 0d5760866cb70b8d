"""The writer benchmark's own pieces: its officers each have a grid of their own, and its import
changes every cell of a council's grids in one transaction, logged as that partnership's writes."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from finance.models import BudgetFigure, FigureChange
from partnership.models import Council, DataChange, Partnership
from partnership.revision import current_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_set():
    call_command(
        "generate_national", "--seed", "1", "--councils", "12", "--services", "10", "--no-progress", stdout=StringIO()
    )


def test_writers_setup_gives_each_officer_a_grid_of_their_own(national_set):
    out = StringIO()
    call_command("writers_setup", "--writers", "1", stdout=out)
    setup = json.loads(out.getvalue())
    different = [(entry["service"], entry["council"]) for entry in setup["different"]]
    assert len(different) == 1
    assert len(setup["same"]) == 1
    assert len({entry["session"] for entry in setup["different"] + setup["same"]}) == 2
    assert all(any(name.startswith("grid-v-") for name in entry["body"]) for entry in setup["different"])
    assert setup["importer"] not in {council for _, council in different}


def test_writers_import_changes_every_cell_of_the_councils_grids_as_its_partnerships_writes(national_set):
    council = Council.objects.filter(budget_lines__programme="revenue").order_by("code").first()
    figures = BudgetFigure.objects.filter(line__council=council, line__programme="revenue")
    before = dict(figures.values_list("pk", "amount"))
    partnership = Partnership.objects.filter(services__budget_lines__council=council).distinct().get()
    other = Partnership.objects.exclude(pk=partnership.pk).filter(slug__startswith="national-").first()
    tokens = current_token(partnership.slug), current_token(other.slug)
    out = StringIO()
    call_command("writers_import", council.code, stdout=out)
    report = json.loads(out.getvalue().splitlines()[-1])
    assert report["imports"] == 1
    assert report["cells"] == len(before)
    after = dict(figures.values_list("pk", "amount"))
    assert all(after[pk] != amount for pk, amount in before.items())
    assert FigureChange.objects.filter(line__council=council, path="import").count() == len(before)
    assert current_token(partnership.slug) != tokens[0]
    assert current_token(other.slug) == tokens[1]
    assert DataChange.objects.filter(scope=partnership.pk).exists()
