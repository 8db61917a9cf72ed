"""Stage 1, recognise: find the place mentions in a text.

Capitalised runs of words ("Mihail Kogalniceanu", "Deveselu and Cimbia Turzii") are
cut into the longest phrases the gazetteer, the abbreviation table or the demonym
table knows, then kept or dropped by context rules, each of which leaves its name
in ``Mention.evidence``:

- stop rules: months, weekdays, compass words, "I" and other capitalised function
  words; a sentence-initial word the text also writes in lower case; a name after a
  title ("Minister Oana Lungesku") or next to a speech verb ("Hogg said"), and that
  surname again later;
- weak names (only small places bear them) need a reason: a locative word before
  ("in", "near"), a cue word ("airbase", "county", "the village of"), or a "City, ST";
- "City, ST" and "City, Country" also recognise the container and link the two; names joined by
  commas, "and" and "or" are peers, and a plural cue after the list ("… oblasts") asks for every one;
- a dateline in capitals ("PARIS, Texas —") is a place however short or small; a natural feature or a
  street the gazetteer lacks ("Nile Delta", "Gulf of Mexico", "Royal Street") is one mention, not the
  place inside it;
- a capitalised phrase the gazetteer lacks is still a mention when a cue word asks for
  a place ("Cimbia Turzii bases"): the resolver then tries fuzzy spellings.

A demonym ("Ukrainian") is recognised as ``kind="demonym"``: context for the
article's country, not a place to pin (``propose`` decides that).
"""

import re
from dataclasses import dataclass, field

from events.geoparse import lexicon
from events.geoparse.candidates import PlaceRow, names_lookup
from events.services.gazetteer import name_normalize

MAX_WORDS = 6
STRONG_POPULATION = 100_000  # a name any reader would take for a place without a cue
BIG_AREA_POPULATION = 1_000_000  # "Virginia Tech": a given name that is so big an area's stays the area
WEAK_POPULATION = 1_000
KNOWN_POPULATION = 20_000  # a town a reader knows by name in running text, though not before a cue
LIST_REACH = 60  # words: a list that a locative word opens is never longer
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}(?:[A-Za-z](?![\w.]))?|[^\W_](?:[\w’'.]*\w)?")
_POSSESSIVE = re.compile(r"(['’]s|s['’])$")
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)\]]*\s*$|\n\s*$|^\s*$")
PLACE_ABBREVIATIONS = {"St", "Ste", "Mt", "Ft"}
CONNECTORS = {"of", "de", "del", "la", "le", "du", "da", "upon", "on", "and", "al", "el", "the", "dos", "das", "am"}


@dataclass
class Mention:
    start: int
    end: int
    phrase: str
    key: str  # the normalized name looked up
    kind: str = "name"  # name, abbreviation, demonym
    country: str = ""  # what an abbreviation or a demonym stands for
    wanted: tuple = ()  # GeoNames feature codes a cue word asks for
    qualifier: str = ""  # "near" or "border" from the words before
    container: "Mention | None" = field(default=None, repr=False)  # "Paris, Texas": Texas
    compass: bool = False  # after "central", "northern": part of an area ("central Washington", the state)
    peers: list["Mention"] = field(default_factory=list, repr=False)  # the others of a list it is in
    host: "Mention | None" = field(default=None, repr=False)  # "Oulton Park, Cheshire", "Le Bernardin in New York"
    host_in: bool = False  # the host was written after "in": the name is inside it
    rows: list[PlaceRow] = field(default_factory=list, repr=False)
    evidence: list[str] = field(default_factory=list)
    given: dict | None = field(default=None, repr=False)  # the span as given, echoed back as it came

    def as_span(self) -> dict:
        if self.given is not None:
            return {"start": self.given.get("start"), "end": self.given.get("end"), "phrase": self.given.get("phrase")}
        return {"start": self.start, "end": self.end, "phrase": self.phrase}


def _big_place(row: PlaceRow) -> bool:
    """A country, an area of a million people or a big town under its own name: a place before any word."""
    return (
        row.feature_code == "PCLI"
        or (row.is_area and row.population >= BIG_AREA_POPULATION)
        or (row.primary and row.population >= STRONG_POPULATION)
    )


@dataclass
class _Token:
    start: int
    end: int
    text: str

    @property
    def capitalised(self) -> bool:
        """An upper-case first letter, or one after an elided article ("d'Alene" of Coeur d'Alene, "l'Aquila")."""
        return self.text[:1].isupper() or (self.text[1:2] in ("'", "’") and self.text[2:3].isupper())

    @property
    def bare(self) -> str:
        """Without a possessive ending."""
        return _POSSESSIVE.sub("", self.text) if len(self.text) > 3 else self.text


_CONTRACTION = re.compile(r"['’](?:ve|ll|re|d|m|t)$", re.I)
_DATELINE_END = re.compile(r"[.,]? *(?:\([A-Z][\w ]*\) *)?[,—–-]")  # "PARIS, Texas —", "KYIV (Reuters) -"
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}")


def tokens_of(text: str) -> list[_Token]:
    """Words with their offsets; "U.S." keeps its points, a word loses a sentence's final point."""
    return [
        _Token(m.start(), m.end(), m.group() if _DOTTED.fullmatch(m.group()) else m.group().rstrip("."))
        for m in _TOKEN.finditer(text)
    ]


