"""Register pages as a person meets them: forms prefilled, retired risks, paging the default list."""
from decimal import Decimal

import pytest
from django.urls import reverse

from risks import services
from risks.models import Risk

from .helpers import lec, ls

pytestmark = pytest.mark.django_db

D = Decimal


def _create(world, **overrides):
    kwargs = dict(actor=world.user("office"), school=world.school, category="fire", name="实验室危化品柜",
                  location="实验楼二楼", description="危化品存放", control_measures="双人双锁",
                  responsible_person="李老师", scheme=lec(), likelihood=D("10"), exposure=D("10"),
                  severity=D("100"))
    kwargs.update(overrides)
    return services.risk_create(**kwargs)


def test_reassess_form_starts_from_the_latest_factors_even_round_tens(client, world):
    risk = _create(world)
    client.force_login(world.user("office"))
    form = client.get(reverse("risks:risk_assess", args=[risk.pk])).context["form"]
    assert form["lec_likelihood"].value() == "10"
    assert form["lec_exposure"].value() == "10"
    assert form["lec_consequence"].value() == "100"
    html = client.get(reverse("risks:risk_assess", args=[risk.pk])).content.decode()
    assert '<option value="100" selected>' in html


def test_reassess_form_prefills_an_ls_risk(client, world):
    risk = _create(world, scheme=ls(), likelihood=D("5"), exposure=None, severity=D("4"))
    client.force_login(world.user("office"))
    form = client.get(reverse("risks:risk_assess", args=[risk.pk])).context["form"]
    assert (form["ls_likelihood"].value(), form["ls_severity"].value()) == ("5", "4")


@pytest.mark.parametrize("page", ["risk_assess", "risk_retire"])
def test_a_retired_risk_offers_no_form_and_says_why(client, world, page):
    risk = _create(world)
    services.risk_retire(actor=world.user("office"), risk=risk, reason="已撤除")
    client.force_login(world.user("office"))
    response = client.get(reverse(f"risks:{page}", args=[risk.pk]), follow=True)
    assert response.redirect_chain == [(reverse("risks:risk_detail", args=[risk.pk]), 302)]
    assert "该风险已销号，不能再评估或销号。" in response.content.decode()
    response = client.post(reverse(f"risks:{page}", args=[risk.pk]),
                           {"reason": "再次", "scheme": lec().pk, "lec_likelihood": "1", "lec_exposure": "1",
                            "lec_consequence": "1"})
    assert response.status_code == 302
    assert risk.assessments.count() == 1
    # Readers are still refused before anything about the state is said.
    client.force_login(world.user("leader"))
    assert client.get(reverse(f"risks:{page}", args=[risk.pk])).status_code == 403


def test_second_page_of_the_default_list_still_hides_retired_risks(client, world):
    for n in range(51):
        _create(world, name=f"风险{n:02d}")
    retired = _create(world, name="已撤除的风险")
    services.risk_retire(actor=world.user("office"), risk=retired, reason="已撤除")
    client.force_login(world.user("office"))
    response = client.get(reverse("risks:risk_list"), {"page": 2})
    assert response.status_code == 200
    assert response.context["paginator"].count == 51
    assert "已撤除的风险" not in response.content.decode()
    assert Risk.objects.count() == 52


def test_a_wrong_risk_filter_is_shown_and_the_right_ones_still_apply(client, world):
    fire = _create(world, name="配电房")
    traffic = _create(world, name="校门口", category="traffic")
    client.force_login(world.user("office"))
    response = client.get(reverse("risks:risk_list"), {"category": "traffic", "school": "999999"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-risk="{traffic.pk}"' in html and f'data-risk="{fire.pk}"' not in html
    assert "选择一个有效的选项" in html
    # A bad status falls back to the active risks, and says so.
    services.risk_retire(actor=world.user("office"), risk=fire, reason="已撤除")
    html = client.get(reverse("risks:risk_list"), {"status": "gone"}).content.decode()
    assert f'data-risk="{traffic.pk}"' in html and f'data-risk="{fire.pk}"' not in html
    assert "选择一个有效的选项" in html
