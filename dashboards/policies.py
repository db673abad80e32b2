"""Who may do what with the dashboards' own rows (organizations.rules)."""
from django.db.models import Q

from organizations.models import SubDistrict
from organizations.rules import Rule


def _formula_editor(scope):
    # The office of the sub-district sets how its departments and communities are assessed.
    return Q(pk__in=scope.write.sub_districts)


assessment_formula_set = Rule(SubDistrict, _formula_editor, name="assessment_formula_set")
