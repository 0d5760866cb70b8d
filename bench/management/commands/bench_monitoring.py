"""Quarterly monitoring for the benchmark: ``bench_monitoring`` after ``load_mkip`` (and ``generate_national``).

Opens Mid Kent ICT's round for quarter 2 of the benchmark year through the services, as a head
of service would, with Swale's return submitted and Tunbridge Wells' in progress, so the report
has every status to show. With ``--national`` every generated service gets its round too, each
council's return submitted with a forecast for every revenue line; those rows are bulk-written
(the benchmark measures reading them, not writing them one by one).
"""

from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from bench import national
from finance.models import BudgetFigure, FigureKind, Programme
from finance.models_monitoring import Forecast, MonitoringReturn, MonitoringRound, ReturnStatus
from finance.monitoring_services import budgets_for, open_round, return_version, save_return
from mkip.fiscal import FinancialYear
from mkip.history import How, recording
from partnership.models import Role, ServicePartner, SharedService, User

YEAR = FinancialYear(national.BASELINE_YEAR)
QUARTER = 2
DUE_ON = date(national.BASELINE_YEAR, 10, 15)
THRESHOLD_AMOUNT = Decimal("10000.00")
THRESHOLD_PERCENT = Decimal("5.00")
BATCH = 2000


class Command(BaseCommand):
    help = "Open a monitoring round for Mid Kent ICT (and, with --national, for every generated service)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--national", action="store_true", help="Also a submitted round for every generated service."
        )

    def handle(self, *args, national: bool, **options):
        head, _ = User.objects.get_or_create(
            username="bench.head", defaults={"role": Role.ADMINISTRATOR, "first_name": "Bench", "last_name": "Head"}
        )
        with recording(how=How.SEED):
            ict_round = _mkip_round(head)
            counts = _national_rounds(head) if national else {}
        summary = "".join(f", {count} {name}" for name, count in counts.items())
        self.stdout.write(f"Mid Kent ICT round {ict_round.pk}{summary}")


def _mkip_round(head) -> MonitoringRound:
    service = SharedService.objects.get(slug="ict")
    monitoring_round = open_round(
        service=service,
        year=YEAR,
        quarter=QUARTER,
        due_on=DUE_ON,
        threshold_amount=THRESHOLD_AMOUNT,
        threshold_percent=THRESHOLD_PERCENT,
        user=head,
    )
    for code, submit in (("SBC", True), ("TWBC", False)):
        monitoring_return = monitoring_round.returns.get(council__code=code)
        forecasts = {line_id: (budget, "") for line_id, budget in budgets_for(monitoring_return).items()}
        save_return(
            monitoring_return=monitoring_return,
            forecasts=forecasts,
            loaded_version=return_version(monitoring_return),
            user=head,
            submit=submit,
        )
    return monitoring_round


@transaction.atomic
def _national_rounds(head) -> dict[str, int]:
    services = list(SharedService.objects.filter(slug__startswith=national.SLUG_PREFIX).order_by("pk"))
    rounds = MonitoringRound.objects.bulk_create(
        [
            MonitoringRound(
                service=service,
                year=YEAR,
                quarter=QUARTER,
                due_on=DUE_ON,
                threshold_amount=THRESHOLD_AMOUNT,
                threshold_percent=THRESHOLD_PERCENT,
                opened_by=head,
            )
            for service in services
        ],
        batch_size=BATCH,
    )
    round_of = {r.service_id: r for r in rounds}
    partners = ServicePartner.objects.filter(service__in=services).values_list("service_id", "council_id")
    returns = MonitoringReturn.objects.bulk_create(
        [
            MonitoringReturn(round=round_of[service_id], council_id=council_id, status=ReturnStatus.SUBMITTED)
            for service_id, council_id in partners
        ],
        batch_size=BATCH,
    )
    return_of = {(r.round.service_id, r.council_id): r for r in returns}
    budgets = BudgetFigure.objects.filter(
        line__service__in=services, line__programme=Programme.REVENUE, year=YEAR, kind=FigureKind.BUDGET
    ).values_list("line_id", "line__service_id", "line__council_id", "amount")
    forecasts = Forecast.objects.bulk_create(
        [
            Forecast(monitoring_return=return_of[(service_id, council_id)], line_id=line_id, amount=amount)
            for line_id, service_id, council_id, amount in budgets
            if (service_id, council_id) in return_of
        ],
        batch_size=BATCH,
    )
    return {"rounds": len(rounds), "returns": len(returns), "forecasts": len(forecasts)}
