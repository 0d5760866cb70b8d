"""Publishing a council's forward plan in the document register, where its bytes never change.

The plan is the council's (SI 2012/2089 reg 9), so it is filed under the council and under the
first partnership, by name, the council is a member or service partner of: a register row needs
a partnership, and a council in several partnerships publishes one plan, not one per partnership.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q

from governance import selectors
from mkip.pdf import render_pdf
from partnership import publication
from partnership.models import Council, DocumentKind, Partnership, PublishedDocument

TEMPLATE = "governance/council_forward_plan_pdf.html"
NO_REGISTER = "{council} takes part in no partnership, so there is no document register to publish its plan in."


def plan_subject(council: Council) -> str:
    return f"forward-plan-{council.pk}"


def plan_title(council: Council) -> str:
    return f"{council.name} forward plan"


def register_partnership(council: Council) -> Partnership | None:
    partnerships = Partnership.objects.filter(Q(members__council=council) | Q(services__partners__council=council))
    return partnerships.distinct().order_by("name").first()


def publish_forward_plan(*, council: Council, user, request=None) -> PublishedDocument:
    """Publish the next version of ``council``'s plan as it stands; the caller has checked the permission."""
    partnership = register_partnership(council)
    if partnership is None:
        raise ValidationError(NO_REGISTER.format(council=council.name))
    context = {"council": council, "entries": selectors.council_forward_plan(council)}
    return publication.publish(
        partnership=partnership,
        council=council,
        kind=DocumentKind.FORWARD_PLAN,
        subject=plan_subject(council),
        title=plan_title(council),
        filename=f"{council.code}-forward-plan",
        render=lambda marks: render_pdf(TEMPLATE, context, request, marks=marks),
        published_by=user,
    )


def latest_published_plan(council: Council) -> list[PublishedDocument]:
    """The latest published version of the plan, as a list of at most one: one query."""
    return list(publication.versions_of(plan_subject(council)).filter(exempt=False)[:1])
