"""Every stored value passes the gate in full_clean(); text lengths are checked again by the database."""

import json
import math

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, models, transaction

from events.fields import StoredJSONField
from events.models import ARTICLE_LENGTHS, CITATION_LENGTHS, EVENT_LENGTHS, Article, Citation, Event, EventKind


def deep(depth):
    value = []
    for _ in range(depth - 1):
        value = [value]
    return value


@pytest.mark.parametrize("field", ["attributes", "geometry", "geocode_candidates"])
@pytest.mark.parametrize(
    "value",
    [{"a": math.nan}, {"a": math.inf}, {"a\x00": 1}, {"a": "\x00"}, deep(950), deep(100_000)],
    ids=["nan", "infinity", "nul-key", "nul-value", "deep-950", "deep-100000"],
)
def test_full_clean_refuses_a_bad_json_value_on_its_field(make_event, field, value):
    event = make_event()
    setattr(event, field, value)
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert list(excinfo.value.message_dict) == [field]
    assert excinfo.value.message_dict[field][0].startswith("This value ")


def test_every_json_field_of_every_model_is_behind_the_gate():
    """Anything added later too: a plain JSONField here would skip the gate."""
    json_fields = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_app_config("events").get_models()
        for field in model._meta.fields
        if isinstance(field, models.JSONField) and not isinstance(field, StoredJSONField)
    ]
    assert json_fields == []


def text_fields(model):
    return [f for f in model._meta.fields if isinstance(f, models.CharField | models.TextField) and f.editable]


@pytest.mark.parametrize(
    ("model", "field"),
    [(model, field.name) for model in (Article, EventKind, Event, Citation) for field in text_fields(model)],
    ids=lambda item: item if isinstance(item, str) else item.__name__,
)
def test_a_nul_in_any_text_field_is_refused_by_full_clean(make_event, model, field):
    event = make_event()
    obj = {Article: event.citations.get().article, EventKind: event.kind, Event: event}.get(model)
    obj = obj or event.citations.get()
    setattr(obj, field, "a\x00")
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    assert field in excinfo.value.message_dict


def test_article_text_has_a_documented_limit(article):
    article.text = "x" * (ARTICLE_LENGTHS["text"] + 1)
    with pytest.raises(ValidationError, match="at most 200000 characters"):
        article.full_clean()
    article.text = "x" * ARTICLE_LENGTHS["text"]
    article.full_clean()


@pytest.mark.parametrize(
    ("model", "field", "limit"),
    [
        (Article, "title", ARTICLE_LENGTHS["title"]),
        (Article, "text", ARTICLE_LENGTHS["text"]),
        (Event, "title", EVENT_LENGTHS["title"]),
        (Event, "description", EVENT_LENGTHS["description"]),
        (Event, "place_name", EVENT_LENGTHS["place_name"]),
    ],
)
def test_the_database_refuses_over_long_text_written_without_validation(make_event, model, field, limit):
    """SQLite ignores max_length and neither database limits text: the CheckConstraints do (row 16).

    PostgreSQL's varchar refuses an over-long CharField itself (DataError).
    """
    make_event()
    rows = model.objects.all()
    rows.update(**{field: "x" * limit})
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        rows.update(**{field: "x" * (limit + 1)})


def test_the_article_schema_states_the_limits_the_model_enforces():
    """One set of limits: article files are refused by the schema where the model would refuse them."""
    schema = json.loads((settings.BASE_DIR / "fixtures" / "articles" / "article.schema.json").read_text())
    article = {name: spec.get("maxLength") for name, spec in schema["properties"]["article"]["properties"].items()}
    event = {name: spec.get("maxLength") for name, spec in schema["$defs"]["event"]["properties"].items()}
    assert {name: article[name] for name in ARTICLE_LENGTHS} == ARTICLE_LENGTHS
    assert {name: event[name] for name in EVENT_LENGTHS} == EVENT_LENGTHS
    assert event["quote"] == CITATION_LENGTHS["quote"]
