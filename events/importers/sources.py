"""A row's sources become articles and citations, as an article file's do.

Sources come from our own GeoJSON export's ``articles`` list, or from the row's link
columns (``article_urls``/``url``/``link``…, several joined by `` | `` as our CSV export
writes them), with their titles and quotes when the file gives them. An article is found
again by its URL; a row without a link keeps its source text in the event's attributes.
"""

import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from events.models import Article, Citation, http_url_validator

SEPARATOR = " | "


@dataclass(frozen=True)
class Source:
    url: str
    title: str
    publisher: str
    quote: str


def _split(value) -> list[str]:
    return [part.strip() for part in str(value or "").split(SEPARATOR)] if value not in (None, "") else []


def sources_from_row(values: dict, url, title, quote) -> tuple[list[Source], list[str]]:
    """``(sources, problems)``: ``url``/``title``/``quote`` are the mapped cells (may hold several)."""
    articles = values.get("articles")
    if isinstance(articles, list) and all(isinstance(a, dict) for a in articles):
        found = [
            (
                str(a.get("url") or ""),
                str(a.get("title") or ""),
                str(a.get("publisher") or ""),
                str(a.get("quote") or ""),
            )
            for a in articles
        ]
    else:
        urls, titles, quotes = _split(url), _split(title), _split(quote)
        found = [
            (link, titles[i] if i < len(titles) else "", "", quotes[i] if i < len(quotes) else "")
            for i, link in enumerate(urls)
        ]
    sources, problems = [], []
    for link, name, publisher, said in found:
        if not link:
            continue
        try:
            http_url_validator(link)
        except ValidationError:
            problems.append(f"{link[:80]!r} is not an http(s) link")
            continue
        sources.append(Source(link[:500], (name or _title_from(link))[:300], publisher[:200], said))
    return sources, problems


def _title_from(link: str) -> str:
    parts = urlsplit(link)
    return f"{parts.netloc}{parts.path}".rstrip("/") or link


def _slug(source: Source) -> str:
    tag = hashlib.sha256(source.url.encode()).hexdigest()[:8]
    return f"{slugify(source.title)[:100] or 'source'}-{tag}"


def citations_write(rows) -> None:
    """``rows``: (saved event, [Source]) pairs. Articles are found by URL or created; citations upserted."""
    rows = [(event, sources) for event, sources in rows if sources]
    if not rows:
        return
    wanted = {source.url: source for _, sources in rows for source in sources}
    articles = {article.url: article for article in Article.objects.filter(url__in=list(wanted))}
    new = [
        Article(url=url, title=source.title, slug=_slug(source), publisher=source.publisher)
        for url, source in wanted.items()
        if url not in articles
    ]
    for article in Article.objects.bulk_create(new):
        articles[article.url] = article
    citations = [
        Citation(event=event, article=articles[source.url], quote=source.quote)
        for event, sources in rows
        for source in sources
    ]
    Citation.objects.bulk_create(
        citations, update_conflicts=True, unique_fields=["event", "article"], update_fields=["quote"]
    )
