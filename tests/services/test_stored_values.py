"""The stored-value gate: what it refuses, with which message, at any depth or size."""

import json
import math
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.services.stored_values import (
    MAX_JSON_CHARS,
    MAX_JSON_DEPTH,
    StoredValueError,
    json_text_problem,
    json_text_suspect,
    json_value_problem,
    stored_json_check,
    stored_json_loads,
    stored_text_check,
)


def nested(depth):
    """``depth`` arrays, one inside the other, around a number."""
    value = 1
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"a": math.nan}, "not finite"),
        ({"a": [math.inf]}, "not finite"),
        ({"a": -math.inf}, "not finite"),
        ({"a": 10**400}, "too large"),
        ({"a\x00": 1}, "key containing a NUL"),
        ({"a": ["b\x00"]}, "text containing a NUL"),
        ({1: "a"}, "key that is not text"),
        ({"a": {1, 2}}, "JSON cannot hold"),
        (nested(MAX_JSON_DEPTH + 1), f"more than {MAX_JSON_DEPTH} levels"),
        (nested(100_000), f"more than {MAX_JSON_DEPTH} levels"),
        ({"a": "x" * MAX_JSON_CHARS}, "the limit is 1,000,000"),
    ],
)
def test_refused_values_name_the_field_and_the_problem(value, message):
    with pytest.raises(StoredValueError) as excinfo:
        stored_json_check(value, field="events[3].attributes")
    assert str(excinfo.value).startswith("events[3].attributes: ")
    assert message in excinfo.value.message


@pytest.mark.parametrize(
    "value",
    [{}, [], None, {"troops": 1700, "note": "three bases", "ok": True}, nested(MAX_JSON_DEPTH), {"a": 10**300}],
)
def test_ordinary_values_pass(value):
    stored_json_check(value, field="attributes")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": NaN}', "NaN is not a JSON number"),
        ('{"a": Infinity}', "Infinity is not a JSON number"),
        ("[-Infinity]", "-Infinity is not a JSON number"),
        ('{"a": 1e400}', "not finite"),
        ('{"a": "\\u0000"}', "NUL"),
        ("[" * 950 + "]" * 950, "nested 950 levels deep"),
        ("[" * 200_000, "nested 200000 levels deep"),  # never closed
        ('{"a": ' * 50 + "1" + "}" * 50, "nested 50 levels deep"),
        ('{"a": 1', "not valid JSON"),
        ("1" * 5000, "not valid JSON"),  # more digits than Python converts
    ],
)
def test_json_text_is_refused_before_or_while_parsing(text, message):
    with pytest.raises(StoredValueError, match=message):
        stored_json_loads(text, field="attributes")


def test_brackets_inside_strings_do_not_count_as_nesting():
    text = json.dumps({"a": "[" * 1000, "b": '\\"{{{{'})
    assert json_text_problem(text) == ""
    assert stored_json_loads(text)["a"] == "[" * 1000


def test_text_gate_refuses_nul_and_over_long_text():
    with pytest.raises(StoredValueError, match="^article.text: contains a NUL"):
        stored_text_check("a\x00b", field="article.text")
    with pytest.raises(StoredValueError, match="is 301 characters long; the limit is 300"):
        stored_text_check("x" * 301, field="title", max_length=300)
    stored_text_check("x" * 300, field="title", max_length=300)


# --- Properties ---------------------------------------------------------------------

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
json_like = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=40,
)


def strict_dumps(value):
    return json.dumps(value, allow_nan=False)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(json_like)
def test_whatever_the_gate_accepts_is_strict_json_that_reads_back_the_same(value):
    try:
        stored_json_check(value)
    except StoredValueError:
        return
    text = strict_dumps(value)  # no NaN or Infinity: a browser's JSON.parse reads it
    assert "\\u0000" not in text
    assert stored_json_loads(text) == value


@settings(max_examples=300)
@given(json_like)
def test_the_gate_refuses_exactly_nul_and_numbers_a_json_reader_cannot_hold(value):
    has_nul = "\\u0000" in json.dumps(value)
    try:
        strict_dumps(value)
        finite = not _has_huge_integer(value)
    except ValueError:  # NaN or an infinity
        finite = False
    try:
        stored_json_check(value)
        refused = False
    except StoredValueError:
        refused = True
    assert refused == (has_nul or not finite)


def _has_huge_integer(value):
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, int) and not isinstance(item, bool) and abs(item) > sys.float_info.max:
            return True
    return False


def depth_of(value):
    depth = 0
    while isinstance(value, list):
        depth, value = depth + 1, value[0] if value else None
    return depth


@settings(max_examples=200)
@given(st.integers(min_value=1, max_value=5000))
def test_any_depth_gets_an_answer_never_a_recursion_error(depth):
    text = "[" * depth + "]" * depth
    if depth <= MAX_JSON_DEPTH:
        assert depth_of(stored_json_loads(text)) == depth
    else:
        with pytest.raises(StoredValueError, match=f"nested {depth} levels deep"):
            stored_json_loads(text)


@settings(max_examples=400)
@given(json_like)
def test_the_fast_screen_for_stored_text_never_misses_a_problem(value):
    """Reading a stored value walks it only when the text looks suspect: the screen must be sound."""
    text = json.dumps(value, ensure_ascii=False)
    if not json_text_suspect(text):
        assert json_value_problem(json.loads(text)) == ""


@settings(max_examples=300)
@given(st.recursive(st.integers(), lambda children: st.lists(children, max_size=3), max_leaves=60), st.text())
def test_the_fast_depth_check_agrees_with_counting(value, text):
    dumped = json.dumps([value, text, "[[[{"])
    depth = depth_of_any(json.loads(dumped))
    assert (json_text_problem(dumped) == "") == (depth <= MAX_JSON_DEPTH)


def depth_of_any(value):
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item)
    return deepest
