"""The country-code rule (``services/country_codes.py``) and the doors that read codes through it."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.http import QueryDict

from events.importers.service import country_hint
from events.selectors import EventFilter, FilterError
from events.services.countries import country_name
from events.services.country_codes import CountryCodeError, country_code_clean, country_code_or_blank


@pytest.mark.parametrize(
    ("given", "code"),
    [("RO", "RO"), (" ro ", "RO"), ("Ua", "UA"), ("xk", "XK"), ("UK", "GB"), ("el", "GR"), ("", ""), (None, "")],
)
def test_a_code_is_trimmed_capitalised_and_reserved_aliases_mean_their_country(given, code):
    assert country_code_clean(given) == code
    assert country_code_or_blank(given) == code


@pytest.mark.parametrize("given", ["ROU", "R", "R0", "ÄÖ", "R O", "ro-ua"])
def test_anything_else_is_refused_or_blank(given):
    with pytest.raises(CountryCodeError):
        country_code_clean(given)
    assert country_code_or_blank(given) == ""


def test_the_doors_agree_on_an_alias():
    assert country_name("uk") == country_name("GB") == "United Kingdom"
    assert country_hint("uk") == country_hint("United Kingdom") == "GB"
    assert EventFilter.from_query(QueryDict("near_border=ua-uk")).near_border == "GB-UA"


def test_the_api_filter_refuses_what_is_no_code():
    with pytest.raises(FilterError, match="near_border"):
        EventFilter.from_query(QueryDict("near_border=ROU-UA"))


def test_a_command_names_the_option_it_refuses(db):
    with pytest.raises(CommandError, match=r"--countries 'ROU': use a two-letter ISO code"):
        call_command("load_gazetteer", "--countries", "RO,ROU", "--dry-run", verbosity=0)


def test_a_geocode_batch_names_the_line_it_refuses(tmp_path):
    batch = tmp_path / "names.tsv"
    batch.write_text("Galați\tro\nOdesa\tUkraine\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"names.tsv: line 2: country 'Ukraine'"):
        call_command("geocode", "--batch", str(batch), "--offline")


def test_no_module_keeps_a_second_pattern_for_codes():
    """A regex for two capitals, or ``.upper()`` on a code, outside the rule's module is a second rule."""
    rule = re.compile(r"\[A-Z(a-z)?\]\{2\}|country\w*\.(strip\(\)\.)?upper\(\)|hint\w*\.(strip\(\)\.)?upper\(\)")
    events = Path(settings.BASE_DIR) / "events"
    found = [
        str(path.relative_to(events))
        for path in events.rglob("*.py")
        if "migrations" not in path.parts and path.name != "country_codes.py" and rule.search(path.read_text())
    ]
    assert found == ["openapi.py"]  # the API's schema documents the pattern; it checks nothing
