"""The one spelling rule for place names: how the gazetteer stores them and how every lookup reads them.

Its own module so that loading (``gazetteer``) and searching (``gazetteer_search``) both use it
without importing each other.
"""

import re
import unicodedata

# Letters NFKD does not decompose into a base letter plus marks.
_LETTER_FOLDS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h", "ŧ": "t"}
)
_APOSTROPHES = re.compile(r"[’'ʼ`´‘ʻ]")
_NON_WORD = re.compile(r"[\W_]+")
_COMBINING = re.compile(r"[\u0300-\u036F\u0483-\u0489\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]")


def name_normalize(text: str) -> str:
    """Lower case, diacritics stripped, ş/ș and ţ/ț unified, punctuation collapsed.

    >>> name_normalize("Bârsana") == name_normalize("BARSANA") == "barsana"
    True
    >>> name_normalize("Câmpia-Turzii")
    'campia turzii'
    """
    text = text.casefold()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text).translate(_LETTER_FOLDS))
        text = _APOSTROPHES.sub("", text)
    else:
        text = text.replace("'", "").replace("`", "")
    return _NON_WORD.sub(" ", text).strip()


# A name's generic first words, abbreviated or not: "St. Croix County" is GeoNames' "Saint Croix County",
# "Mt. Vernon" any of the 25 Mount Vernons; GeoNames keeps the other spelling for few of them.
_ABBREVIATED = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_ABBREVIATED |= {full: short for short, full in _ABBREVIATED.items()}
# Only the first few such words get their other spelling: each doubles the spellings, and a crafted name
# of sixty "st"s must not ask for 2^59 of them.
MAX_RESPELLED_WORDS = 2


def spelling_variants(normalized: str) -> set[str]:
    """A normalized name and its spellings with each generic word abbreviated or written out.

    Only a word before another one: a final "st" is a street ("Main St"), not a saint; and only the first
    ``MAX_RESPELLED_WORDS`` of them ("St. Mary's Mt. Pleasant" has four spellings).

    >>> sorted(spelling_variants("st croix county"))
    ['saint croix county', 'st croix county']
    >>> spelling_variants("main st")
    {'main st'}
    """
    variants, respelled = [""], 0
    words = normalized.split(" ")
    for position, word in enumerate(words):
        forms = [word]
        if position < len(words) - 1 and word in _ABBREVIATED and respelled < MAX_RESPELLED_WORDS:
            forms.append(_ABBREVIATED[word])
            respelled += 1
        variants = [f"{variant} {form}" if variant else form for variant in variants for form in forms]
    return set(variants)


def ascii_fold(text: str) -> str:
    """The name without diacritics, case kept (Câmpia Turzii -> Campia Turzii)."""
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text).translate(_LETTER_FOLDS))
