"""Article text: reading a .txt or .html file, and cutting text into sentences with offsets."""

import re
from dataclasses import dataclass
from pathlib import Path

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MAX_TITLE = 120
# A sentence ends at . ! ? (and a closing quote) before a capital or an opening quote, or at a line break.
_BOUNDARY = re.compile(r"(?<=[.!?…])['\"”’)\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9À-ÖØ-Þ])|\n+")
_ABBREVIATIONS = "Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|St|Ste|Mt|Ft|Lt|Col|Capt|Sgt|Prof|No|vs"  # "Gov. Ige", "St. Louis"
_NO_BREAK_BEFORE = re.compile(rf"\b(?:(?:[A-Z]\.)+|(?:{_ABBREVIATIONS})\.)$")
# "on Sept. 9, the military found": a month's abbreviation before a day's number ends no sentence.
_MONTH_BEFORE_DAY = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences_of(text: str) -> list[Sentence]:
    """The sentences of ``text`` with their character offsets, surrounding spaces trimmed."""
    found, start = [], 0
    for match in _BOUNDARY.finditer(text):
        before = text[start : match.start()]
        if "\n" not in match.group() and _NO_BREAK_BEFORE.search(before):  # "St. Louis", "Gov. Ige"
            continue
        day_follows = text[match.end() : match.end() + 1].isdigit()
        if "\n" not in match.group() and _MONTH_BEFORE_DAY.search(before) and day_follows:
            continue
        found.append((start, match.start() + len(match.group().rstrip()) - len(match.group().lstrip())))
        start = match.end()
    found.append((start, len(text)))
    sentences = []
    for begin, end in found:
        piece = text[begin:end]
        stripped = piece.strip()
        if stripped:
            offset = begin + len(piece) - len(piece.lstrip())
            sentences.append(Sentence(offset, offset + len(stripped), stripped))
    return sentences


def title_from_text(text: str) -> str:
    """A title for an article given without one: its first line when short, else its first words."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first and len(first) <= MAX_TITLE and not first.endswith((".", "!", "?")):
        return first
    sentence = sentences_of(first)[0].text if first else "Untitled article"
    return sentence if len(sentence) <= MAX_TITLE else sentence[: MAX_TITLE - 1].rsplit(" ", 1)[0] + "…"


def html_text(html: str) -> tuple[str, str]:
    """(title, main text) of an HTML page, with trafilatura (offline: it is given the page)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    metadata = trafilatura.extract_metadata(html)
    title = (metadata.title if metadata and metadata.title else "") or title_from_text(text)
    return title, text


def article_text_read(path: Path) -> tuple[str, str]:
    """(title, text) of a .txt or .html article file; ValueError when it holds no text."""
    raw = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in HTML_SUFFIXES:
        title, text = html_text(raw)
    else:
        text = raw
        title = title_from_text(text)
    if not text.strip():
        raise ValueError("no article text found")
    return title, text
