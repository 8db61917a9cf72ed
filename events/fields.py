"""Model and form fields that put every stored value through ``events.services.stored_values``.

``StoredJSONField`` is the JSONField every model here uses. On the way in (``full_clean``,
the admin's forms) it refuses what the gate refuses. On the way out it never raises:
a value stored before the gate existed, or written raw (``loaddata``, SQL), that the
gate refuses (nested 950 levels deep, ``1e999``, a NUL) is read as an
``UnreadableValue``: empty and falsy for every page, feed and export, kept verbatim
when the row is saved again, and shown with an error marker in the admin's form.
"""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.fields.json import KeyTransform
from django.forms.fields import InvalidJSONInput, JSONString
from django.utils.translation import gettext as _

from events.services.stored_values import (
    MAX_JSON_CHARS,
    StoredValueError,
    json_text_has_constants,
    json_text_problem,
    json_text_suspect,
    json_value_problem,
    stored_json_loads,
    stored_json_problem,
    stored_text_problem,
)

UNREADABLE_PREVIEW_CHARS = 20_000  # how much of an unreadable value the admin's textarea shows


def validate_no_nul(value):
    """Text validator: the gate's NUL rule (PostgreSQL cannot store NUL; nothing should)."""
    if isinstance(value, str):
        problem = stored_text_problem(value)
        if problem:
            raise ValidationError(_("This text %(problem)s") % {"problem": problem}, code="nul")


def text_field(max_length: int, **kwargs) -> models.TextField:
    """A TextField whose ``max_length`` is enforced (Django enforces it only for CharField)."""
    return models.TextField(
        max_length=max_length, validators=[MaxLengthValidator(max_length), validate_no_nul], **kwargs
    )


class UnreadableValue(dict):
    """A stored JSON value the gate refuses: empty for readers, verbatim for writers.

    ``raw`` is the stored JSON text, ``reason`` says why it cannot be used (the
    gate's message, e.g. "is nested 950 levels deep; the limit is 32.").
    """

    def __init__(self, raw: str, reason: str):
        super().__init__()
        self.raw, self.reason = raw, reason

    def __repr__(self):
        return f"UnreadableValue({self.reason!r})"


class _Verbatim(json.JSONEncoder):
    """Writes an UnreadableValue back exactly as it was read.

    Text the database would refuse (``NaN`` got into SQLite past its JSON check) is
    kept as a JSON string of that text instead, so the row can still be saved and
    deleted (its history is written too) and nothing of the value is lost.
    """

    def encode(self, o):
        return json.dumps(o.raw) if json_text_has_constants(o.raw) else o.raw


class UnreadableText(str):
    """The text of an UnreadableValue in a form, with the reason for its widget's marker."""

    reason = ""


class StoredJSONTextarea(forms.Textarea):
    """A JSON textarea that marks a stored value the gate refuses."""

    template_name = "events/widgets/stored_json.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["unreadable"] = value.reason if isinstance(value, UnreadableText) else ""
        return context


class StoredJSONFormField(forms.JSONField):
    """Django's JSON form field behind the gate: NaN, Infinity, NUL and deep nesting are form errors."""

    widget = StoredJSONTextarea

    def __init__(self, *, max_chars: int = MAX_JSON_CHARS, **kwargs):
        self.max_chars = max_chars
        super().__init__(**kwargs)

    def to_python(self, value):
        if self.disabled or value in self.empty_values or not isinstance(value, str):
            return super().to_python(value)
        try:
            converted = stored_json_loads(value, max_chars=self.max_chars)
        except StoredValueError as exc:
            raise ValidationError(_("This value %(problem)s") % {"problem": exc.message}, code="invalid") from None
        return JSONString(converted) if isinstance(converted, str) else converted

    def bound_data(self, data, initial):
        if isinstance(data, str) and json_text_problem(data, max_chars=self.max_chars):
            return InvalidJSONInput(data)  # redisplayed as typed, never parsed
        try:
            return super().bound_data(data, initial)
        except (ValueError, RecursionError):
            return InvalidJSONInput(data)

    def prepare_value(self, value):
        if isinstance(value, UnreadableValue):
            text = UnreadableText(value.raw[:UNREADABLE_PREVIEW_CHARS])
            text.reason = value.reason
            return text
        return super().prepare_value(value)

    def has_changed(self, initial, data):
        return isinstance(initial, UnreadableValue) or super().has_changed(initial, data)


class StoredJSONField(models.JSONField):
    """A JSONField guarded by the stored-value gate on the way in, and safe to read on the way out."""

    def __init__(self, *args, max_chars: int = MAX_JSON_CHARS, **kwargs):
        self.max_chars = max_chars
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.max_chars != MAX_JSON_CHARS:
            kwargs["max_chars"] = self.max_chars
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        # Before Django's own check, which would json.dumps a too-deep value into a RecursionError.
        if isinstance(value, UnreadableValue):
            raise ValidationError(
                _("The stored value %(reason)s Replace it to save.") % {"reason": value.reason}, code="unreadable"
            )
        problem = stored_json_problem(value, max_chars=self.max_chars)
        if problem:
            raise ValidationError(_("This value %(problem)s") % {"problem": problem}, code="invalid")
        super().validate(value, model_instance)

    def from_db_value(self, value, expression, connection):
        if value is None or (isinstance(expression, KeyTransform) and not isinstance(value, str)):
            return super().from_db_value(value, expression, connection)
        problem = json_text_problem(value, max_chars=self.max_chars)
        if not problem:
            try:
                decoded = super().from_db_value(value, expression, connection)
            except (ValueError, RecursionError) as exc:
                problem = _("cannot be decoded: %(reason)s") % {"reason": exc}
            else:  # the text's size is already checked; the walk only when the text looks suspect
                problem = json_value_problem(decoded) if json_text_suspect(value) else ""
        return UnreadableValue(value, problem) if problem else decoded

    def get_db_prep_value(self, value, connection, prepared=False):
        if isinstance(value, UnreadableValue):
            return connection.ops.adapt_json_value(value, _Verbatim)
        return super().get_db_prep_value(value, connection, prepared)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": StoredJSONFormField, "max_chars": self.max_chars, **kwargs})
