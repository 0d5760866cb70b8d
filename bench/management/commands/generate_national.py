"""Write a deterministic national data set beside MKIP: ``generate_national --seed 1 --councils 400 --services 630``.

The plan comes from :mod:`bench.national` (pure, seeded); this command only writes it, with
``bulk_create`` in batches and without per-row ``full_clean`` (the plan keeps to the rules,
and tests/bench/test_generate_national.py full_cleans a sample). MKIP's own rows are left as
they are: the generated councils, partnerships and services have codes and slugs of their own.
"""

import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from tqdm import tqdm

from bench import national
from finance.models import (
    BudgetFigure,
    BudgetLine,
    CapitalContribution,
    CapitalSpend,
    DeliveredSaving,
    ImplementationCost,
    NonStaffSavingStep,
    SavingsPlan,
)
from governance.models import Decision, GatewayHistory, Recommendation, Risk, RiskReview
from mkip.history import How, recording
from partnership.models import Council, Partnership, PartnershipMember, ReviewPoint, ServicePartner, SharedService
from staffing.models import PlannedReduction, Post, Team, TupeTransfer

BATCH = 2000
CHUNK = 25  # services written per round trip of bulk inserts
ILLUSTRATIVE_COUNCIL = ["name", "key_decision_threshold", "call_in_working_days"]


def progress(total, desc, enabled=True):
    if not enabled:
        return _Silent()
    return tqdm(total=total, desc=desc, unit="service", file=sys.stderr)


class _Silent:
    def update(self, count):
        pass

    def close(self):
        pass


class Command(BaseCommand):
    help = "Generate a deterministic national data set of councils sharing services (beside MKIP's own data)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--councils", type=int, default=400)
        parser.add_argument("--services", type=int, default=630)
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (for tests and logs).")

    def handle(self, *args, seed, councils, services, no_progress, **options):
        if councils < 6:
            raise CommandError("Give at least 6 councils: partnerships have three to six members.")
        if Partnership.objects.filter(slug__startswith=national.SLUG_PREFIX).exists():
            raise CommandError("A national data set is already in this database; use a fresh database.")
        started = time.monotonic()
        with transaction.atomic(), recording(how=How.SEED):
            counts = write(seed, councils, services, progress(services, "Services", enabled=not no_progress))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would give a live database
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(f"Generated in {time.monotonic() - started:.0f} s: {summary}")


def write(seed: int, council_count: int, service_count: int, bar) -> dict[str, int]:
    counts = {}
    council_rows = national.councils(seed, council_count, frozenset(Council.objects.values_list("name", flat=True)))
    created = Council.objects.bulk_create(
        [Council(**row, illustrative_fields=ILLUSTRATIVE_COUNCIL) for row in council_rows], batch_size=BATCH
    )
    council = {c.code: c.pk for c in created}
    thresholds = {row["code"]: (row["key_decision_threshold"], row["call_in_working_days"]) for row in council_rows}
    counts["councils"] = len(created)

    partnership_rows = national.partnerships(seed, list(council), service_count)
    partnership = {}
    members = []
    for row in partnership_rows:
        fields = {k: v for k, v in row.items() if k != "members"}
        p = Partnership.objects.create(**fields, description="Generated for the national benchmark.")
        partnership[row["slug"]] = p.pk
        members += [
            PartnershipMember(partnership=p, council_id=council[c], joined=row["formed_on"]) for c in row["members"]
        ]
    PartnershipMember.objects.bulk_create(members, batch_size=BATCH)
    counts["partnerships"] = len(partnership)

    plans = national.services(seed, partnership_rows, service_count)
    service_objects = SharedService.objects.bulk_create(
        [
            SharedService(
                partnership_id=partnership[plan.partnership],
                name=plan.name,
                slug=plan.slug,
                employment_model=plan.employment_model,
                agreement_start=plan.go_live,
                term_years=10,
                go_live=plan.go_live,
                gateway_stage=plan.gateway_stage,
                illustrative_fields=["go_live", "agreement_start", "term_years"],
            )
            for plan in plans
        ],
        batch_size=BATCH,
    )
    counts["services"] = len(service_objects)
    for start in range(0, len(plans), CHUNK):
        chunk = [national.fill(seed, plan, thresholds) for plan in plans[start : start + CHUNK]]
        ids = [s.pk for s in service_objects[start : start + CHUNK]]
        for name, count in _write_chunk(chunk, ids, council).items():
            counts[name] = counts.get(name, 0) + count
        bar.update(len(chunk))
    bar.close()
    return counts


