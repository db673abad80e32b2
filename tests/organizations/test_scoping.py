"""Who sees and who may change which school, through the browser and through the API alike."""
import pytest
from django.urls import reverse

from organizations.models import School
from organizations.scoping import visible

# role -> (schools visible, schools whose facts the role may update); names are World attributes.
EXPECTED = {
    "office": ({"school", "other_school"}, {"school", "other_school"}),
    "police": ({"school"}, set()),  # serves world.school through a 包校 liaison
    "education": ({"school", "other_school"}, set()),  # the education center oversees every school
    "health": (set(), set()),  # no liaison in this world
    "school_officer": ({"school"}, {"school"}),
    "principal": ({"school"}, {"school"}),
    "community": ({"school"}, set()),  # world.school lies in its community
    "leader": ({"school", "other_school"}, set()),  # read-only
    "district_leader": ({"school", "other_school", "outside_school"}, set()),  # read-only, whole district
    "outsider": ({"outside_school"}, {"outside_school"}),
    "outside_office": ({"outside_school"}, {"outside_school"}),
    "nobody": (set(), set()),
}
SCHOOLS = ["school", "other_school", "outside_school"]
CASES = [(role, target) for role in EXPECTED for target in SCHOOLS]


def _expected_status(role, target, *, write):
    seen, changed = EXPECTED[role]
    if target not in seen:
        return 404
    if write and target not in changed:
        return 403
    return 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", EXPECTED)
def test_scoping_module_returns_exactly_the_expected_schools(world, role):
    names = {name for name in SCHOOLS if getattr(world, name) in visible(world.user(role), School.objects.all())}
    assert names == EXPECTED[role][0]


@pytest.mark.django_db
@pytest.mark.parametrize("role", EXPECTED)
def test_school_list_page_shows_only_schools_in_scope(client_for, world, role):
    body = client_for(role).get(reverse("organizations:school_list")).content.decode()
    for name in SCHOOLS:
        assert (getattr(world, name).name in body) == (name in EXPECTED[role][0]), name


@pytest.mark.django_db
@pytest.mark.parametrize("role", EXPECTED)
def test_school_api_lists_only_schools_in_scope(api_for, world, role):
    results = api_for(role).get("/api/schools/").json()["results"]
    assert {row["id"] for row in results} == {getattr(world, name).pk for name in EXPECTED[role][0]}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "target"), CASES)
def test_school_detail_page(client_for, world, role, target):
    response = client_for(role).get(reverse("organizations:school_detail", args=[getattr(world, target).pk]))
    assert response.status_code == _expected_status(role, target, write=False)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "target"), CASES)
def test_school_edit_page_and_post(client_for, world, role, target):
    school = getattr(world, target)
    url = reverse("organizations:school_update", args=[school.pk])
    client = client_for(role)
    expected = _expected_status(role, target, write=True)
    assert client.get(url).status_code == expected
    response = client.post(url, {"address": "新地址 1 号", "student_count": 1234, "staff_count": 56,
                                 "is_boarding": "on", "boarder_count": 10})
    school.refresh_from_db()
    if expected == 200:
        assert response.status_code == 302
        assert (school.address, school.student_count, school.boarder_count) == ("新地址 1 号", 1234, 10)
    else:
        assert response.status_code == expected
        assert school.address != "新地址 1 号"


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "target"), CASES)
def test_school_api_detail_and_patch(api_for, world, role, target):
    school = getattr(world, target)
    api = api_for(role)
    assert api.get(f"/api/schools/{school.pk}/").status_code == _expected_status(role, target, write=False)
    response = api.patch(f"/api/schools/{school.pk}/", {"staff_count": 77}, format="json")
    assert response.status_code == _expected_status(role, target, write=True)
    school.refresh_from_db()
    assert (school.staff_count == 77) == (response.status_code == 200)


@pytest.mark.django_db
def test_read_only_leader_is_refused_any_write_with_403(api_for, world):
    response = api_for("leader").patch(f"/api/schools/{world.school.pk}/", {"staff_count": 1}, format="json")
    assert response.status_code == 403


@pytest.mark.django_db
def test_person_holding_two_roles_reaches_the_union(world):
    from organizations.models import Membership, Role

    person = world.user("police")
    Membership.objects.create(user=person, role=Role.SCHOOL_OFFICER, school=world.other_school)
    person = type(person).objects.get(pk=person.pk)  # a fresh object: scopes are cached per user object
    assert set(visible(person, School.objects.all())) == {world.school, world.other_school}


@pytest.mark.django_db
def test_bad_school_facts_are_refused_with_a_chinese_message_and_kept_as_typed(client_for, world):
    url = reverse("organizations:school_update", args=[world.school.pk])
    response = client_for("office").post(url, {"address": "保留的地址", "student_count": 10, "staff_count": 2,
                                               "boarder_count": 50, "gate_latitude": "29.7"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "非寄宿制学校的寄宿生人数应为 0。" in body
    assert "校门经纬度须同时填写或同时留空。" in body
    assert 'value="保留的地址"' in body
    world.school.refresh_from_db()
    assert world.school.address != "保留的地址"


@pytest.mark.django_db
def test_api_rejects_boarders_at_a_day_school(api_for, world):
    response = api_for("office").patch(f"/api/schools/{world.school.pk}/", {"boarder_count": 5}, format="json")
    assert response.status_code == 400
    assert "boarder_count" in response.json()


@pytest.mark.django_db
def test_database_refuses_a_membership_without_its_anchor(world):
    from django.db import IntegrityError

    from organizations.models import Membership, Role

    with pytest.raises(IntegrityError):
        Membership.objects.create(user=world.user("nobody"), role=Role.SCHOOL_OFFICER)


@pytest.mark.django_db
def test_school_list_query_count_does_not_grow_with_schools(client_for, world, django_assert_num_queries):
    client = client_for("office")
    client.get(reverse("organizations:school_list"))  # warm the session
    with django_assert_num_queries(7) as first:
        client.get(reverse("organizations:school_list"))
    for index in range(30):
        School.objects.create(sub_district=world.sub_district, community=world.community, name=f"新学校{index}",
                              kind="primary")
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("organizations:school_list"))


@pytest.mark.django_db
def test_api_404_says_nothing_about_the_model_and_speaks_chinese(api_for, world):
    response = api_for("outsider").get(f"/api/schools/{world.school.pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["999", "abc", "-1"])
def test_a_stale_or_mistyped_page_number_shows_a_page_not_a_404(client_for, world, page):
    response = client_for("office").get(reverse("organizations:school_list"), {"page": page})
    assert response.status_code == 200
    assert world.school.name in response.content.decode()
