"""The one gate every stored value passes: JSON values and text, from any door.

The model fields (``events.fields``) run it in ``full_clean()`` (which the importer
and the admin call), the admin's form fields run it on what staff type, and importers
call it directly on what they parse from files, adding the file and record to the
message. The same checks decide, when a row is read back, whether a value stored
before these rules existed can be shown (see ``events.fields.UnreadableValue``).

JSON values: only JSON types (objects with string keys, arrays, strings, finite
numbers, booleans, null), no NUL character anywhere (keys included), at most
``MAX_JSON_DEPTH`` levels of nesting and ``MAX_JSON_CHARS`` characters as JSON.
Text: no NUL character and at most the field's maximum length.

Every check is iterative, so a value nested 100,000 levels deep is refused with a
message, never a ``RecursionError``.
"""

import json
import math
import re
import sys
from collections.abc import Iterable

from django.utils.translation import gettext as _

MAX_JSON_DEPTH = 32  # a MultiPolygon needs 5; Python's own json gives up near 1,000
MAX_JSON_CHARS = 1_000_000  # a 20,000-vertex geometry at 5 decimals is about 500,000
MAX_JSON_INTEGER = int(sys.float_info.max)  # beyond this, JavaScript (and JSON readers) see Infinity
NUL = "\x00"
# A JSON string (with escapes) or a bracket; everything else is skipped at C speed.
JSON_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
JSON_STRING_RE = re.compile(JSON_STRING, re.DOTALL)
JSON_TOKEN = re.compile(JSON_STRING + r"|[\[\]{}]", re.DOTALL)
JSON_CONSTANT = re.compile(JSON_STRING + r"|(?<![\w.])(-?Infinity|NaN)(?!\w)", re.DOTALL)
INNERMOST_CONTAINER = re.compile(r"\[[^\[\]{}]*\]|\{[^\[\]{}]*\}")
DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
# In JSON text with every digit made 0: what a NUL, NaN, Infinity or a number beyond a float looks like.
SUSPECT_BYTES = (b"\\u0000", b"\x00", b"NaN", b"Infinity", b"e000", b"E000", b"e+000", b"E+000", b"0" * 309)


class StoredValueError(ValueError):
    """A value the gate refuses. ``str()`` is "field: message"; ``message`` alone suits a form."""

    def __init__(self, message: str, field: str = ""):
        self.message, self.field = message, field
        super().__init__(f"{field}: {message}" if field else message)


def stored_json_check(value, *, field: str = "", max_chars: int = MAX_JSON_CHARS) -> None:
    """Raise ``StoredValueError`` naming ``field`` unless ``value`` may be stored as JSON."""
    problem = stored_json_problem(value, max_chars=max_chars)
    if problem:
        raise StoredValueError(problem, field)


def stored_json_problem(value, *, max_chars: int = MAX_JSON_CHARS) -> str:
    """What is wrong with a Python value about to be stored as JSON, or "" when nothing is."""
    problem = json_value_problem(value)
    if problem:
        return problem
    size = len(json.dumps(value, ensure_ascii=False))
    if size > max_chars:
        return _("is %(size)s characters as JSON; the limit is %(limit)s.") % {
            "size": f"{size:,}",
            "limit": f"{max_chars:,}",
        }
    return ""


def stored_json_loads(text: str, *, field: str = "", max_chars: int = MAX_JSON_CHARS):
    """Parse JSON text (a form's input, a stored value) through the gate; raise ``StoredValueError``.

    Size and depth are checked on the text before parsing, so nothing deep or huge
    reaches the parser; ``NaN`` and ``Infinity`` are refused by the parser itself.
    """
    problem = json_text_problem(text, max_chars=max_chars)
    if problem:
        raise StoredValueError(problem, field)
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:  # ValueError covers JSONDecodeError and over-long integers
        raise StoredValueError(_parse_message(exc), field) from None
    stored_json_check(value, field=field, max_chars=max_chars)
    return value


def json_text_problem(text: str, *, max_chars: int = MAX_JSON_CHARS) -> str:
    """Size and nesting of JSON text, checked without parsing it: "" when within the limits."""
    if len(text) > max_chars:
        return _("is %(size)s characters; the limit is %(limit)s.") % {
            "size": f"{len(text):,}",
            "limit": f"{max_chars:,}",
        }
    if _nesting_within(text, MAX_JSON_DEPTH):
        return ""
    return _depth_message(_nesting_depth(text))


