"""Who may make which hazard transition, for the permission matrix of services, views and API."""
from risks.models import HazardStatus

from .helpers import assign_kwargs, photo

ROLES = ["office", "police", "education", "health", "school_officer", "principal", "community", "leader",
         "district_leader", "outsider", "outside_office", "nobody"]

# For a hazard of world.school assigned to the police station.
SEES_ASSIGNED = {"office", "police", "education", "school_officer", "principal", "community", "leader",
                 "district_leader"}
# Before assignment, the police station does not see the school's hazards (it is not its task yet).
SEES_UNASSIGNED = SEES_ASSIGNED - {"police"}


def payload(name, world):
    return {
        "grade": lambda: {"grade": "major"},
        "assign": lambda: assign_kwargs(world),
        "start": lambda: {"comment": ""},
        "submit": lambda: {"note": "已整改完毕", "photos": [photo("after.jpg")]},
        "reject": lambda: {"reason": "水带规格不符，请更换"},
        "accept": lambda: {"comment": "现场核查合格"},
    }[name]()


# transition: (state it starts from, roles that may make it)
TRANSITIONS = {
    "grade": (HazardStatus.REPORTED, {"office"}),
    "assign": (HazardStatus.GRADED, {"office"}),
    "start": (HazardStatus.ASSIGNED, {"police"}),
    "submit": (HazardStatus.RECTIFYING, {"police"}),
    "reject": (HazardStatus.SUBMITTED, {"office"}),
    "accept": (HazardStatus.SUBMITTED, {"office"}),
}


def sees(state, role):
    assigned = state not in (HazardStatus.REPORTED, HazardStatus.GRADED)
    return role in (SEES_ASSIGNED if assigned else SEES_UNASSIGNED)


def forbidden_cases():
    for name, (state, allowed) in TRANSITIONS.items():
        for role in ROLES:
            if role not in allowed:
                yield name, role, (403 if sees(state, role) else 404)