def _joined(text: str, left: _Token, right: _Token) -> bool:
    """True when only spaces separate two tokens (a name never spans a comma or a line), or the point of
    "U.S." or of a place's abbreviated generic word ("St. Louis", "Mt. Vernon", "Ft. Worth")."""
    gap = text[left.end : right.start]
    if gap == "-":  # "Winston-Salem", "Câmpia-Turzii"; "London-based" stops at the lower-case word
        return True
    if left.text == "O" and gap in ("' ", "’ "):  # "Land O' Lakes"
        return True
    pointed = left.text.count(".") > 0 or left.text in PLACE_ABBREVIATIONS
    return gap.strip(". ") == "" and "\n" not in gap and (gap.count(".") == 0 or pointed)


def _runs(text: str, tokens: list[_Token]) -> list[tuple[int, int]]:
    """Index ranges [i, j) of capitalised words, with connectors ("of", "and") inside."""
    runs, i = [], 0
    while i < len(tokens):
        if not tokens[i].capitalised:
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and _joined(text, tokens[j - 1], tokens[j]):
            if tokens[j].capitalised or (tokens[j].text.casefold() in CONNECTORS and j + 1 < len(tokens)):
                j += 1
            else:
                break
        while j > i + 1 and not tokens[j - 1].capitalised:
            j -= 1
        runs.append((i, j))
        i = j
    return runs


def _phrase_key(tokens: list[_Token]) -> str:
    words = [t.text for t in tokens[:-1]] + [tokens[-1].bare]
    return name_normalize(" ".join(words))


def _saint_possessive(tokens: list[_Token]) -> bool:
    """True for "St. John's", "Saint Mary's": a saint's name in the possessive."""
    return (
        len(tokens) == 2
        and tokens[0].text.casefold().rstrip(".") in lexicon.SAINT_WORDS
        and tokens[1].bare != tokens[1].text
    )


def _possessive_key(tokens: list[_Token]) -> str:
    """The key of a phrase with its possessive kept ("st johns")."""
    return name_normalize(" ".join(t.text for t in tokens))


def _unlisted_reason(last_word: str) -> str:
    """What a name the gazetteer lacks names, by its last word ("Royal Street", "City Hall")."""
    for words, reason in (
        (lexicon.STREET_SUFFIXES, "street"),
        (lexicon.BUILDING_SUFFIXES, "building"),
        (lexicon.DISTRICT_SUFFIXES, "district"),
    ):
        if last_word in words:
            return reason
    return "natural feature"


def _span_end(text: str, token: _Token) -> int:
    """Where the phrase ends: before a possessive, after an abbreviation's point."""
    end = token.start + len(token.bare)
    if token.bare == token.text and text[end : end + 1] == "." and name_normalize(token.text) in lexicon.US_STATE_AP:
        end += 1
    return end


def _table_entry(key: str, phrase: str, *, marked: bool = False) -> tuple[str, str, str, tuple] | None:
    """(kind, lookup name, country, wanted) when an abbreviation or demonym table knows the phrase.

    AP abbreviations of US states count in running text only when they cannot be a word
    ("Calif.", not "Ga." or "La."); ``marked`` (a span someone marked as a place) accepts
    them all, and the demonyms that are mostly languages.
    """
    if marked and key in lexicon.MARKED_DEMONYMS:
        name, wanted = lexicon.MARKED_DEMONYMS[key]
        return "demonym", name, "", wanted
    if key in lexicon.US_STATE_AP and phrase.endswith(".") and (marked or len(key) >= 3):
        name = lexicon.us_state_postal()[lexicon.US_STATE_AP[key].casefold()]
        return "abbreviation", name, "US", ("ADM1",)
    if entry := lexicon.ABBREVIATIONS.get(key) or lexicon.country_initialisms().get(key):
        name, country, wanted = entry
        if phrase.isupper() or phrase[:1].isupper() and "." in phrase or len(key) > 3:
            return "abbreviation", name, country, wanted
    if key in lexicon.area_demonyms():
        name, wanted = lexicon.area_demonyms()[key]
        return "demonym", name, "", wanted
    if (demonym_country := lexicon.demonyms().get(key)) is not None:
        return "demonym", "", demonym_country, ("PCLI",)
    return None


