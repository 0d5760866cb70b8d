"""A council's forward plan published in the document register: its bytes never change when the
plan does, a new version is a new document, and only the council's democratic services publish it."""

import hashlib
from datetime import timedelta
from io import BytesIO
from logging import WARNING

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance.forward_plan_publication import plan_subject
from governance.models import ForwardPlanEntry
from partnership.models import Council, DocumentKind, PublishedDocument, Role
from tests.factories import CouncilFactory, ForwardPlanEntryFactory, UserFactory, client_for, load_mkip_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def maidstone():
    load_mkip_demo()
    return Council.objects.get(code="MBC")


def publish(client, council):
    return client.post(reverse("governance:forward-plan-publish", args=[council.code]))


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def test_democratic_services_publish_the_plan_and_its_bytes_never_change(maidstone):
    democratic = client_for("democratic.mbc")
    page = democratic.get(reverse("governance:forward-plan-council", args=["MBC"])).content.decode()
    assert "Not published yet" in page and "Publish the forward plan" in page

    response = publish(democratic, maidstone)
    document = PublishedDocument.objects.get(subject=plan_subject(maidstone))
    assert response.status_code == 302 and response.url == document.get_absolute_url()
    assert document.kind == DocumentKind.FORWARD_PLAN and document.council == maidstone
    assert document.sha256 == hashlib.sha256(document.content).hexdigest()
    text = pdf_text(document.content)
    assert "DRAFT" not in text and "Version 1" in text
    for entry in ForwardPlanEntry.objects.filter(council=maidstone):
        assert entry.matter.split()[0] in text
    served = democratic.get(reverse("partnership:document-download", args=[document.pk, document.filename]))
    published_bytes = b"".join(served.streaming_content) if served.streaming else served.content

    ForwardPlanEntryFactory(
        council=maidstone, matter="Shared waste contract", expected_on=timezone.localdate() + timedelta(days=60)
    )
    again = democratic.get(reverse("partnership:document-download", args=[document.pk, document.filename]))
    assert (b"".join(again.streaming_content) if again.streaming else again.content) == published_bytes
    assert "Shared waste contract" not in pdf_text(published_bytes)

    publish(democratic, maidstone)
    latest = PublishedDocument.objects.filter(subject=plan_subject(maidstone)).order_by("-version").first()
    assert latest.version == 2 and "Shared waste contract" in pdf_text(latest.content)
    page = democratic.get(reverse("governance:forward-plan-council", args=["MBC"])).content.decode()
    assert "Version 2 was published" in page


def test_a_reader_sees_the_published_version_but_no_button(maidstone):
    publish(client_for("democratic.mbc"), maidstone)
    page = client_for("board").get(reverse("governance:forward-plan-council", args=["MBC"])).content.decode()
    assert "Version 1 was published" in page
    assert "Publish a new version" not in page


def test_another_councils_democratic_services_cannot_publish_the_plan(maidstone, caplog):
    stranger = UserFactory(role=Role.DEMOCRATIC_SERVICES, council=Council.objects.get(code="SBC"))
    with caplog.at_level(WARNING, logger="mkip.security"):
        refused = publish(client_for(stranger.username), maidstone)
    assert refused.status_code == 403
    assert "refused" in caplog.text and "forward plan" in caplog.text
    assert not PublishedDocument.objects.filter(subject=plan_subject(maidstone)).exists()


def test_a_council_in_no_partnership_is_told_why_its_plan_cannot_be_published(maidstone):
    loner = CouncilFactory(name="Nowhere District Council", code="NDC")
    admin = client_for("admin")
    response = publish(admin, loner)
    assert response.status_code == 302
    page = admin.get(response.url).content.decode()
    assert "takes part in no partnership" in page
    assert not PublishedDocument.objects.filter(subject=plan_subject(loner)).exists()
