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

from events.importers.messages import NOT_HTTP
from events.models import Article, Citation, http_url_validator
from events.services.history import bulk_create_logged, bulk_update_logged

SEPARATOR = " | "


@dataclass(frozen=True)
class Source:
    url: str
    title: str
    publisher: str
    quote: str


def _split(value) -> list[str]:
    return [part.strip() for part in str(value or "").split(SEPARATOR)] if value not in (None, "") else []


def sources_named(names, publisher="", quote="") -> list[Source]:
    """Sources a table names without a link (ACLED's ``source``: "Ukrinform; Kyiv Independent")."""
    found = [name.strip() for name in str(names or "").split(";") if name.strip()]
    return [Source("", name[:300], (publisher or name)[:200], quote) for name in found]


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
            problems.append(NOT_HTTP.format(link=repr(link[:80])))
            continue
        sources.append(Source(link[:500], (name or _title_from(link))[:300], publisher[:200], said))
    return sources, problems


def _title_from(link: str) -> str:
    parts = urlsplit(link)
    return f"{parts.netloc}{parts.path}".rstrip("/") or link


def _slug(source: Source) -> str:
    """Linked sources: title and a hash of the URL. Named ones: the name and a hash of it, so that
    "Ukrinform" in every row of every file is one article."""
    tag = hashlib.sha256((source.url or f"named:{source.title}").encode()).hexdigest()[:8]
    return f"{slugify(source.title)[:100] or 'source'}-{tag}"


def _key(source: Source) -> str:
    return source.url or _slug(source)


def citations_write(rows, *, reason: str, user=None) -> None:
    """``rows``: (saved event, [Source]) pairs. Articles are found by URL or created; citations created or
    their quote updated, each with its history row."""
    rows = [(event, sources) for event, sources in rows if sources]
    if not rows:
        return
    wanted = {_key(source): source for _, sources in rows for source in sources}
    linked = Article.objects.filter(url__in=[key for key, source in wanted.items() if source.url])
    named = Article.objects.filter(slug__in=[key for key, source in wanted.items() if not source.url], url=None)
    articles = {article.url or article.slug: article for article in [*linked, *named]}
    new = [
        Article(url=source.url or None, title=source.title, slug=_slug(source), publisher=source.publisher)
        for key, source in wanted.items()
        if key not in articles
    ]
    for article in bulk_create_logged(new, Article, reason=reason, user=user):
        articles[article.url or article.slug] = article
    quotes = {
        (event.pk, articles[_key(source)].pk): source.quote for event, sources in rows for source in sources
    }  # one citation per event and article: the last source naming it wins
    stored = Citation.objects.filter(event__in={event for event, _ in rows}, article__in=articles.values())
    existing = {(c.event_id, c.article_id): c for c in stored if (c.event_id, c.article_id) in quotes}
    changed = []
    for pair, citation in existing.items():
        if citation.quote != quotes[pair]:
            citation.quote = quotes[pair]
            changed.append(citation)
    created = [
        Citation(event_id=e, article_id=a, quote=quote) for (e, a), quote in quotes.items() if (e, a) not in existing
    ]
    bulk_create_logged(created, Citation, reason=reason, user=user)
    bulk_update_logged(changed, Citation, ["quote"], reason=reason, user=user)
