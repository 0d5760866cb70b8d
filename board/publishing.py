"""Publishing the board's reports: the business case and the annual report.

A publication stores the public version, and beside it the full version when the report has
exempt appendices and the publisher may see them; both are printed from the same data in one
transaction, each marked with its version and date on every page (:mod:`partnership.publication`).
"""

from django.db import transaction

from mkip.reports import FULL, PUBLIC, exempt_restriction, report_pdf
from partnership import publication
from partnership.models import PublishedDocument


def restriction_of(appendices) -> str:
    """The NOT FOR PUBLICATION line of a version that prints exempt appendices."""
    return exempt_restriction(a.document.exempt_paragraph for a in appendices if a.shown and a.document.is_exempt)


def publishing_context(*, subject: str, what: str, publish_url: str) -> dict:
    """The page's note of its published version (one query), and the button for those who may publish."""
    latest = list(publication.versions_of(subject).filter(exempt=False)[:1])
    return {"published": latest, "published_what": what, "publish_url": publish_url}


@transaction.atomic
def publish_report(
    *, request, template: str, contexts: dict, title: str, filename: str, **document
) -> list[PublishedDocument]:
    """Publish each version in ``contexts`` ({PUBLIC: context, FULL: context}); ``document`` as
    :func:`partnership.publication.publish` takes it, less ``render``, ``exempt`` and ``restriction``."""
    published = []
    for version in (PUBLIC, FULL):
        context = contexts.get(version)
        if context is None:
            continue
        restriction = restriction_of(context["appendices"]) if version == FULL else ""
        context = {**context, "restriction": restriction}
        published.append(
            publication.publish(
                **document,
                title=f"{title} (full version)" if version == FULL else title,
                filename=f"{filename}-full" if version == FULL else filename,
                exempt=version == FULL,
                restriction=restriction,
                render=lambda marks, context=context: report_pdf(request, template, context, marks),
            )
        )
    return published
