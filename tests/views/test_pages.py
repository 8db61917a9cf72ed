"""The event page /events/<id>/ and the article page /articles/<slug>/."""

import datetime

import pytest

from events.models import Article, Citation, Event
from tests.responses import response_body, response_json

XSS_TITLE = "<img src=x onerror=alert(1)>"
SCRIPT_TITLE = "</script><script>alert(1)</script>"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- Event page -------------------------------------------------------------------


def test_event_page_shows_the_facts_and_sources(client, make_event, article):
    event = make_event(
        date=datetime.date(2024, 5, 1),
        date_precision="month",
        country_code="RO",
        border_country="BG",
        border_distance_km=34.56,
        attributes={"troops": 1700},
    )

    html = page(client, event.get_absolute_url())

    assert '<h1 id="event-title">US troops at Deveselu</h1>' in html
    assert "Military base" in html
    assert "Deveselu" in html
    assert "May 2024" in html
    assert "<dd>settlement</dd>" in html  # the one wording of a precision (models.Precision)
    assert "Romania" in html
    assert "34.6 km from the border with Bulgaria" in html
    assert "<dt>troops</dt>" in html and "<dd>1700</dd>" in html
    assert "… as well as the Deveselu … bases." in html
    assert (f'href="{article.url}" target="_blank" rel="noopener noreferrer"') in html
    assert f'href="/articles/{article.slug}/"' in html
    assert '<div class="small-map" id="event-map"' in html
    assert f'<script id="event-map-config" type="application/json">{{"id": {event.pk}, ' in html


def test_event_page_says_when_the_date_is_unknown(client, make_event):
    html = page(client, make_event(date=None).get_absolute_url())

    assert "date unknown" in html


@pytest.mark.parametrize("status", [Event.Status.DRAFT, Event.Status.ARCHIVED])
def test_unpublished_event_page_is_a_404(client, make_event, status):
    """Hostile input 39."""
    event = make_event(status=status)

    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get("/events/999999/").status_code == 404
    assert client.get("/events/99999999999999999999999/").status_code == 404  # beyond 64 bits: not a 500


def test_event_page_loads_its_map_script(client, make_event):
    """The project's own script is loaded plainly; a missing file fails the static-files system check."""
    html = page(client, make_event().get_absolute_url())

    assert '<script type="module" src="/static/events/js/event_page.js"></script>' in html
    assert '<div class="small-map" id="event-map"' in html


# --- Article page -------------------------------------------------------------


def test_article_page_shows_the_text_as_paragraphs_and_links_place_names(client, make_event, article):
    Article.objects.filter(pk=article.pk).update(
        published_on=datetime.date(2024, 5, 2),
        text="US soldiers are at the Deveselu base.\nMore at deveselu.\n\n<b>Bold</b> claims & more.",
    )
    event = make_event()

    html = page(client, article.get_absolute_url())

    link = f'<a class="place-link" href="/events/{event.pk}/" data-event-id="{event.pk}">'
    assert f"<p>US soldiers are at the {link}Deveselu</a> base.</p>" in html
    assert f"<p>More at {link}deveselu</a>.</p>" in html  # one line, one paragraph; case-insensitive
    assert "<p>&lt;b&gt;Bold&lt;/b&gt; claims &amp; more.</p>" in html
    assert "Example News" in html
    assert '<time datetime="2024-05-02">2 May 2024</time>' in html
    assert f'href="{article.url}" target="_blank" rel="noopener noreferrer"' in html
    assert '<div class="small-map" id="article-map"' in html
    assert '<script id="article-map-config" type="application/json">{"slug": "romania-ukraine-drones"' in html


def test_article_page_lists_only_published_events(client, make_event, article):
    """Hostile input 39."""
    make_event(title="Public base")
    make_event(title="Secret draft", status=Event.Status.DRAFT, place_name="Secretville")
    Article.objects.filter(pk=article.pk).update(text="Troops at Secretville.")

    html = page(client, article.get_absolute_url())

    assert "Public base" in html
    assert "Secret draft" not in html
    assert 'class="place-link"' not in html  # the draft's place is not linked either


def test_unknown_article_is_a_404(client, db):
    assert client.get("/articles/no-such-article/").status_code == 404


# --- Hostile inputs 1, 2, 5, 7 ----------------------------------------------------


def test_markup_in_titles_is_shown_as_text(client, make_event, article):
    """Hostile input 1: escaped in the heading, the list and <title>."""
    Article.objects.filter(pk=article.pk).update(title=XSS_TITLE)
    event = make_event(title=XSS_TITLE, place_name=XSS_TITLE, attributes={XSS_TITLE: XSS_TITLE})

    for url in (event.get_absolute_url(), article.get_absolute_url()):
        html = page(client, url)
        assert XSS_TITLE not in html
        assert "<title>&lt;img src=x onerror=alert(1)&gt; · Mapper</title>" in html
        assert "&lt;img src=x onerror=alert(1)&gt;</a>" in html or "&lt;img src=x onerror=alert(1)&gt;</h1>" in html


def test_a_closing_script_tag_in_data_never_appears_raw(client, make_event, article):
    """Hostile input 2: in page text and in json_script data alike."""
    Article.objects.filter(pk=article.pk).update(title=SCRIPT_TITLE, text=SCRIPT_TITLE)
    event = make_event(title=SCRIPT_TITLE, place_name=SCRIPT_TITLE, description=SCRIPT_TITLE)
    Citation.objects.filter(event=event).update(quote=SCRIPT_TITLE)

    for url in (event.get_absolute_url(), article.get_absolute_url(), "/api/events/", "/feeds/events/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "<script>alert(1)" not in response_body(response).decode()
    assert response_json(client.get("/api/events/"))["features"][0]["properties"]["title"] == SCRIPT_TITLE


@pytest.mark.parametrize(
    "bad_url",
    [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "//evil.com",
    ],
)
def test_a_non_http_source_url_never_becomes_a_link(client, make_event, article, bad_url):
    """Hostile input 5: validation stops these; written raw anyway, the pages still render no link."""
    Article.objects.filter(pk=article.pk).update(url=bad_url)
    event = make_event()

    for url in (event.get_absolute_url(), article.get_absolute_url()):
        html = page(client, url)
        assert 'target="_blank"' not in html
        assert "avascript:" not in html.lower().replace("&#106;", "j")
        assert "evil.com" not in html and "vbscript" not in html


def test_a_valid_url_with_markup_in_its_query_stays_inside_the_attribute(client, make_event, article):
    """Hostile input 7."""
    hostile = 'https://site.example/a?q="><svg/onload=alert(1)>'
    Article.objects.filter(pk=article.pk).update(url=hostile)
    event = make_event()

    html = page(client, event.get_absolute_url())

    assert "<svg" not in html
    assert 'href="https://site.example/a?q=&quot;&gt;&lt;svg/onload=alert(1)&gt;" target="_blank"' in html


def test_favicon_is_answered_not_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/events/favicon.svg")


def test_pages_link_their_icon(client, db):
    assert 'rel="icon" href="/static/events/favicon.svg"' in client.get("/").content.decode()
