"""Closing: refused while anything of the aftermath is open, each open item named; every step is an event
appended and never changed, reopening included."""
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from incidents import services
from incidents.models import IncidentEvent, IncidentEventKind, IncidentStatus

from .helpers import make_incident

pytestmark = pytest.mark.django_db

NO_WRITTEN_REPORT = "尚未提交书面报告。"
NO_CONCLUSION = "尚未作出调查结论和责任认定。"
NO_CLARIFICATION = "学校无责任，须先发布澄清声明。"


def refusal(world, incident):
    """The messages of a refused close; nothing is written by the refusal."""
    events = IncidentEvent.objects.filter(incident=incident).count()
    with pytest.raises(ValidationError) as caught:
        services.incident_close(actor=world.user("office"), incident=incident)
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.AFTERMATH and incident.closed_at is None
    assert IncidentEvent.objects.filter(incident=incident).count() == events
    return caught.value.message_dict["__all__"]


def history(incident):
    return list(IncidentEvent.objects.filter(incident=incident).order_by("pk").values())


def test_closing_names_every_open_item_and_closes_once_all_are_done(world):
    office, officer = world.user("office"), world.user("school_officer")
    today = timezone.localdate()
    incident = make_incident(world, IncidentStatus.RESPONDING, written=False)
    claim = services.claim_file(actor=officer, incident=incident, insurer="中国人寿", policy_number="XF-2026-118",
                                amount="12000")
    talks = services.mediation_open(actor=office, incident=incident, kind="people", mediator="崇义街道人民调解委员会",
                                    requested_on=today)
    agreed = services.mediation_open(actor=office, incident=incident, kind="administrative", mediator="区教委",
                                     requested_on=today)
    services.mediation_update(actor=office, mediation=agreed, status="agreed", outcome="学校补偿医疗费",
                              compensation="8000.50")
    services.incident_investigate(actor=office, incident=incident)
    incident = services.incident_conclude(actor=office, incident=incident, cause="校外车辆驶入校门撞伤学生",
                                          responsibility="not_school")
    steps = [history(incident)]

    messages = refusal(world, incident)
    assert messages == [
        NO_WRITTEN_REPORT, NO_CLARIFICATION, "校方责任险理赔（保单 XF-2026-118）尚未办结：已报案。",
        "人民调解（崇义街道人民调解委员会）尚未结束。", "教育行政部门调解约定的赔偿 8000.50 元尚未支付。"]

    def done(step):
        """Finish one item: one more event, and the refusal names what is still open."""
        step()
        steps.append(history(incident))
        return refusal(world, incident)

    left = done(lambda: services.incident_written_report(actor=officer, incident=incident, text="书面报告"))
    assert NO_WRITTEN_REPORT not in left and len(left) == 4
    # A briefing is not the clarification a school not at fault is owed.
    left = done(lambda: services.statement_record(actor=office, incident=incident, kind="briefing",
                                                  spokesperson="王敏", text="情况通报"))
    assert NO_CLARIFICATION in left and len(left) == 4
    left = done(lambda: services.statement_record(actor=office, incident=incident, kind="clarification",
                                                  spokesperson="王敏", text="经调查，学校已尽到管理职责。"))
    assert NO_CLARIFICATION not in left and len(left) == 3
    left = done(lambda: services.claim_update(actor=officer, claim=claim, status="reviewing"))
    assert "校方责任险理赔（保单 XF-2026-118）尚未办结：理赔审核中。" in left and len(left) == 3
    left = done(lambda: services.claim_update(actor=officer, claim=claim, status="paid", paid_amount="11000"))
    assert not any("XF-2026-118" in m for m in left) and len(left) == 2
    left = done(lambda: services.mediation_update(actor=office, mediation=talks, status="failed",
                                                  outcome="双方未达成一致，告知诉讼途径"))
    assert left == ["教育行政部门调解约定的赔偿 8000.50 元尚未支付。"]
    services.mediation_update(actor=office, mediation=agreed, status="agreed", outcome="学校补偿医疗费",
                              compensation="8000.50", compensation_paid_on=today)
    steps.append(history(incident))
    assert services.closing_obstacles(incident) == []

    closed = services.incident_close(actor=office, incident=incident, note="善后完毕")
    steps.append(history(incident))
    assert closed.status == IncidentStatus.CLOSED and closed.closed_at is not None
    assert steps[-1][-1]["kind"] == IncidentEventKind.CLOSED and steps[-1][-1]["to_status"] == "closed"

    # Every step appended one event and changed none before it.
    for earlier, later in zip(steps, steps[1:]):
        assert len(later) == len(earlier) + 1
        assert later[:len(earlier)] == earlier


def test_without_a_conclusion_the_incident_cannot_close(world):
    incident = make_incident(world, IncidentStatus.INVESTIGATING)
    assert services.closing_obstacles(incident) == [NO_CONCLUSION]
    with pytest.raises(ValidationError) as caught:
        services.incident_close(actor=world.user("office"), incident=incident)
    assert caught.value.code == "bad_status" and "调查中" in caught.value.messages[0]


def test_a_school_at_fault_needs_no_clarification_and_a_refused_claim_is_settled(world):
    incident = make_incident(world, IncidentStatus.AFTERMATH, responsibility="school")
    claim = services.claim_file(actor=world.user("principal"), incident=incident, insurer="平安", policy_number="P-9",
                                amount="100")
    assert refusal(world, incident) == ["校方责任险理赔（保单 P-9）尚未办结：已报案。"]
    services.claim_update(actor=world.user("principal"), claim=claim, status="refused")
    assert services.incident_close(actor=world.user("office"), incident=incident).status == IncidentStatus.CLOSED


def test_reopening_is_an_event_and_the_incident_closes_again_with_the_new_items_done(world):
    office = world.user("office")
    incident = make_incident(world, IncidentStatus.CLOSED)
    first_close = history(incident)
    with pytest.raises(ValidationError) as caught:
        services.incident_reopen(actor=office, incident=incident, reason="  ")
    assert caught.value.message_dict == {"reason": ["请填写重新打开的原因。"]}

    incident = services.incident_reopen(actor=office, incident=incident, reason="家长提出新的赔偿请求")
    assert incident.status == IncidentStatus.AFTERMATH and incident.closed_at is None
    reopened = history(incident)
    assert reopened[:-1] == first_close
    assert (reopened[-1]["kind"], reopened[-1]["from_status"], reopened[-1]["to_status"], reopened[-1]["note"]) == (
        IncidentEventKind.REOPENED, "closed", "aftermath", "家长提出新的赔偿请求")

    talks = services.mediation_open(actor=office, incident=incident, kind="people", mediator="人民调解委员会",
                                    requested_on=timezone.localdate())
    assert refusal(world, incident) == ["人民调解（人民调解委员会）尚未结束。"]
    services.mediation_update(actor=office, mediation=talks, status="withdrawn")
    services.incident_close(actor=office, incident=incident)
    kinds = list(IncidentEvent.objects.filter(incident=incident).values_list("kind", flat=True))
    assert kinds.count(IncidentEventKind.CLOSED) == 2 and kinds.count(IncidentEventKind.REOPENED) == 1
    assert history(incident)[:len(reopened)] == reopened
