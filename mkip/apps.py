from django.apps import AppConfig


class MkipConfig(AppConfig):
    name = "mkip"
    verbose_name = "MKIP shared helpers"

    def ready(self):
        from mkip import middleware  # noqa: F401 - connects the sign-in signal that marks sessions fresh