class _Recogniser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = tokens_of(text)
        self.lower_words = {t.text.casefold() for t in self.tokens if not t.capitalised}
        self.persons: set[str] = set()
        self.found: dict[str, list[PlaceRow]] = {}
        self.mentions: list[Mention] = []

    # --- context around a span -------------------------------------------------
    def word(self, index: int) -> str:
        return self.tokens[index].text.casefold() if 0 <= index < len(self.tokens) else ""

    def sentence_initial(self, index: int) -> bool:
        before = self.text[self.tokens[index - 1].end if index else 0 : self.tokens[index].start]
        return (
            index == 0
            or bool(_SENTENCE_END.search(self.text[: self.tokens[index].start][-3:] or ""))
            or ('"' in before or "“" in before)
        )

    def trailing_cue(self, j: int) -> tuple:
        two = f"{self.word(j)} {self.word(j + 1)}"
        if two in lexicon.TRAILING_CUES and not self.tokens[j].capitalised:
            return lexicon.TRAILING_CUES[two]
        if j < len(self.tokens) and not self.tokens[j].capitalised:
            return lexicon.TRAILING_CUES.get(self.word(j), ())
        return ()

    def leading(self, i: int) -> tuple[tuple, str]:
        """(wanted codes, qualifier) from the words before token ``i``."""
        two = f"{self.word(i - 2)} {self.word(i - 1)}"
        wanted = lexicon.LEADING_CUES.get(two, ())
        qualifier = "border" if two in ("border with", "frontier with") else ""
        # "near Tulcea", "near the village of Nufăru", "near the villages of …"
        before_cue = self.word(i - 3) if self.word(i - 3) != "the" else self.word(i - 4)
        if self.word(i - 1) in ("near", "outside", "around") or "near" in (self.word(i - 2), wanted and before_cue):
            qualifier = qualifier or "near"
        return wanted, qualifier

    def compass_before(self, i: int) -> bool:
        """True after a lower-case compass adjective ("central Washington", "northern Syria")."""
        return i > 0 and self.tokens[i - 1].text in lexicon.COMPASS_ADJECTIVES

    # --- the rules ---------------------------------------------------------------
    def person_span(self, i: int, j: int) -> tuple[int, int] | None:
        """The tokens of run [i, j) that name a person: after a title, or next to a speech verb.

        "U.S. President Donald Trump": Donald Trump (U.S. stays a place); "Xi Jinping of China":
        only the words before the connector.
        """
        words = [self.word(k).strip(".") for k in range(i, j)]
        end = next((i + k for k, word in enumerate(words) if word in CONNECTORS and k), j)
        for k, word in enumerate(words):
            if self.saint_name(i + k, end) is not None:
                break  # "St. John's", "St George's Chapel": not Saint George himself
            if word in lexicon.TITLES and i + k + 1 < end and not self.big_place_at(i + k, end):
                return i + k + 1, end
        if self.titled(i) and not self.big_place_at(i - 1, end):
            return i, end
        # "Police in Kent said": after a locative word the name is where the speakers are.
        located = self.word(i - 1) in lexicon.LOCATIVE_WORDS
        verb_after = self.word(j) in lexicon.SPEECH_VERBS and end == j and not located
        verb_before = self.word(i - 1) in lexicon.SPEECH_VERBS and i > 0 and self.text[self.tokens[i - 1].end] == " "
        if (verb_after or verb_before) and self.word(i) != "the" and not self.area_named(i, end):
            return i, end  # "Hogg said", "said Lungesku"; but "China said", "said Russia", "The U.S. said" are places
        return None

    def numbered(self, j: int) -> bool:
        """True when a number follows the phrase ending before token ``j`` on its line ("U.S. 65", "US 1")."""
        if j >= len(self.tokens) or not self.tokens[j].text.isdigit():
            return False
        return self.text[self.tokens[j - 1].end : self.tokens[j].start] == " "

    def titled(self, i: int) -> bool:
        """True when a title stands right before token ``i`` ("minister Oana Lungesku", "Gov. Ige"); not across
        a comma or a sentence's end ("the Ministry of Justice. Azerbaijan has", "the minister, Slovenia's")."""
        if i == 0 or (word := self.word(i - 1).strip(".")) not in lexicon.TITLES:
            return False
        gap = self.text[self.tokens[i - 1].end : self.tokens[i].start]
        return gap == " " or (gap == ". " and len(word) <= 4)  # "Gov. ", "Sen. ", "Capt. "

    def given_name_span(self, i: int, j: int) -> tuple[int, int] | None:
        """The tokens of run [i, j) that are a person's full name opened by a common given name ("Paul Francis
        Floyd", "Mary Pitman", "Charlie Chen"): not a place's name as a whole, nor a country's or a big place's
        name before a word ("Israel Defense Forces", "Virginia Tech", "Houston Rockets")."""
        end = next((k for k in range(i, j) if self.word(k) in CONNECTORS), j)
        for k in range(i, end - 1):
            token = self.tokens[k]
            if token.bare.casefold() not in lexicon.given_names() or not self.full_name(k, end):
                continue
            spaced = all(self.text[self.tokens[m].end : self.tokens[m + 1].start] == " " for m in range(k, end - 1))
            if not spaced or self.found.get(_phrase_key(self.tokens[k:end])):
                continue  # "Nelson-Creston"; a place's own name
            if any(self.found.get(_phrase_key(self.tokens[start : k + 1])) for start in range(i, k)):
                continue  # "the St. Louis Hills area": Louis ends a place's name
            if not any(_big_place(row) for row in self.found.get(name_normalize(token.bare), [])):
                return k, end
        return None

    def big_place_at(self, i: int, j: int) -> bool:
        """True when a title word starts a big town's or an area's name ("St. Louis", "General Santos"; not
        "Prince George", a smaller town's and a prince's)."""
        return any(
            row.is_area or row.population >= STRONG_POPULATION
            for end in range(i + 2, min(j, i + MAX_WORDS) + 1)
            for row in self.found.get(_phrase_key(self.tokens[i:end]), [])
        )

    def area_named(self, i: int, j: int) -> bool:
        """True when the words [i, j) start with a country's, a division's or a continent's name."""
        for end in range(j, i, -1):
            key = _phrase_key(self.tokens[i:end])
            if _table_entry(key, key) or any(r.is_area for r in self.found.get(key, [])):
                return True
        return False

    def keep(self, i: int, j: int, rows: list[PlaceRow], entry, cue: tuple, run: tuple[int, int]) -> str:
        """Why the phrase tokens[i:j] is a place, or "" to drop it."""
        token = self.tokens[i]
        single = j - i == 1
        if entry is not None:
            return "" if entry[0] == "abbreviation" and self.numbered(j) else entry[0]  # "U.S. 65" is a highway
        if single and (lexicon.is_stop_word(token.text) or len(token.bare) < 2 or _CONTRACTION.search(token.text)):
            return ""
        key = _phrase_key(self.tokens[i:j])
        if key in lexicon.CLIMATE_PATTERNS or f"{self.word(i - 1)} {key}" in lexicon.CLIMATE_PATTERNS:
            return ""  # "El Niño", "La Niña" (whose "La" is a connector, left out of the name)
        dateline = self.dateline(i, j)
        if single and token.text.isupper() and len(token.text) <= 5 and not dateline:
            return ""  # acronyms (NATO, FBI) are not places unless the abbreviation table says so
        if single and token.bare.casefold() in self.persons:
            return ""
        if single and name_normalize(token.bare) in lexicon.MARKED_DEMONYMS:
            return ""  # "taught in English": a language's or a people's word, not English, Indiana
        if single and token.bare.casefold() in lexicon.given_names() and not any(r.primary for r in rows):
            return ""  # "his yellow lab, Levi": only another place's alternate spelling (Lévis), a given name
        if single and self.sentence_initial(i) and token.text.casefold() in self.lower_words:
            return ""
        if run == (i, j) and not cue and self.word(i - 1) == "the" and self.the_common_noun(token, rows):
            return ""
        lone = self.segment_whole(i, j, run)
        # A big town's name inside a longer capitalised run is usually a person's ("Paul Ryan").
        # An area's name is a place anywhere, but a single word inside a longer run that only an alias makes
        # an area's and that the text also writes in lower case is a common word: "Free Trade Agreement" is not
        # the Free State, nor "Federal Reserve" a Distrito Federal.
        common = single and not lone and token.text.casefold() in self.lower_words
        strong = any(
            r.is_area and r.feature_code in ("PCLI", "ADM1", "CONT", "RGN") and (r.primary or not common) for r in rows
        ) or ((lone or not single) and any(r.population >= STRONG_POPULATION for r in rows))
        locative = self.listed_after_locative(i) or bool(self.leading(i)[0])
        comma_state = self.text[self.tokens[j - 1].end : self.tokens[j - 1].end + 2] == ", " and self.container_at(j)
        if strong:
            return "strong name"
        if lone and key in lexicon.VAST_NAMES:
            return "ocean or world region"  # "the Atlantic", "the Middle East": no village of the name
        if cue or comma_state:
            return "cue word" if cue else "City, ST"
        if dateline and rows:
            return "dateline"
        biggest = max((r.population for r in rows), default=0)
        # a small town only under another place's spelling is that town's, not the other's ("Residents of
        # Fleming": a village of 400 the gazetteer lacks, not Flemington)
        owned = any(r.primary for r in rows) or biggest >= KNOWN_POPULATION
        if locative and (biggest >= WEAK_POPULATION or not single) and lone and owned:
            return "after a locative word"
        if self.word(i - 1) in ("a", "an") and self.word(j) in lexicon.TOWNSPEOPLE and lone:
            if any(r.primary and r.population >= WEAK_POPULATION for r in rows):
                return "a town's people"  # "a Winooski man"
        if not single and lone and biggest >= WEAK_POPULATION:
            return "multi-word name"
        body = self.word(j) in lexicon.LOCAL_BODIES  # "Decatur police said"
        if lone and biggest >= KNOWN_POPULATION and (not self.sentence_initial(i) or body):
            return "known town"
        return ""

    def natural_feature_end(self, i: int, j0: int) -> int:
        """Where the name of a natural feature, a street or a building the gazetteer lacks, starting at token
        ``i``, ends: up to three name words and a feature word ending the capitalised words ("Mississippi River",
        "Korean Peninsula", "Nile Delta": not the state, Korea or Nigeria's Delta State; "Royal Street", "North
        State Street"; "City Hall", "Colorado State University"), or a vast one's word, "of" and a name ("Gulf
        of Mexico"); 0 if none."""

        def word(k):
            return self.tokens[k].bare.casefold()

        compass = word(i) in lexicon.COMPASS  # "North State Street", but not "North Sea"
        civic = word(i) in lexicon.INSTITUTION_WORDS and i + 1 < j0 and word(i + 1) in lexicon.BUILDING_SUFFIXES
        if (lexicon.is_stop_word(self.tokens[i].text) and not (compass or civic)) or word(i) in CONNECTORS:
            return 0  # but "City Hall", "County Hospital"
        if word(i) in lexicon.VAST_NATURE_WORDS:
            return i + 3 if i + 2 < j0 and word(i + 1) == "of" and self.tokens[i + 2].capitalised else 0
        built = lexicon.STREET_SUFFIXES | lexicon.BUILDING_SUFFIXES | lexicon.DISTRICT_SUFFIXES
        suffixes = built if compass else built | lexicon.FEATURE_SUFFIXES
        for k in range(i + 1, min(j0, i + 4)):
            if not self.tokens[k].capitalised or word(k) in CONNECTORS:
                return 0
            if self.tokens[k - 1].bare != self.tokens[k - 1].text:
                return 0  # "Harare's Third Street": the street is Harare's, not named after it
            if word(k) in suffixes:
                last = k + 1 == j0 or not self.tokens[k + 1].capitalised or word(k + 1) in CONNECTORS
                return k + 1 if last else 0
        return 0

    def saint_name(self, i: int, j0: int) -> tuple[int, str, list[PlaceRow], str] | None:
        """A saint's name in the possessive at token ``i`` (see ``lexicon.SAINT_WORDS``): (end, key, rows,
        reason) for a building named after the saint, which the gazetteer lacks ("St George's Chapel", without
        rows), or for the place the gazetteer writes so ("St. John's"); None for anything else, and when a
        longer name starts here ("St. Mary's County")."""
        if i + 2 > j0 or not _saint_possessive(self.tokens[i : i + 2]):
            return None
        if any(self.found.get(_phrase_key(self.tokens[i:j])) for j in range(i + 3, min(j0, i + MAX_WORDS) + 1)):
            return None
        for k in range(i + 2, min(j0, i + 5)):
            if not self.tokens[k].capitalised or self.word(k) in CONNECTORS:
                break
            if self.tokens[k].bare.casefold() in lexicon.BUILDING_SUFFIXES:
                return k + 1, _phrase_key(self.tokens[i : k + 1]), [], "building"
        if rows := self.found.get(key := _possessive_key(self.tokens[i : i + 2]), []):
            return i + 2, key, rows, "saint's name"
        return None

    def listed_after_locative(self, i: int) -> bool:
        """True after a locative word or a noun and "of" that ask for a place ("residents of"), or in a list
        that one opens ("in Reno, Blossom and Honey Grove") within ``LIST_REACH`` words: a crafted run of
        30,000 capitalised words is not walked back 30,000 times."""
        k = i
        while k > max(0, i - LIST_REACH) and self.text[self.tokens[k - 1].end : self.tokens[k].start] in (
            " ",
            ", ",
            "., ",
        ):
            previous = self.tokens[k - 1]
            if not (previous.capitalised or previous.text in ("and", "or")):
                if previous.text == "of":
                    return self.word(k - 2) in lexicon.LOCATIVE_OF_NOUNS
                return previous.text.casefold() in lexicon.LOCATIVE_WORDS
            k -= 1
        return False

    def dateline(self, i: int, j: int) -> bool:
        """True for the place of a dateline: words in capitals that open the text or a line, then a comma or a
        dash ("PARIS, Texas —", "KYIV (Reuters) -"): where the story was filed, however short or small."""
        opening = self.text[: self.tokens[i].start].rstrip(" \t")
        capitals = all(token.text.isupper() for token in self.tokens[i:j])
        return (
            capitals
            and (not opening or opening.endswith("\n"))
            and bool(_DATELINE_END.match(self.text, self.tokens[j - 1].end))
        )

    def the_common_noun(self, token: _Token, rows: list[PlaceRow]) -> bool:
        """True for "the Alliance's summit", "the Commission.": English puts no article before a town's name,
        so a lone word after "the" that only towns bear, ending a phrase, is a capitalised common noun. Not
        "the Toronto area" (a town's name as an adjective), nor The Hague (its name keeps "The"), nor "the
        Brask and Turzii bases" (the article is the bases')."""
        after = token.start + len(token.text)
        ends_phrase = token.text != token.bare or self.text[after : after + 1] in ".,;:!?)"
        towns_only = all(r.feature_class == "P" and not r.name.casefold().startswith("the ") for r in rows)
        return ends_phrase and bool(rows) and towns_only

    def segment_whole(self, i: int, j: int, run: tuple[int, int]) -> bool:
        """True when tokens [i, j) are all of the run but connectors, function words and institution
        words ("London and Paris", "Though London's", "the Toronto Police Services Board"), up to the next
        connector ("Owensboro Public Schools and Daviess County Public Schools") or a hyphen between two names
        ("the Amsterdam-London leg"), or before words whose last is an institution's ("the Winnipeg Fire
        Paramedic Service") or a title that opens a person's name ("Manila Mayor Joy Belmonte")."""

        def other(k):
            word = self.word(k).strip(".")
            if k == run[0] and self.sentence_initial(k) and name_normalize(word) not in self.found:
                return True  # "Residents of Deveselu": capitalised only because a sentence starts there
            return word in CONNECTORS or lexicon.is_stop_word(word) or word in lexicon.INSTITUTION_WORDS

        def hyphened(k):  # "Amsterdam-London": two big towns' own names, not "Mercedes-Benz" nor "Miami-Dade"
            sides = [self.found.get(name_normalize(self.tokens[m].bare), []) for m in (k - 1, k)]
            known = all(any(r.primary and r.population >= STRONG_POPULATION for r in rows) for rows in sides)
            return self.text[self.tokens[k - 1].end : self.tokens[k].start] == "-" and known

        opening = i == run[0] or self.word(i - 1) in CONNECTORS or hyphened(i)
        before = opening or all(other(k) for k in range(run[0], i))
        titled = self.word(j).strip(".") in lexicon.TITLES and j + 1 < run[1]
        # the segment's end within a name's length (a crafted run of 30,000 capitalised words costs no more)
        window = range(j, min(run[1], j + MAX_WORDS))
        stop = next((k for k in window if self.word(k) in CONNECTORS or hyphened(k)), run[1])
        headed = stop > j and self.tokens[stop - 1].bare.casefold() in lexicon.INSTITUTION_WORDS
        after = titled or headed or all(other(k) for k in range(j, stop))
        return before and after

    def container_at(self, j: int) -> bool:
        """True when token ``j`` (after "City, ") names a state, a province or a country."""
        if j >= len(self.tokens) or not self.tokens[j].capitalised:
            return False
        key = name_normalize(self.tokens[j].text)
        if key in lexicon.US_STATE_AP or (self.tokens[j].text.isupper() and key in lexicon.us_state_postal()):
            return True
        return any(row.feature_code in ("PCLI", "ADM1") for row in self.found.get(key, []))

    def run_mentions(self, run: tuple[int, int], found: dict) -> None:
        i0, j0 = run
        person = self.person_span(i0, j0)
        if person is None and (person := self.given_name_span(i0, j0)) is not None:
            self.persons.add(self.tokens[person[1] - 1].bare.casefold())  # "Chris Paul", then "Paul scored"
        elif person is not None:
            # "told DeSmog Canada": a country's name in a speaker's span is not a surname to drop later
            self.persons.update(self.tokens[k].bare.casefold() for k in range(*person) if not self.area_named(k, k + 1))
        cue_after = self.trailing_cue(j0)
        before = len(self.mentions)
        i = i0
        while i < j0:
            if person is not None and person[0] <= i < person[1]:
                i = person[1]
                continue
            if not self.tokens[i].capitalised:
                i += 1
                continue
            best = None
            limit = person[0] if person is not None and i < person[0] else j0
            if (saint := self.saint_name(i, limit)) is not None:
                end, key, rows, reason = saint
                last = self.tokens[end - 1]
                phrase = self.text[self.tokens[i].start : last.end if rows else _span_end(self.text, last)]
                wanted, qualifier = self.leading(i)
                self.add(i, end, key, phrase, None, rows, wanted, qualifier, reason)
                i = end
                continue
            feature_end = self.natural_feature_end(i, limit)
            if feature_end and not found.get(key := _phrase_key(self.tokens[i:feature_end])):
                phrase = self.text[self.tokens[i].start : _span_end(self.text, self.tokens[feature_end - 1])]
                wanted, qualifier = self.leading(i)
                reason = _unlisted_reason(self.tokens[feature_end - 1].bare.casefold())
                self.add(i, feature_end, key, phrase, None, [], wanted, qualifier, reason)
                i = feature_end
                continue
            for j in range(min(limit, i + MAX_WORDS), i, -1):
                if not self.tokens[j - 1].capitalised:
                    continue
                key = _phrase_key(self.tokens[i:j])
                phrase = self.text[self.tokens[i].start : _span_end(self.text, self.tokens[j - 1])]
                entry = _table_entry(key, phrase)
                if entry is None and self.tokens[i].text.casefold() == "the" and j - i > 1:
                    continue  # "the United States": the name starts after "the"
                rows = found.get(key, [])
                if entry is not None or rows:
                    best = (j, key, phrase, entry, rows)
                    break
            if best is None:
                i += 1
                continue
            j, key, phrase, entry, rows = best
            wanted, qualifier = self.leading(i)
            if entry is not None and entry[0] == "demonym" and j == j0 and self.word(j) in ("border", "frontier"):
                qualifier = "border"  # "the Ukrainian border" is the border with Ukraine
            cue = cue_after if j == j0 or self.word(j) == "and" else ()
            reason = self.keep(i, j, rows, entry, wanted or cue, run)
            if reason:
                self.add(i, j, key, phrase, entry, rows, wanted or cue, qualifier, reason)
            i = j
        self.unknown_with_cue(run, cue_after, found)
        end = next((k for k in range(i0, j0) if self.word(k) in CONNECTORS), j0)  # "Walter Brasken on Monday"
        named = any(m.start < self.tokens[end - 1].end for m in self.mentions[before:])
        if not named and self.full_name(i0, end):
            self.persons.add(self.tokens[end - 1].bare.casefold())  # "Charlie Chen", then "Chen was charged"

    def full_name(self, i: int, j: int) -> bool:
        """True for two or three capitalised words that look like a person's full name and named no place:
        no acronym, connector, function or institution word, and not ending with a country's name ("Air
        Canada") or a big town's own ("Jack London": London stays London)."""
        words = [self.tokens[k].text for k in range(i, j)]
        return (
            2 <= len(words) <= 3
            and not any(word.isupper() or not word[:1].isupper() for word in words)
            and not any(word.casefold() in CONNECTORS or lexicon.is_stop_word(word) for word in words)
            and not any(word.casefold().strip(".") in lexicon.INSTITUTION_WORDS | lexicon.TITLES for word in words)
            and not any(
                r.feature_code == "PCLI" or (r.primary and r.population >= STRONG_POPULATION)
                for r in self.found.get(name_normalize(words[-1]), [])
            )
        )

    def unknown_with_cue(self, run, cue, found) -> None:
        """Capitalised words the gazetteer lacks, before or after a cue word ("Cimbia Turzii bases",
        "the village of Przewodów", "the villages of Nufărul and Plauru"): a mention each.

        A cue after the run names its last part; a cue before it names every part the run lists.
        """
        leading, qualifier = self.leading(run[0])
        if not (cue or leading):
            return
        i0, j0 = run
        covered = {
            k for k in range(i0, j0) if any(m.start <= self.tokens[k].start < m.end for m in self.mentions[-j0 + i0 :])
        }
        parts, start = [], i0
        for k in range(i0, j0 + 1):
            if k == j0 or k in covered or not self.tokens[k].capitalised:
                if start < k:
                    parts.append((start, k))
                start = k + 1
        for start, end in parts if not cue else parts[-1:]:
            opening = end - start == 1 and self.sentence_initial(start)  # "Border villages lie …"
            if not opening and not any(lexicon.is_stop_word(self.tokens[k].text) for k in range(start, end)):
                key = _phrase_key(self.tokens[start:end])
                phrase = self.text[self.tokens[start].start : _span_end(self.text, self.tokens[end - 1])]
                # "the English city of Salisbury": England, not English, Indiana
                entry = _table_entry(key, phrase, marked=True) if key in lexicon.MARKED_DEMONYMS else None
                if entry is not None:
                    self.add(start, end, key, phrase, entry, [], (), qualifier, entry[0])
                    continue
                rows = found.get(key, [])
                self.add(start, end, key, phrase, None, rows, cue or leading, qualifier, "cue word, name unknown")

    def add(self, i, j, key, phrase, entry, rows, wanted, qualifier, reason) -> Mention:
        start = self.tokens[i].start
        kind, country = "name", ""
        if entry is not None:
            kind, name, country, wanted = entry[0], entry[1], entry[2], entry[3]
            key = name_normalize(name) if name else ""
        mention = Mention(start, start + len(phrase), phrase, key, kind, country, tuple(wanted), qualifier)
        mention.rows = rows
        mention.compass = self.compass_before(i)
        mention.evidence.append(reason)
        self.mentions.append(mention)
        self.container_link(j, mention)
        return mention

    def container_link(self, j: int, mention: Mention) -> None:
        """ "Alexandria, La." or "Paris, Texas": recognise the container and remember it."""
        if self.text[self.tokens[j - 1].end : self.tokens[j - 1].end + 2] not in (", ", "., ") or j >= len(self.tokens):
            return
        token = self.tokens[j]
        name = _state_abbreviated(token.text)
        if name:
            end = _span_end(self.text, token)
            container = Mention(token.start, end, self.text[token.start : end], "", "name")
            _state_container(container, name)
            self.mentions.append(container)
            mention.container = container
            mention.evidence.append(f"in {name}")


