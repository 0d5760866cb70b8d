"""HTML to PDF with WeasyPrint, for any page the product prints (decisions, business cases, annual reports).

Three things every PDF needs, done once here:

* **No fetching.** A template renders user-entered text; if any of it became a
  ``<img src="file:///etc/passwd">`` or a link to an internal host, a permissive
  fetcher would read it into the PDF. :class:`StaticOnlyFetcher` serves only the
  app's own files under ``STATIC_URL`` (found in ``STATICFILES_DIRS``, never
  outside them) and ``data:`` URLs. No ``file:``, no network, so no redirects.
* **Tagged.** ``pdf/ua-1`` writes a tagged PDF with its language and title, so
  screen readers can read a printed decision.
* **Marks on every page.** A4, with the document's title, its state (DRAFT and the time it was
  printed, or the version and date it was published), "Page N of M", and for an exempt version
  NOT FOR PUBLICATION with its Schedule 12A paragraph: :class:`PageMarks`, added as a
  stylesheet, so templates need not repeat it and two printouts can always be told apart.

Templates should ``{% load static %}`` and use ``{% static %}`` for any image or
stylesheet; those URLs resolve against :data:`PDF_BASE_URL`.
"""

import logging
import mimetypes
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin
from urllib.request import DataHandler, OpenerDirector

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

security_log = logging.getLogger("mkip.security")

# A made-up origin: relative URLs in the template resolve against it, and nothing
# ever connects to it, since the fetcher maps it to files on disk.
PDF_BASE_URL = "https://pdf.mkip.invalid/"
PDF_VARIANT = "pdf/ua-1"
CONTENT_TYPE = "application/pdf"

PAGE_CSS = """
@page {
  size: A4;
  margin: 22mm 18mm 24mm 18mm;
  @bottom-right {
    content: "Page " counter(page) " of " counter(pages);
    font-family: Arial, Helvetica, sans-serif;
    font-size: 8pt;
    color: #505a5f;
  }
}
html { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.4; color: #0b0c0c; }
h1 { font-size: 20pt; margin: 0 0 8pt; }
h2 { font-size: 14pt; margin: 14pt 0 6pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 3pt 6pt 3pt 0; border-bottom: 0.5pt solid #b1b4b6; }
"""


MARGIN_BOX = """  @%(box)s {
    content: %(content)s;
    font-family: Arial, Helvetica, sans-serif;
    font-size: 8pt;
    color: %(colour)s;
    %(extra)s
  }
"""


def css_string(text: str) -> str:
    """``text`` as a CSS string literal, whatever it holds.

    >>> print(css_string('Say "no"'))
    "Say \\22 no\\22 "
    """
    escaped = "".join(f"\\{ord(ch):x} " if ch in '"\\' or ord(ch) < 32 else ch for ch in text)
    return f'"{escaped}"'


def printed_at(moment: datetime) -> str:
    """>>> printed_at(datetime(2026, 12, 3, 14, 5))
    '3 December 2026 14:05'"""
    return f"{moment.day} {moment:%B %Y %H:%M}"


@dataclass(frozen=True)
class PageMarks:
    """What every page of a printed document says about it, so two printouts are never confused.

    A draft says DRAFT and when it was printed; a published version its number and date. An
    exempt version says NOT FOR PUBLICATION and why (its Schedule 12A paragraph) on every page,
    because pages get separated from their cover.
    """

    title: str
    state: str
    restriction: str = ""

    @classmethod
    def draft(cls, title: str, *, at: datetime, restriction: str = "") -> "PageMarks":
        return cls(title=title, state=f"DRAFT – as at {printed_at(at)}", restriction=restriction)

    @classmethod
    def published(cls, title: str, *, version: int, on: datetime, restriction: str = "") -> "PageMarks":
        return cls(title=title, state=f"Version {version} – published {printed_at(on)}", restriction=restriction)

    def css(self) -> str:
        boxes = [
            MARGIN_BOX % {"box": "top-left", "content": css_string(self.title), "colour": "#505a5f", "extra": ""},
            MARGIN_BOX
            % {
                "box": "top-right",
                "content": css_string(self.state),
                "colour": "#0b0c0c",
                "extra": "font-weight: bold;",
            },
        ]
        if self.restriction:
            boxes.append(
                MARGIN_BOX
                % {
                    "box": "bottom-left",
                    "content": css_string(self.restriction),
                    "colour": "#942514",
                    "extra": "font-weight: bold; width: 120mm;",
                }
            )
        return "@page {\n" + "".join(boxes) + "}\n"


class RefusedURL(ValueError):
    """A URL the PDF may not fetch. WeasyPrint logs it and leaves the resource out."""


def _static_dirs() -> list[Path]:
    dirs = []
    for entry in settings.STATICFILES_DIRS:
        # An entry may be (prefix, path); prefixes are not used by this app, so they are not served.
        if isinstance(entry, (tuple, list)):
            continue
        dirs.append(Path(entry).resolve())
    return dirs


def static_file_for(url: str) -> Path | None:
    """The file under ``STATICFILES_DIRS`` that ``url`` names, or ``None``.

    >>> static_file_for(PDF_BASE_URL + "static/../mkip/settings.py") is None
    True
    """
    prefix = urljoin(PDF_BASE_URL, settings.STATIC_URL)
    if not url.startswith(prefix):
        return None
    relative = unquote(url[len(prefix) :].split("?", 1)[0].split("#", 1)[0])
    parts = PurePosixPath(relative).parts
    if not parts or "\\" in relative or relative.startswith("/") or ".." in parts:
        return None
    for root in _static_dirs():
        candidate = (root / relative).resolve()
        # resolve() follows symlinks, so a link pointing outside the folder is refused too.
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


class StaticOnlyFetcher(URLFetcher):
    """Serves ``data:`` URLs and the app's static files; refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols=["data", "https"], allow_redirects=False)
        # Only the data: handler: no http, https, ftp or file handlers to fall through to.
        self._data_opener = OpenerDirector()
        self._data_opener.add_handler(DataHandler())

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            response = self._data_opener.open(url)
            return URLFetcherResponse(url, response.read(), dict(response.headers.items()))
        path = static_file_for(url)
        if path is None:
            security_log.warning("pdf refused url=%s", url[:200])
            raise RefusedURL(f"The PDF may not fetch {url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def html_to_pdf(html: str, marks: PageMarks | None = None) -> bytes:
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher())
    stylesheets = [CSS(string=PAGE_CSS)] + ([CSS(string=marks.css())] if marks else [])
    return document.write_pdf(stylesheets=stylesheets, pdf_variant=PDF_VARIANT)


def render_pdf(template_name: str, context: dict, request=None, *, marks: PageMarks) -> bytes:
    """Render a Django template to PDF bytes. The template must be a whole HTML page with ``lang`` and ``<title>``."""
    return html_to_pdf(render_to_string(template_name, context, request=request), marks)


class PdfResponse(HttpResponse):
    """A PDF download. ``filename`` is sanitised to letters, digits, dots and hyphens."""

    def __init__(self, content: bytes, *, filename: str, inline: bool = False, **kwargs):
        super().__init__(content, content_type=CONTENT_TYPE, **kwargs)
        safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in ".-_") else "-" for ch in filename) or "document"
        if not safe.lower().endswith(".pdf"):
            safe += ".pdf"
        self["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{safe}"'
        # A decision's PDF can hold what only some people may see: never cache it in shared caches.
        self["Cache-Control"] = "private, no-store"
