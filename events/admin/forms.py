"""The admin's event form: model fields plus the map and what the map reports back."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from events.admin.widgets import EventMapWidget, PlaceNameWidget
from events.fields import StoredJSONFormField
from events.models import Event
from events.services.country_codes import country_code_or_blank


class EventAdminForm(forms.ModelForm):
    # Display only: the map reads and writes the latitude/longitude inputs.
    location_map = forms.Field(label=_("Map"), required=False, disabled=True, widget=EventMapWidget)
    # Set by the map's script when a geocoder candidate is picked, cleared when
    # the point is then moved by hand; tells a located point from a manual one.
    picked_candidate = StoredJSONFormField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Event
        fields = [
            "title",
            "key",
            "kind",
            "status",
            "description",
            "date",
            "date_precision",
            "place_name",
            "country_hint",
            "latitude",
            "longitude",
            "precision",
            "geometry",
            "geocode_status",
            "attributes",
        ]
        widgets = {"place_name": PlaceNameWidget(attrs={"size": 40})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].required = False
        self.fields["key"].help_text += " Left empty, it is made from the title."

    def clean_picked_candidate(self):
        picked = self.cleaned_data.get("picked_candidate")
        if not picked:
            return None
        if not isinstance(picked, dict):
            raise forms.ValidationError("The picked candidate is not understood; pick it again.")
        confidence = picked.get("confidence")
        if not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
            confidence = None
        return {"source": str(picked.get("source", ""))[:40], "confidence": confidence}

    def clean_country_hint(self):
        """The country-code rule (" uk " is GB); what is no code is left for the model's validator to name."""
        given = self.cleaned_data.get("country_hint", "")
        return country_code_or_blank(given) or given

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("key") and cleaned.get("title"):
            cleaned["key"] = event_key_unused(cleaned["title"])
        return cleaned

    @property
    def point_changed(self) -> bool:
        return bool({"latitude", "longitude"} & set(self.changed_data))


def event_key_unused(title: str) -> str:
    """A slug of the title that no event uses yet (``-2``, ``-3``… appended if needed)."""
    base = slugify(title)[:100] or "event"
    key, n = base, 1
    while Event.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    return key
