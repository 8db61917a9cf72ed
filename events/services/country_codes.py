"""The country-code rule: how a code someone typed, a file held or a provider sent becomes the code Mapper stores.

Codes are ISO 3166-1 alpha-2 as GeoNames writes them (``XK`` for Kosovo, which ISO leaves to user
assignment), in capitals. Around a code, spaces are dropped and case does not matter; ISO's two
exceptionally reserved codes that name a country under another code mean that country (``UK`` is
``GB``, ``EL`` is ``GR``). Whether a code names a country the data knows is the data's question
(``countries.country_codes()``, ``borders.country_code_check``), not this module's.

Every door reads codes through here: the model's validator, the admin's forms and geocoder views,
the importers, the API's filters, the commands, the geoparser, the gazetteer and the geocoders.
"""

import re

CODE_PATTERN = r"^[A-Z]{2}$"
_CODE = re.compile(CODE_PATTERN)
# ISO 3166-1 "exceptionally reserved" codes that another code already names.
RESERVED_ALIASES = {"UK": "GB", "EL": "GR"}


class CountryCodeError(ValueError):
    """A value that is not blank and not two letters (the caller words the message for its reader)."""


def country_code_clean(value) -> str:
    """``value`` as a stored code (" ro " → "RO", "uk" → "GB"); "" when blank; CountryCodeError otherwise."""
    code = str(value or "").strip().upper()
    code = RESERVED_ALIASES.get(code, code)
    if code and not _CODE.match(code):
        raise CountryCodeError(value)
    return code


def country_code_or_blank(value) -> str:
    """The same rule for a hint that may be anything (a provider's answer, a file's free text): "" unless a code."""
    try:
        return country_code_clean(value)
    except CountryCodeError:
        return ""
