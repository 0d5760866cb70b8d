"""A report's appendices are the governance documents of its decisions, public and full.

The public version names an exempt appendix and its Schedule 12A paragraph in its place; the
full version prints the appendix itself, only for people
:func:`partnership.permissions.can_see_exempt` lets see that council's exempt papers.
"""

import re
from dataclasses import dataclass
from io import BytesIO

from pypdf import PdfReader

from mkip.reports import FULL
from partnership.permissions import can_see_exempt

PAGE_FOOTER = re.compile(r"^Page \d+ of \d+\s*$", re.MULTILINE)
EXEMPT_NOTICE = (
    "Not for publication by virtue of paragraph {paragraph} of Part 1 of Schedule 12A to the Local Government Act 1972"
)


@dataclass(frozen=True)
class Appendix:
    letter: str
    document: object
    # Whether this reader gets the appendix itself; False for an exempt one in the public version.
    shown: bool
    text: str = ""

    @property
    def exempt_notice(self) -> str:
        return EXEMPT_NOTICE.format(paragraph=self.document.exempt_paragraph)


def document_text(document) -> str:
    """The words of a stored document, to print an appendix in the full report: PDF or plain text only."""
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    if document.content_type == "application/pdf":
        text = "\n".join((page.extract_text() or "").strip() for page in PdfReader(BytesIO(data)).pages)
        # The stored PDF's own "Page N of M" footers would read as part of the appendix.
        return PAGE_FOOTER.sub("", text).strip()
    if document.content_type.startswith("text/"):
        return data.decode("utf-8", errors="replace")
    return ""


def appendices(documents, user, version: str) -> list[Appendix]:
    """Each document as a lettered appendix; an exempt one is shown only in the full version to those allowed.

    ``documents`` must come with ``decision__council`` selected: no query per document.
    """
    result = []
    for index, document in enumerate(documents):
        letter = chr(ord("A") + index) if index < 26 else str(index + 1)
        shown = not document.is_exempt or (version == FULL and can_see_exempt(user, document.decision.council))
        text = document_text(document) if shown and document.is_exempt else ""
        result.append(Appendix(letter, document, shown, text))
    return result
