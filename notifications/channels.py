"""The ways a delivery leaves the system. Each sender raises DeliveryError with a readable reason."""
import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import send_mail

WEBHOOK_TIMEOUT_SECONDS = 10


class DeliveryError(Exception):
    pass


def robot_payload(content, mentions=()):
    """The text message of the group robots Chinese office chat tools offer (WeCom-style JSON)."""
    return {"msgtype": "text", "text": {"content": content, "mentioned_mobile_list": list(mentions)}}


def send_email(delivery):
    try:
        send_mail(delivery.subject, delivery.body, settings.DEFAULT_FROM_EMAIL, [delivery.address],
                  fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - any transport error is a failed attempt, recorded and retried
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc


def send_webhook(delivery):
    body = json.dumps(robot_payload(delivery.body, delivery.mentions), ensure_ascii=False).encode()
    request = urllib.request.Request(delivery.address, data=body, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = response.read(4096)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code}: {exc.read(500).decode(errors='replace')}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
    # The robots answer 200 with {"errcode": 0} on success and a non-zero errcode when they refuse.
    try:
        reply = json.loads(answer or b"{}")
    except ValueError:
        return
    if isinstance(reply, dict) and reply.get("errcode", 0) != 0:
        raise DeliveryError(f"errcode {reply.get('errcode')}: {reply.get('errmsg', '')}")


SENDERS = {"email": send_email, "webhook": send_webhook}
