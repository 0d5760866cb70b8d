"""The background worker: django-tasks-db's ``db_worker``, first putting back what a killed worker left.

``manage.py run_worker --queue-name '*'`` runs every queue; ``make run`` starts it beside the
web server. Its worker id names this machine and process, so the next worker to start can tell
that a task's claim belongs to a process that no longer exists (:func:`mkip.jobs.requeue_abandoned`).
"""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from mkip.jobs import requeue_abandoned, worker_id


class Command(DbWorkerCommand):
    help = "Run the background worker (every queue with --queue-name '*'), requeueing tasks a killed worker left"

    def handle(self, *args, **options):
        options["worker_id"] = worker_id()
        requeued = requeue_abandoned()
        if requeued:
            self.stdout.write(f"Put {requeued} task(s) left by a stopped worker back in the queue.")
        return super().handle(*args, **options)
