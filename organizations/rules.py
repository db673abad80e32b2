"""One definition per permission.

A rule is a condition on a model's rows written once, as a `Q` built from the person's scope. It then
answers every question asked of a permission:

    rule.filter(user, queryset)  which rows may this person ...          (the Q, in the database)
    rule.allows(user, row)       may this person ... this row             (the same Q, evaluated on the row)
    rule.possible(user)          may this person ... any row at all       (the same Q, without reading rows)

`allows` evaluates the Q in Python against the loaded row, so the two answers cannot drift apart;
`possible` needs no query at all (navigation asks it on every page): a leaf that tests membership in
an empty set is false, any other leaf might hold. Rules use the scope's *write* reach, so the
read-only roles never pass one; superusers pass every rule.

Only `exact`, `in` and `isnull` lookups along forward relations are supported in Python: a rule that
needs more raises at definition time of its first use rather than answering wrong.
"""
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import Model, Q

from .scoping import scope_for

_LOOKUPS = {"exact", "in", "isnull"}


class Rule:
    def __init__(self, model, condition, *, name=""):
        self.model, self._condition, self.name = model, condition, name or condition.__name__

    def __repr__(self):
        return f"<Rule {self.model.__name__}.{self.name}>"

    def condition(self, scope):
        """The Q for one scope; other rules may combine it with their own."""
        return self._condition(scope)

    def q(self, user):
        scope = scope_for(user)
        return Q() if scope.is_superuser else self._condition(scope)

    def filter(self, user, queryset=None):
        queryset = self.model._default_manager.all() if queryset is None else queryset
        return queryset.filter(self.q(user))

    def allows(self, user, row):
        if row is None:
            return False
        return evaluate(self.q(user), row) is True

    def possible(self, user):
        return could_hold(self.q(user))


def _normalise(value):
    return value.pk if isinstance(value, Model) else value


def _split(model, path):
    parts = path.split("__")
    lookup = parts.pop() if len(parts) > 1 and parts[-1] in _LOOKUPS else "exact"
    if parts[-1] in ("pk",):
        return parts[:-1], "pk", lookup
    return parts[:-1], parts[-1], lookup


def _value_of(row, path):
    """Follow forward relations to the last field; for a relation read its id, not the related row."""
    relations, last, lookup = _split(type(row), path)
    current = row
    for name in relations:
        field = _field(type(current), name)
        if not (field.many_to_one or field.one_to_one) or not field.concrete:
            raise ImproperlyConfigured(f"Rules follow forward relations only: {path}")
        current = getattr(current, name)
        if current is None:
            return None, lookup
    if last == "pk":
        return current.pk, lookup
    field = _field(type(current), last)
    if field.is_relation and not ((field.many_to_one or field.one_to_one) and field.concrete):
        raise ImproperlyConfigured(f"Rules follow forward relations only: {path}")
    return getattr(current, field.attname), lookup


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist as error:
        raise ImproperlyConfigured(f"{model.__name__} has no field {name}") from error


def _leaf(row, path, expected):
    value, lookup = _value_of(row, path)
    if lookup == "isnull":
        return (value is None) == bool(expected)
    if lookup == "in":
        return value is not None and value in {_normalise(item) for item in expected}
    expected = _normalise(expected)
    return value is not None and expected is not None and value == expected


def evaluate(q, row):
    """The Q's answer for one loaded row, as the database would give it."""
    results = [evaluate(child, row) if isinstance(child, Q) else _leaf(row, *child) for child in q.children]
    if q.connector == Q.OR:
        answer = any(results)
    else:
        answer = all(results)
    return not answer if q.negated else answer


def _could(child):
    """True, False, or None for "depends on the row" (three-valued, as SQL)."""
    if isinstance(child, Q):
        results = [_could(grandchild) for grandchild in child.children]
        if child.connector == Q.OR:
            answer = True if True in results else (None if None in results else False)
        else:
            answer = False if False in results else (None if None in results else True)
        if child.negated and answer is not None:
            answer = not answer
        return answer
    path, value = child
    if path.endswith("__in") and not value:
        return False
    return None


def could_hold(q):
    return _could(q) is not False
