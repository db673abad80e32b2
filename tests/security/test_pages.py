"""The security pages render for the people who use them: lists, forms that keep what was typed, details."""
import io
from datetime import date, time

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from organizations.models import School, SchoolKind
from risks.models import Hazard
from security import services
from security.models import DrillKind, Evidence, TrainingKind

from .helpers import gate, place, premises


@pytest.fixture(autouse=True)
def november():
    with time_machine.travel(date(2026, 11, 20), tick=False):
        yield


def _get(client, world, person, url):
    client.force_login(world.user(person))
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 80, 60)).save(buffer, "JPEG")
    return SimpleUploadedFile("drill.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_the_school_list_counts_violations_in_a_constant_number_of_queries(client, world):
    gate(world)
    premises(world, "极速网吧", "internet-cafe", metres_north=150)
    premises(world, "远方网吧", "internet-cafe", metres_north=250)
    client.force_login(world.user("office"))
    url = reverse("security:school_list")
    client.get(url)  # the first request of a session looks up more (the session, the scope)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        School.objects.create(sub_district=world.sub_district, name=f"新学校{n}", kind=SchoolKind.PRIMARY,
                              gate_latitude=place(metres_east=100 * n)[0], gate_longitude=place(metres_east=100 * n)[1])
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert len(many) == len(few)
    assert f'data-school="{world.school.pk}"' in body
    assert f'href="{reverse("security:school_zone", args=[world.school.pk])}"' in body
    row = body.split(f'data-school="{world.school.pk}"')[1].split("</tr>")[0]
    assert 'data-violations="1"' in row


def test_premises_list_filters_and_detail_shows_the_schools_near_it(client, world):
    gate(world)
    cafe = premises(world, "极速网吧", "internet-cafe", metres_north=150, address="中山路 20 号")
    premises(world, "红星旅馆", "small-hotel", metres_east=120, address="中山路 30 号")
    body = _get(client, world, "office", reverse("security:premises_list") + "?q=网吧")
    assert "极速网吧" in body and "红星旅馆" not in body and reverse("security:premises_new") in body
    body = _get(client, world, "office", reverse("security:premises_detail", args=[cafe.pk]))
    assert 'data-row-kind="violation"' in body and "150 米" in body
    assert reverse("security:premises_edit", args=[cafe.pk]) in body
    body = _get(client, world, "leader", reverse("security:premises_detail", args=[cafe.pk]))
    assert reverse("security:premises_edit", args=[cafe.pk]) not in body


def test_the_patrol_form_keeps_what_was_typed_and_shows_the_errors(client, world):
    client.force_login(world.user("police"))
    url = reverse("security:patrol_new")
    body = client.get(url).content.decode()
    assert "data-findings" in body and "data-findings open" not in body
    response = client.post(url, {"school": world.school.pk, "kind": "zone", "patrolled_on": "2026-11-20",
                                 "started_at": "09:00", "ended_at": "08:00", "route": "正门—东侧路口",
                                 "finding_1_location": "东侧路口", "finding_1_description": "减速带损坏"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "结束时间应晚于开始时间。" in body and "请选择类别" in body
    assert "data-findings open" in body and 'value="正门—东侧路口"' in body and "减速带损坏" in body
    response = client.post(url, {"school": world.school.pk, "kind": "zone", "patrolled_on": "2026-11-20",
                                 "started_at": "07:20", "ended_at": "08:00", "route": "正门—东侧路口",
                                 "finding_1_category": "traffic", "finding_1_location": "东侧路口",
                                 "finding_1_description": "减速带损坏"})
    assert response.status_code == 302
    body = _get(client, world, "police", reverse("security:patrol_list"))
    assert "正门—东侧路口" in body and Hazard.objects.get().number in body


def test_a_drill_with_a_problem_and_a_photo_shows_its_hazard_and_thumbnail(client, world):
    client.force_login(world.user("school_officer"))
    body = client.get(reverse("security:drill_new")).content.decode()
    assert 'name="evidence" multiple accept="image/*,application/pdf"' in body
    response = client.post(reverse("security:drill_new"), {
        "school": world.school.pk, "kind": DrillKind.FIRE, "held_on": "2026-11-18", "participants": "900",
        "duration_min": "20", "evacuation_seconds": "210", "problem_1_category": "fire",
        "problem_1_location": "教学楼二楼", "problem_1_description": "安全出口指示灯不亮", "evidence": [_jpeg()]})
    assert response.status_code == 302, response.content.decode()
    body = _get(client, world, "school_officer", response["Location"])
    hazard, evidence = Hazard.objects.get(), Evidence.objects.get()
    assert reverse("risks:hazard_detail", args=[hazard.pk]) in body
    assert f'<img src="{reverse("security:evidence", args=[evidence.pk])}"' in body
    body = _get(client, world, "school_officer", reverse("security:drill_list"))
    assert "消防疏散演练" in body and "1 个问题" in body


def test_trainings_are_listed_and_filtered_by_kind(client, world):
    services.training_record(actor=world.user("office"), sub_district=world.sub_district, school=world.school,
                             kind=TrainingKind.ANTI_TERROR, held_on=date(2026, 11, 10), participants=60)
    services.training_record(actor=world.user("office"), sub_district=world.sub_district,
                             kind=TrainingKind.PRINCIPALS, held_on=date(2026, 11, 12), participants=25)
    body = _get(client, world, "office", reverse("security:training_list"))
    assert "反恐防暴培训" in body and "全街道学校" in body and reverse("security:training_new") in body
    body = _get(client, world, "office", reverse("security:training_list") + "?kind=anti_terror")
    assert "反恐防暴培训" in body and "校长、教师安全培训</td>" not in body
    body = _get(client, world, "office", reverse("security:training_new"))
    assert 'name="evidence" multiple' in body


def test_the_school_page_links_to_its_protective_measures(client, world):
    body = _get(client, world, "office", reverse("organizations:school_detail", args=[world.school.pk]))
    assert reverse("security:school_zone", args=[world.school.pk]) in body


def test_a_patrol_page_of_a_school_with_a_record_renders(client, world):
    gate(world)
    services.patrol_record(actor=world.user("police"), school=world.school, patrolled_on=date(2026, 11, 20),
                           started_at=time(7), ended_at=time(8), route="正门")
    body = _get(client, world, "police", reverse("security:school_zone", args=[world.school.pk]))
    assert "正门" in body