def _state_abbreviated(written: str) -> str:
    """The US state an AP-style abbreviation or a postal code names ("Wash.", "WA"), or ""."""
    key = name_normalize(written)
    state = lexicon.US_STATE_AP.get(key) or (key.upper() if written.isupper() else "")
    return lexicon.us_state_postal().get(state.casefold(), "") if state else ""


def _state_container(container: Mention, name: str) -> None:
    """Make a mention after "City, " the US state its abbreviation names."""
    container.key, container.wanted, container.country = name_normalize(name), ("ADM1",), "US"
    container.evidence.append("state after City,")


def recognise(text: str) -> list[Mention]:
    """Place mentions in ``text``, in text order, with the gazetteer rows of each name."""
    recogniser = _Recogniser(text)
    runs = _runs(text, recogniser.tokens)
    keys = set()
    for i0, j0 in runs:
        for i in range(i0, j0):
            for j in range(i + 1, min(j0, i + MAX_WORDS) + 1):
                keys.add(_phrase_key(recogniser.tokens[i:j]))
                if _saint_possessive(recogniser.tokens[i:j]):
                    keys.add(_possessive_key(recogniser.tokens[i:j]))
    found = recogniser.found = names_lookup(keys)
    for run in runs:
        recogniser.run_mentions(run, found)
    mentions = _table_pairs_joined(text, sorted(recogniser.mentions, key=lambda m: m.start))
    _containers_link(text, mentions)
    mentions = _deduplicated(mentions)
    _lists_link(text, mentions)
    _hosts_link(text, mentions)
    return mentions


