"""The shared test world: one district with two sub-districts; in the first, two schools, every role
once, and the departments that serve them; an outsider in the second sub-district."""
from dataclasses import dataclass
from datetime import date

from organizations.models import (Community, Department, DepartmentKind, District, LiaisonKind, Membership, Role,
                                  School, SchoolKind, SchoolLiaison, SchoolYear, SubDistrict, Term, TermKind, User)

PASSWORD = "correct-horse-battery-staple"


@dataclass
class World:
    district: District
    sub_district: SubDistrict
    other_sub_district: SubDistrict
    community: Community
    other_community: Community
    school: School
    other_school: School
    outside_school: School
    police: Department
    education: Department
    health: Department
    users: dict

    def user(self, name):
        return self.users[name]


def _user(username, **roles):
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username)
    for role, anchor in roles.items():
        Membership.objects.create(user=user, role=role, **anchor)
    return user


def build_world():
    district = District.objects.create(name="涪陵区")
    sub = SubDistrict.objects.create(district=district, name="崇义街道")
    other_sub = SubDistrict.objects.create(district=district, name="敦仁街道")
    community = Community.objects.create(sub_district=sub, name="中山路社区")
    other_community = Community.objects.create(sub_district=sub, name="桥南社区")
    school = School.objects.create(sub_district=sub, community=community, name="实验小学", kind=SchoolKind.PRIMARY,
                                   student_count=1000, has_canteen=True)
    other_school = School.objects.create(sub_district=sub, community=other_community, name="崇义中学",
                                         kind=SchoolKind.SECONDARY, is_boarding=True, boarder_count=300)
    outside_school = School.objects.create(sub_district=other_sub, name="敦仁小学", kind=SchoolKind.PRIMARY)
    police = Department.objects.create(sub_district=sub, kind=DepartmentKind.POLICE, name="派出所")
    education = Department.objects.create(sub_district=sub, kind=DepartmentKind.EDUCATION_CENTER, name="教管中心")
    health = Department.objects.create(sub_district=sub, kind=DepartmentKind.HEALTH, name="卫生服务中心")
    Department.objects.create(sub_district=other_sub, kind=DepartmentKind.POLICE, name="敦仁派出所")
    SchoolLiaison.objects.create(school=school, department=police, kind=LiaisonKind.POLICE)
    year = SchoolYear.objects.create(name="2026-2027", starts_on=date(2026, 9, 1), ends_on=date(2027, 8, 31))
    Term.objects.create(school_year=year, kind=TermKind.AUTUMN, starts_on=date(2026, 9, 1), ends_on=date(2027, 1, 22))
    Term.objects.create(school_year=year, kind=TermKind.SPRING, starts_on=date(2027, 2, 22), ends_on=date(2027, 7, 2))

    users = {
        "office": _user("office", **{Role.OFFICE: {"sub_district": sub}}),
        "police": _user("police", **{Role.DEPARTMENT: {"department": police}}),
        "education": _user("education", **{Role.DEPARTMENT: {"department": education}}),
        "health": _user("health", **{Role.DEPARTMENT: {"department": health}}),
        "school_officer": _user("school_officer", **{Role.SCHOOL_OFFICER: {"school": school}}),
        "principal": _user("principal", **{Role.PRINCIPAL: {"school": school}}),
        "community": _user("community", **{Role.COMMUNITY: {"community": community}}),
        "leader": _user("leader", **{Role.LEADER: {"sub_district": sub}}),
        "district_leader": _user("district_leader", **{Role.DISTRICT_LEADER: {"district": district}}),
        "outsider": _user("outsider", **{Role.SCHOOL_OFFICER: {"school": outside_school}}),
        "outside_office": _user("outside_office", **{Role.OFFICE: {"sub_district": other_sub}}),
        "nobody": _user("nobody"),
    }
    return World(district, sub, other_sub, community, other_community, school, other_school, outside_school,
                 police, education, health, users)
