"""A deterministic plan of a national data set: hundreds of councils sharing hundreds of services.

Pure: no ORM. The same seed always gives the same plan (each service draws from its own
``random.Random`` seeded with the seed and the service's number, so one service's plan does
not depend on how many came before it). ``generate_national`` writes the plan to the database.

Every value is invented for benchmarking, and the rows say so in ``illustrative_fields`` where
a page would show them. The plan keeps to the rules the forms and constraints enforce (codes of
capital letters, one current host, posts only for partner councils or the host, key decisions
over the council's threshold, effective dates after the call-in period), so ``full_clean`` passes.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from governance.calendar import effective_from

CODE_PREFIX = "ZZ"  # MKIP's codes (MBC, SBC, TWBC, ABC, KCC) never start with ZZ.
SLUG_PREFIX = "national-"
YEARS = tuple(range(2008, 2018))  # ten financial years, 2008/09 to 2017/18
OUTTURN_YEARS = YEARS[:8]
BASELINE_YEAR = 2012  # the staffing baseline column is the 2012/13 budget
STAFF_COLUMNS = ((2011, "budget"), (2012, "budget"), (2012, "estimate"), *((y, "estimate") for y in range(2013, 2018)))
FORWARD_PLAN_FROM = date(2027, 1, 4)  # upcoming decisions are dated after this fixed day, never "today"
STAGES = ("defining", "gateway_1", "gateway_2", "gateway_3", "benefits")
STAGE_WEIGHTS = (3, 5, 12, 20, 60)

PLACES_A = ("Aln", "Bar", "Brad", "Carl", "Dun", "East", "Fair", "Glen", "Hart", "Kings", "Lang", "Mar", "North")
PLACES_A += ("Oak", "Pen", "Red", "South", "Stan", "Thorn", "Wal", "West", "Whit", "Wood", "York", "Elm", "Bel")
PLACES_B = ("bury", "ford", "ham", "ley", "ton", "worth", "field", "mouth", "stead", "wick", "by", "dale", "minster")
PLACES_B += ("bridge", "combe", "hurst", "well", "gate")
KINDS = (("Borough Council", "district"), ("District Council", "district"), ("County Council", "county"))
FUNCTIONS = ("ICT", "Audit", "Legal", "HR", "Revenues and Benefits", "Planning Support", "Environmental Health")
FUNCTIONS += (
    "Waste",
    "Building Control",
    "Procurement",
    "Payroll",
    "Parking",
    "Licensing",
    "Fraud",
    "Customer Services",
)
EMPLOYMENT = ("stay", "recruit_to_host", "tupe_to_host")
# Name, group, programme, in the non-staff base, recharge, typical yearly amount: the shape of MKIP ICT's lines.
LINES = (
    ("Employees", "employees", "revenue", False, False, 600_000),
    ("Premises", "premises", "revenue", False, False, 40_000),
    ("Transport", "transport", "revenue", False, False, 8_000),
    ("Software licences and maintenance", "software", "revenue", True, False, 300_000),
    ("Hardware maintenance", "hardware", "revenue", True, False, 100_000),
    ("Consumables", "consumables", "revenue", True, False, 40_000),
    ("Third-party payments", "third_party", "revenue", False, False, 140_000),
    ("Support services and recharges", "recharges", "revenue", False, True, 240_000),
    ("Income", "income", "revenue", False, False, -20_000),
    ("Capital programme", "capital", "capital", False, False, 200_000),
)
TEAMS = (("Management", "Core", 1), ("Operations", "Core", 2), ("Systems", "Core", 3), ("Change team", "Project", 4))
GRADES = {"Grade 4": 61_420, "Grade 6": 42_000, "Grade 8": 33_500, "Grade 9": 29_730}
RISKS = (
    ("staffing", "Key staff leave during the transition"),
    ("financial", "Non-staff savings depend on partners sharing systems"),
    ("procurement", "Contracts cannot be novated to the host in time"),
    ("general", "Partners' priorities diverge"),
)


@dataclass
class ServicePlan:
    """Everything one shared service has: its register entry and its finance, staffing and governance rows."""

    number: int
    slug: str
    name: str
    partnership: str
    partners: list  # (council code, is host)
    go_live: date
    gateway_stage: str
    employment_model: str
    lines: list = field(default_factory=list)
    plan: dict = field(default_factory=dict)
    implementation_costs: list = field(default_factory=list)
    contributions: list = field(default_factory=list)
    spends: list = field(default_factory=list)
    delivered: list = field(default_factory=list)
    posts: list = field(default_factory=list)
    tupe: list = field(default_factory=list)
    reductions: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    gateway_history: list = field(default_factory=list)
    risks: list = field(default_factory=list)


def _letters(index: int, width: int = 3) -> str:
    out = ""
    for _ in range(width):
        index, rest = divmod(index, 26)
        out = chr(ord("A") + rest) + out
    return out


def _pounds(amount) -> Decimal:
    return Decimal(int(amount)).quantize(Decimal("0.01"))


def councils(seed: int, count: int, taken: frozenset[str] = frozenset()) -> list[dict]:
    """``count`` councils with unique codes (ZZ + three letters) and invented place names not in ``taken``."""
    rng = random.Random(f"{seed}-councils")
    names, rows = set(taken), []
    for index in range(count):
        suffix, kind = KINDS[2] if index % 12 == 11 else rng.choice(KINDS[:2])
        place = rng.choice(PLACES_A) + rng.choice(PLACES_B)
        name = f"{place} {suffix}"
        while name in names:  # a repeated place gets a compass point, as real ones do
            place = f"{rng.choice(('Upper', 'Lower', 'Great', 'Little', 'New', 'Old'))} {place}"
            name = f"{place} {suffix}"
        names.add(name)
        rows.append(
            {
                "code": CODE_PREFIX + _letters(index),
                "name": name,
                "kind": kind,
                "key_decision_threshold": _pounds(rng.choice((100_000, 250_000, 500_000))),
                "call_in_working_days": rng.choice((3, 5, 5, 10)),
            }
        )
    return rows


def partnerships(seed: int, council_codes: list[str], services: int) -> list[dict]:
    """Partnerships of three to six councils, five services each, so every service has two to five partners."""
    rng = random.Random(f"{seed}-partnerships")
    rows = []
    for index in range((services + 4) // 5):
        number = index + 1
        formed = date(rng.randint(2006, 2011), rng.choice((1, 4, 7, 10)), 1)
        rows.append(
            {
                "slug": f"{SLUG_PREFIX}{number:03d}",
                "name": f"National shared-services partnership {number:03d}",
                "short_name": f"NSSP {number:03d}",
                "formed_on": formed,
                "members": sorted(rng.sample(council_codes, k=min(len(council_codes), rng.randint(3, 6)))),
            }
        )
    return rows


def services(seed: int, partnership_rows: list[dict], count: int) -> list[ServicePlan]:
    """The register entries of ``count`` services, five to a partnership."""
    plans = []
    for number in range(1, count + 1):
        partnership = partnership_rows[(number - 1) // 5]
        rng = random.Random(f"{seed}-service-{number}")
        functions = random.Random(f"{seed}-{partnership['slug']}").sample(FUNCTIONS, k=5)
        function = functions[(number - 1) % 5]
        members = partnership["members"]
        chosen = sorted(rng.sample(members, k=rng.randint(2, min(5, len(members)))))
        host = rng.choice(chosen)
        go_live = date(max(partnership["formed_on"].year + 1, rng.randint(2010, 2016)), 4, 1)
        plans.append(
            ServicePlan(
                number=number,
                slug=f"{SLUG_PREFIX}{number:04d}-{function.lower().replace(' ', '-')}",
                name=f"{partnership['short_name']} {function}",
                partnership=partnership["slug"],
                partners=[(code, code == host) for code in chosen],
                go_live=go_live,
                gateway_stage=rng.choices(STAGES, weights=STAGE_WEIGHTS)[0],
                employment_model=rng.choice(EMPLOYMENT),
            )
        )
    return plans


def fill(seed: int, plan: ServicePlan, thresholds: dict[str, tuple[Decimal, int]]) -> ServicePlan:
    """Add the service's finance, staffing and governance rows. ``thresholds``: code -> (threshold, call-in days)."""
    rng = random.Random(f"{seed}-service-{plan.number}-rows")
    codes = [code for code, _host in plan.partners]
    _finance(rng, plan, codes)
    _staffing(rng, plan, codes)
    _governance(rng, plan, codes, thresholds)
    return plan


