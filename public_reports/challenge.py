"""A challenge that needs no third-party service (reCAPTCHA does not load in China): a small sum, signed
by the server so it keeps no state, and usable once (its nonce is unique on the report it allowed)."""
import secrets

from django.core import signing
from django.utils.translation import gettext as _

SALT = "public_reports.challenge"
MAX_AGE_SECONDS = 60 * 60


def issue():
    """(question, token): the question shown to the person, the token sent back with their answer."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"a": a, "b": b, "n": secrets.token_hex(16)}, salt=SALT, compress=True)
    return f"{a} + {b} = ?", token


def check(token, answer, errors):
    """The nonce of a correctly answered, unexpired challenge; otherwise None, with the reason in `errors`."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        errors.add("answer", _("验证题已过期，请回答新的题目。"))
        return None
    except signing.BadSignature:
        errors.add("answer", _("验证题无效，请回答新的题目。"))
        return None
    typed = str(answer if answer is not None else "").strip()
    if not typed:
        errors.add("answer", _("请回答验证题。"))
        return None
    if not typed.isdigit() or int(typed) != data["a"] + data["b"]:
        errors.add("answer", _("验证题答案不对，请重新计算。"))
        return None
    return data["n"]
