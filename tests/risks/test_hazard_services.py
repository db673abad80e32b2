from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from organizations.models import Membership, Role
from risks import selectors, services
from risks.models import AssigneeKind, Hazard, HazardEventKind, HazardStatus

from .helpers import assign_kwargs, make_hazard, photo
from .matrix import ROLES, TRANSITIONS, forbidden_cases, payload, sees

pytestmark = pytest.mark.django_db


def test_full_loop_records_every_step_with_actor(world):
    user = world.user
    hazard = services.hazard_report(actor=user("school_officer"), school=world.school, category="fire",
                                    location="食堂后门", description="灭火器过期", photos=[photo()])
    assert hazard.status == HazardStatus.REPORTED
    hazard = services.hazard_grade(actor=user("office"), hazard=hazard, grade="major")
    hazard = services.hazard_assign(actor=user("office"), hazard=hazard, **assign_kwargs(world))
    assert hazard.status == HazardStatus.ASSIGNED and hazard.assigned_department == world.police
    hazard = services.hazard_start(actor=user("police"), hazard=hazard)
    hazard = services.hazard_submit(actor=user("police"), hazard=hazard, note="已更换", photos=[photo("a.jpg")])
    hazard = services.hazard_reject(actor=user("office"), hazard=hazard, reason="数量不足")
    assert hazard.status == HazardStatus.RECTIFYING and hazard.rejection_count == 1
    hazard = services.hazard_submit(actor=user("police"), hazard=hazard, note="已补齐", photos=[photo("b.jpg")])
    hazard = services.hazard_accept(actor=user("office"), hazard=hazard, comment="合格")
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED
    assert hazard.accepted_by == user("office") and hazard.rectified_by == user("police")
    kinds = list(hazard.events.values_list("kind", "actor__username"))
    assert kinds == [
        ("reported", "school_officer"), ("graded", "office"), ("assigned", "office"), ("started", "police"),
        ("submitted", "police"), ("rejected", "office"), ("submitted", "police"), ("accepted", "office"),
    ]
    assert hazard.attachments.filter(kind="before").count() == 1
    assert hazard.attachments.filter(kind="after").count() == 2


@pytest.mark.parametrize(("name", "role", "expected"), list(forbidden_cases()))
def test_forbidden_transition_is_refused_and_changes_nothing(world, name, role, expected):
    state, _allowed = TRANSITIONS[name]
    hazard = make_hazard(world, state)
    events = hazard.events.count()
    service = getattr(services, f"hazard_{name}")
    with pytest.raises(PermissionDenied if expected == 403 else Http404):
        service(actor=world.user(role), hazard=hazard, **payload(name, world))
    hazard.refresh_from_db()
    assert hazard.status == state
    assert hazard.events.count() == events


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_transition_from_a_wrong_state_is_a_validation_error(world, name):
    hazard = make_hazard(world, HazardStatus.CLOSED)
    actor = world.user("office" if name in ("grade", "assign", "reject", "accept") else "police")
    with pytest.raises(ValidationError):
        getattr(services, f"hazard_{name}")(actor=actor, hazard=hazard, **payload(name, world))


def test_acceptor_cannot_be_the_rectifier(world):
    # One person who is both office staff and on the school's own rectification: the school rectifies itself.
    both = world.user("school_officer")
    Membership.objects.create(user=both, role=Role.OFFICE, sub_district=world.sub_district)
    hazard = make_hazard(world, HazardStatus.ASSIGNED, to="school")
    hazard = services.hazard_submit(actor=both, hazard=hazard, note="已整改", photos=[photo()])
    with pytest.raises(PermissionDenied):
        services.hazard_accept(actor=both, hazard=hazard)
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.SUBMITTED
    assert "accept" not in services.allowed_actions(both, hazard)
    # Someone else in the office may accept it.
    services.hazard_accept(actor=world.user("office"), hazard=hazard)