def json_text_suspect(text: str) -> bool:
    """A fast screen for reading stored JSON: False when the text surely holds no NUL, NaN,
    Infinity or number beyond a float, so the decoded value need not be walked.

    Only substring searches (C speed); True may be a false alarm (the word "NaN" in a
    text), which the walk then clears.
    """
    data = text.encode("utf-8", "surrogatepass").translate(DIGITS_TO_ZERO)
    return any(pattern in data for pattern in SUSPECT_BYTES)


def _nesting_within(text: str, limit: int) -> bool:
    """Whether JSON text nests at most ``limit`` deep: strings blanked, then innermost containers
    removed one level per pass (each pass a C-speed regex), at most ``limit + 1`` passes.

    A fast check for the common case; ``_nesting_depth`` counts exactly, for the message.
    """
    if text.count("[") + text.count("{") <= limit:
        return True
    stripped = JSON_STRING_RE.sub("0", text)
    for _pass in range(limit + 1):
        stripped, removed = INNERMOST_CONTAINER.subn("0", stripped)
        if not removed:  # what is left opens containers it never closes: they nest too
            return stripped.count("[") + stripped.count("{") <= limit
    return False


def _nesting_depth(text: str) -> int:
    """The exact nesting depth of JSON text, for the message (only for text already found too deep)."""
    depth = deepest = 0
    for match in JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def json_text_has_constants(text: str) -> bool:
    """Whether JSON text uses ``NaN`` or ``Infinity``, which Python writes but JSON (and databases) refuse."""
    return any(match.group(1) for match in JSON_CONSTANT.finditer(text))


def stored_text_problem(value: str, *, max_length: int | None = None) -> str:
    """What is wrong with text about to be stored, or "" when nothing is."""
    if NUL in value:
        return _("contains a NUL character (\\x00), which cannot be stored.")
    if max_length is not None and len(value) > max_length:
        return _("is %(size)s characters long; the limit is %(limit)s.") % {
            "size": f"{len(value):,}",
            "limit": f"{max_length:,}",
        }
    return ""


def stored_text_check(value: str, *, field: str = "", max_length: int | None = None) -> None:
    """Raise ``StoredValueError`` naming ``field`` unless ``value`` may be stored as text."""
    problem = stored_text_problem(value, max_length=max_length)
    if problem:
        raise StoredValueError(problem, field)


def json_value_problem(value) -> str:
    """Types, NUL, finite numbers and depth of a decoded value (not its size), or "".

    Walked with a stack, not recursion, so any depth gets an answer.
    """
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                return _depth_message(depth, at_least=True)
            if isinstance(item, dict):
                for key in item:
                    if not isinstance(key, str):
                        return _("has a key that is not text: %(key)s.") % {"key": f"{key!r:.40}"}
                    if NUL in key:
                        return _("has a key containing a NUL character (\\x00): %(key)s.") % {"key": f"{key!r:.40}"}
                children: Iterable = item.values()
            else:
                children = item
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(item, str):
            if NUL in item:
                return _("has text containing a NUL character (\\x00): %(text)s.") % {"text": f"{item!r:.40}"}
        elif isinstance(item, float):
            if not math.isfinite(item):
                return _("has a number that is not finite (%(number)s); use a finite number or text.") % {
                    "number": item
                }
        elif isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_JSON_INTEGER:
            return _("has a number too large for a JSON reader (beyond ±1.8e308); use text.")
        elif item is not None and not isinstance(item, bool | int):
            return _("has a value JSON cannot hold: %(type)s.") % {"type": type(item).__name__}
    return ""


def _depth_message(depth: int, *, at_least: bool = False) -> str:
    if at_least:
        return _("is nested more than %(depth)d levels deep; the limit is %(limit)d.") % {
            "depth": depth - 1,
            "limit": MAX_JSON_DEPTH,
        }
    return _("is nested %(depth)d levels deep; the limit is %(limit)d.") % {"depth": depth, "limit": MAX_JSON_DEPTH}


def _refuse_constant(name: str):
    raise ValueError(_("%(name)s is not a JSON number; use a finite number or text.") % {"name": name})


def _parse_message(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return _("is not valid JSON: %(reason)s (line %(line)d, column %(column)d).") % {
            "reason": exc.msg,
            "line": exc.lineno,
            "column": exc.colno,
        }
    return _("is not valid JSON: %(reason)s") % {"reason": exc}
