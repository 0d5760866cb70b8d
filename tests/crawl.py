"""Walks the app as a signed-in person would: every link and every form it can reach."""

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.apps import apps

SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/sign-out/")


@dataclass
class PostForm:
    action: str
    fields: dict[str, str] = field(default_factory=dict)


class _PageParser(HTMLParser):
    def __init__(self, base_url: str):
        super().__init__()
        self.base_url = base_url
        self.links: list[str] = []
        self.forms: list[PostForm] = []
        self._form: PostForm | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(urljoin(self.base_url, attributes["href"]))
        elif tag == "form" and (attributes.get("method") or "get").lower() == "post":
            self._form = PostForm(action=urljoin(self.base_url, attributes.get("action") or self.base_url))
        elif self._form is not None and tag == "input" and attributes.get("name"):
            kind = (attributes.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            if kind not in ("submit", "file"):
                self._form.fields.setdefault(attributes["name"], attributes.get("value") or "")
        elif self._form is not None and tag == "select":
            self._select = attributes.get("name")
        elif self._form is not None and tag == "option" and self._select:
            if "selected" in attributes or self._select not in self._form.fields:
                self._form.fields[self._select] = attributes.get("value") or ""
        elif self._form is not None and tag == "textarea":
            self._textarea = attributes.get("name")
            self._form.fields[self._textarea] = ""

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def crawl(client, start: str = "/", limit: int = 600) -> tuple[dict[str, int], list[PostForm]]:
    """Breadth-first over internal pages; returns each page's status and the POST forms seen."""
    seen: dict[str, int] = {}
    forms: dict[str, PostForm] = {}
    queue = deque([start])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _PageParser(f"http://testserver{url}")
        parser.feed(response.content.decode())
        for link in parser.links:
            path = _internal_path(link)
            if path and path not in seen and not path.startswith(SKIPPED_PREFIXES) and "_export=" not in path:
                queue.append(path)
        for form in parser.forms:
            path = _internal_path(form.action)
            if path and not path.startswith(SKIPPED_PREFIXES):
                forms.setdefault(path, PostForm(action=path, fields=form.fields))
    return seen, list(forms.values())


def page_forms(client, url: str) -> list[PostForm]:
    """The POST forms of the page at ``url``, each with the values the page fills in."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = _PageParser(f"http://testserver{url}")
    parser.feed(response.content.decode())
    return [PostForm(action=_internal_path(form.action), fields=form.fields) for form in parser.forms]


def _internal_path(url: str) -> str | None:
    url, _ = urldefrag(url)
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def snapshot(app_labels=("partnership", "finance", "staffing", "governance")) -> dict[str, list[dict]]:
    """Every row of every model in our apps, as plain values, in primary-key order."""
    rows = {}
    for app_label in app_labels:
        for model in apps.get_app_config(app_label).get_models():
            fields = [f.attname for f in model._meta.concrete_fields]
            rows[model._meta.label] = [
                {name: _plain(value) for name, value in row.items()}
                for row in model.objects.order_by("pk").values(*fields)
            ]
    return rows


def _plain(value) -> str:
    # PostgreSQL hands back a stored PDF as a memoryview, whose str() is its address, not its bytes.
    if isinstance(value, memoryview):
        return bytes(value).hex()
    return str(value)