def test_database_refuses_acceptor_equal_to_rectifier(world):
    hazard = make_hazard(world, HazardStatus.SUBMITTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Hazard.objects.filter(pk=hazard.pk).update(status="closed", accepted_by=hazard.rectified_by,
                                                   accepted_at=timezone.now())


def test_database_refuses_assignment_without_five_implementations(world):
    hazard = make_hazard(world, HazardStatus.GRADED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Hazard.objects.filter(pk=hazard.pk).update(status="assigned", assignee_kind="school")


@pytest.mark.parametrize("missing", ["funds_amount", "funds_source", "responsible_person", "measures", "deadline",
                                     "contingency_plan"])
def test_assignment_requires_all_five_implementations(world, missing):
    hazard = make_hazard(world, HazardStatus.GRADED)
    kwargs = assign_kwargs(world)
    kwargs[missing] = None if missing in ("funds_amount", "deadline") else "  "
    with pytest.raises(ValidationError) as caught:
        services.hazard_assign(actor=world.user("office"), hazard=hazard, **kwargs)
    assert missing in caught.value.error_dict
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.GRADED


def test_assignment_to_another_sub_districts_department_is_refused(world):
    from organizations.models import Department

    hazard = make_hazard(world, HazardStatus.GRADED)
    foreign = Department.objects.get(sub_district=world.other_sub_district)
    with pytest.raises(ValidationError):
        services.hazard_assign(actor=world.user("office"), hazard=hazard,
                               **dict(assign_kwargs(world), department=foreign))


def test_school_assigned_to_itself_rectifies_and_office_accepts(world):
    hazard = make_hazard(world, HazardStatus.SUBMITTED, to="school")
    assert hazard.rectified_by == world.user("school_officer")
    assert hazard.assignee_kind == AssigneeKind.SCHOOL
    # The police station has nothing to do with it.
    with pytest.raises(Http404):
        services.hazard_reject(actor=world.user("police"), hazard=hazard, reason="x")
    services.hazard_accept(actor=world.user("office"), hazard=hazard)


def test_submit_needs_evidence_and_a_note(world):
    hazard = make_hazard(world, HazardStatus.RECTIFYING)
    with pytest.raises(ValidationError) as caught:
        services.hazard_submit(actor=world.user("police"), hazard=hazard, note="", photos=[])
    assert set(caught.value.error_dict) == {"note", "photos"}


def test_reject_then_resubmit_counts_rejections(world):
    hazard = make_hazard(world, HazardStatus.SUBMITTED)
    for round_ in (1, 2):
        hazard = services.hazard_reject(actor=world.user("office"), hazard=hazard, reason=f"第 {round_} 次不合格")
        assert hazard.rejection_count == round_
        hazard = services.hazard_submit(actor=world.user("police"), hazard=hazard, note="再次整改",
                                        photos=[photo()])
    assert hazard.events.filter(kind=HazardEventKind.REJECTED).count() == 2
    with pytest.raises(ValidationError):
        services.hazard_reject(actor=world.user("office"), hazard=hazard, reason="  ")


def test_overdue_is_derived_from_the_deadline_and_major_overdue_is_supervised(world):
    today = timezone.localdate()
    late_major = make_hazard(world, HazardStatus.ASSIGNED, grade="major", deadline=today - timedelta(days=1))
    late_general = make_hazard(world, HazardStatus.RECTIFYING, grade="general", deadline=today - timedelta(days=3))
    on_time = make_hazard(world, HazardStatus.ASSIGNED, grade="major", deadline=today)
    closed_late = make_hazard(world, HazardStatus.CLOSED, grade="major", deadline=today - timedelta(days=5))
    assert late_major.is_overdue() and not late_major.is_supervised()  # listed by the sweep, not by a page
    assert services.hazards_escalate() == 1
    late_major.refresh_from_db()
    assert late_major.is_supervised()
    assert late_general.is_overdue() and not late_general.is_supervised()
    assert not on_time.is_overdue() and not closed_late.is_overdue()
    office = world.user("office")
    assert set(selectors.hazard_list(office, overdue=True)) == {late_major, late_general}
    assert list(selectors.hazard_list(office, supervised=True)) == [late_major]


def test_inbox_lists_overdue_first_then_by_deadline(world):
    today = timezone.localdate()
    later = make_hazard(world, HazardStatus.ASSIGNED, deadline=today + timedelta(days=20))
    sooner = make_hazard(world, HazardStatus.ASSIGNED, deadline=today + timedelta(days=2))
    overdue = make_hazard(world, HazardStatus.RECTIFYING, deadline=today - timedelta(days=1))
    make_hazard(world, HazardStatus.ASSIGNED, to="health")
    make_hazard(world, HazardStatus.GRADED)
    assert list(selectors.hazard_inbox(world.user("police"))) == [overdue, sooner, later]


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_hazard_assigned_to_the_police(world, role):
    hazard = make_hazard(world, HazardStatus.ASSIGNED)
    seen = selectors.hazard_list(world.user(role)).filter(pk=hazard.pk).exists()
    assert seen == sees(HazardStatus.ASSIGNED, role)


def test_another_department_never_sees_the_police_task(world):
    hazard = make_hazard(world, HazardStatus.ASSIGNED, to="health")
    assert not selectors.hazard_list(world.user("police")).filter(pk=hazard.pk).exists()
    assert selectors.hazard_list(world.user("health")).filter(pk=hazard.pk).exists()


def test_leader_reads_but_cannot_report(world):
    with pytest.raises(PermissionDenied):
        services.hazard_report(actor=world.user("leader"), school=world.school, category="fire", location="x",
                               description="y")
    with pytest.raises(Http404):
        services.hazard_report(actor=world.user("outsider"), school=world.school, category="fire", location="x",
                               description="y")
    assert not Hazard.objects.exists()


def test_overdue_major_hazards_are_listed_for_supervision_once(world, monkeypatch, client,
                                                              django_capture_on_commit_callbacks):
    announced = []
    monkeypatch.setattr(services.announcements, "announce", announced.append)
    today = timezone.localdate()
    late_major = make_hazard(world, HazardStatus.RECTIFYING, grade="major", deadline=today - timedelta(days=2))
    make_hazard(world, HazardStatus.ASSIGNED, grade="general", deadline=today - timedelta(days=2))
    make_hazard(world, HazardStatus.ASSIGNED, grade="major", deadline=today + timedelta(days=2))
    announced.clear()
    from incidents.tasks import supervision_sweep  # the hourly job that lists them

    with django_capture_on_commit_callbacks(execute=True):
        assert supervision_sweep.delay().get() == {"opened": 1, "lifted": 0}
        assert services.hazards_escalate() == 0  # a second run records nothing twice
    assert [event.kind for event in announced] == ["supervised"]
    late_major.refresh_from_db()
    assert late_major.supervised_at is not None and late_major.status == HazardStatus.RECTIFYING
    event = late_major.events.get(kind=HazardEventKind.SUPERVISED)
    assert event.actor is None and event.comment == "" and event.data == {"deadline": late_major.deadline.isoformat()}
    client.force_login(world.user("office"))
    page = client.get(f"/risks/hazards/{late_major.pk}/").content.decode()
    assert 'data-event="supervised"' in page and "系统" in page and "列入挂牌督办" in page
    client.cookies["django_language"] = "en"
    page = client.get(f"/risks/hazards/{late_major.pk}/").content.decode()
    assert "列入挂牌督办" not in page and "supervision" in page.lower()


def test_acceptance_is_due_within_ten_days_of_submission(world):
    hazard = make_hazard(world, HazardStatus.SUBMITTED)
    submitted = timezone.localdate(hazard.submitted_at)
    assert hazard.acceptance_due_on == submitted + timedelta(days=10)
    assert not hazard.is_acceptance_overdue(submitted + timedelta(days=10))
    assert hazard.is_acceptance_overdue(submitted + timedelta(days=11))


def test_events_cannot_be_changed_in_the_database(world):
    from django.db import DatabaseError

    hazard = make_hazard(world, HazardStatus.GRADED)
    event = hazard.events.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        type(event).objects.filter(pk=event.pk).update(comment="rewritten history")
    event.refresh_from_db()
    assert event.comment == ""
