import pytest
from django.core.management import call_command

from demo import organisation as demo
from organizations.models import Department, DepartmentKind, Membership, Role, School, SchoolKind, SubDistrict, User


@pytest.mark.django_db
def test_demo_seed_builds_chongyi_with_every_department_and_twenty_schools(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    chongyi = SubDistrict.objects.get(name="崇义街道")
    assert set(Department.objects.filter(sub_district=chongyi).values_list("kind", flat=True)) == set(
        DepartmentKind.values)
    schools = School.objects.filter(sub_district=chongyi)
    assert schools.count() >= 20
    assert set(schools.values_list("kind", flat=True)) == set(SchoolKind.values)
    assert all(29.6 < float(s.gate_latitude) < 29.8 and 107.3 < float(s.gate_longitude) < 107.5 for s in schools)


@pytest.mark.django_db
def test_demo_seed_is_idempotent_and_creates_one_account_per_role(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (User.objects.count(), School.objects.count(), Membership.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), School.objects.count(), Membership.objects.count()) == counts
    for username in ["office", "edu", "police", "health", "fooddrug", "safety", "law", "judicial", "community",
                     "school", "principal", "leader"]:
        user = User.objects.get(username=username)
        assert user.check_password(demo.DEMO_PASSWORD), username
        assert user.memberships.exists(), username
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)


@pytest.mark.django_db
def test_demo_seed_refuses_when_debug_is_off(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo")
    assert not User.objects.exists()
