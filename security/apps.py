from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """安全防护: the student safety zone around each gate, patrols and guard posts, cameras, drills and
    trainings, and security staffing. A sibling of `inspections` (checklists and sweeps): both file what
    they find as hazards through risks.services, but the zone and the school's own protective measures
    are registers kept all year, not campaigns, and would double the size of one app."""

    name = "security"
    verbose_name = _("安全防护")
