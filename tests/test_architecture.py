"""The arrows of the architecture are import contracts (.importlinter); these tests run them, and prove
on a copy of the code with one bad import added that each contract really breaks."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".importlinter"
PACKAGES = ["campus_safety", "organizations", "notifications", "risks", "inspections", "security", "incidents",
            "public_reports", "duties", "dashboards", "demo"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint(cwd, *contracts):
    only = [arg for contract in contracts for arg in ("--contract", contract)]
    return subprocess.run([str(LINT_IMPORTS), "--config", str(CONFIG), "--no-cache", "--no-logo", *only], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def copy_of_the_code(tmp_path):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns(
            "__pycache__", "templates", "static", "locale"))
    return tmp_path


def test_the_code_keeps_every_import_contract():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("module, source, contract", [
    ("organizations/_probe.py", "from risks import models\n", "base-apps-know-no-domain"),
    ("notifications/_probe.py", "import duties.services\n", "base-apps-know-no-domain"),
    ("risks/_probe.py", "from duties import models\n", "apps-layers"),
    ("organizations/_probe.py", "from notifications import models\n", "apps-layers"),
    ("duties/_probe.py", "from incidents import apps\n", "apps-layers"),
    ("incidents/_probe.py", "from public_reports import services\n", "apps-layers"),
    ("public_reports/_probe.py", "from risks.models import Hazard\n", "risks-through-its-services"),
    ("duties/_probe.py", "from risks.models import Hazard\n", "risks-through-its-services"),
    ("duties/_probe.py", "from risks import forms\n", "risks-through-its-services"),
    ("risks/_probe.py", "from dashboards import selectors\n", "nothing-imports-dashboards"),
    ("demo/_probe.py", "import dashboards.views\n", "nothing-imports-dashboards"),
])
def test_a_forbidden_import_breaks_its_contract(copy_of_the_code, module, source, contract):
    assert lint(copy_of_the_code, contract).returncode == 0  # the copy alone keeps it
    (copy_of_the_code / module).write_text(source)
    result = lint(copy_of_the_code, contract)
    assert result.returncode != 0, result.stdout
    assert "1 broken" in result.stdout and "_probe" in result.stdout, result.stdout


def test_the_allowed_doors_into_risks_stay_open(copy_of_the_code):
    (copy_of_the_code / "duties" / "_probe.py").write_text("from risks import selectors, services\n")
    (copy_of_the_code / "inspections" / "_probe.py").write_text("from risks.services import hazard_report\n")
    result = lint(copy_of_the_code, "risks-through-its-services")
    assert result.returncode == 0, result.stdout
