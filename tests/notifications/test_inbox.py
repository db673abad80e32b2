"""The in-app inbox: only one's own messages, an unread count in the navigation, read on opening."""
import pytest
from django.urls import reverse

from notifications import services
from notifications.models import InboxItem


@pytest.fixture
def items(world):
    health, police = world.user("health"), world.user("police")
    return {
        "mine": services.notify(key="a", recipient=health, title="【今日到期】饮用水检测", body="请查验",
                                link="/duties/"),
        "second": services.notify(key="b", recipient=health, title="【7天后到期】卫生监督"),
        "theirs": services.notify(key="c", recipient=police, title="【今日到期】反恐培训"),
    }


@pytest.mark.django_db
def test_the_navigation_shows_the_unread_count_and_the_inbox_only_my_messages(client_for, items):
    client = client_for("health")
    page = client.get(reverse("home")).content.decode()
    assert 'data-unread-count>2</span>' in page
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "饮用水检测" in inbox and "卫生监督" in inbox and "反恐培训" not in inbox


@pytest.mark.django_db
def test_opening_a_message_marks_it_read_and_follows_its_link(client_for, items):
    client = client_for("health")
    response = client.get(reverse("notifications:open", args=[items["mine"].pk]))
    assert response.status_code == 302 and response["Location"] == "/duties/"
    assert InboxItem.objects.get(pk=items["mine"].pk).read_at is not None
    assert 'data-unread-count>1</span>' in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_someone_elses_message_is_not_found(client_for, items):
    assert client_for("health").get(reverse("notifications:open", args=[items["theirs"].pk])).status_code == 404
    assert InboxItem.objects.get(pk=items["theirs"].pk).read_at is None


@pytest.mark.django_db
def test_mark_all_read_touches_only_my_messages(client_for, items):
    response = client_for("health").post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert not InboxItem.objects.filter(recipient__username="health", read_at__isnull=True).exists()
    assert InboxItem.objects.get(pk=items["theirs"].pk).read_at is None
    assert "data-unread-count" not in client_for("health").get(reverse("home")).content.decode()
