"""One page's work is bounded whatever is stored (issue 9: a 100 MB article text timed out every worker).

Asserted on what a reader sees (the text cut with a note, facts and sources
capped with a count), never on timing.
"""

from events.models import CITATION_LENGTHS, EVENT_LENGTHS, Article, Citation, Event
from events.text_links import MAX_LINKED_NAMES
from events.views import ARTICLE_PAGE_MAX_CHARS, EVENT_PAGE_MAX_FACTS, EVENT_PAGE_MAX_SOURCES

CUT_NOTE = f"The text is cut here, after its first {ARTICLE_PAGE_MAX_CHARS} characters"


def test_a_huge_stored_article_text_is_cut_with_a_note(client, make_event, article, store_raw):
    make_event(place_name="Deveselu")
    line = "US troops are stationed at Deveselu, the report says.\n"
    text = line * (5_000_000 // len(line)) + "THE LAST LINE"
    store_raw(article, "text", text)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert CUT_NOTE in html
    assert "read the whole article at the source" in html
    assert "THE LAST LINE" not in html
    assert html.count('class="place-link"') == text[:ARTICLE_PAGE_MAX_CHARS].count("Deveselu")
    assert len(response.content) < 20 * ARTICLE_PAGE_MAX_CHARS  # not the 5 MB text with markup


def test_an_article_within_the_limit_is_shown_whole(client, article):
    article.text = "First paragraph.\nLast paragraph."
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Last paragraph." in html and CUT_NOTE not in html


def test_place_links_are_tried_for_a_bounded_number_of_names(client, kinds, article):
    """Linking is one pass over the text with at most MAX_LINKED_NAMES names, the longest first."""
    names = [f"Village{n:03d}" for n in range(MAX_LINKED_NAMES + 50)]
    for n, name in enumerate(names):
        event = Event.objects.create(
            key=f"village-{n}", title=name, kind=kinds["border-village"], place_name=name, status="published"
        )
        Citation.objects.create(event=event, article=article)
    Article.objects.filter(pk=article.pk).update(text=" ".join(names))

    html = client.get(article.get_absolute_url()).content.decode()

    assert html.count('class="place-link"') == MAX_LINKED_NAMES
    assert html.count('class="event-links__meta"') == len(names)  # every event is still listed


def test_the_event_page_shows_a_bounded_number_of_facts(client, make_event):
    attributes = {f"fact {n:03d}": n for n in range(EVENT_PAGE_MAX_FACTS + 26)}
    event = make_event(attributes=attributes)

    html = client.get(event.get_absolute_url()).content.decode()

    assert html.count("<dt>fact ") == EVENT_PAGE_MAX_FACTS
    assert "26 more not shown here" in html


def test_a_long_fact_is_cut(client, make_event):
    event = make_event(attributes={"note": "y" * 50_000})
    html = client.get(event.get_absolute_url()).content.decode()
    assert "y" * 1000 + "…" in html and "y" * 1001 not in html


def test_the_event_page_lists_a_bounded_number_of_sources(client, make_event):
    event = make_event()
    for n in range(EVENT_PAGE_MAX_SOURCES + 20):
        other = Article.objects.create(title=f"Report {n}", slug=f"report-{n}")
        Citation.objects.create(event=event, article=other)

    html = client.get(event.get_absolute_url()).content.decode()

    assert html.count('class="source"') == EVENT_PAGE_MAX_SOURCES
    assert "And 21 more sources" in html


def test_a_stored_description_and_quote_longer_than_their_limits_are_cut(client, make_event, store_raw):
    event = make_event()
    store_raw(event, "description", "d" * (EVENT_LENGTHS["description"] + 5_000))
    store_raw(event.citations.get(), "quote", "q" * (CITATION_LENGTHS["quote"] + 5_000))

    html = client.get(event.get_absolute_url()).content.decode()

    assert "d" * EVENT_LENGTHS["description"] + "…" in html and "d" * (EVENT_LENGTHS["description"] + 1) not in html
    assert "q" * CITATION_LENGTHS["quote"] + "…" in html and "q" * (CITATION_LENGTHS["quote"] + 1) not in html
