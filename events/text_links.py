"""An article's text split into paragraphs, with the place names of its events marked.

The result is plain data (text pieces and the event each one names) for the
template to render with autoescape, so no text from the article ever becomes HTML.

The work is bounded: one regular-expression pass over the text, tried against at most
``MAX_LINKED_NAMES`` place names (the longest first), so it grows with the text alone;
the page passes at most ``ARTICLE_PAGE_MAX_CHARS`` of it.
"""

import re

MAX_LINKED_NAMES = 100


def article_paragraphs(text: str, events) -> list[list[tuple[str, object]]]:
    """Paragraphs of ``(piece, event or None)``; each non-blank line is a paragraph.

    News text arrives with one line per paragraph, so a line break starts a new paragraph.
    """
    pattern = _place_pattern(events)
    by_name: dict = {}
    for event in events:
        by_name.setdefault(event.place_name.casefold(), event)
    return [_pieces(line.strip(), pattern, by_name) for line in text.splitlines() if line.strip()]


def _place_pattern(events):
    names = sorted({event.place_name for event in events if event.place_name.strip()}, key=len, reverse=True)
    names = names[:MAX_LINKED_NAMES]
    if not names:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(name) for name in names) + r")(?!\w)", re.IGNORECASE)


def _pieces(line, pattern, by_name):
    if pattern is None:
        return [(line, None)]
    pieces, start = [], 0
    for match in pattern.finditer(line):
        if match.start() > start:
            pieces.append((line[start : match.start()], None))
        pieces.append((match.group(0), by_name.get(match.group(0).casefold())))
        start = match.end()
    if start < len(line):
        pieces.append((line[start:], None))
    return pieces
