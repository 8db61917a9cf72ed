"""Stage 3, propose: draft events from an article's located sentences.

Rules, one function each:

- ``kind_for``: the first event kind whose cue words (staff edit them per kind, in the
  admin) all match the sentence; kinds with more cue lines are tried first (they are
  more specific);
- ``places_for``: which places in a sentence an event is *at*: not a demonym (context,
  unless nothing else locates the event), not a partner ("collaboration with
  Ukraine"), not a nationality in a figure ("1,700 U.S. soldiers"), not a capital that speaks for its
  government ("Bucharest denied"), not where people come from
  ("officers from Maidstone", unless the sentence names nothing else), and a country only
  when the sentence names nothing more precise; a sentence with no kind cue
  proposes only for places more precise than a country;
- ``precision_for``: "near X" is near; "the border with X" is the border line between
  the article's country and X; a country is its area; never a pin for an area;
- ``date_in`` (``dates.py``): the sentence's date relative to the article's, or none;
- ``figures_in``: "1,700 U.S. soldiers" -> ``{"us_troops": 1700}``;
- proposals for the same kind and place merge, keeping every sentence.

Proposals are drafts: nothing is published without a person.
"""

import bisect
import datetime
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.text import slugify

from events.geoparse import lexicon
from events.geoparse.dates import date_in
from events.geoparse.recognise import recognise
from events.geoparse.resolve import Resolution, capital_named, resolve
from events.geoparse.text import Sentence, sentences_of
from events.models import EventKind, Precision
from events.services.borders import neighbours_of
from events.services.country_codes import country_code_or_blank

FIGURE_NOUNS = {
    "soldiers": "troops", "troops": "troops", "servicemen": "troops", "personnel": "troops",
    "marines": "troops", "drones": "drones", "missiles": "missiles", "civilians": "civilians",
    "people": "people", "refugees": "refugees", "tanks": "tanks", "aircraft": "aircraft", "jets": "aircraft",
}  # fmt: skip
_FIGURE = re.compile(
    r"(?P<number>\d{1,3}(?:,\d{3})+|\d+)\s+(?:more\s+|additional\s+|new\s+|extra\s+)?"
    r"(?P<modifier>(?:[A-Z][\w.]*\s+){0,2})(?P<noun>" + "|".join(FIGURE_NOUNS) + r")\b"
)


@dataclass
class KindCues:
    slug: str
    name: str
    groups: list[list[str]]

    def matches(self, sentence: str) -> bool:
        lowered = sentence.casefold()
        return bool(self.groups) and all(
            any(re.search(rf"\b{re.escape(word)}\b", lowered) for word in group) for group in self.groups
        )


def kind_cues() -> list[KindCues]:
    """Every kind with its cue words, the most specific first."""
    cues = []
    for kind in EventKind.objects.order_by("order", "name"):
        lines = [line for line in kind.cue_words.splitlines() if line.strip()]
        groups = [[word.strip().casefold() for word in line.split(",") if word.strip()] for line in lines]
        cues.append(KindCues(kind.slug, kind.name, groups))
    return sorted(cues, key=lambda cue: -len(cue.groups))


def kind_for(sentence: str, cues: list[KindCues]) -> KindCues | None:
    return next((cue for cue in cues if cue.matches(sentence)), None)


@dataclass
class Proposal:
    kind: str
    kind_name: str
    place_name: str
    precision: str
    resolution: Resolution | None
    area: dict | None = None
    sentences: list[Sentence] = field(default_factory=list)
    date: datetime.date | None = None
    date_precision: str = ""
    attributes: dict = field(default_factory=dict)

    @property
    def merge_key(self) -> tuple:
        where = self.area or (self.resolution.best.row.id if self.resolution and self.resolution.best else None)
        return self.kind, repr(where) if where is not None else self.place_name.casefold()

    @property
    def confidence(self) -> float:
        return round(self.resolution.confidence, 3) if self.resolution else 1.0

    @property
    def title(self) -> str:
        return f"{self.kind_name}: {self.place_name}"

    def as_event(self, article_slug: str) -> dict:
        event: dict[str, Any] = {
            "key": slugify(f"{article_slug}-{self.kind}-{self.place_name}")[:120].strip("-"),
            "title": self.title[:300],
            "kind": self.kind,
            "place_name": self.place_name[:200],
            "precision": self.precision,
            "status": "draft",
        }
        best = self.resolution.best if self.resolution else None
        if self.area is not None:
            event["area"] = self.area
        elif best is not None:
            event["latitude"], event["longitude"] = best.row.latitude, best.row.longitude
            if best.row.country_code:
                event["country_hint"] = best.row.country_code
        if self.date is not None:
            event["date"] = self.date.isoformat()[: {"day": 10, "month": 7, "year": 4}[self.date_precision]]
            event["date_precision"] = self.date_precision
        attributes = dict(self.attributes)
        if best is not None:
            attributes["location_confidence"] = self.confidence
        if attributes:
            event["attributes"] = attributes
        others = len(self.sentences) - 1
        event["description"] = "Proposed by the geoparser from the article's text" + (
            f" ({others + 1} sentences)." if others else "."
        )
        event["quote"] = self.sentences[0].text
        return event


