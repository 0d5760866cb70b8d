"""The database refuses what the forms refuse: a write that skips the forms still cannot store it.

For every CHECK constraint on our models there is a case: a real row of the MKIP data is given a
value the rule forbids. Two things are proved for each: the model's own validation (which every
ModelForm runs) refuses it with a message, and an UPDATE that bypasses validation entirely is
refused by the database (IntegrityError) and leaves the row as it was. A new constraint without a
case here fails test_every_check_constraint_has_a_case, so the list stays complete.

Already proved elsewhere (tests/partnership/test_models.py): a membership that ends before it
starts, two current memberships, a second current host, a negative key-decision threshold,
officers without a council, heads of service without a service, a term without a start.
"""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from finance.models import CapitalSpend
from partnership.models import SharedService
from staffing.forms import PostRowForm

pytestmark = pytest.mark.django_db

D = Decimal
DAY = timedelta(days=1)
APPS = ("partnership", "finance", "staffing", "governance")
COVERED_IN_PARTNERSHIP_TESTS = {
    "officers_belong_to_a_council",
    "heads_of_service_lead_a_service",
    "partnership_administrators_manage_a_partnership",  # tests/partnership/test_people.py
    "council_administrators_belong_to_a_council",  # tests/partnership/test_people.py
    # A published document's row refuses every UPDATE, so it is tried on INSERT there.
    "published_document_version_from_1",  # tests/partnership/test_published_documents.py
    "baseline_version_from_1",  # tests/finance/test_baselines.py: a baseline refuses every update
    # The MKIP data opens no monitoring round: tests/finance/test_monitoring.py tries these on one.
    "monitoring_quarter_1_to_4",
    "monitoring_threshold_not_negative",
    "monitoring_percent_0_to_100",
}

# constraint name -> (model label, the forbidden values, given the row they are written to)
CASES = {
    "partnership_council_key_decision_threshold_not_negative": (
        "partnership.Council",
        lambda row: {"key_decision_threshold": D("-0.01")},
    ),
    "council_call_in_period_between_1_and_30_days": ("partnership.Council", lambda row: {"call_in_working_days": 31}),
    "council_code_is_capital_letters": ("partnership.Council", lambda row: {"code": "mbc"}),
    "council_gss_code_is_a_letter_and_8_digits": ("partnership.Council", lambda row: {"gss_code": "E0700011"}),
    "partnership_partnershipmember_ends_after_it_starts": (
        "partnership.PartnershipMember",
        lambda row: {"left": row.joined - DAY},
    ),
    "strategic_partner_ends_after_it_starts": (
        "partnership.StrategicPartner",
        lambda row: {"ended_on": row.agreed_on},
    ),
    "service_term_between_1_and_50_years": (
        "partnership.SharedService",
        lambda row: {"term_years": 51, "agreement_start": date(2012, 4, 1)},
    ),
    "service_term_needs_a_start": (
        "partnership.SharedService",
        lambda row: {"term_years": 10, "agreement_start": None},
    ),
    "partnership_servicepartner_ends_after_it_starts": (
        "partnership.ServicePartner",
        lambda row: {"left": row.joined - DAY},
    ),
    "review_point_at_least_a_year_in": ("partnership.ReviewPoint", lambda row: {"after_years": 0}),
    "finance_capital_line_not_revenue_base": (
        "finance.BudgetLine",
        lambda row: {"programme": "capital", "is_recharge": True},
    ),
    "finance_figure_version_positive": ("finance.BudgetFigure", lambda row: {"version": 0}),
    "finance_plan_years_between_1_and_50": ("finance.SavingsPlan", lambda row: {"years": 0}),
    "finance_step_percentage_or_amount": (
        "finance.NonStaffSavingStep",
        lambda row: {"percentage": D("10"), "amount": D("1000.00")},
    ),
    "finance_step_percentage_0_to_100": (
        "finance.NonStaffSavingStep",
        lambda row: {"percentage": D("100.01"), "amount": None},
    ),
    "finance_implementation_cost_not_negative": ("finance.ImplementationCost", lambda row: {"amount": D("-0.01")}),
    "finance_contribution_positive": ("finance.CapitalContribution", lambda row: {"amount": D("0.00")}),
    "finance_spend_positive": ("finance.CapitalSpend", lambda row: {"amount": D("-5.00")}),
    "staffing_team_has_a_group": ("staffing.Team", lambda row: {"group": ""}),
    "staffing_post_fte_between_0_and_99_99": ("staffing.Post", lambda row: {"fte": D("0.00")}),
    "staffing_post_cost_not_negative": ("staffing.Post", lambda row: {"cost": D("-1.00")}),
    "staffing_post_kind_is_budget_or_estimate": ("staffing.Post", lambda row: {"kind": "outturn"}),
    "staffing_tupe_moves_someone": ("staffing.TupeTransfer", lambda row: {"staff_count": 0}),
    "staffing_reduction_cuts_more_than_0_fte": ("staffing.PlannedReduction", lambda row: {"fte": D("-1.00")}),
    "governance_decision_savings_gbp_not_negative": ("governance.Decision", lambda row: {"savings_gbp": D("-1.00")}),
    "governance_decision_expenditure_gbp_not_negative": (
        "governance.Decision",
        lambda row: {"expenditure_gbp": D("-1.00")},
    ),
    "decision_published_on_or_after_decided": (
        "governance.Decision",
        lambda row: {"published_on": row.decided_on - DAY, "effective_from": None},
    ),
    "decision_effective_on_or_after_published": (
        "governance.Decision",
        lambda row: {"effective_from": row.published_on - DAY},
    ),
    "decision_override_has_reason": (
        "governance.Decision",
        lambda row: {"effective_from_overridden": True, "override_reason": ""},
    ),
    "decision_board_or_council": ("governance.Decision", lambda row: {"decision_maker": "partnership_board"}),
    "document_exempt_paragraph_1_to_7": ("governance.DecisionDocument", lambda row: {"exempt_paragraph": 8}),
    "forward_plan_exempt_paragraph_1_to_7": ("governance.ForwardPlanEntry", lambda row: {"exempt_paragraph": 0}),
    "forward_plan_exception_names_chair": (
        "governance.ForwardPlanEntry",
        lambda row: {"route": "general_exception", "scrutiny_chair_informed": ""},
    ),
    "forward_plan_urgency_agreed": (
        "governance.ForwardPlanEntry",
        lambda row: {"route": "special_urgency", "urgency_agreed_on": None},
    ),
    "governance_benefit_quarter_1_to_4": ("governance.BenefitReport", lambda row: {"quarter": 5}),
    "risk_likelihood_1_to_5": ("governance.Risk", lambda row: {"likelihood": 6}),
    "risk_impact_1_to_5": ("governance.Risk", lambda row: {"impact": 0}),
    "risk_review_likelihood_1_to_5": ("governance.RiskReview", lambda row: {"likelihood": 0}),
    "risk_review_impact_1_to_5": ("governance.RiskReview", lambda row: {"impact": 6}),
    "body_member_leaves_after_joining": (
        "governance.BodyMember",
        lambda row: {"joined": date(2013, 4, 1), "left": date(2013, 4, 1)},
    ),
}


