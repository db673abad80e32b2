"""Security staffing as GB/T 29315-2022 (中小学、幼儿园安全技术防范系统要求) asks, as pure functions.

Guards (专职保安): at least 1 for fewer than 100 day students, 2 for 100 to 999, 3 at 1,000, and one more
for each further full 500 (1,500 → 4, 2,000 → 5). The domain notes give 1 and 3; the 2 between them is the standard's middle
band. Dormitory managers (宿管): the standard asks for them at boarding schools without a ratio; our
design choice is one per 150 boarders (at least one), a setting an office may change.
"""
import math

DORM_BOARDERS_PER_MANAGER = 150


def guards_required(day_students):
    if day_students < 100:
        return 1
    if day_students < 1000:
        return 2
    return 3 + (day_students - 1000) // 500


def dorm_managers_required(boarders, per_manager=DORM_BOARDERS_PER_MANAGER):
    return math.ceil(boarders / per_manager) if boarders > 0 else 0


def shortfall(*, students, boarders, guards, dorm_managers):
    """What is missing, as {"guards": n, "dorm_managers": n} with only the positive shortfalls."""
    day_students = max(students - boarders, 0)
    missing = {"guards": guards_required(day_students) - guards,
               "dorm_managers": dorm_managers_required(boarders) - dorm_managers}
    return {key: n for key, n in missing.items() if n > 0}

# The standard asks for at least five patrols of the campus a day.
PATROLS_PER_DAY = 5
