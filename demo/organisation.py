"""Demo data: the Chongyi sub-district of Fuling as the notice describes it, and one account per role.

Names of communities and schools are realistic but illustrative. Every call is idempotent, so
`make run` may seed on each start; passwords are only set when an account is created.
"""
from datetime import date
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from organizations.models import (Community, Department, DepartmentKind, District, LiaisonKind, Membership, Role, School,
                                  SchoolKind, SchoolLiaison, SchoolYear, SubDistrict, Term, TermKind, User)

DEMO_PASSWORD = "campus-demo"

DEPARTMENT_NAMES = {
    DepartmentKind.EDUCATION_CENTER: "崇义街道教管中心",
    DepartmentKind.GOVERNANCE: "崇义街道综治办",
    DepartmentKind.POLICE: "崇义派出所",
    DepartmentKind.TRAFFIC: "区交巡警勤务大队崇义中队",
    DepartmentKind.HEALTH: "崇义街道社区卫生服务中心",
    DepartmentKind.FOOD_DRUG: "崇义食药监所",
    DepartmentKind.LAW_ENFORCEMENT: "崇义综合执法支队",
    DepartmentKind.SAFETY: "崇义街道安监办",
    DepartmentKind.JUDICIAL: "崇义司法所",
}

COMMUNITIES = ["中山路社区", "兴华中路社区", "桥南社区", "望涪社区", "黎明社区", "太极社区"]

P, S, K, T = SchoolKind.PRIMARY, SchoolKind.SECONDARY, SchoolKind.KINDERGARTEN, SchoolKind.TRAINING
# name, kind, community, students, staff, boarders, canteen, lat, lng, address
SCHOOLS = [
    ("涪陵区实验小学", P, "中山路社区", 2150, 128, 0, True, "29.703512", "107.389214", "中山路 18 号"),
    ("崇义小学", P, "兴华中路社区", 1380, 86, 0, True, "29.706831", "107.392650", "兴华中路 66 号"),
    ("望涪小学", P, "望涪社区", 960, 61, 0, True, "29.698744", "107.385102", "望涪路 9 号"),
    ("中山路小学", P, "中山路社区", 1120, 70, 0, False, "29.701925", "107.394377", "中山路 102 号"),
    ("桥南小学", P, "桥南社区", 840, 55, 0, True, "29.694410", "107.396822", "桥南路 31 号"),
    ("黎明小学", P, "黎明社区", 760, 49, 0, False, "29.709305", "107.381946", "黎明路 12 号"),
    ("太极小学", P, "太极社区", 1010, 64, 0, True, "29.712148", "107.398501", "太极大道 88 号"),
    ("兴华小学", P, "兴华中路社区", 690, 44, 0, False, "29.705587", "107.396014", "兴华东路 5 号"),
    ("涪陵第十五中学", S, "兴华中路社区", 1860, 142, 420, True, "29.707902", "107.388730", "兴华中路 120 号"),
    ("崇义中学", S, "桥南社区", 1420, 118, 0, True, "29.696132", "107.391288", "桥南路 77 号"),
    ("涪陵区实验中学", S, "中山路社区", 2300, 176, 650, True, "29.700318", "107.383655", "中山路 201 号"),
    ("望州初级中学", S, "望涪社区", 980, 83, 0, True, "29.697260", "107.379912", "望州路 3 号"),
    ("涪陵第二中学", S, "太极社区", 2650, 205, 1200, True, "29.713987", "107.393170", "太极大道 2 号"),
    ("崇义街道中心幼儿园", K, "兴华中路社区", 420, 48, 0, True, "29.706102", "107.390871", "兴华中路 40 号"),
    ("涪陵区第一幼儿园", K, "中山路社区", 560, 62, 0, True, "29.702640", "107.391533", "中山路 56 号"),
    ("阳光幼儿园", K, "望涪社区", 210, 24, 0, True, "29.699517", "107.387420", "望涪路 21 号"),
    ("小太阳幼儿园", K, "黎明社区", 180, 21, 0, False, "29.710420", "107.384209", "黎明路 40 号"),
    ("蓝天幼儿园", K, "桥南社区", 240, 27, 0, True, "29.693772", "107.393911", "桥南路 8 号"),
    ("望涪幼儿园", K, "望涪社区", 150, 18, 0, False, "29.697930", "107.383040", "望涪路 60 号"),
    ("童心幼儿园", K, "太极社区", 195, 22, 0, True, "29.711835", "107.400264", "太极大道 130 号"),
    ("启航教育培训学校", T, "中山路社区", 320, 19, 0, False, "29.702210", "107.387105", "中山路 77 号 3 楼"),
    ("博学教育培训中心", T, "兴华中路社区", 260, 15, 0, False, "29.704983", "107.394706", "兴华中路 150 号 2 楼"),
]

