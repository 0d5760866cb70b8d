from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = "Partnership register"

    def ready(self):
        from django.db.backends.signals import connection_created

        from partnership import revision, two_factor  # noqa: F401 - connects the sign-in receiver

        connection_created.connect(revision.install, dispatch_uid="partnership.revision")
