from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from risks import grading, services
from risks.models import GradingScheme, Risk, RiskStatus

from .helpers import lec, ls

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.mark.parametrize(("l", "e", "c", "colour"), [
    ("10", "6", "7", "red"),        # 420 > 320
    ("6", "6", "7", "orange"),      # 252
    ("10", "2", "15", "orange"),    # 300
    ("10", "2", "100", "red"),      # 2000
    ("3", "6", "7", "yellow"),      # 126
    ("10", "1", "7", "blue"),       # 70 is not above 70
    ("1", "6", "7", "blue"),        # 42
    ("1", "1", "15", "grey"),       # 15 < 20: acceptable
])
def test_lec_bands(l, e, c, colour):
    score = grading.score_for("lec", likelihood=D(l), exposure=D(e), severity=D(c))
    assert grading.level_for(lec(), score).colour == colour


@pytest.mark.parametrize(("l", "s", "colour"), [
    ("5", "5", "red"), ("4", "5", "red"), ("4", "4", "orange"), ("3", "3", "orange"), ("2", "4", "yellow"),
    ("2", "2", "yellow"), ("1", "3", "blue"), ("1", "1", "blue"),
])
def test_ls_bands(l, s, colour):
    score = grading.score_for("ls", likelihood=D(l), severity=D(s))
    assert grading.level_for(ls(), score).colour == colour


def test_factors_outside_the_scale_are_refused():
    with pytest.raises(ValidationError):
        grading.score_for("lec", likelihood=D("7"), exposure=D("6"), severity=D("7"))
    with pytest.raises(ValidationError):
        grading.score_for("ls", likelihood=D("6"), severity=D("1"))


def test_schemes_are_seeded_as_data():
    assert GradingScheme.objects.get(is_default=True).code == "lec"
    assert list(lec().levels.values_list("colour", flat=True)) == ["red", "orange", "yellow", "blue", "grey"]
    assert list(ls().levels.values_list("colour", flat=True)) == ["red", "orange", "yellow", "blue"]


def test_thresholds_are_configurable_data():
    orange = ls().levels.get(colour="orange")
    orange.lower_bound = D("8")
    orange.save()
    assert grading.level_for(ls(), D("8")).colour == "orange"


def _create(world, actor="office", **overrides):
    kwargs = dict(actor=world.user(actor), school=world.school, category="fire", name="实验室危化品柜",
                  location="实验楼二楼", description="危化品存放", control_measures="双人双锁",
                  responsible_person="李老师", scheme=lec(), likelihood=D("3"), exposure=D("6"), severity=D("7"))
    kwargs.update(overrides)
    return services.risk_create(**kwargs)


def test_reassessment_keeps_history_and_moves_the_review_date(world):
    risk = _create(world)
    assert risk.level.colour == "yellow" and risk.next_review_on == timezone.localdate() + timedelta(days=182)
    with time_machine.travel(timezone.now() + timedelta(days=200)):
        assert risk.review_due()
        services.risk_reassess(actor=world.user("school_officer"), risk=risk, likelihood=D("10"), exposure=D("6"),
                               severity=D("7"), note="学生增多")
        risk.refresh_from_db()
        assert risk.level.colour == "red" and risk.next_review_on == timezone.localdate() + timedelta(days=30)
    assert [a.level.colour for a in risk.assessments.all()] == ["red", "yellow"]


def test_office_may_switch_a_risk_to_the_ls_matrix(world):
    risk = _create(world)
    services.risk_reassess(actor=world.user("office"), risk=risk, scheme=ls(), likelihood=D("4"), severity=D("5"))
    risk.refresh_from_db()
    assert risk.scheme.code == "ls" and risk.level.colour == "red" and risk.score == 20


@pytest.mark.parametrize(("role", "error"), [("police", PermissionDenied), ("leader", PermissionDenied),
                                              ("community", PermissionDenied), ("outsider", Http404)])
def test_who_may_not_maintain_the_risk_list(world, role, error):
    with pytest.raises(error):
        _create(world, actor=role)


def test_education_center_and_school_maintain_the_list(world):
    assert _create(world, actor="education").school == world.school
    assert _create(world, actor="principal").school == world.school


def test_retire_keeps_the_risk_out_of_the_list(world, client):
    risk = _create(world)
    services.risk_retire(actor=world.user("office"), risk=risk, reason="危化品柜已撤除")
    risk.refresh_from_db()
    assert risk.status == RiskStatus.RETIRED and risk.retired_by == world.user("office")
    with pytest.raises(ValidationError):
        services.risk_reassess(actor=world.user("office"), risk=risk, likelihood=D("1"), exposure=D("1"),
                               severity=D("1"))
    client.force_login(world.user("office"))
    assert risk.name not in client.get(reverse("risks:risk_list")).content.decode()
    assert risk.name in client.get(reverse("risks:risk_list"), {"status": "retired"}).content.decode()