SCHOOL_YEARS = [
    ("2025-2026", date(2025, 9, 1), date(2026, 8, 31),
     [(TermKind.AUTUMN, date(2025, 9, 1), date(2026, 1, 30)), (TermKind.SPRING, date(2026, 3, 5), date(2026, 7, 1))]),
    ("2026-2027", date(2026, 9, 1), date(2027, 8, 31),
     [(TermKind.AUTUMN, date(2026, 9, 1), date(2027, 1, 22)), (TermKind.SPRING, date(2027, 2, 22), date(2027, 7, 2))]),
]

DEMO_SCHOOL = "涪陵区实验小学"
DEMO_COMMUNITY = "中山路社区"

# username, full name, role, anchor kind, anchor key
ACCOUNTS = [
    ("office", "王敏", Role.OFFICE, "sub_district", None),
    ("edu", "李强", Role.DEPARTMENT, "department", DepartmentKind.EDUCATION_CENTER),
    ("police", "张伟", Role.DEPARTMENT, "department", DepartmentKind.POLICE),
    ("health", "刘芳", Role.DEPARTMENT, "department", DepartmentKind.HEALTH),
    ("fooddrug", "陈静", Role.DEPARTMENT, "department", DepartmentKind.FOOD_DRUG),
    ("safety", "杨洋", Role.DEPARTMENT, "department", DepartmentKind.SAFETY),
    ("law", "赵磊", Role.DEPARTMENT, "department", DepartmentKind.LAW_ENFORCEMENT),
    ("judicial", "黄丽", Role.DEPARTMENT, "department", DepartmentKind.JUDICIAL),
    ("community", "周涛", Role.COMMUNITY, "community", DEMO_COMMUNITY),
    ("school", "吴娜", Role.SCHOOL_OFFICER, "school", DEMO_SCHOOL),
    ("principal", "徐刚", Role.PRINCIPAL, "school", DEMO_SCHOOL),
    ("leader", "孙建国", Role.LEADER, "sub_district", None),
]


# The safety officers (安全员) of the other Chongyi schools, in the order of SCHOOLS after the demo school:
# they keep the demo's daily self-checks. Accounts school02 … school22.
OFFICER_NAMES = ["冉小军", "秦晓燕", "谭明", "何静", "况勇", "彭丽", "夏海涛", "蒋红", "付建", "罗娟", "程鹏",
                 "韦玲", "邓超", "袁梅", "汪洋", "冯婷", "谢斌", "陶莉", "熊伟", "文倩", "曾涛"]


def officer_username(index):
    """The safety officer of SCHOOLS[index]: `school` for the demo school, school02 … for the others."""
    return "school" if index == 0 else f"school{index + 1:02d}"


