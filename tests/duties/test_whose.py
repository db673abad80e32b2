"""A duty list opens on the person's own tasks, with tabs to the tasks of the schools and units they serve and
to all they see; each tab's count is the list it opens; the workbench's figures open the same lists."""
import re
from datetime import date

import pytest
from django.urls import reverse

from duties import services
from duties.models import DutyTask

pytestmark = pytest.mark.django_db


def _tabs(html):
    return {key: (int(n), href.replace("&amp;", "&"))
            for href, key, n in re.findall(r'<a href="([^"]+)" data-tab="(\w+)"[^>]*>[^<]*<strong data-count>(\d+)',
                                          html)}


def test_the_list_opens_on_mine_and_each_tab_counts_its_list(client_for, world):
    services.materialise(day=date(2026, 9, 1))
    client = client_for("police")
    opened = client.get(reverse("duties:task_list"))
    assert opened.context["whose"] == "mine"
    mine = DutyTask.objects.filter(owner_department=world.police, status="open").count()
    assert opened.context["paginator"].count == mine > 0
    tabs = _tabs(opened.content.decode())
    assert set(tabs) == {"mine", "served", "all"}
    for key, (count, href) in tabs.items():
        assert client.get(reverse("duties:task_list") + href).context["paginator"].count == count, key
    assert tabs["mine"][0] + tabs["served"][0] == tabs["all"][0] and tabs["served"][0] > 0
    served = client.get(reverse("duties:task_list"), {"whose": "served"}).context["object_list"]
    assert all(task.owner_department_id != world.police.pk for task in served)


def test_old_links_and_a_leader_and_the_api(client_for, api_for, world):
    services.materialise(day=date(2026, 9, 1))
    assert client_for("police").get(reverse("duties:task_list"), {"mine": "on", "status": "all"}
                                     ).context["whose"] == "mine"
    assert client_for("leader").get(reverse("duties:task_list")).context["whose"] == "all"  # owns nothing
    page = client_for("police").get(reverse("duties:task_list"), {"whose": "served", "status": "all"})
    api = api_for("police").get("/api/duty-tasks/", {"whose": "served"}).json()
    assert api["count"] == page.context["paginator"].count
