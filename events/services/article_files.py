"""Reading article files: JSON text in, checked data out.

Everything here is about the file itself (its JSON, the JSON Schema in
``fixtures/articles/article.schema.json``, values a database would mangle), so that
problems can name the file, the record and the field before any model is built.
"""

import json
import math
from datetime import datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from jsonschema import Draft202012Validator

from events.importers.messages import INVALID_JSON, LINE_COLUMN, NOT_A_REAL_DATE, NOT_FINITE
from events.services.article_messages import (
    DATE_TOO_COARSE,
    FIELD_MISSING,
    KEY_TWICE_IN_OBJECT,
    NESTED_TOO_DEEP,
    NUL_FIELD_NAME,
    NUL_VALUE,
    PATTERN_INVALID,
    UNKNOWN_FIELD,
)
from events.services.import_files import ImportRefused, Problem, sources_from_paths
from events.services.stored_values import stored_text_problem

SCHEMA_PATH = Path(settings.BASE_DIR) / "fixtures" / "articles" / "article.schema.json"
DATE_FORMS = {10: ("%Y-%m-%d", "day"), 7: ("%Y-%m", "month"), 4: ("%Y", "year")}
DATE_PRECISIONS = ["day", "month", "year"]  # finest first


def article_sources_from_paths(paths) -> list[tuple[str, str]]:
    """Read article files; a directory stands for its ``*.json`` files, schema files excepted."""
    return sources_from_paths(paths, "*.json", exclude_suffix=".schema.json")


class _NonFinite(str):
    """NaN, Infinity or a number too large for a float, kept as its text so it can be reported."""


class _DuplicateKey(ValueError):
    pass


def _parse_float(text):
    value = float(text)
    return value if math.isfinite(value) else _NonFinite(text)


def _object_without_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKey(key)
        obj[key] = value
    return obj


def article_json_load(name, text):
    """The file's JSON data; raises ImportRefused when it is not valid JSON."""
    try:
        return json.loads(
            text, parse_float=_parse_float, parse_constant=_NonFinite, object_pairs_hook=_object_without_duplicates
        )
    except json.JSONDecodeError as exc:
        where = LINE_COLUMN.format(line=exc.lineno, column=exc.colno)
        problem = Problem(name, where, INVALID_JSON.format(reason=exc.msg))
    except _DuplicateKey as exc:
        problem = Problem(name, "", KEY_TWICE_IN_OBJECT.format(key=exc.args[0]))
    except RecursionError:
        problem = Problem(name, "", str(NESTED_TOO_DEEP))
    except ValueError as exc:  # e.g. an integer with thousands of digits
        problem = Problem(name, "", INVALID_JSON.format(reason=exc))
    raise ImportRefused([problem])


@cache
def _schema_validator():
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def record_where(path) -> str:
    """``["events", 2, "latitude"]`` -> ``events[2].latitude``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = part if part.isidentifier() else repr(part)
            text += f".{name}" if text else name
    return text


def _shorten(text, limit=200):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def structure_problems(data):
    """(path, message) for every value the JSON Schema rejects, one per field."""
    yield from _unstorable_values(data, [])
    seen = set()
    for error in _schema_validator().iter_errors(data):
        path = list(error.absolute_path)
        if isinstance(error.instance, _NonFinite):
            continue  # reported once, by _unstorable_values
        if error.validator == "additionalProperties":
            known = error.schema.get("properties", {})
            message = UNKNOWN_FIELD.format(fields=", ".join(known))
            found = [(path + [key], message) for key in error.instance if key not in known]
        elif error.validator == "required":
            missing = [key for key in error.validator_value if key not in error.instance]
            found = [(path + [key], str(FIELD_MISSING)) for key in missing]
        elif error.validator == "maxLength":
            found = [(path, stored_text_problem(error.instance, max_length=error.validator_value))]
        elif error.validator == "pattern" and "description" in error.schema:
            value, description = _shorten(repr(error.instance)), error.schema["description"]
            found = [(path, PATTERN_INVALID.format(value=value, description=description))]
        else:
            found = [(path, _shorten(error.message))]
        for path_found, message in found:
            if (tuple(path_found), message) not in seen:
                seen.add((tuple(path_found), message))
                yield path_found, message


def _unstorable_values(value, path):
    """Values JSON can carry but a database cannot store faithfully (SQLite turns NaN into NULL;
    PostgreSQL refuses NUL characters), found anywhere in the file."""
    if isinstance(value, _NonFinite):
        yield path, NOT_FINITE.format(text=value)
    elif isinstance(value, str) and "\x00" in value:
        yield path, str(NUL_VALUE)
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                yield [*path, key], str(NUL_FIELD_NAME)
            yield from _unstorable_values(item, [*path, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unstorable_values(item, [*path, index])


def date_parse(text, precision=None):
    """``("2024-03", None)`` -> ``(date(2024, 3, 1), "month")``; ValueError names what is wrong."""
    form, implied = DATE_FORMS[len(text)]  # the schema's pattern guarantees one of the three forms
    try:
        value = datetime.strptime(text, form).date()
    except ValueError:
        raise ValueError(NOT_A_REAL_DATE.format(text=repr(text))) from None
    precision = precision or implied
    if DATE_PRECISIONS.index(precision) < DATE_PRECISIONS.index(implied):
        raise ValueError(DATE_TOO_COARSE.format(text=text, precision=precision, implied=implied))
    return value, precision
