"""The inbox over the API: the caller's own messages only, in the caller's language, read one or all."""
import pytest

from notifications import services
from notifications.messages import message
from notifications.models import InboxItem
from risks.models import HazardEventKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(world):
    health, police = world.user("health"), world.user("police")
    return {
        "mine": services.notify(key="a", recipient=health, link="/risks/hazards/1/",
                                title=message("隐患 %(number)s：%(event)s", number="YH-1",
                                              event=HazardEventKind.ASSIGNED.label),
                                body=["实验小学 · 三楼", " · ", message("整改时限 %(date)s", date="2027-03-01")]),
        "second": services.notify(key="b", recipient=health, title="【7天后到期】卫生监督"),
        "theirs": services.notify(key="c", recipient=police, title="【今日到期】反恐培训"),
    }


def test_the_list_holds_only_my_messages_newest_first(api_for, items):
    response = api_for("health").get("/api/inbox/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [items["second"].pk, items["mine"].pk]
    mine = response.json()["results"][1]
    assert mine["title"] == "隐患 YH-1：交办" and mine["body"] == "实验小学 · 三楼 · 整改时限 2027-03-01"
    assert mine["link"] == "/risks/hazards/1/" and mine["read_at"] is None


def test_the_list_is_rendered_in_the_callers_language(api_for, items):
    api = api_for("health")
    api.cookies["django_language"] = "en"
    mine = api.get("/api/inbox/").json()["results"][1]
    assert mine["title"] == "Hazard YH-1: Assign"
    assert mine["body"] == "实验小学 · 三楼 · Rectification deadline 2027-03-01"


def test_unread_count_and_the_unread_filter(api_for, items):
    api = api_for("health")
    assert api.get("/api/inbox/unread-count/").json() == {"count": 2}
    InboxItem.objects.filter(pk=items["second"].pk).update(read_at="2027-03-01T08:00:00+08:00")
    assert api.get("/api/inbox/unread-count/").json() == {"count": 1}
    assert [row["id"] for row in api.get("/api/inbox/", {"unread": 1}).json()["results"]] == [items["mine"].pk]


def test_marking_one_read(api_for, items):
    response = api_for("health").post(f"/api/inbox/{items['mine'].pk}/read/")
    assert response.status_code == 200 and response.json()["read_at"] is not None
    assert InboxItem.objects.get(pk=items["mine"].pk).read_at is not None
    assert api_for("health").get("/api/inbox/unread-count/").json() == {"count": 1}


def test_someone_elses_message_is_not_found_and_stays_unread(api_for, items):
    assert api_for("health").post(f"/api/inbox/{items['theirs'].pk}/read/").status_code == 404
    assert InboxItem.objects.get(pk=items["theirs"].pk).read_at is None


def test_mark_all_read_touches_only_my_messages(api_for, items):
    response = api_for("health").post("/api/inbox/read-all/")
    assert response.status_code == 200 and response.json() == {"count": 2}
    assert not InboxItem.objects.filter(recipient__username="health", read_at__isnull=True).exists()
    assert InboxItem.objects.get(pk=items["theirs"].pk).read_at is None


def test_anonymous_callers_are_refused(client, items):
    assert client.get("/api/inbox/").status_code in (401, 403)
    assert client.post("/api/inbox/read-all/").status_code in (401, 403)
    assert InboxItem.objects.filter(read_at__isnull=False).count() == 0


def test_schema_documents_the_inbox(api_for, world):
    paths = api_for("office").get("/api/schema/", {"format": "json"}).json()["paths"]
    assert {"/api/inbox/", "/api/inbox/unread-count/", "/api/inbox/{id}/read/", "/api/inbox/read-all/"} <= set(paths)
    assert any(p["name"] == "unread" for p in paths["/api/inbox/"]["get"]["parameters"])
    count = paths["/api/inbox/unread-count/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert count == {"$ref": "#/components/schemas/InboxCount"}
