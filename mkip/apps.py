from django.apps import AppConfig


class MkipConfig(AppConfig):
    name = "mkip"
    verbose_name = "MKIP shared helpers"

    def ready(self):
        from mkip import middleware, security_log  # noqa: F401 - connect their signal receivers