def check_constraints():
    for app_label in APPS:
        for model in apps.get_app_config(app_label).get_models():
            for constraint in model._meta.constraints:
                if isinstance(constraint, models.CheckConstraint):
                    yield model._meta.label, constraint.name


def test_every_check_constraint_has_a_case():
    missing = {name for _, name in check_constraints()} - CASES.keys() - COVERED_IN_PARTNERSHIP_TESTS
    assert missing == set()


def test_the_database_refuses_each_forbidden_value_and_so_does_the_model():
    call_command("load_mkip", stdout=StringIO())
    # The MKIP data approves no spend from the capital pot yet: add one that is allowed.
    CapitalSpend.objects.create(
        service=SharedService.objects.get(slug="ict"),
        year=2013,
        description="Servers",
        amount=D("10.00"),
        approved_at=timezone.now(),
    )
    accepted_by_database, accepted_by_model = [], []
    for name, (label, forbidden) in CASES.items():
        model = apps.get_model(label)
        if not any(constraint.name == name for constraint in model._meta.constraints):
            continue  # a constraint since renamed: test_every_check_constraint_has_a_case names it
        row = model.objects.order_by("pk").first()
        assert row is not None, f"no {label} in the MKIP data to try {name} on"
        values = forbidden(row)
        row.full_clean()  # the row is valid as it stands, so a refusal below is the forbidden value's
        before = model.objects.filter(pk=row.pk).values().get()

        for field, value in values.items():
            setattr(row, field, value)
        try:
            row.full_clean()
        except ValidationError:
            pass
        else:
            accepted_by_model.append(name)

        try:
            with transaction.atomic():
                model.objects.filter(pk=row.pk).update(**values)
        except IntegrityError:
            pass
        else:
            accepted_by_database.append(name)
        assert model.objects.filter(pk=row.pk).values().get() == before, name
    assert accepted_by_database == []
    assert accepted_by_model == []


@pytest.mark.parametrize(
    ("fte", "cost"),
    [("0", "100"), ("-1", "100"), ("100", "100"), ("0.001", "100"), ("1", "-0.01"), ("1", "(5)")],
)
def test_the_posts_grid_refuses_what_the_database_refuses(fte, cost):
    """The posts grid is a plain form (not a ModelForm), so its own rules are checked against the model's."""
    form = PostRowForm(
        {"team": "1", "council": "host", "grade": "G", "fte": fte, "cost": cost},
        team_choices=[(1, "Team")],
        council_choices=[("host", "Host")],
    )
    assert not form.is_valid()
    assert set(form.errors) & {"fte", "cost"}
