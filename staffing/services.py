"""Writes to the establishment. Keyword-only, validated, atomic, and every change leaves history.

:func:`posts_save_column` saves a whole grid (or an import) in a fixed number of queries
whatever the number of rows: one read of the posts being changed, one ``bulk_update``, one
``bulk_create`` of new posts, one delete, and one ``bulk_create`` of the history rows.
Either every row saves or none does.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mkip.fiscal import FinancialYear
from partnership.models import Council
from partnership.permissions import check_staff_posts_editable, refuse
from partnership.revision import writes_for
from staffing.models import ChangePath, Post, PostChange, Team, partner_ids

TRACKED_FIELDS = ("team", "council", "grade", "fte", "cost", "vacant")
NOT_IN_THIS_COLUMN = "post {post_id} is not in this establishment"


@dataclass(frozen=True)
class PostRow:
    """One row as entered: ``post_id`` None for a new post, ``version`` as the form was opened."""

    team: Team
    council: Council | None
    grade: str
    fte: Decimal
    cost: Decimal
    vacant: bool = False
    post_id: int | None = None
    version: int | None = None
    delete: bool = False


@dataclass
class SaveResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    history: list[PostChange] = field(default_factory=list)


class StaleSave(Exception):
    """Someone saved these posts after the form was opened; ``changes`` says what is there now."""

    def __init__(self, changes: list[str]):
        self.changes = changes
        super().__init__("These posts were changed by someone else after you opened the page: " + "; ".join(changes))


class RowErrors(ValidationError):
    """Errors by row index, each a ``{field: [messages]}`` dict, for the form to show beside the cells."""

    def __init__(self, errors: dict[int, dict]):
        self.row_errors = errors
        super().__init__("Some rows could not be saved")


def snapshot(post: Post) -> dict[str, str]:
    """The tracked fields as text, for history and for telling a user what changed."""
    return {
        "team": post.team.name,
        "council": post.council.code if post.council_id else "Host",
        "grade": post.grade,
        "fte": f"{post.fte:.2f}",
        "cost": f"{Decimal(post.cost):.2f}",
        "vacant": "yes" if post.vacant else "no",
    }


def describe(post: Post) -> str:
    values = snapshot(post)
    return f"{values['team']} {values['grade']} ({values['council']})"


def _history(post, *, user, path, now, field_name, old="", new="", removed=False) -> PostChange:
    """A history row; one for a removed post keeps its label and column but no link to it."""
    return PostChange(
        post=None if removed else post,
        post_label=describe(post)[:200],
        service_id=post.service_id,
        year=post.year,
        kind=post.kind,
        changed_by=user if user and user.is_authenticated else None,
        changed_at=now,
        field=field_name,
        old=old[:200],
        new=new[:200],
        path=path,
    )


def _apply(post: Post, row: PostRow) -> None:
    post.team, post.council = row.team, row.council
    post.grade, post.fte, post.cost, post.vacant = row.grade.strip(), row.fte, row.cost, row.vacant


def _stale_message(post: Post, row: PostRow) -> str:
    if row.delete:
        return f"{describe(post)}: changed by someone else, so not removed"
    now = snapshot(post)
    mine = Post(team=row.team, council=row.council, grade=row.grade, fte=row.fte, cost=row.cost, vacant=row.vacant)
    differs = [f"{name} is now {now[name]}" for name, value in snapshot(mine).items() if now[name] != value]
    return f"{describe(post)}: " + (", ".join(differs) if differs else "saved again with the same values")


@writes_for("service")
@transaction.atomic
def posts_save_column(
    *,
    user,
    service,
    year: FinancialYear,
    kind: str,
    rows: list[PostRow],
    current_partner_ids,
    path: str = ChangePath.FORM,
) -> SaveResult:
    """Save the rows of one column (service, year, kind): update, add and remove posts.

    Refuses with ``PermissionDenied`` (nothing saved) if any row touches a post of a council
    the user may not change, or names a post outside this column (a tampered id). Raises
    :class:`StaleSave` if a post was saved by someone else since its ``version`` was read,
    and :class:`RowErrors` for rows the model refuses. Untouched rows write nothing.
    """
    year = FinancialYear.parse(year)
    ids = [row.post_id for row in rows if row.post_id is not None]
    # of=("self",): PostgreSQL cannot lock the nullable side of the council join.
    existing = {
        post.pk: post
        for post in Post.objects.select_for_update(of=("self",))
        .select_related("team", "council")
        .filter(service=service, year=year, kind=kind, pk__in=ids)
        .order_by("pk")  # one lock order for every save, so two saves never wait on each other in a cycle
    }
    missing = [post_id for post_id in ids if post_id not in existing]
    if missing:
        raise refuse(user, NOT_IN_THIS_COLUMN.format(post_id=missing[0]), service.slug)
    # Both the council a post has and the one it is given must be the user's to change.
    touched = [existing[row.post_id].council_id for row in rows if row.post_id is not None]
    touched += [row.council.pk if row.council else None for row in rows if not row.delete]
    check_staff_posts_editable(user, service, touched, current_partner_ids)

    stale = [
        _stale_message(existing[row.post_id], row)
        for row in rows
        if row.post_id is not None and row.version != existing[row.post_id].version
    ]
    if stale:
        raise StaleSave(stale)

    partners = partner_ids(service.pk)
    now = timezone.now()
    result = SaveResult()
    to_update, to_create, to_delete, errors = [], [], [], {}
    for index, row in enumerate(rows):
        if row.delete:
            if row.post_id is not None:
                to_delete.append(existing[row.post_id])
            continue
        post = existing[row.post_id] if row.post_id is not None else Post(service=service, year=year, kind=kind)
        before = snapshot(post) if post.pk else None
        _apply(post, row)
        post.partner_council_ids = partners
        try:
            # Nothing here may query per row. Constraints: the field validators mirror them and
            # the database's CHECKs back them. Foreign keys: the team, council and service are
            # objects already read (clean() checks they belong together), and the database's
            # FOREIGN KEYs back them.
            post.full_clean(exclude=["service", "team", "council"], validate_constraints=False)
        except ValidationError as error:
            errors[index] = error.message_dict
            continue
        after = snapshot(post)
        if before is None:
            to_create.append(post)
        elif after != before:
            post.version += 1
            to_update.append(post)
            result.history += [
                _history(post, user=user, path=path, now=now, field_name=name, old=before[name], new=after[name])
                for name in TRACKED_FIELDS
                if before[name] != after[name]
            ]
    if errors:
        raise RowErrors(errors)

    if to_update:
        Post.objects.bulk_update(to_update, [*TRACKED_FIELDS, "version"])
    if to_create:
        Post.objects.bulk_create(to_create)
        result.history += [
            _history(post, user=user, path=path, now=now, field_name="post", new=_summary(post)) for post in to_create
        ]
    if to_delete:
        result.history += [
            _history(post, user=user, path=path, now=now, field_name="post", old=_summary(post), removed=True)
            for post in to_delete
        ]
        Post.objects.filter(pk__in=[post.pk for post in to_delete]).delete()
    if result.history:
        PostChange.objects.bulk_create(result.history)
    result.created, result.updated, result.deleted = len(to_create), len(to_update), len(to_delete)
    return result


def _summary(post: Post) -> str:
    values = snapshot(post)
    vacancy = ", vacant" if post.vacant else ""
    return f"{values['fte']} FTE at £{values['cost']}{vacancy}"


@writes_for("post")
@transaction.atomic
def post_save_one(*, user, post: Post, path: str = ChangePath.ADMIN) -> Post:
    """Save one post (the administration pages), writing a history row per changed field."""
    before = None
    if post.pk:
        stored = Post.objects.select_for_update(of=("self",)).select_related("team", "council").get(pk=post.pk)
        before = snapshot(stored)
    post.full_clean()
    now = timezone.now()
    after = snapshot(post)
    if before is None:
        post.save()
        _history(post, user=user, path=path, now=now, field_name="post", new=_summary(post)).save()
        return post
    changes = [
        _history(post, user=user, path=path, now=now, field_name=name, old=before[name], new=after[name])
        for name in TRACKED_FIELDS
        if before[name] != after[name]
    ]
    if changes:
        post.version = stored.version + 1
        post.save()
        PostChange.objects.bulk_create(changes)
    return post


@writes_for("post")
@transaction.atomic
def post_delete_one(*, user, post: Post, path: str = ChangePath.ADMIN) -> None:
    change = _history(
        post, user=user, path=path, now=timezone.now(), field_name="post", old=_summary(post), removed=True
    )
    post.delete()
    change.save()