def figures_in(sentence: str) -> dict:
    """Counts with their noun, keyed by the nationality before it when there is one."""
    figures = {}
    for match in _FIGURE.finditer(sentence):
        noun = FIGURE_NOUNS[match["noun"]]
        modifier = match["modifier"].strip()
        code = ""
        if modifier:
            key = modifier.casefold().replace(".", " ").split()
            entry = lexicon.ABBREVIATIONS.get(" ".join(key)) or ()
            code = entry[1] if entry else lexicon.demonyms().get(" ".join(key), "")
        figures[f"{code.lower()}_{noun}" if code else noun] = int(match["number"].replace(",", ""))
    return figures


def _figure_modifiers(sentence: Sentence) -> list[tuple[int, int]]:
    """Text offsets of the words between a figure and its noun ("1,700 U.S. soldiers": U.S.), in order."""
    return [
        (sentence.start + match.start("modifier"), sentence.start + match.end("modifier"))
        for match in _FIGURE.finditer(sentence.text)
    ]


def _in_figure(modifiers: list[tuple[int, int]], resolution: Resolution) -> bool:
    """True when the place is a figure's modifier; found by bisection, so that a sentence of thousands of
    figures and places costs no more than their number."""
    index = bisect.bisect_right(modifiers, (resolution.mention.start, math.inf)) - 1
    return index >= 0 and modifiers[index][0] <= resolution.mention.start < modifiers[index][1]


def _word_before(text: str, resolution: Resolution) -> str:
    before = text[max(0, resolution.mention.start - 30) : resolution.mention.start].casefold().split()
    return before[-1] if before else ""


def _origin(text: str, resolution: Resolution) -> bool:
    """ "officers from Maidstone": where someone comes from."""
    return _word_before(text, resolution) == "from"


def _destination(text: str, resolution: Resolution) -> bool:
    """ "troops to Romania", "deployed in Romania": the place is where it happens."""
    return _word_before(text, resolution) in ("in", "to", "into", "inside", "at")


def _government(text: str, resolution: Resolution) -> bool:
    """ "Bucharest initially denied the report": a capital that speaks is its government, not a place."""
    after = text[resolution.mention.end : resolution.mention.end + 30].casefold().split()
    return bool(after) and after[0] in lexicon.GOVERNMENT_VERBS and capital_named(resolution.place)


def _partner(text: str, resolution: Resolution) -> bool:
    """ "with Ukraine" (a partner), not "the border with Ukraine" (a place)."""
    return _word_before(text, resolution) == "with" and resolution.mention.qualifier != "border"


_DATELINE = re.compile(r"^(?P<place>[^\W\d][^—–\n]{0,60}?)\s+[—–-]+\s")


def _in_dateline(text: str, sentence: Sentence, resolution: Resolution) -> bool:
    """ "ALEXANDRIA, La. — A battery maker…": the dateline says where the story was filed, not where it happened."""
    match = _DATELINE.match(text[sentence.start : sentence.end])
    if not match or not match["place"].split(",")[0].isupper():
        return False
    return resolution.mention.start < sentence.start + match.end()


def _holding(places: list[Resolution]) -> set[int]:
    """The ids of the divisions among ``places`` that hold another of them ("Alexandria, La.", "… Rapides
    Parish", a state's county: "Sangamon County … central Illinois"): a settlement or a site in their
    first-level division, or for a state a county. One pass over the places, however many."""
    inside: dict[tuple[str, str], set[str]] = defaultdict(set)  # (country, admin1) -> "place", "county"
    for resolution in places:
        row = resolution.place
        if row.feature_class in ("P", "S") or row.feature_code == "ADM2":
            inside[(row.country_code, row.admin1_code)].add("place" if row.feature_class in ("P", "S") else "county")
    held = set()
    for resolution in places:
        row = resolution.place
        found = inside.get((row.country_code, row.admin1_code), set())
        if (row.feature_code == "ADM2" and "place" in found) or (row.feature_code == "ADM1" and found):
            held.add(id(resolution))
    return held


