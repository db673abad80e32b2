"""What the Excel imports of every app share: reading cells and headers in any language of the site, and
keeping an uploaded file between its preview and the confirm."""
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

_NOTE = re.compile(r"[（(].*$")


def cell_text(value):
    """A cell as text: Excel's whole floats without ".0", stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def key(text):
    return cell_text(text).casefold()


def in_every_language(text):
    """How each language of the site says a translatable text, as import keys."""
    said = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            said.add(key(str(text)))
    return said


def by_label(choices):
    """Stored value by label in any language, or by the value itself."""
    mapping = {}
    for value, label in choices:
        mapping.update(dict.fromkeys(in_every_language(label), value))
        mapping[value] = value
    return mapping


def listing(items):
    """Names listed in the reader's language: 消防、交通 / Fire safety, Traffic."""
    # Translators: the separator between the items of a list.
    return _("、").join(str(item) for item in items)


def column_positions(headers, columns):
    """{column: index} of the headers that name a column ({column: translatable title}) in any language of
    the site; a note in brackets after the name ("纬度（GCJ-02）") is ignored."""
    keys = [_NOTE.sub("", cell_text(header)).strip().casefold() for header in headers]
    positions = {}
    for column, title in columns.items():
        found = [index for index, header in enumerate(keys) if header in in_every_language(title)]
        if found:
            positions[column] = found[0]
    return positions


class RowsResult:
    """What an import result (a dataclass with `rows`, each with `errors`, and the file's `errors`) tells."""

    @property
    def row_count(self):
        return len(self.rows)

    @property
    def rows_with_errors(self):
        return [row for row in self.rows if row.errors]

    @property
    def is_valid(self):
        return not self.errors and not any(row.errors for row in self.rows)

    @property
    def row_errors(self):
        """(row number, message) of every refusal, in order."""
        return [(row.number, message) for row in self.rows for message in row.errors]


class PendingUpload:
    """An uploaded file kept between its preview and the confirm, under a random token in MEDIA_ROOT/imports;
    the token is kept in the person's session, so only the person who previewed it confirms it, and once."""

    def __init__(self, request, session_key, prefix=""):
        self.session, self.session_key, self.prefix = request.session, session_key, prefix

    def _path(self, token):
        if not token or not all(ch in "0123456789abcdef" for ch in token):
            return None
        folder = Path(settings.MEDIA_ROOT) / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{self.prefix}{token}.xlsx"

    def keep(self, data):
        token = uuid.uuid4().hex
        self._path(token).write_bytes(data)
        self.session[self.session_key] = token
        return token

    def take(self, token):
        """The file previewed under this token, removed as it is taken; None if the preview has expired."""
        path = self._path(self.session.get(self.session_key))
        if path is None or token != self.session.get(self.session_key) or not path.exists():
            return None
        data = path.read_bytes()
        path.unlink(missing_ok=True)
        self.session.pop(self.session_key, None)
        return data
