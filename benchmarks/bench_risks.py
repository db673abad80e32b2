"""The hazard ledger as the office (page, API, .xlsx export) and the police inbox, for growing ledgers."""
from django.test import Client
from rest_framework.test import APIClient

from risks import services
from tests.risks.helpers import assign_kwargs
from tests.world import build_world


def _grow(world, start, stop):
    for index in range(start, stop):
        hazard = services.hazard_report(actor=world.user("school_officer"), school=world.school, category="fire",
                                        location=f"教学楼 {index} 号教室", description="灭火器压力不足")
        if index % 2:
            hazard = services.hazard_grade(actor=world.user("office"), hazard=hazard, grade="general")
            services.hazard_assign(actor=world.user("office"), hazard=hazard, **assign_kwargs(world))


def run(report, measure):
    world = build_world()
    rows = report.section("Hazard ledger", [
        "hazards", "ledger page ms", "queries", "API ms", "queries", "police inbox ms", "queries",
        "export .xlsx ms", "queries"],
        note="Half the hazards are assigned to the police station. The export reads the ledger in chunks of 500 "
             "rows (iterator with prefetched events) into a write-only workbook: its queries grow by 3 per 500 "
             "rows, never per row.")
    office, api, police = Client(), APIClient(), Client()
    office.force_login(world.user("office"))
    api.force_authenticate(world.user("office"))
    police.force_login(world.user("police"))
    created = 0
    for target in (10, 100, 1000):
        _grow(world, created, target)
        created = target
        figures = [target]
        for client, url, repeat in ((office, "/risks/hazards/", 20), (api, "/api/hazards/", 20),
                                    (police, "/risks/hazards/inbox/", 20),
                                    (office, "/risks/hazards/export.xlsx", 5)):
            ms, queries = measure(lambda c=client, u=url: c.get(u), repeat=repeat)
            figures += [f"{ms:.1f}", queries]
        rows.append(figures)

