"""Every page address that takes a POST answers a GET (a reload, a language switch after a refused form) by
going back to its page, never with a blank 405; outsiders still get 404."""
import pytest
from django.urls import reverse

from tests.route_walk import ROW_ROUTES

pytestmark = pytest.mark.django_db

GOES_BACK = {
    "duties:task_close": "duties:task_detail",
    "inspections:campaign_close": "inspections:campaign_detail",
    "inspections:inspection_assign": "inspections:inspection_detail",
    "inspections:inspection_correct": "inspections:inspection_detail",
    "security:staffing_report": "security:school_zone",
}


@pytest.mark.parametrize("name", sorted(GOES_BACK))
def test_a_get_of_a_post_only_page_goes_back_to_its_page(client_for, world, name):
    spec = ROW_ROUTES[name]
    row, kwargs = spec.make(world)
    url = reverse(name, kwargs=kwargs)
    response = client_for(spec.owner).get(url)
    assert response.status_code == 302 and response["Location"] == reverse(GOES_BACK[name], args=[kwargs["pk"]])
    assert client_for("outsider").get(url).status_code == 404


def test_a_refused_duty_close_then_a_language_switch_lands_on_the_task(client_for, world):
    spec = ROW_ROUTES["duties:task_close"]
    task, kwargs = spec.make(world)
    client = client_for(spec.owner)
    url = reverse("duties:task_close", kwargs=kwargs)
    assert client.post(url, {"note": ""}).status_code == 400
    switched = client.post(reverse("set_language"), {"language": "en", "next": url}, follow=True)
    assert switched.status_code == 200 and switched.redirect_chain[-1][0] == reverse("duties:task_detail",
                                                                                      args=[task.pk])


@pytest.mark.parametrize(("name", "back"), [("notifications:mark_all_read", "notifications:inbox"),
                                            ("logout", "home")])
def test_the_other_post_only_addresses_go_back_too(client_for, world, name, back):
    client = client_for("office")
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"] == reverse(back)
    assert client.get(reverse("home")).status_code == 200  # a GET did not log the person out
