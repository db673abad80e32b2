"""The school list (browser and API) as the office, for growing numbers of schools."""
from django.test import Client
from rest_framework.test import APIClient

from organizations.models import School
from tests.world import build_world


def run(report, measure):
    world = build_world()
    rows = report.section("School list as the office", ["schools", "page ms", "page queries", "API ms", "API queries"])
    page, api = Client(), APIClient()
    page.force_login(world.user("office"))
    api.force_authenticate(world.user("office"))
    created = 2
    for target in (10, 100, 1000):
        School.objects.bulk_create(
            School(sub_district=world.sub_district, community=world.community, name=f"基准学校{i}", kind="primary")
            for i in range(created, target)
        )
        created = target
        page_ms, page_queries = measure(lambda: page.get("/org/schools/"))
        api_ms, api_queries = measure(lambda: api.get("/api/schools/"))
        rows.append([target, f"{page_ms:.1f}", page_queries, f"{api_ms:.1f}", api_queries])
