"""The register of published documents, each document's page and its stored bytes.

The download serves the bytes stored at publication, never a new rendering, so the public
link gives the same file forever; its ETag is the SHA-256 printed on the document's page.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render

from mkip.pdf import PdfResponse
from partnership import publication, selectors
from partnership.filters import DocumentFilter
from partnership.models import PublishedDocument
from partnership.pages import RegisterListView
from partnership.permissions import can_read_document, refuse
from partnership.tables import DocumentTable


class DocumentRegisterView(RegisterListView):
    table_class = DocumentTable
    filterset_class = DocumentFilter
    export_name = "published-documents"
    page_title = "Published documents"

    def get_queryset(self):
        return publication.register()


def _document(request, pk, *, with_content: bool) -> PublishedDocument:
    documents = PublishedDocument.objects.select_related("partnership", "council", "service", "published_by")
    if not with_content:
        documents = documents.defer("content")
    try:
        document = documents.get(pk=pk)
    except PublishedDocument.DoesNotExist:
        raise Http404("No such published document") from None
    if document.exempt and not can_read_document(request.user, document, selectors.document_councils(document)):
        raise refuse(request.user, "read a document with exempt papers", request.path)
    return document


@login_not_required
def document_page(request, pk):
    document = _document(request, pk, with_content=False)
    return render(
        request,
        "partnership/document.html",
        {"document": document, "versions": _versions(document)},
    )


def _versions(document: PublishedDocument) -> list[PublishedDocument]:
    # A public version's page lists the public versions; a version with exempt papers, all.
    versions = publication.versions_of(document.subject)
    return list(versions if document.exempt else versions.filter(exempt=False))


@login_not_required
def document_download(request, pk, filename):
    document = _document(request, pk, with_content=True)
    if filename != document.filename:
        raise Http404("No such published document")
    response = PdfResponse(bytes(document.content), filename=document.filename, inline=True)
    response["ETag"] = f'"{document.sha256}"'
    if not document.exempt:
        # The bytes never change, so anyone's cache may keep a public version.
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
