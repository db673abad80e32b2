"""Accounts hardened from the start: password rules, login throttling, expiring sessions and tokens."""
import pytest
import time_machine
from datetime import timedelta
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.world import PASSWORD


def test_passwords_shorter_than_twelve_characters_are_refused():
    with pytest.raises(ValidationError) as refused:
        validate_password("Xk3#pQ9!zL2")  # 11 characters
    assert any(error.code == "password_too_short" for error in refused.value.error_list)
    validate_password("Xk3#pQ9!zL2w")  # 12 characters, not common, not numeric


@pytest.mark.django_db
def test_login_form_logs_in_with_the_right_password(client, world):
    response = client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")


@pytest.mark.django_db
def test_login_form_error_is_in_chinese_and_keeps_the_username(client, world):
    response = client.post(reverse("login"), {"username": "office", "password": "wrong-password-1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "请输入一个正确的" in body  # Django's own zh-hans message for a failed login
    assert 'value="office"' in body


@pytest.mark.django_db
def test_login_form_locks_the_account_after_five_failures_but_not_colleagues(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("login"), {"username": "office", "password": "wrong-password-1"}).status_code == 200
    assert client.post(reverse("login"), {"username": "office", "password": "wrong-password-1"}).status_code == 429
    locked = client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    assert locked.status_code == 429
    assert "账户已暂时锁定" in locked.content.decode()
    colleague = client.post(reverse("login"), {"username": "leader", "password": PASSWORD})
    assert colleague.status_code == 302


@pytest.mark.django_db
def test_token_endpoint_returns_a_token_for_good_credentials(world):
    response = APIClient().post("/api/token/", {"username": "police", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=world.user("police")).key == token
    me = APIClient(HTTP_AUTHORIZATION=f"Token {token}").get("/api/me/")
    assert me.json()["username"] == "police"


@pytest.mark.django_db
def test_token_endpoint_is_throttled_per_account(world, settings):
    api = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert api.post("/api/token/", {"username": "police", "password": "nope-nope-nope"}).status_code == 400
    assert api.post("/api/token/", {"username": "police", "password": "nope-nope-nope"}).status_code == 429
    locked = api.post("/api/token/", {"username": "police", "password": PASSWORD})
    assert locked.status_code == 429
    assert "锁定" in locked.json()["detail"]
    assert api.post("/api/token/", {"username": "health", "password": PASSWORD}).status_code == 200


@pytest.mark.django_db
def test_api_token_stops_working_after_its_lifetime(world, settings):
    token = APIClient().post("/api/token/", {"username": "police", "password": PASSWORD}).json()["token"]
    api = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/me/").status_code == 200
    with time_machine.travel(timezone.now() + settings.API_TOKEN_TTL + timedelta(minutes=5)):
        assert api.get("/api/me/").status_code == 401
        renewed = APIClient().post("/api/token/", {"username": "police", "password": PASSWORD}).json()["token"]
        assert renewed != token
        assert APIClient(HTTP_AUTHORIZATION=f"Token {renewed}").get("/api/me/").status_code == 200


@pytest.mark.django_db
def test_session_ends_after_idle_time(client, world, settings):
    client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_IDLE_TIMEOUT + 60)):
        response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_session_ends_at_the_absolute_limit_even_when_active(client, world, settings):
    settings.SESSION_IDLE_TIMEOUT = 3600
    settings.SESSION_ABSOLUTE_TIMEOUT = 3 * 3600
    client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    start = timezone.now()
    for minutes in (50, 100, 150):  # active every 50 minutes: never idle for an hour
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=190)):
        assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_logout_needs_a_post_and_ends_the_session(client, world):
    client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_password_change_refuses_a_short_password_in_chinese(client, world):
    client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "short-pw", "new_password2": "short-pw",
    })
    assert response.status_code == 200
    assert "密码太短，至少需要 12 个字符。" in response.content.decode()
