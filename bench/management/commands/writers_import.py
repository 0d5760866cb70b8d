"""``manage.py writers_import``: a council's spreadsheet import as bench/writers.py runs it (JSON on stdout).

Every revenue grid of the council, in one transaction through :func:`finance.services.save_grid`
(the import's own path), each cell changed, grids in a stable order (by name). ``--hold S`` repeats the
passes inside that one transaction for S seconds: one long import. ``--loop S`` runs one import
after another for S seconds, taking the councils in turn: the mixed load. It prints ``began``
once its first write is done, so the caller can time the others' saves against it.
"""

import json
import sys
import time
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import OperationalError, transaction

from finance.models import BudgetFigure, BudgetLine, ChangePath
from finance.services import StaleGrid, save_grid
from partnership.models import Council

PROGRAMME = "revenue"
NUDGE = Decimal("0.01")


def grids(council) -> list:
    lines = BudgetLine.objects.filter(council=council, programme=PROGRAMME).select_related("service")
    # In the order a council's spreadsheet lists them (by name), not the database's: an import may
    # reach the grid an officer is saving after it has written others.
    return sorted({line.service.pk: line.service for line in lines}.values(), key=lambda service: service.name)


def import_pass(council, services, parity: int) -> int:
    """Change every cell of each grid by a penny (up on even passes, down on odd): cells written."""
    written = 0
    for service in services:
        figures = BudgetFigure.objects.filter(line__service=service, line__council=council, line__programme=PROGRAMME)
        cells, versions = {}, {}
        for figure in figures:
            key = (figure.line_id, figure.year.start_year, figure.kind)
            cells[key] = figure.amount + (NUDGE if parity % 2 == 0 else -NUDGE)
            versions[key] = figure.version
        save_grid(
            user=None,
            service=service,
            council=council,
            programme=PROGRAMME,
            cells=cells,
            loaded_versions=versions,
            path=ChangePath.IMPORT,
        )
        written += len(cells)
    return written


class Command(BaseCommand):
    help = "Run a council's import (or a stream of imports) for bench/writers.py."

    def add_arguments(self, parser):
        parser.add_argument("councils", help="council codes, comma-separated")
        parser.add_argument("--hold", type=float, default=0, help="one import lasting this many seconds")
        parser.add_argument("--loop", type=float, default=0, help="imports one after another for this long")

    def handle(self, *args, councils, hold, loop, **options):
        chosen = [Council.objects.get(code=code) for code in councils.split(",")]
        plans = [(council, grids(council)) for council in chosen]
        counts = {"imports": 0, "stale": 0, "deadlocks": 0, "errors": 0, "cells": 0, "seconds": []}
        stop_at = time.monotonic() + max(loop, 0)
        turn = 0
        while True:
            council, services = plans[turn % len(plans)]
            started = time.monotonic()
            try:
                with transaction.atomic():
                    counts["cells"] += import_pass(council, services, turn)
                    if turn == 0:
                        sys.stdout.write("began\n")
                        sys.stdout.flush()
                    passes = 1
                    while time.monotonic() - started < hold:
                        counts["cells"] += import_pass(council, services, turn + passes)
                        passes += 1
                counts["imports"] += 1
            except StaleGrid:
                counts["stale"] += 1  # an officer saved one of the grids since it was read: refused, as it should be
            except OperationalError as error:
                counts["deadlocks" if "deadlock" in str(error) else "errors"] += 1
            counts["seconds"].append(time.monotonic() - started)
            turn += 1
            if time.monotonic() >= stop_at:
                break
        if turn == 1 and counts["imports"] == 0:
            sys.stdout.write("began\n")
        self.stdout.write(json.dumps(counts))
