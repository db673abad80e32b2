"""The pages of sweeps, inspections and self-checks, as each role uses them."""
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from inspections.models import Campaign, Inspection, InspectionStatus
from risks.models import Hazard
from tests.risks.helpers import photo

from .helpers import item, open_sweep


@pytest.fixture(autouse=True)
def november():
    with time_machine.travel(date(2026, 11, 20), tick=False):
        yield


def test_office_opens_a_sweep_from_the_page(world, client_for):
    client = client_for("office")
    assert client.get(reverse("inspections:campaign_open")).status_code == 200
    response = client.post(reverse("inspections:campaign_open"), {
        "kind": "dragnet", "title": "下半年拉网式排查", "starts_on": "2026-11-20", "ends_on": "2026-12-31",
        "departments": [world.education.pk, world.police.pk]})
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/campaigns/{campaign.pk}/")
    coverage = dict(campaign.inspections.values_list("school__name", "department__name"))
    # The police cover the school they serve (包校); the education center every other school.
    assert coverage == {"实验小学": "派出所", "崇义中学": "教管中心"}
    page = client.get(response["Location"]).content.decode()
    assert "已完成 0 / 2 所学校" in page


def test_a_bad_sweep_is_explained_and_kept_as_typed(world, client_for):
    response = client_for("office").post(reverse("inspections:campaign_open"), {
        "kind": "dragnet", "title": "保留的名称", "starts_on": "2026-12-20", "ends_on": "2026-12-01"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "结束日期不能早于开始日期。" in body and 'value="保留的名称"' in body
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("person", ["education", "police", "school_officer", "leader"])
def test_only_the_office_may_open_a_sweep(world, client_for, person):
    assert client_for(person).get(reverse("inspections:campaign_open")).status_code == 403


def test_an_inspector_fails_two_items_on_the_page_and_both_reach_the_ledger(world, client_for):
    campaign = open_sweep(world, participants={world.education: [world.school]})
    inspection = campaign.inspections.get(school=world.school)
    url = reverse("inspections:inspection_detail", args=[inspection.pk])
    client = client_for("education")
    page = client.get(url).content.decode()
    assert 'data-do="submit"' in page and "不合格即判定为重大隐患" in page
    data = {f"item-{i.pk}-result": "pass" for i in inspection.template.items.all()}
    first, sixth = item(inspection, 1), item(inspection, 6)
    data.update({f"item-{first.pk}-result": "fail", f"item-{first.pk}-note": "东侧安全出口上锁",
                 f"item-{sixth.pk}-result": "fail", f"item-{sixth.pk}-note": "",
                 f"item-{first.pk}-photos": photo("exit.jpg"), "submit": "1"})
    refused = client.post(url, data)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "不合格项请写明问题所在。" in body and "东侧安全出口上锁" in body and "已选的照片未保存" in body
    assert not Hazard.objects.exists()
    data[f"item-{sixth.pk}-note"] = "灭火器压力不足"
    data[f"item-{first.pk}-photos"] = photo("exit.jpg")
    assert client.post(url, data).status_code == 302
    hazards = {h.location: h for h in Hazard.objects.all()}
    assert hazards[first.text].grade == "major" and hazards[sixth.text].grade == "general"
    assert hazards[first.text].attachments.count() == 1
    shown = client.get(url).content.decode()
    assert 'data-status="submitted"' in shown and hazards[first.text].number in shown
    campaign_page = client_for("office").get(reverse("inspections:campaign_detail", args=[campaign.pk]))
    assert "已完成 1 / 2 所学校" in campaign_page.content.decode()


def test_a_school_submits_todays_self_check_and_the_office_sees_who_has_not(world, client_for):
    client = client_for("school_officer")
    page = client.get(reverse("inspections:self_check_today"))
    assert page.status_code == 200 and 'data-do="start"' in page.content.decode()
    started = client.post(reverse("inspections:self_check_today"), {"school": world.school.pk})
    inspection = Inspection.objects.get()
    assert started["Location"] == reverse("inspections:inspection_detail", args=[inspection.pk])
    data = {f"item-{i.pk}-result": "pass" for i in inspection.template.items.all()}
    data["submit"] = "1"
    assert client.post(started["Location"], data).status_code == 302
    assert Inspection.objects.get().status == InspectionStatus.SUBMITTED
    overview = client_for("office").get(reverse("inspections:self_check_overview"))
    body = overview.content.decode()
    assert overview.status_code == 200
    assert "今天尚未自查的学校：1 所" in body and "崇义中学" in body
    assert client_for("police").get(reverse("inspections:self_check_overview")).status_code == 403
    assert client_for("police").get(reverse("inspections:self_check_today")).status_code == 403
    assert client_for("school_officer").post(reverse("inspections:self_check_today"),
                                             {"school": world.other_school.pk}).status_code == 404


def test_the_campaign_list_shows_each_campaigns_progress(world, client_for):
    campaign = open_sweep(world, participants={world.education: [world.school, world.other_school]})
    page = client_for("office").get(reverse("inspections:campaign_list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert campaign.title in body and "0 / 2 所" in body
    assert client_for("outside_office").get(reverse("inspections:campaign_detail", args=[campaign.pk])).status_code == 404


def test_the_workbench_offers_todays_self_check_and_counts_what_waits_as_the_list_does(world, client_for):
    open_sweep(world, participants={world.education: [world.school, world.other_school]})
    school_page = client_for("school_officer").get(reverse("home")).content.decode()
    assert 'data-card="self-check"' in school_page and "开始今日自查" in school_page
    edu = client_for("education")
    home = edu.get(reverse("home"))
    assert home.context["inspections"]["count"] == 2
    listed = edu.get(reverse("inspections:inspection_list") + "?mine=on")
    assert listed.context["paginator"].count == 2
    office_home = client_for("office").get(reverse("home"))
    assert "inspections" not in office_home.context or not office_home.context["inspections"]["count"]