HOST_JOINS = (", ", "., ", " in ")


def _hosts_link(text: str, ordered: list[Mention]) -> None:
    """The place written right after a name (after a comma or "in") holds it, if the name is a building,
    a venue or a street the gazetteer lacks ("Oulton Park, Cheshire", "Le Bernardin in New York")."""
    for first, second in zip(ordered, ordered[1:], strict=False):
        join = text[first.end : second.start]
        if join in HOST_JOINS:
            first.host, first.host_in = second, join == " in "


_PLURAL_CUE = re.compile(r" ([a-z]+s)\b")
LIST_JOINS = {", ": False, " and ": True, " or ": True, ", and ": True, ", or ": True}


def _lists_link(text: str, ordered: list[Mention]) -> None:
    """Make the names of a list peers ("Texas, Georgia and Florida", "California or Washington"): runs of
    mentions joined by commas, "and" and "or", with at least one "and" or "or" ("Tacoma, Washington"
    is a town and its state, not a list). A plural cue word after the list asks for its feature type
    for every name in it."""
    runs = [([mention], [False]) for mention in ordered[:1]]
    for first, second in zip(ordered, ordered[1:], strict=False):
        join = text[first.end : second.start]
        if join in LIST_JOINS:
            runs[-1][0].append(second)
            runs[-1][1].append(LIST_JOINS[join])
        else:
            runs.append(([second], [False]))
    for run, joins in runs:
        if any(joins):
            plural = _PLURAL_CUE.match(text, run[-1].end)
            wanted = lexicon.TRAILING_CUES.get(plural.group(1), ()) if plural else ()
            for mention in run:
                mention.peers = [other for other in run if other is not mention]
                if wanted and mention.kind == "name" and not mention.wanted:
                    mention.wanted = wanted  # "Lviv, Ternopil and Rivne oblasts": each an oblast


