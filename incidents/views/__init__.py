"""Browser pages of incidents (incidents.py) and supervision (supervision.py)."""
from .incidents import (incident_detail, incident_export, incident_list, incident_photo, incident_report,
                        incident_step)
from .supervision import (supervision_detail, supervision_export, supervision_list, supervision_new,
                          supervision_step)

__all__ = ["incident_detail", "incident_export", "incident_list", "incident_photo", "incident_report",
           "incident_step", "supervision_detail", "supervision_export", "supervision_list", "supervision_new",
           "supervision_step"]
