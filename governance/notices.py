"""The decision notice as printed and as published.

The notice is the public version whoever prints it: an exempt appendix is named with its
Schedule 12A paragraph, never included. Publishing stores its PDF in the partnership's
document register (:mod:`partnership.publication`), where its bytes never change.
"""

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from governance.appendices import appendices
from governance.models import Decision
from mkip.pdf import PageMarks, html_to_pdf
from mkip.reports import PUBLIC
from partnership import publication
from partnership.models import DocumentKind, PublishedDocument

TEMPLATE = "governance/decision_pdf.html"
NOT_OF_A_PARTNERSHIP = "Only a decision about a shared service can be published in its partnership’s register."


def notice_context(decision: Decision, user) -> dict:
    return {"decision": decision, "appendices": appendices(decision.documents.all(), user, PUBLIC)}


def notice_filename(decision: Decision) -> str:
    return f"decision-{decision.pk}-{decision.decided_on:%Y-%m-%d}"


def notice_subject(decision: Decision) -> str:
    return f"decision-{decision.pk}"


def notice_pdf(decision: Decision, user, marks: PageMarks, request=None) -> bytes:
    return html_to_pdf(render_to_string(TEMPLATE, notice_context(decision, user), request=request), marks)


def publish_notice(*, decision: Decision, user, request=None) -> PublishedDocument:
    """Publish the next version of ``decision``'s notice; the caller has checked the permission."""
    if decision.service_id is None:
        raise ValidationError(NOT_OF_A_PARTNERSHIP)
    return publication.publish(
        partnership=decision.service.partnership,
        council=decision.council,
        service=decision.service,
        kind=DocumentKind.DECISION_NOTICE,
        subject=notice_subject(decision),
        title=f"{decision.title}: decision notice",
        filename=notice_filename(decision),
        render=lambda marks: notice_pdf(decision, user, marks, request),
        published_by=user,
    )


def published_notices(decision: Decision):
    return publication.versions_of(notice_subject(decision))
