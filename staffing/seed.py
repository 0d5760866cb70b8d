"""Loads establishments from ``fixtures/mkip/staffing.json``; safe to run again.

Teams match on (service, name). A post has no natural key of its own, so within a column
(service, year, kind) a fixture line matches the n-th stored post with the same council,
team, grade and vacancy; a second run updates those and adds none. Posts an officer added
are left alone. Every post created or changed writes history with the ``seed`` path.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.utils import timezone

from mkip.fiscal import FinancialYear
from partnership.models import Council, SharedService
from staffing.models import ChangePath, PlannedReduction, Post, PostChange, Team, TupeTransfer
from staffing.services import TRACKED_FIELDS, _history, _summary, snapshot


def _save(model, lookup: dict, values: dict):
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


def _load_column(service, teams, councils, column, now) -> list[Post]:
    year, kind = FinancialYear.parse(column["year"]), column["kind"]
    stored = defaultdict(list)
    for post in Post.objects.column(service, year, kind):
        stored[(post.council_id, post.team_id, post.grade, post.vacant)].append(post)
    seen = defaultdict(int)
    loaded, history = [], []
    for line in column["posts"]:
        team, council = teams[line["team"]], councils[line["council"]] if line["council"] else None
        key = (council.pk if council else None, team.pk, line["grade"], line["vacant"])
        matches, index = stored[key], seen[key]
        seen[key] += 1
        post = matches[index] if index < len(matches) else Post(service=service, year=year, kind=kind)
        before = snapshot(post) if post.pk else None
        post.team, post.council, post.grade, post.vacant = team, council, line["grade"], line["vacant"]
        post.fte, post.cost = Decimal(line["fte"]), Decimal(line["cost"])
        post.illustrative_fields = line.get("illustrative", [])
        post.full_clean()
        after = snapshot(post)
        if before is not None and before != after:
            post.version += 1
        post.save()
        if before is None:
            history.append(
                _history(post, user=None, path=ChangePath.SEED, now=now, field_name="post", new=_summary(post))
            )
        else:
            history += [
                _history(
                    post, user=None, path=ChangePath.SEED, now=now, field_name=name, old=before[name], new=after[name]
                )
                for name in TRACKED_FIELDS
                if before[name] != after[name]
            ]
        loaded.append(post)
    PostChange.objects.bulk_create(history)
    return loaded


def load(data: dict) -> dict:
    councils = {council.code: council for council in Council.objects.all()}
    now = timezone.now()
    loaded = {"teams": [], "posts": [], "tupe transfers": [], "planned reductions": []}
    for block in data["services"]:
        service = SharedService.objects.get(slug=block["service"])
        teams = {}
        for row in block["teams"]:
            teams[row["name"]] = _save(
                Team,
                {"service": service, "name": row["name"]},
                {"group": row["group"], "order": row["order"], "illustrative_fields": row.get("illustrative", [])},
            )
        loaded["teams"] += teams.values()
        for column in block["establishments"]:
            loaded["posts"] += _load_column(service, teams, councils, column, now)
        for row in block.get("tupe_transfers", []):
            loaded["tupe transfers"].append(
                _save(
                    TupeTransfer,
                    {
                        "service": service,
                        "from_council": councils[row["from_council"]],
                        "transferred_on": date.fromisoformat(row["transferred_on"]),
                    },
                    {
                        "staff_count": row["staff_count"],
                        "fte": Decimal(row["fte"]),
                        "illustrative_fields": row.get("illustrative", []),
                    },
                )
            )
        for row in block.get("planned_reductions", []):
            loaded["planned reductions"].append(
                _save(
                    PlannedReduction,
                    {"service": service, "team": teams[row["team"]], "year": FinancialYear.parse(row["year"])},
                    {
                        "fte": Decimal(row["fte"]),
                        "reason": row.get("reason", ""),
                        "illustrative_fields": row.get("illustrative", []),
                    },
                )
            )
    return loaded
