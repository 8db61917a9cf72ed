"""The stages put together, for the command, the admin and the benchmark."""

from pathlib import Path

from events.geoparse.propose import article_proposals
from events.geoparse.recognise import mentions_for_spans, recognise
from events.geoparse.resolve import resolve
from events.geoparse.text import article_text_read


def _toponym(resolution) -> dict:
    span = resolution.mention.as_span()
    span["result"] = resolution.best.as_result() if resolution.best else None
    return span


def toponyms_resolve(text: str, spans: list[dict], country_hint: str = "") -> list[dict]:
    """Resolve given spans: one output toponym per input span, in input order."""
    resolutions = resolve(mentions_for_spans(text, spans), country_hint)
    return [_toponym(resolution) for resolution in resolutions]


def text_geoparse(text: str, country_hint: str = "") -> list[dict]:
    """Recognise and resolve the places in a text, in text order."""
    return [_toponym(resolution) for resolution in resolve(recognise(text), country_hint)]


def article_propose_file(path, *, published_on=None, country_hint="") -> dict:
    """An article file (the importer's format) with the events proposed for the article at ``path``."""
    path = Path(path)
    title, text = article_text_read(path)
    return article_proposals(
        text, title=title, published_on=published_on, country_hint=country_hint, slug_hint=path.stem
    ).as_article_file()
