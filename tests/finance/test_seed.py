"""The MKIP finance inputs load from fixtures/mkip/finance.json, and loading again changes nothing."""

import json

import pytest
from django.conf import settings

from finance.models import BudgetFigure, ChangePath, FigureChange
from finance.seed import load

pytestmark = pytest.mark.django_db


def _data():
    return json.loads((settings.BASE_DIR / "fixtures/mkip/finance.json").read_text())


def test_loading_twice_changes_nothing_and_records_each_figure_once(mkip):
    load(_data())
    figures, changes = BudgetFigure.objects.count(), FigureChange.objects.count()
    load(_data())
    assert (BudgetFigure.objects.count(), FigureChange.objects.count()) == (figures, changes)
    assert figures == changes
    assert set(FigureChange.objects.values_list("path", flat=True)) == {ChangePath.SEED}


def test_every_per_council_figure_is_marked_illustrative(mkip):
    load(_data())
    assert all(figure.is_illustrative("amount") for figure in BudgetFigure.objects.all())