def _containers_link(text: str, mentions: list[Mention]) -> None:
    """A mention right after "Name, " contains it when it is a state or a country."""
    for first, second in zip(mentions, mentions[1:], strict=False):
        if first.container is not None or text[first.end : second.start] not in (", ", "., "):
            continue
        if second.kind == "abbreviation" or any(r.feature_code in ("PCLI", "ADM1") for r in second.rows):
            first.container = second
            first.evidence.append(f"in {second.phrase}")


def _table_pairs_joined(text: str, mentions: list[Mention]) -> list[Mention]:
    """A name, a comma and a name that the abbreviation table knows together are one mention: "Washington,
    D.C." is the capital, not Washington and a second place."""
    joined: list[Mention] = []
    for mention in mentions:
        first = joined[-1] if joined else None
        if first is not None and text[first.end : mention.start] == ", ":
            phrase = text[first.start : mention.end]
            if (entry := _table_entry(name_normalize(phrase), phrase)) is not None:
                kind, name, country, wanted = entry
                pair = Mention(first.start, mention.end, phrase, name_normalize(name), kind, country, wanted)
                pair.evidence.append(kind)
                joined[-1] = pair
                continue
        joined.append(mention)
    return joined


def _deduplicated(mentions: list[Mention]) -> list[Mention]:
    kept, last_end = [], -1
    for mention in mentions:
        if mention.start >= last_end:
            kept.append(mention)
            last_end = mention.end
    return kept


