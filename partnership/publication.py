"""Publishing a document, and reading the register of what was published.

The caller renders the PDF; this module numbers the version, prints the version and date on
every page (:class:`mkip.pdf.PageMarks`), stores the bytes with their SHA-256 and the data's
token, and keeps the register. Rendering happens inside the transaction so the version on the
pages is the version stored.
"""

import hashlib
from collections.abc import Callable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from mkip.pdf import PageMarks
from partnership import revision
from partnership.models import Council, Partnership, SharedService
from partnership.published import PublishedDocument
from partnership.revision import writes_for


@writes_for("partnership")
@transaction.atomic
def publish(
    *,
    partnership: Partnership,
    kind: str,
    subject: str,
    title: str,
    filename: str,
    render: Callable[[PageMarks], bytes],
    published_by,
    council: Council | None = None,
    service: SharedService | None = None,
    exempt: bool = False,
    restriction: str = "",
) -> PublishedDocument:
    """Publish the next version of ``subject``: ``render(marks)`` returns the PDF's bytes."""
    # Publications of one partnership take turns, so two at once never get the same number.
    list(Partnership.objects.select_for_update().filter(pk=partnership.pk).values_list("pk"))
    latest = PublishedDocument.objects.filter(subject=subject, exempt=exempt).aggregate(Max("version"))
    version = (latest["version__max"] or 0) + 1
    now = timezone.localtime()
    content = render(PageMarks.published(title, version=version, on=now, restriction=restriction))
    document = PublishedDocument(
        partnership=partnership,
        council=council,
        service=service,
        kind=kind,
        subject=subject,
        title=title,
        version=version,
        exempt=exempt,
        published_at=now,
        published_by=published_by if getattr(published_by, "is_authenticated", False) else None,
        data_token=revision.current_token(partnership.slug) or "",
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        size=len(content),
        filename=f"{slugify(filename) or 'document'}-v{version}.pdf",
    )
    document.full_clean()
    document.save()
    return document


def register():
    """Every published document, newest first, without its bytes: one query with its names."""
    return PublishedDocument.objects.select_related("partnership", "council", "service", "published_by").defer(
        "content"
    )


def versions_of(subject: str):
    """The published versions of one document, newest first, without their bytes."""
    return register().filter(subject=subject).order_by("-version", "exempt")
