from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Reminders by email"

    def ready(self):
        from reminders import (
            kinds,  # noqa: F401 - registers each kind of reminder
            signals,
        )

        signals.connect()
