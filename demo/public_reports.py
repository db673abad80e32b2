"""Demo public reports (举报) for Chongyi, as parents and citizens would send them from their phones and the
office and the education center would triage them: one waiting with a contact (bullying, so the police
station was told), one anonymous one waiting, one made a hazard and answered, one made an incident and in
handling, one dismissed.

Runs once: when Chongyi already has public reports it does nothing.
"""
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone

from organizations.models import School, User
from public_reports import challenge, services
from public_reports.models import PublicReport

from .risks import _demo_photo

SUB_DISTRICT = "崇义街道"


def _answered_challenge():
    """What a person does on the page: read the sum and answer it."""
    _question, token = challenge.issue()
    numbers = signing.loads(token, salt=challenge.SALT)
    return token, str(numbers["a"] + numbers["b"])


def _send(school, kind, description, *, hours_ago, address, now, **extra):
    token, answer = _answered_challenge()
    return services.report_submit(school_id=school.pk, kind=kind, description=description, challenge_token=token,
                                  challenge_answer=answer, address=address, now=now - timedelta(hours=hours_ago),
                                  **extra)


@transaction.atomic
def seed_public_reports(now=None):
    now = now or timezone.now()
    if PublicReport.objects.filter(school__sub_district__name=SUB_DISTRICT).exists():
        return 0  # seeded before
    schools = {s.name: s for s in School.objects.filter(sub_district__name=SUB_DISTRICT)}
    office, edu = User.objects.get(username="office"), User.objects.get(username="edu")

    _send(schools["望涪小学"], "bullying", "我家孩子四年级，这两周放学后总被同班三个男生在校门外小巷堵住要钱，孩子不敢说。",
          hours_ago=5, address="10.20.1.11", now=now, anonymous=False, contact_name="陈女士", contact="13908231234")
    _send(schools["崇义中学"], "premises", "学校后门对面新开了一家网吧，中午有穿校服的学生进出。", surroundings=True,
          hours_ago=30, address="10.20.1.12", now=now)

    railing = _send(schools["桥南小学"], "facility", "教学楼三楼走廊尽头的栏杆有一段松动，用手一推就晃。",
                    hours_ago=24 * 9, address="10.20.1.13", now=now,
                    photos=[_demo_photo("railing.jpg", (150, 150, 160))])
    railing = services.report_to_hazard(actor=edu, report=railing, category="facilities", location="教学楼三楼走廊",
                                        now=now - timedelta(days=8))
    services.report_answer(actor=edu, report=railing, now=now - timedelta(days=2),
                           public_answer="已转学校整改，松动栏杆已加固并经验收，感谢您的监督。")

    canteen = _send(schools["涪陵区实验小学"], "food", "今天午饭的炒青菜有一股馊味，好几个孩子回家说肚子疼。",
                    hours_ago=26, address="10.20.1.14", now=now, anonymous=False, contact="15023456789")
    services.report_to_incident(actor=office, report=canteen, kind="food_poisoning", severity="general",
                                occurred_at=now - timedelta(hours=28), place="学校食堂", injured=0,
                                now=now - timedelta(hours=20))

    noise = _send(schools["崇义小学"], "other", "学校早上广播声音太大，影响小区居民休息。", hours_ago=24 * 4,
                  address="10.20.1.15", now=now)
    services.report_dismiss(actor=office, report=noise, reason="不属于校园安全事项，已转社区沟通。",
                            public_answer="该事项不属于校园安全举报范围，已转社区与学校沟通，感谢您的反映。",
                            now=now - timedelta(days=3))
    return PublicReport.objects.filter(school__sub_district__name=SUB_DISTRICT).count()