def places_for(text: str, sentence: Sentence, resolutions: list[Resolution], has_kind: bool) -> list[Resolution]:
    """The places in the sentence an event is at (see the module docstring)."""
    inside = [r for r in resolutions if sentence.start <= r.mention.start < sentence.end]
    # names the gazetteer lacks that a cue word calls places ("the village of Przewodów"), or that were only
    # guessed from the story's town ("over City Hall"): proposed by name, for the reviewer to locate
    unknown = [r for r in inside if r.best is None and r.mention.kind == "name" and (r.mention.wanted or r.fallback)]
    inside = [r for r in inside if r.best is not None and not _in_dateline(text, sentence, r)]
    modifiers = _figure_modifiers(sentence)
    places = [
        r
        for r in inside
        if r.mention.kind != "demonym"
        and not _partner(text, r)
        and not _in_figure(modifiers, r)
        and not _government(text, r)
    ]
    precise = [
        r for r in places if r.place.feature_code not in ("PCLI", "CONT", "RGN") and r.mention.qualifier != "border"
    ]
    holding = _holding(precise)
    precise = [r for r in precise if id(r) not in holding]
    borders = [r for r in inside if r.mention.qualifier == "border" and r.place.feature_code == "PCLI"]
    here = [r for r in precise if not _origin(text, r)]
    if here or (precise and not has_kind):
        return here  # "Workers from Decatur commute": where people come from is not where it happens
    if precise:
        return precise
    if not has_kind:
        return []
    if unknown:
        return unknown[:1]  # "the village of Przewodów": proposed by name, for the reviewer to locate
    if borders:
        return borders[:1]
    countries = [r for r in places if r.place.feature_code == "PCLI"]
    if countries:
        # Where it happens ("troops to Romania", "in Romania") before the sentence's subject; else the subject:
        # "Romania … with Ukraine … on its territory".
        countries.sort(key=lambda r: not _destination(text, r))
        return countries[:1]
    demonyms = [r for r in inside if r.mention.kind == "demonym" and r.place.feature_code == "PCLI"]
    return demonyms[:1]  # nothing else locates the event


def _article_country(resolutions: list[Resolution], country_hint: str) -> str:
    if country_hint:
        return country_hint
    counts: dict[str, int] = {}
    for r in resolutions:
        if r.best and r.best.row.country_code and r.mention.qualifier != "border":
            counts[r.best.row.country_code] = counts.get(r.best.row.country_code, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else ""


def precision_for(resolution: Resolution, home: str) -> tuple[str, str, dict | None]:
    """(place name, precision, area) for an event at this place; a place not found has no precision."""
    if resolution.best is None:
        return resolution.mention.phrase, Precision.UNKNOWN, None
    row, mention = resolution.best.row, resolution.mention
    if mention.qualifier == "border" and row.feature_code == "PCLI":
        if home and home != row.country_code and row.country_code in neighbours_of(home):
            return f"the border with {row.name}", Precision.REGION, {"border": sorted([home, row.country_code])}
        return f"the border of {row.name}", Precision.REGION, {"country": row.country_code}
    if row.feature_code == "PCLI":
        return row.name, Precision.COUNTRY, {"country": row.country_code}
    if row.feature_class in ("A", "L"):
        return row.name, Precision.REGION, None
    if row.feature_class == "S" or mention.qualifier == "near":
        return row.name, Precision.NEAR, None
    return row.name, Precision.SETTLEMENT, None


@dataclass
class ArticleProposals:
    title: str
    slug: str
    text: str
    published_on: datetime.date | None
    country_hint: str
    proposals: list[Proposal]
    resolutions: list[Resolution]

    def as_article_file(self) -> dict:
        article = {"title": self.title[:300], "slug": self.slug, "language": "en", "text": self.text}
        if self.published_on:
            article["published_on"] = self.published_on.isoformat()
        if self.country_hint:
            article["country_hint"] = self.country_hint
        return {"article": article, "events": [p.as_event(self.slug) for p in self.proposals]}


def article_proposals(text, *, title, published_on=None, country_hint="", slug_hint="") -> ArticleProposals:
    """Recognise, resolve and propose for one article."""
    country_hint = country_code_or_blank(country_hint)
    resolutions = resolve(recognise(text), country_hint)
    for resolution in resolutions:
        if resolution.fallback:  # a guess from context is no place to pin: the reviewer locates it
            resolution.best = None
    home = _article_country(resolutions, country_hint)
    cues = kind_cues()
    other = next((cue for cue in cues if cue.slug == settings.MAPPER_GEOPARSE_OTHER_KIND), None)
    merged: dict[tuple, Proposal] = {}
    for sentence in sentences_of(text):
        if sentence.text == title.strip() and not title.endswith((".", "!", "?", "”", '"')):
            continue  # a headline repeats what the text reports; the text's sentence is the better quote
        kind = kind_for(sentence.text, cues)
        places = places_for(text, sentence, resolutions, kind is not None)
        chosen = kind or other
        if chosen is None:
            continue
        found_date = date_in(sentence.text, published_on)
        figures = figures_in(sentence.text)
        for resolution in places:
            place_name, precision, area = precision_for(resolution, home)
            proposal = Proposal(chosen.slug, chosen.name, place_name, precision, resolution, area, [sentence])
            if found_date:
                proposal.date, proposal.date_precision = found_date
            proposal.attributes = dict(figures)
            figures = {}  # a figure is recorded once, on the sentence's first event
            if proposal.merge_key in merged:
                kept = merged[proposal.merge_key]
                kept.sentences.append(sentence)
                kept.attributes = proposal.attributes | kept.attributes
                if kept.date is None and proposal.date is not None:
                    kept.date, kept.date_precision = proposal.date, proposal.date_precision
            else:
                merged[proposal.merge_key] = proposal
    slug = slugify(slug_hint or title)[:120].strip("-") or "article"
    return ArticleProposals(title, slug, text, published_on, country_hint, list(merged.values()), resolutions)
