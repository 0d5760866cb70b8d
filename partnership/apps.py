from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = "Partnership register"

    def ready(self):
        from partnership import two_factor  # noqa: F401 - connects the sign-in receiver
