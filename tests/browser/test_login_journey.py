"""A newcomer opens the site on a phone, sees a Chinese login, and each demo account gets its own menu."""
import pytest

from demo import organisation as demo
from tests.browser.conftest import DESKTOP, PHONE, login

pytestmark = pytest.mark.browser

# account -> menu entries it must see, and entries it must not
MENUS = {
    "office": ({"工作台", "学校", "组织机构", "接口文档", "排查行动", "检查任务", "自查情况"}, {"系统管理", "本校", "今日自查"}),
    "edu": ({"工作台", "学校", "组织机构", "排查行动", "检查任务", "自查情况"}, {"接口文档", "本校", "今日自查"}),
    "police": ({"工作台", "学校", "组织机构", "排查行动", "检查任务"}, {"接口文档", "自查情况", "今日自查"}),
    "health": ({"工作台", "学校", "排查行动", "检查任务"}, {"接口文档", "自查情况"}),
    "fooddrug": ({"工作台", "学校", "排查行动", "检查任务"}, {"接口文档", "自查情况"}),
    "safety": ({"工作台", "学校", "排查行动", "检查任务"}, {"接口文档", "自查情况"}),
    # Law enforcement and the judicial office serve no school (their work arrives as assigned hazards):
    # the school directory would be an empty list, so it is not offered.
    "law": ({"工作台", "待办整改"}, {"接口文档", "学校", "自查情况", "今日自查"}),
    "judicial": ({"工作台", "待办整改"}, {"接口文档", "学校", "自查情况", "今日自查"}),
    "community": ({"工作台", "学校", "排查行动"}, {"组织机构", "接口文档", "检查任务", "今日自查", "自查情况"}),
    "school": ({"工作台", "本校", "今日自查"}, {"学校", "组织机构", "接口文档", "自查情况"}),
    "principal": ({"工作台", "本校", "今日自查"}, {"学校", "组织机构", "自查情况"}),
    "leader": ({"工作台", "学校", "组织机构", "排查行动", "自查情况"}, {"接口文档", "系统管理", "检查任务", "今日自查"}),
}


@pytest.fixture
def demo_site(live_server, transactional_db):
    demo.seed_organisation()
    return live_server.url


def menu_labels(page):
    return {text.strip() for text in page.locator("#main-nav a[data-nav]").all_inner_texts()}


def test_every_demo_account_sees_a_chinese_menu_fitting_its_role(demo_site, new_page, shots):
    page = new_page(PHONE)
    page.goto(demo_site + "/")
    assert "/accounts/login/" in page.url
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("h1").inner_text() == "校园安全风险防控系统"
    shots(page, "login-phone")
    for username, (must, must_not) in MENUS.items():
        login(page, demo_site, username, demo.DEMO_PASSWORD)
        assert page.locator("h1").inner_text() == "工作台", username
        page.click("[data-menu-toggle]")
        labels = menu_labels(page)
        assert must <= labels, (username, labels)
        assert not (must_not & labels), (username, labels)
        shots(page, f"menu-{username}")
        page.click("[data-logout]")
        page.wait_for_url("**/accounts/login/**")


def test_school_officer_sees_only_their_school_on_a_phone(demo_site, new_page, shots):
    page = new_page(PHONE)
    login(page, demo_site, "school", demo.DEMO_PASSWORD)
    page.click("[data-menu-toggle]")
    page.click("#main-nav >> text=本校")
    rows = page.locator("table.table tbody tr")
    assert rows.count() == 1
    assert "涪陵区实验小学" in rows.first.inner_text()
    shots(page, "school-list-phone")
    page.goto(demo_site + "/org/schools/")
    assert "崇义中学" not in page.content()


def test_bad_input_is_explained_in_chinese_and_kept(demo_site, new_page, shots):
    page = new_page(DESKTOP)
    login(page, demo_site, "school", "wrong-password-1")
    assert page.locator(".errors").is_visible()
    assert page.input_value("#id_username") == "school"
    shots(page, "login-error")
    login(page, demo_site, "school", demo.DEMO_PASSWORD)
    page.click("#main-nav >> text=本校")  # the desktop shows the menu without a toggle
    page.click("table.table >> text=涪陵区实验小学")
    page.click("text=更新学校信息")
    page.fill("#id_boarder_count", "30")
    page.fill("#id_address", "新的地址 8 号")
    page.click("button.primary")
    assert page.locator(".error", has_text="非寄宿制学校的寄宿生人数应为 0。").is_visible()
    assert page.input_value("#id_address") == "新的地址 8 号"
    shots(page, "school-form-error")


def test_language_can_be_switched_to_english(demo_site, new_page, shots):
    page = new_page(DESKTOP)
    page.goto(demo_site + "/accounts/login/")
    with page.expect_navigation():
        page.select_option("#lang-select", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    login(page, demo_site, "office", demo.DEMO_PASSWORD)
    assert page.locator("h1").inner_text() == "Workbench"
    shots(page, "office-english-desktop")


def test_the_desktop_menu_fits_one_row_with_areas_grouped(demo_site, new_page, shots):
    page = new_page(DESKTOP)
    login(page, demo_site, "office", demo.DEMO_PASSWORD)
    nav = page.locator("#main-nav")
    assert nav.bounding_box()["height"] < 60  # one row at 1280px, in Chinese
    assert not page.locator("#main-nav a[data-nav='inspections:campaign_list']").is_visible()
    page.hover("#main-nav .nav-group-label >> text=排查检查")
    assert page.locator("#main-nav a[data-nav='inspections:campaign_list']").is_visible()
    shots(page, "office-desktop-inspections-menu")
    page.hover("#main-nav .nav-group-label >> text=职责日历")
    page.click("#main-nav a[data-nav='duties:task_list']")
    page.wait_for_url("**/duties/**")
    with page.expect_navigation():
        page.select_option("#lang-select", "en")
    assert nav.bounding_box()["height"] < 60, "one row in English too"
    page.focus("#main-nav .nav-group-label >> text=Duty calendar")  # keyboard: focus opens the group
    assert page.locator("#main-nav a[data-nav='duties:completion']").is_visible()
    shots(page, "office-desktop-english-duties-menu")