def _write_chunk(plans, service_ids, council) -> dict[str, int]:
    partners, points, lines, line_figures = [], [], [], []
    savings_plans, steps, costs, contributions, spends, delivered = [], [], [], [], [], []
    teams, posts, tupe, reductions = [], [], [], []
    decisions, recommendations, histories, risks = [], [], [], []
    for plan, sid in zip(plans, service_ids, strict=True):
        for code, is_host in plan.partners:
            partners.append(
                ServicePartner(service_id=sid, council_id=council[code], joined=plan.go_live, is_host=is_host)
            )
        points.append(ReviewPoint(service_id=sid, name="Mid-term review", after_years=5))
        for code, name, group, programme, base, recharge, position, figures in plan.lines:
            lines.append(
                BudgetLine(
                    service_id=sid,
                    council_id=council[code],
                    programme=programme,
                    name=name,
                    group=group,
                    in_non_staff_base=base,
                    is_recharge=recharge,
                    position=position,
                )
            )
            line_figures.append(figures)
        savings_plans.append(
            SavingsPlan(service_id=sid, **{k: v for k, v in plan.plan.items() if k != "steps"}, illustrative_fields=[])
        )
        costs += [
            ImplementationCost(service_id=sid, name=n, amount=a, position=p) for n, a, p in plan.implementation_costs
        ]
        contributions += [
            CapitalContribution(service_id=sid, council_id=council[c], year=y, amount=a)
            for c, y, a in plan.contributions
        ]
        delivered += [
            DeliveredSaving(service_id=sid, council_id=council[c], year=y, amount=a, illustrative_fields=["amount"])
            for c, y, a in plan.delivered
        ]
        spends += [
            CapitalSpend(service_id=sid, year=y, description=d, amount=a, approved_at=_noon(f"{y}-06-01"))
            for y, d, a in plan.spends
        ]
        teams.append([Team(service_id=sid, name=n, group=g, order=o) for n, g, o in national.TEAMS])
        decisions.append([_decision_object(sid, row, council) for row in plan.decisions])
        risks.append(
            [Risk(service_id=sid, mitigation="", illustrative_fields=["owner"], **_risk(r)) for r in plan.risks]
        )

    ServicePartner.objects.bulk_create(partners, batch_size=BATCH)
    ReviewPoint.objects.bulk_create(points, batch_size=BATCH)
    BudgetLine.objects.bulk_create(lines, batch_size=BATCH)
    figures = [
        BudgetFigure(line_id=line.pk, year=year, kind=kind, amount=amount, illustrative_fields=["amount"])
        for line, rows in zip(lines, line_figures, strict=True)
        for year, kind, amount in rows
    ]
    BudgetFigure.objects.bulk_create(figures, batch_size=BATCH)
    SavingsPlan.objects.bulk_create(savings_plans, batch_size=BATCH)
    for savings_plan, plan in zip(savings_plans, plans, strict=True):
        steps += [
            NonStaffSavingStep(plan_id=savings_plan.pk, year=y, percentage=p, amount=a)
            for y, p, a in plan.plan["steps"]
        ]
    NonStaffSavingStep.objects.bulk_create(steps, batch_size=BATCH)
    ImplementationCost.objects.bulk_create(costs, batch_size=BATCH)
    CapitalContribution.objects.bulk_create(contributions, batch_size=BATCH)
    CapitalSpend.objects.bulk_create(spends, batch_size=BATCH)
    DeliveredSaving.objects.bulk_create(delivered, batch_size=BATCH)

    Team.objects.bulk_create([t for service_teams in teams for t in service_teams], batch_size=BATCH)
    for plan, sid, service_teams in zip(plans, service_ids, teams, strict=True):
        team = {t.name: t.pk for t in service_teams}
        for name, code, grade, fte, cost, vacant, year, kind in plan.posts:
            posts.append(
                Post(
                    service_id=sid,
                    team_id=team[name],
                    council_id=council[code] if code else None,
                    grade=grade,
                    fte=fte,
                    cost=cost,
                    vacant=vacant,
                    year=year,
                    kind=kind,
                    illustrative_fields=["grade", "fte", "cost", "vacant"],
                )
            )
        tupe += [
            TupeTransfer(service_id=sid, from_council_id=council[c], transferred_on=d, staff_count=n, fte=f)
            for c, d, n, f in plan.tupe
        ]
        reductions += [
            PlannedReduction(service_id=sid, team_id=team[t], year=y, fte=f, reason=r) for t, y, f, r in plan.reductions
        ]
    Post.objects.bulk_create(posts, batch_size=BATCH)
    TupeTransfer.objects.bulk_create(tupe, batch_size=BATCH)
    PlannedReduction.objects.bulk_create(reductions, batch_size=BATCH)

    Decision.objects.bulk_create([d for service_decisions in decisions for d in service_decisions], batch_size=BATCH)
    links = []
    for plan, sid, service_decisions in zip(plans, service_ids, decisions, strict=True):
        for row, decision in zip(plan.decisions, service_decisions, strict=True):
            recommendations += [
                Recommendation(decision_id=decision.pk, position=i, label=label, text=text)
                for i, (label, text) in enumerate(row["recommendations"], start=1)
            ]
        for entry in plan.gateway_history:
            history = GatewayHistory(
                service_id=sid,
                stage=entry["stage"],
                entered_on=entry["entered_on"],
                rating=entry["rating"],
                illustrative_fields=["entered_on", "rating"],
            )
            histories.append(history)
            links.append((history, [service_decisions[i].pk for i in entry["decisions"]]))
    Recommendation.objects.bulk_create(recommendations, batch_size=BATCH)
    GatewayHistory.objects.bulk_create(histories, batch_size=BATCH)
    through = GatewayHistory.decisions.through
    through.objects.bulk_create(
        [through(gatewayhistory_id=h.pk, decision_id=d) for h, ids in links for d in ids], batch_size=BATCH
    )
    Risk.objects.bulk_create([r for service_risks in risks for r in service_risks], batch_size=BATCH)
    reviews = [
        RiskReview(risk_id=risk.pk, reviewed_on=on, likelihood=lk, impact=im, status=st, note=note)
        for plan, service_risks in zip(plans, risks, strict=True)
        for row, risk in zip(plan.risks, service_risks, strict=True)
        for on, lk, im, st, note in row["reviews"]
    ]
    RiskReview.objects.bulk_create(reviews, batch_size=BATCH)
    return {
        "budget lines": len(lines),
        "budget figures": len(figures),
        "posts": len(posts),
        "decisions": sum(len(d) for d in decisions),
        "gateway entries": len(histories),
        "risks": sum(len(r) for r in risks),
    }


def _noon(day: str):
    return datetime.fromisoformat(f"{day}T12:00").replace(tzinfo=ZoneInfo("Europe/London"))


def _risk(row: dict) -> dict:
    return {k: row[k] for k in ("category", "title", "owner", "likelihood", "impact", "status")}


def _decision_object(service_id, row, council) -> Decision:
    fields = {k: v for k, v in row.items() if k not in ("council", "recommendations")}
    return Decision(
        service_id=service_id,
        council_id=council[row["council"]],
        decision_maker="cabinet",
        subject_to_call_in=True,
        decision_preamble="That Cabinet Agree:",
        purpose="Report on the business case for the shared service.",
        illustrative_fields=["title", "savings_gbp", "decided_on", "published_on"],
        **fields,
    )
