"""``manage.py compact_data_changes``: shrink the dashboard cache's log of writes.

Readers compact a partnership's rows on their own once there are many (``partnership.revision``);
this does every scope at once, for a nightly job or after a large import. Safe while others
write and read: no token ever repeats, and each changes at most once.
"""

from django.core.management.base import BaseCommand

from partnership.models import DataChange
from partnership.revision import compact


class Command(BaseCommand):
    help = "Replace each scope's committed rows in the log of writes by one row of the same weight."

    def handle(self, *args, **options):
        before = DataChange.objects.count()
        removed = compact()
        self.stdout.write(f"Compacted the log of writes: {before} rows, now {before - removed}.")
