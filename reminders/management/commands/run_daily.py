"""Queue the day's work for the worker: the reminder scan and the baseline freeze.

Run once a day from cron (see the README, "Background work and reminders"); running it again the
same day is harmless, since both tasks skip what is already done.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from reminders.tasks import daily_reminders, freeze_due_baselines


class Command(BaseCommand):
    help = "Queue today's reminder scan and baseline freeze for the background worker"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to run for (YYYY-MM-DD), if not today")

    def handle(self, *args, date=None, **options):
        day = date or timezone.localdate().isoformat()
        reminders = daily_reminders.enqueue(day)
        baselines = freeze_due_baselines.enqueue(day)
        self.stdout.write(f"Queued the reminders ({reminders.id}) and the baseline freeze ({baselines.id}) for {day}.")