def _finance(rng, plan, codes):
    for code in codes:
        size = rng.uniform(0.5, 1.5)
        for position, (name, group, programme, base, recharge, typical) in enumerate(LINES, start=1):
            amount = typical * size
            figures = []
            for year in YEARS if programme == "revenue" else YEARS[4:7]:
                budget = _pounds(amount * (1 + 0.02 * (year - YEARS[0])))
                figures.append((year, "budget", budget))
                if year in OUTTURN_YEARS:
                    figures.append((year, "outturn", _pounds(budget * Decimal(rng.uniform(0.95, 1.05)))))
            plan.lines.append((code, name, group, programme, base, recharge, position, figures))
    plan.plan = {
        "baseline_year": BASELINE_YEAR,
        "first_year": BASELINE_YEAR,
        "years": 10,
        "cashable": True,
        # Percentages of the non-staff base, then one year's saving as an amount.
        "steps": [(2012, Decimal("5.00"), None), (2013, Decimal("10.00"), None), (2014, None, _pounds(40_000))],
    }
    for position, name in enumerate(("Redundancy and pension costs", "Project management", "Legal services"), 1):
        plan.implementation_costs.append((name, _pounds(rng.randint(5, 100) * 1000), position))
    for code in codes:
        plan.contributions.append((code, 2013, _pounds(rng.randint(5, 20) * 10_000)))
        plan.delivered.append((code, 2012, _pounds(rng.randint(10, 40) * 1000)))
    # Less than any one contribution, so the pot never goes below zero.
    plan.spends.append((2014, "Replacement servers", _pounds(rng.randint(10, 49) * 1000)))


