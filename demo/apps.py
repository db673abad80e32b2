from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo seed: it knows every app, so it lives in none of them (nothing imports it)."""

    name = "demo"
    verbose_name = _("演示数据")
