"""Inbox text as facts: a message id (the Chinese source string) and its parameters, stored as JSON and
rendered with gettext when read, so each reader sees it in their own language.

A text is one of:
    "..."                             shown as stored: names, places, what a person typed
    {"msgid": "...", "params": {...}}   translated when read; each parameter is itself a text
    [text, text, ...]                 the parts joined

Callers mark their strings with gettext_lazy and pass them to `message()`; a lazy parameter (a status
or grade label, say) is stored by its source msgid too, so it is translated when read as well.
"""
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext


def source(text):
    """The msgid of a lazily translated string, whatever language is active now."""
    with translation.override(None):
        return str(text)


def fact(value):
    if isinstance(value, Promise):
        return {"msgid": source(value)}
    if isinstance(value, dict):
        return value
    if isinstance(value, (list, tuple)):
        return [fact(part) for part in value]
    return str(value)


def message(msgid, **params):
    """A translatable message with its parameters, e.g. message(_("整改时限 %(date)s"), date="2027-03-01")."""
    text = {"msgid": source(msgid)}
    if params:
        text["params"] = {name: fact(value) for name, value in params.items()}
    return text


def render(text):
    """The text in the active language."""
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        return "".join(render(part) for part in text)
    translated = gettext(text["msgid"])
    params = {name: render(value) for name, value in text.get("params", {}).items()}
    if not params:
        return translated
    try:
        return translated % params
    except (KeyError, ValueError, TypeError):  # a catalog entry that lost a placeholder must not hide the message
        return text["msgid"] % params


def render_default(text):
    """The text in the site's default language (Chinese): for e-mail and group-robot posts, written once
    when queued, whose readers have no language the server knows."""
    with translation.override(settings.LANGUAGE_CODE):
        return render(fact(text))
