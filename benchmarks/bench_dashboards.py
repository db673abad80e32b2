"""The office's dashboard, the district comparison, the assessment and the supervision report's PDF, for
growing ledgers (hazards bulk-copied: what is measured is the reading, not the writing)."""
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from risks.models import Hazard, HazardStatus
from tests.risks.helpers import make_hazard
from tests.world import build_world


def _grow(world, model, count):
    fields = {f.attname: getattr(model, f.attname) for f in Hazard._meta.concrete_fields
              if f.attname not in ("id", "source_key")}
    schools = [world.school.pk, world.other_school.pk]
    Hazard.objects.bulk_create([Hazard(**{**fields, "school_id": schools[n % 2]}) for n in range(count)],
                               batch_size=1000)


def run(report, measure):
    world = build_world()
    rows = report.section("Dashboards", [
        "hazards", "dashboard ms", "queries", "district ms", "queries", "assessment ms", "queries",
        "report PDF ms", "queries"],
        note="Every panel is a grouped aggregate in the database: the query counts stay the same as the ledger "
             "grows a thousandfold.")
    leader = Client()
    leader.force_login(world.user("district_leader"))
    model = make_hazard(world, HazardStatus.ASSIGNED, deadline=timezone.localdate() - timedelta(days=3))
    created = 1
    for target in (10, 1000, 10000):
        _grow(world, model, target - created)
        created = target
        figures = [target]
        for url, repeat in (("/dashboard/", 10), ("/dashboard/district/", 10),
                            (f"/dashboard/assessment/?sub_district={world.sub_district.pk}", 10),
                            ("/dashboard/report/?format=pdf", 5)):
            ms, queries = measure(lambda u=url: leader.get(u), repeat=repeat)
            figures += [f"{ms:.1f}", queries]
        rows.append(figures)