def _account(username, full_name, password, hashed=None, **flags):
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name, **flags})
    if created:
        if hashed:
            user.password = hashed  # one hash for the many officers: hashing is slow on purpose
        else:
            user.set_password(password)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed_organisation(password=DEMO_PASSWORD):
    fuling, _ = District.objects.get_or_create(name="涪陵区")
    chongyi, _ = SubDistrict.objects.get_or_create(
        district=fuling, name="崇义街道", defaults={"office_name": "崇义街道校园安全稳定联席会议办公室"}
    )
    departments = {
        kind: Department.objects.get_or_create(sub_district=chongyi, kind=kind, defaults={"name": name})[0]
        for kind, name in DEPARTMENT_NAMES.items()
    }
    communities = {
        name: Community.objects.get_or_create(sub_district=chongyi, name=name)[0] for name in COMMUNITIES
    }
    schools = {}
    for name, kind, community, students, staff, boarders, canteen, lat, lng, address in SCHOOLS:
        schools[name] = School.objects.get_or_create(sub_district=chongyi, name=name, defaults={
            "kind": kind, "community": communities[community], "student_count": students, "staff_count": staff,
            "is_boarding": boarders > 0, "boarder_count": boarders, "has_canteen": canteen,
            "gate_latitude": Decimal(lat), "gate_longitude": Decimal(lng), "address": f"涪陵区{address}",
        })[0]
    for name, starts, ends, terms in SCHOOL_YEARS:
        year, _ = SchoolYear.objects.get_or_create(name=name, defaults={"starts_on": starts, "ends_on": ends})
        for kind, term_starts, term_ends in terms:
            Term.objects.get_or_create(school_year=year, kind=kind,
                                       defaults={"starts_on": term_starts, "ends_on": term_ends})

    users = {}
    for username, full_name, role, anchor_kind, key in ACCOUNTS:
        user = users[username] = _account(username, full_name, password)
        anchor = {
            "sub_district": lambda _key: {"sub_district": chongyi},
            "department": lambda key: {"department": departments[key]},
            "community": lambda key: {"community": communities[key]},
            "school": lambda key: {"school": schools[key]},
        }[anchor_kind](key)
        Membership.objects.get_or_create(user=user, role=role, **anchor)

    hashed = None
    for index, (name, *_rest) in enumerate(SCHOOLS[1:], start=1):
        username = officer_username(index)
        if not User.objects.filter(username=username).exists():
            hashed = hashed or make_password(password)
        officer = _account(username, OFFICER_NAMES[index - 1], password, hashed=hashed)
        Membership.objects.get_or_create(user=officer, role=Role.SCHOOL_OFFICER, school=schools[name])

    # 包校: police guard the larger primary and secondary schools, the health center serves every
    # school, the safety office counsels a set of schools on fire safety, food and drug every canteen.
    def liaise(school, kind, department_kind, person):
        SchoolLiaison.objects.get_or_create(school=school, department=departments[department_kind], kind=kind,
                                            defaults={"person": person})

    for index, school in enumerate(schools.values()):
        liaise(school, LiaisonKind.HEALTH, DepartmentKind.HEALTH, users["health"])
        if school.kind in (P, S) and index % 2 == 0:
            liaise(school, LiaisonKind.POLICE, DepartmentKind.POLICE, users["police"])
        if index % 3 == 0:
            liaise(school, LiaisonKind.FIRE_SAFETY, DepartmentKind.SAFETY, users["safety"])
        if school.has_canteen:
            liaise(school, LiaisonKind.OTHER, DepartmentKind.FOOD_DRUG, users["fooddrug"])

    # A neighbouring sub-district, so that scoping between sub-districts shows in the demo too.
    dunren, _ = SubDistrict.objects.get_or_create(district=fuling, name="敦仁街道")
    dunren_community, _ = Community.objects.get_or_create(sub_district=dunren, name="敦仁社区")
    for name, kind in (("敦仁小学", P), ("敦仁幼儿园", K)):
        School.objects.get_or_create(sub_district=dunren, name=name, defaults={
            "kind": kind, "community": dunren_community, "student_count": 600, "staff_count": 40,
        })
    district_leader = _account("district", "郑国华", password)
    Membership.objects.get_or_create(user=district_leader, role=Role.DISTRICT_LEADER, district=fuling)
    _account("admin", "系统管理员", password, is_staff=True, is_superuser=True)
    return chongyi
