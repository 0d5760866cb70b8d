"""The PDF helper: tagged A4 pages numbered "Page N of M", and nothing fetched but the app's own static files."""

import base64
import io
import os

import pytest
from django.test import override_settings
from pypdf import PdfReader

from mkip.pdf import PDF_BASE_URL, PdfResponse, StaticOnlyFetcher, html_to_pdf, static_file_for

SECRET = "TOP-SECRET-PLANTED-7f3a"


def _page(body: str, head: str = "") -> str:
    return f'<!DOCTYPE html><html lang="en-GB"><head><title>Test</title>{head}</head><body>{body}</body></html>'


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def static_dir(tmp_path, settings):
    folder = tmp_path / "static"
    (folder / "css").mkdir(parents=True)
    (folder / "css" / "print.css").write_text('h1::after { content: " STATIC-CSS-LOADED"; }')
    settings.STATICFILES_DIRS = [folder]
    return folder


@pytest.fixture
def planted_secret(tmp_path):
    """A file outside the static folders holding a secret, as text and as a stylesheet that would print it."""
    secret_dir = tmp_path / "private"
    secret_dir.mkdir()
    (secret_dir / "secret.txt").write_text(SECRET)
    (secret_dir / "secret.css").write_text(f'h1::after {{ content: "{SECRET}"; }}')
    return secret_dir


def test_pages_are_a4_and_numbered_page_n_of_m():
    pdf = html_to_pdf(_page("".join(f'<p style="break-after: page">Part {n}</p>' for n in range(3))))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3
    box = reader.pages[0].mediabox
    # A4 is 210 × 297 mm: 595.28 × 841.89 points.
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert "Page 2 of 3" in reader.pages[1].extract_text()


def test_the_pdf_is_tagged_for_screen_readers_with_its_language_and_title():
    reader = PdfReader(io.BytesIO(html_to_pdf(_page("<h1>Decision</h1>"))))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).lower() == "en-gb"
    assert reader.metadata.title == "Test"


def test_the_apps_own_static_stylesheet_is_used(static_dir):
    pdf = html_to_pdf(_page("<h1>Heading</h1>", '<link rel="stylesheet" href="/static/css/print.css">'))
    assert "STATIC-CSS-LOADED" in _text(pdf)


def test_data_urls_are_allowed():
    css = base64.b64encode(b'h1::after { content: " DATA-CSS-LOADED"; }').decode()
    pdf = html_to_pdf(_page("<h1>Heading</h1>", f'<link rel="stylesheet" href="data:text/css;base64,{css}">'))
    assert "DATA-CSS-LOADED" in _text(pdf)


def test_a_planted_local_file_never_reaches_the_pdf(static_dir, planted_secret):
    # A symlink inside the static folder pointing at the secret must not smuggle it in either.
    os.symlink(planted_secret / "secret.css", static_dir / "css" / "linked.css")
    secret_url = (planted_secret / "secret.txt").as_uri()
    secret_css = (planted_secret / "secret.css").as_uri()
    head = (
        f'<link rel="stylesheet" href="{secret_css}">'
        '<link rel="stylesheet" href="/static/css/linked.css">'
        '<link rel="stylesheet" href="/static/../private/secret.css">'
        f'<link rel="attachment" href="{secret_url}">'
        f"<style>@import url('{secret_css}');</style>"
    )
    body = (
        f'<h1>Heading</h1><img src="{secret_url}" alt="x"><object data="{secret_url}" type="text/plain"></object>'
        f'<iframe src="{secret_url}" title="x"></iframe><a rel="attachment" href="{secret_url}">file</a>'
    )
    pdf = html_to_pdf(_page(body, head))
    assert SECRET not in _text(pdf)
    # Not as an attachment or an embedded stream either: the raw bytes do not contain it.
    assert SECRET.encode() not in pdf
    assert not PdfReader(io.BytesIO(pdf)).attachments


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/static/css/print.css",
        "https://example.com/static/css/print.css",
        PDF_BASE_URL + "media/decisions/exempt.pdf",
        PDF_BASE_URL + "static/%2e%2e/private/secret.css",
        PDF_BASE_URL + "static/css/missing.css",
    ],
)
def test_anything_but_a_static_file_or_data_url_is_refused(static_dir, url):
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(url)


def test_a_static_url_maps_to_the_file_in_staticfiles_dirs(static_dir):
    assert static_file_for(PDF_BASE_URL + "static/css/print.css") == (static_dir / "css" / "print.css").resolve()


@override_settings(STATICFILES_DIRS=[])
def test_with_no_static_folders_nothing_is_served():
    assert static_file_for(PDF_BASE_URL + "static/css/print.css") is None


def test_pdf_response_is_a_private_download_with_a_safe_filename():
    response = PdfResponse(b"%PDF-1.7", filename='Decision "ICT"/../x')
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Decision--ICT--..-x.pdf"'
    assert response["Cache-Control"] == "private, no-store"