def test_register_pages(client, world):
    client.force_login(world.user("school_officer"))
    response = client.post(reverse("risks:risk_create"), {
        "school": world.school.pk, "category": "drowning", "name": "校园周边河道", "location": "学校东侧",
        "description": "学生放学途经河道", "control_measures": "设置警示牌，开展防溺水教育", "responsible_person": "王老师",
        "scheme": lec().pk, "lec_likelihood": "6", "lec_exposure": "6", "lec_consequence": "15",
    })
    risk = Risk.objects.get()
    assert response.status_code == 302 and risk.level.colour == "red" and risk.score == 540
    response = client.post(reverse("risks:risk_assess", args=[risk.pk]), {
        "scheme": lec().pk, "lec_likelihood": "1", "lec_exposure": "6", "lec_consequence": "7"})
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.level.colour == "blue"
    page = client.get(reverse("risks:risk_detail", args=[risk.pk])).content.decode()
    assert page.count('data-colour="red"') == 1 and page.count('data-colour="blue"') == 2
    printable = client.get(reverse("risks:school_risk_list", args=[world.school.pk]))
    assert printable.status_code == 200 and "校园周边河道" in printable.content.decode()
    response = client.post(reverse("risks:risk_retire", args=[risk.pk]), {"reason": ""})
    assert response.status_code == 400
    # Missing factor keeps the form as typed.
    response = client.post(reverse("risks:risk_create"), {
        "school": world.school.pk, "category": "fire", "name": "配电房", "location": "后勤楼",
        "description": "老化", "control_measures": "巡查", "responsible_person": "赵", "scheme": lec().pk,
        "lec_likelihood": "6"})
    assert response.status_code == 400 and "配电房" in response.content.decode()
    assert Risk.objects.count() == 1


def test_register_pages_refuse_outsiders_and_readers(client, world):
    risk = _create(world)
    client.force_login(world.user("outsider"))
    assert client.get(reverse("risks:risk_detail", args=[risk.pk])).status_code == 404
    assert client.get(reverse("risks:school_risk_list", args=[world.school.pk])).status_code == 404
    assert risk.name not in client.get(reverse("risks:risk_list")).content.decode()
    client.force_login(world.user("leader"))
    assert client.get(reverse("risks:risk_detail", args=[risk.pk])).status_code == 200
    assert client.post(reverse("risks:risk_assess", args=[risk.pk]), {}).status_code == 403
    assert client.post(reverse("risks:risk_retire", args=[risk.pk]), {"reason": "x"}).status_code == 403
    assert client.get(reverse("risks:risk_create")).status_code == 403


def test_filters_and_reviews_due(client, world):
    red = _create(world, name="红", likelihood=D("10"), exposure=D("6"), severity=D("7"))
    blue = _create(world, name="蓝", likelihood=D("1"), exposure=D("6"), severity=D("7"), category="traffic")
    Risk.objects.filter(pk=blue.pk).update(next_review_on=timezone.localdate() - timedelta(days=1))
    client.force_login(world.user("office"))
    url = reverse("risks:risk_list")

    def names(query):
        html = client.get(url, query).content.decode()
        return {r.name for r in (red, blue) if f'data-risk="{r.pk}"' in html}

    assert names({"colour": "red"}) == {"红"}
    assert names({"category": "traffic"}) == {"蓝"}
    assert names({"review_due": "on"}) == {"蓝"}
    assert names({"school": world.other_school.pk}) == set()
    assert "data-reviews-due" in client.get(url).content.decode()
    api = client.get("/api/risks/", {"colour": "red"}).json()
    assert [r["name"] for r in api["results"]] == ["红"]


def test_risk_api_create_reassess_retire(api_for, world):
    school = api_for("school_officer")
    response = school.post("/api/risks/", {
        "school": world.school.pk, "category": "fire", "name": "配电房", "location": "后勤楼", "description": "线路老化",
        "control_measures": "每月检查", "responsible_person": "赵", "likelihood": "3", "exposure": "6",
        "severity": "7"}, format="json")
    assert response.status_code == 201, response.data
    assert response.data["colour"] == "yellow" and response.data["scheme"] == lec().pk
    pk = response.data["id"]
    # Only the office changes a list's method.
    response = school.post(f"/api/risks/{pk}/reassess/", {"scheme": ls().pk, "likelihood": "5", "severity": "5"},
                           format="json")
    assert response.status_code == 400 and "scheme" in response.data
    response = school.post(f"/api/risks/{pk}/reassess/", {"likelihood": "10", "exposure": "6", "severity": "7"},
                           format="json")
    assert response.status_code == 200 and response.data["colour"] == "red"
    assert [a["colour"] for a in response.data["assessments"]] == ["red", "yellow"]
    assert api_for("leader").post(f"/api/risks/{pk}/retire/", {"reason": "x"}, format="json").status_code == 403
    assert api_for("police").post(f"/api/risks/{pk}/retire/", {"reason": "x"}, format="json").status_code == 403
    assert api_for("outsider").post(f"/api/risks/{pk}/retire/", {"reason": "x"}, format="json").status_code == 404
    response = api_for("office").post(f"/api/risks/{pk}/retire/", {"reason": "已改造"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "retired"
    response = school.post(f"/api/risks/{pk}/reassess/", {"likelihood": "1", "exposure": "1", "severity": "1"},
                           format="json")
    assert response.status_code == 400
