"""The student safety zone: distances at the boundary, bad coordinates, violations as hazards once, the
offline schematic."""
import xml.etree.ElementTree as ElementTree
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from risks.models import Hazard
from security import geo, schematic, selectors, services
from security.models import PremisesStatus, PremisesType

from .helpers import GATE, gate, place, premises


def test_haversine_matches_a_known_distance():
    # One degree of latitude is about 111.19 km on the mean sphere.
    assert geo.haversine_m(29, 107, 30, 107) == pytest.approx(111_195, rel=1e-3)
    lat, lng = geo.offset(*GATE, east_m=200)
    assert geo.haversine_m(*GATE, lat, lng) == pytest.approx(200, abs=0.05)


def test_wgs84_is_shifted_to_gcj02_by_a_few_hundred_metres_in_china():
    lat, lng = geo.wgs84_to_gcj02(29.7035, 107.3906)
    assert 100 < geo.haversine_m(29.7035, 107.3906, lat, lng) < 700
    assert geo.wgs84_to_gcj02(51.5, -0.12) == (51.5, -0.12)  # outside China nothing moves


@pytest.mark.parametrize(("type_code", "metres", "flagged"), [
    ("internet-cafe", 199, True), ("internet-cafe", 201, False), ("internet-cafe", 150, True),
    ("internet-cafe", 250, False), ("tobacco", 49, True), ("tobacco", 51, False), ("small-hotel", 100, False),
])
def test_premises_are_flagged_inside_the_radius_of_their_type(world, type_code, metres, flagged):
    gate(world)
    found = premises(world, f"场所{metres}", type_code, metres_east=metres)
    rows = {row["premises"]: row for row in selectors.zone(world.school)["rows"]}
    assert rows[found]["metres"] == pytest.approx(metres, abs=0.5)
    assert rows[found]["violation"] is flagged
    assert Hazard.objects.filter(source_key__startswith=f"zone:premises:{found.pk}:").exists() is flagged


def test_a_violation_becomes_one_hazard_however_often_the_premises_is_saved(world):
    gate(world)
    cafe = premises(world, "极速网吧", "internet-cafe", metres_north=150)
    for _ in range(2):
        services.premises_save(actor=world.user("office"), sub_district=world.sub_district, premises=cafe,
                               name=cafe.name, type=cafe.type, latitude=cafe.latitude, longitude=cafe.longitude,
                               address=cafe.address)
    gate(world, name="后门", at=place(metres_north=120))
    hazard = Hazard.objects.get()
    assert hazard.school == world.school and hazard.grade == "general" and hazard.reported_by is None
    assert hazard.source == "safety_zone" and "200 米学生安全区域内" in hazard.description
    assert hazard.reporter_display == "学生安全区域"


def test_closed_premises_are_not_flagged(world):
    gate(world)
    cafe = premises(world, "已关停网吧", "internet-cafe", metres_north=100, status=PremisesStatus.CLOSED)
    assert not Hazard.objects.exists()
    assert cafe not in [row["premises"] for row in selectors.zone(world.school)["rows"]]


@pytest.mark.parametrize(("lat", "lng", "field", "words"), [
    ("", "107.39", "latitude", "请填写纬度"), ("107.39", "29.70", "latitude", "不在中国境内"),
    ("29.70", "200", "longitude", "不在中国境内"), ("abc", "107.39", "latitude", "请填写纬度"),
])
def test_bad_coordinates_are_refused_with_a_clear_message(world, lat, lng, field, words):
    with pytest.raises(ValidationError) as refused:
        services.premises_save(actor=world.user("office"), sub_district=world.sub_district, name="网吧",
                               type=PremisesType.objects.get(code="internet-cafe"), latitude=lat, longitude=lng)
    assert words in " ".join(refused.value.message_dict[field])


@pytest.mark.parametrize("person", ["school_officer", "police", "leader", "outside_office"])
def test_only_the_office_governance_and_law_enforcement_keep_the_register(world, person):
    with pytest.raises(PermissionDenied):
        services.premises_save(actor=world.user(person), sub_district=world.sub_district, name="网吧",
                               type=PremisesType.objects.get(code="internet-cafe"), latitude=GATE[0],
                               longitude=GATE[1])


def test_a_law_enforcement_officer_keeps_the_register(world):
    from organizations.models import Department, DepartmentKind, Membership, Role, User

    law = Department.objects.create(sub_district=world.sub_district, kind=DepartmentKind.LAW_ENFORCEMENT,
                                    name="综合执法支队")
    person = User.objects.create_user("law", password="x" * 12)
    Membership.objects.create(user=person, role=Role.DEPARTMENT, department=law)
    saved = services.premises_save(actor=person, sub_district=world.sub_district, name="某网吧",
                                   type=PremisesType.objects.get(code="internet-cafe"), latitude=GATE[0],
                                   longitude=GATE[1] + Decimal("0.01"))
    assert saved.updated_by == person


def test_the_schematic_is_valid_svg_with_chinese_text_and_no_outside_reference(world):
    gate(world)
    premises(world, "极速网吧", "internet-cafe", metres_north=150)
    premises(world, "星光网吧", "internet-cafe", metres_east=250)
    premises(world, "便民烟酒店", "tobacco", metres_east=-40)
    svg = schematic.render(selectors.zone(world.school))
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = " ".join(element.text or "" for element in root.iter() if element.tag.endswith("text"))
    assert "极速网吧" in texts and "北" in texts and "200 米" in texts and "校门" in texts
    kinds = {g.get("data-kind") for g in root.iter() if g.get("data-premises")}
    assert kinds == {"violation", "other"}
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_the_zone_page_shows_the_cafe_at_150_m_flagged_and_the_one_at_250_m_not(world, client_for):
    gate(world)
    near = premises(world, "极速网吧", "internet-cafe", metres_north=150)
    far = premises(world, "星光网吧", "internet-cafe", metres_east=250)
    page = client_for("school_officer").get(reverse("security:school_zone", args=[world.school.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert f'data-premises="{near.pk}" data-kind="violation"' in body
    assert f'data-premises="{far.pk}" data-kind="other"' in body
    svg = client_for("office").get(reverse("security:zone_svg", args=[world.school.pk]))
    assert svg["Content-Type"].startswith("image/svg+xml")


def test_a_violation_names_who_should_rectify_it(world):
    gate(world)
    premises(world, "极速网吧", "internet-cafe", metres_north=150)
    assert Hazard.objects.get().description.endswith("请交办综治办或综合执法支队依法整治。")