def mentions_for_spans(text: str, spans: list[dict]) -> list[Mention]:
    """Mentions for given spans (gold toponyms), with the context rules' cues and containers.

    The abbreviation and demonym tables apply; every span is kept, whatever the stop rules say.
    """
    recogniser = _Recogniser(text)
    starts = {token.start: index for index, token in enumerate(recogniser.tokens)}
    mentions = []
    for span in spans:
        start, end = span.get("start"), span.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            phrase = text[start:end]
        else:  # offsets a corpus got wrong (negative, past the end): the phrase alone, without context
            start = end = -1
            phrase = str(span.get("phrase") or "")
        words = phrase.split()
        if len(words) > 1 and words[0].casefold() == "the":
            phrase_core = phrase[len(words[0]) :].lstrip()
        else:
            phrase_core = phrase
        key = name_normalize(_POSSESSIVE.sub("", phrase_core) if len(phrase_core) > 3 else phrase_core)
        mention = Mention(start, end, phrase, key, given=span)
        entry = _table_entry(key, phrase_core, marked=True)
        if entry is not None:
            mention.kind, name, mention.country, mention.wanted = entry
            mention.key = name_normalize(name) if name else ""
            mention.evidence.append(entry[0])
        i = starts.get(start)
        j = next((k for k, t in enumerate(recogniser.tokens) if t.start >= end), len(recogniser.tokens))
        if start < 0:
            i = None
        if i is not None:
            mention.compass = recogniser.compass_before(i)
        if i is not None and entry is None:
            wanted, mention.qualifier = recogniser.leading(i)
            mention.wanted = tuple(wanted or recogniser.trailing_cue(j))
        mentions.append(mention)
    ordered = sorted((m for m in mentions if m.start >= 0), key=lambda m: m.start)
    for first, second in zip(ordered, ordered[1:], strict=False):
        if text[first.end : second.start] in (", ", "., "):
            first.container = second
            # "Camp Murray, Wash": the state; a postal code ("Perth, WA") stays a code the resolver weighs
            name = "" if second.phrase.isupper() else _state_abbreviated(second.phrase)
            if name and second.kind == "name":
                _state_container(second, name)
    _lists_link(text, ordered)
    _hosts_link(text, ordered)
    return mentions
