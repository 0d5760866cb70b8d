"""Emails: composed from templates that escape what people typed, kept in the database, and sent
by a task that retries while the mail server is down and marks an address the server refuses."""

import smtplib
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from mkip.jobs import retried
from reminders.models import Email, EmailStatus

SUBJECT_LIMIT = 150


def one_line(text: str, limit: int = SUBJECT_LIMIT) -> str:
    """A header-safe line: no line breaks (a header injection) and not too long.

    >>> one_line("Call-in ends\\r\\nBcc: someone@example.org")
    'Call-in ends Bcc: someone@example.org'
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def address_of(person) -> str:
    """``"Name" <address>`` with the name quoted as RFC 5322 needs, whatever it contains."""
    return formataddr((one_line(person.display_name, 100), person.email))


@transaction.atomic
def queue_email(*, person, subject: str, template: str, context: dict) -> Email:
    """Keep the email and send it once the transaction that made it commits."""
    context = {**context, "person": person, "site_url": settings.SITE_URL}
    email = Email.objects.create(
        person=person,
        to=address_of(person),
        subject=one_line(subject),
        text=render_to_string(f"{template}.txt", context),
        html=render_to_string(f"{template}.html", context),
    )
    email_id = str(email.pk)
    transaction.on_commit(lambda: deliver.enqueue(email_id))
    return email


@task(queue_name="email")
@retried(on=(smtplib.SMTPException, OSError))
def deliver(email_id: str) -> str:
    """Send one kept email; run twice, it sends once. A refused address is bounced, not retried."""
    with transaction.atomic():
        email = Email.objects.select_for_update().get(pk=email_id)
        if email.status != EmailStatus.QUEUED:
            return email.status
        Email.objects.filter(pk=email.pk).update(attempts=email.attempts + 1)
    message = EmailMultiAlternatives(email.subject, email.text, settings.DEFAULT_FROM_EMAIL, [email.to])
    message.attach_alternative(email.html, "text/html")
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as refused:
        # 5xx is the server's final word on the address; 4xx (busy, greylisting) is worth a retry.
        permanent = all(code >= 500 for code, _ in refused.recipients.values())
        Email.objects.filter(pk=email.pk).update(
            status=EmailStatus.BOUNCED if permanent else EmailStatus.QUEUED, last_error=_reason(refused)
        )
        if not permanent:
            raise
        return EmailStatus.BOUNCED
    except (smtplib.SMTPException, OSError) as error:
        Email.objects.filter(pk=email.pk).update(last_error=f"{type(error).__name__}: {error}"[:1000])
        raise
    Email.objects.filter(pk=email.pk).update(status=EmailStatus.SENT, sent_at=timezone.now(), last_error="")
    return EmailStatus.SENT


def _reason(refused: smtplib.SMTPRecipientsRefused) -> str:
    return "; ".join(
        f"{address}: {code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
        for address, (code, text) in refused.recipients.items()
    )[:1000]
