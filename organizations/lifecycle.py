"""A lifecycle as a table: one declaration per transition drives the service, the buttons and the API.

    Transition("assign", sources={GRADED, ...}, target=ASSIGNED, rule=policies.hazard_office,
               event=HazardEventKind.ASSIGNED, required=("deadline", ...))

The owning app keeps its table next to its services; `Lifecycle.begin()` is the one check every
transition passes (who, then from which state, then what must be given), so the order of refusals is
the same everywhere: 403 for a person the rule refuses, whatever the state; then a ValidationError
naming the current state; then one naming each missing input.
"""
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .rules import Rule


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset
    target: str | None  # None: the state stays (a correction, such as re-grading or re-assigning)
    rule: Rule
    event: str
    label: str
    required: dict = None  # input → the message when it is missing (None: the lifecycle's own)
    refusal: str = ""  # said with the 403 when the rule is narrower than "who sees the row"


class Lifecycle:
    def __init__(self, *transitions, status_field="status", missing_input=gettext_lazy("此项必填。"),
                 bad_state=gettext_lazy("当前状态为“%(status)s”，不能进行此操作。")):
        self._transitions = {t.name: t for t in transitions}
        if len(self._transitions) != len(transitions):
            raise ValueError("transition names must be unique")
        self.status_field, self.missing_input, self.bad_state = status_field, missing_input, bad_state

    def __iter__(self):
        return iter(self._transitions.values())

    def __getitem__(self, name):
        return self._transitions[name]

    @property
    def names(self):
        return list(self._transitions)

    def status_of(self, row):
        return getattr(row, self.status_field)

    def allowed(self, user, row):
        """The transitions this person may make on this row now, in table order."""
        status = self.status_of(row)
        return [t for t in self if status in t.sources and t.rule.allows(user, row)]

    def begin(self, name, *, actor, row, inputs=None, errors=None):
        """Refuse the person, then the state; missing inputs go to `errors` (collected with the service's
        other refusals) or, without a collector, are raised at once."""
        transition = self[name]
        if not transition.rule.allows(actor, row):
            raise PermissionDenied(str(transition.refusal) if transition.refusal else _("您无权进行此操作。"))
        if self.status_of(row) not in transition.sources:
            display = getattr(row, f"get_{self.status_field}_display")()
            raise ValidationError(str(self.bad_state), code="bad_status", params={"status": display})
        missing = {key: str(message or self.missing_input)
                   for key, message in (transition.required or {}).items() if _blank((inputs or {}).get(key))}
        if errors is not None:
            for key, message in missing.items():
                errors.add(key, message)
        elif missing:
            raise ValidationError(missing)
        return transition


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip()) or value in ([], ())
