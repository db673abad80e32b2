"""Standing promises of the project, checked over every app so later features keep them too."""
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
OUR_APPS = ["organizations", "risks", "inspections", "security", "incidents", "duties", "notifications", "dashboards"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def our_models():
    return [model for label in OUR_APPS for model in apps.get_app_config(label).get_models()]


@pytest.mark.parametrize("model", our_models(), ids=lambda m: m._meta.label)
def test_every_model_carries_its_chinese_term_and_is_in_the_admin(model):
    assert CJK.search(str(model._meta.verbose_name)), f"{model._meta.label} needs a Chinese verbose_name"
    inline_models = {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
    assert admin.site.is_registered(model) or model in inline_models, f"{model._meta.label} is not in the admin"


def test_no_page_or_asset_loads_anything_from_the_internet():
    external = re.compile(r"""(src|href)\s*=\s*["']?(https?:)?//""", re.I)
    css_import = re.compile(r"url\(\s*['\"]?(https?:)?//|@import\s+['\"]?https?:", re.I)
    offenders = []
    for folder in ["templates", "static", *OUR_APPS]:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".html", ".js", ".css"}:
                text = path.read_text(encoding="utf-8")
                if external.search(text) or css_import.search(text):
                    offenders.append(str(path.relative_to(ROOT)))
    assert not offenders


@pytest.mark.django_db
def test_api_docs_are_served_offline_from_the_app(client_for):
    client = client_for("office")
    page = client.get(reverse("api-docs")).content.decode()
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page)
    assert assets and all(url.startswith("/") for url in assets), assets
    assert client.get(reverse("api-schema")).status_code == 200
    assert f'href="{reverse("home")}"' in page and "返回工作台" in page  # a way back to the app


# Who may do what is decided in organizations (scoping, people) and in each app's policies.py; the demo
# seed creates the people and their roles. Nowhere else does code look at a role.
ROLE_LOOKS = re.compile(r"\bRole\.|\bhas_role\(|memberships__role|\.role\s*(==|!=|in\b)|READ_ONLY_ROLES")
ROLE_CREATORS = {"demo/organisation.py"}


def test_no_role_is_compared_outside_organizations_and_the_policies():
    offenders = []
    for folder in ["campus_safety", "templates", "demo", *OUR_APPS]:
        for path in (ROOT / folder).rglob("*"):
            relative = str(path.relative_to(ROOT))
            if (path.suffix not in {".py", ".html"} or "migrations" in path.parts or path.name == "policies.py"
                    or relative.startswith("organizations/") or relative in ROLE_CREATORS):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if ROLE_LOOKS.search(line) or "{% if" in line and ".role" in line:
                    offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
