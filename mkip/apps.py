from django.apps import AppConfig


class MkipConfig(AppConfig):
    name = "mkip"
    verbose_name = "MKIP shared helpers"
