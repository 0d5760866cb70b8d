"""Who wants which reminders and how, what was sent, and every email on its way out."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from mkip.history import TrackedQuerySet, tracked


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "An email for each reminder, as soon as it is due"
    DIGEST = "digest", "One email a day listing that day’s reminders"


class Preference(models.Model):
    """How one person takes their reminders, and the kinds they turned off; a person with no row
    gets every kind, each at once. Its history says who changed it and when."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    turned_off = models.JSONField(default=list, blank=True, verbose_name="Reminders turned off")
    updated_at = models.DateTimeField(auto_now=True)

    objects = TrackedQuerySet.as_manager()
    history = tracked(excluded_fields=["updated_at"])

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(delivery__in=Delivery.values), name="reminder_delivery_known"),
        ]

    def __str__(self):
        return f"Reminder settings of {self.person}"


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENT = "sent", "Sent"
    BOUNCED = "bounced", "Refused by the mail server"


class Email(models.Model):
    """One email, kept until the mail server has taken it; a refused address is kept as bounced."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="emails")
    to = models.CharField(max_length=320)
    subject = models.CharField(max_length=200)
    text = models.TextField()
    html = models.TextField()
    status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=EmailStatus.values), name="email_status_known"),
            models.CheckConstraint(condition=~Q(status="sent") | Q(sent_at__isnull=False), name="email_sent_has_time"),
        ]

    def __str__(self):
        return f"{self.subject} to {self.to}"


class SentReminder(models.Model):
    """One reminder of one date to one person: never two for the same person, kind, thing and date.

    When the date of the same thing changes, the next reminder is a new row for the new date and
    says it corrects the earlier one.
    """

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_reminders")
    kind = models.CharField(max_length=40)
    object_key = models.CharField(max_length=120)
    due_on = models.DateField()
    sent_on = models.DateField()
    corrects = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    email = models.ForeignKey(Email, on_delete=models.SET_NULL, null=True, blank=True, related_name="reminders")

    class Meta:
        ordering = ["-sent_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "object_key", "due_on"], name="reminder_once_per_person_thing_and_date"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_key} {self.due_on} to {self.person}"