def _staffing(rng, plan, codes):
    host = next(code for code, is_host in plan.partners if is_host)
    for year, kind in STAFF_COLUMNS:
        before_transfer = year < 2013
        for team, _group, _order in TEAMS:
            if team == "Change team" and year >= 2015:
                continue  # disbanded: the planned reduction below
            employers = codes if before_transfer else [None]
            for council in employers:
                grade = rng.choice(sorted(GRADES))
                fte = Decimal(rng.randint(1, 6 if before_transfer else 12)).quantize(Decimal("0.01"))
                vacant = rng.random() < 0.05
                plan.posts.append((team, council, grade, fte, _pounds(GRADES[grade] * fte), vacant, year, kind))
    for code in codes:
        if code == host:
            continue
        moved = [p for p in plan.posts if p[1] == code and (p[6], p[7]) == (2012, "budget") and not p[5]]
        if moved:
            plan.tupe.append((code, date(2013, 4, 1), len(moved), sum(p[3] for p in moved)))
    plan.reductions.append(
        ("Change team", 2015, Decimal("2.00"), "The change team is disbanded once the service is live")
    )


def _decision(rng, plan, code, thresholds, decided, *, upcoming):
    threshold, call_in = thresholds[code]
    savings = threshold + _pounds(rng.randint(1, 40) * 10_000)
    row = {
        "council": code,
        "title": f"{plan.name}: business case",
        "status": "for_determination" if upcoming else "approved",
        "gateway": "gateway_2",
        "is_key_decision": True,
        "savings_gbp": savings,
        "reason_key": "savings",
        "key_decision_threshold_gbp": threshold,
        "decided_on": decided,
        "notice_published_on": decided - timedelta(days=rng.randint(30, 60)),
        "recommendations": [
            ("i.", f"That the council enters the {plan.name} shared service."),
            ("ii.", "That the host council is authorised to recruit to the shared service."),
        ],
    }
    if upcoming:
        row.update(published_on=None, call_in_working_days=None, effective_from=None)
    else:
        published = decided + timedelta(days=rng.randint(1, 3))
        effective = effective_from(published, call_in_working_days=call_in, subject_to_call_in=True)
        row.update(published_on=published, call_in_working_days=call_in, effective_from=effective)
    return row


def _governance(rng, plan, codes, thresholds):
    reached = STAGES.index(plan.gateway_stage)
    entered = plan.go_live - timedelta(days=730)
    decided = plan.go_live - timedelta(days=rng.randint(200, 330))
    if reached >= STAGES.index("gateway_2"):
        plan.decisions = [_decision(rng, plan, code, thresholds, decided, upcoming=False) for code in codes]
    else:
        upcoming = FORWARD_PLAN_FROM + timedelta(days=rng.randint(0, 540))
        plan.decisions = [_decision(rng, plan, code, thresholds, upcoming, upcoming=True) for code in codes]
    for index, stage in enumerate(STAGES[1 : reached + 1], start=1):
        if stage == "gateway_2":
            on = max(d["effective_from"] for d in plan.decisions)
        else:
            on = (
                entered + timedelta(days=120 * index) if index < 2 else plan.go_live + timedelta(days=365 * (index - 3))
            )
        linked = list(range(len(plan.decisions))) if stage == "gateway_2" else []
        rating = rng.choices(("green", "amber", "red"), weights=(6, 3, 1))[0]
        plan.gateway_history.append({"stage": stage, "entered_on": on, "rating": rating, "decisions": linked})
    for category, title in rng.sample(RISKS, k=3):
        likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
        reviews = [(plan.go_live - timedelta(days=180), likelihood, impact, "open", "Initial assessment")]
        status = "closed" if rng.random() < 0.3 else "open"
        if status == "closed":
            reviews.append((plan.go_live + timedelta(days=365), 1, impact, "closed", "Risk has passed"))
        plan.risks.append(
            {
                "category": category,
                "title": title,
                "owner": f"Head of {plan.name}",
                "likelihood": reviews[-1][1],
                "impact": impact,
                "status": status,
                "reviews": reviews,
            }
        )
