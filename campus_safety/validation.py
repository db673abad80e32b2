"""Collecting a service's refusals field by field, so a form, the API and an importer show the same
messages next to the same fields. Services own the rules; forms only parse what was typed."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

# One message for a text over its cap, shared with the forms' max_length messages (same parameters).
TOO_LONG = gettext_lazy("不能超过 %(limit_value)d 个字（现有 %(show_value)d 个）。")


class Errors:
    def __init__(self):
        self.by_field = {}

    def add(self, field, message):
        self.by_field.setdefault(field, []).append(str(message))

    def __bool__(self):
        return bool(self.by_field)

    def text(self, field, value, *, limit, required=None):
        """The stripped text; a missing or over-long one is recorded against its field."""
        text = (value or "").strip()
        if not text and required:
            self.add(field, required)
        elif len(text) > limit:
            self.add(field, str(TOO_LONG) % {"limit_value": limit, "show_value": len(text)})
        return text

    def raise_if_any(self):
        if self.by_field:
            raise ValidationError(self.by_field)


def too_long_messages():
    """error_messages for a form field with max_length, worded as the services word it."""
    return {"max_length": TOO_LONG}
