from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = "Partnership register"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from partnership import revision, two_factor  # noqa: F401 - connects the sign-in receiver

        connection_created.connect(revision.install, dispatch_uid="partnership.revision")
        pre_migrate.connect(revision.pause_for_migrations, sender=self, dispatch_uid="partnership.revision.pre")
        post_migrate.connect(revision.after_migrations, sender=self, dispatch_uid="partnership.revision.post")
