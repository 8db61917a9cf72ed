"""Article text: sentences with offsets, titles, HTML cleaned offline."""

from events.geoparse.text import article_text_read, sentences_of, title_from_text


def test_sentences_keep_their_offsets_and_quotes():
    text = 'It rose. "We saw it," said a farmer. The U.S. troops left.\nNew line'
    sentences = sentences_of(text)
    assert [s.text for s in sentences] == [
        "It rose.",
        '"We saw it," said a farmer.',
        "The U.S. troops left.",
        "New line",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_a_title_s_or_a_generic_word_s_abbreviation_ends_no_sentence():
    text = "Officials in St. Louis and Mt. Vernon met. Gov. Ige spoke. They met in the U.S. Army base."
    assert [s.text for s in sentences_of(text)] == [
        "Officials in St. Louis and Mt. Vernon met.",
        "Gov. Ige spoke.",
        "They met in the U.S. Army base.",
    ]


def test_a_month_abbreviation_before_a_day_ends_no_sentence():
    text = "The ministry changed its statement on Sept. 6, when debris was found. It came in Nov. Then it rained."
    assert [s.text for s in sentences_of(text)] == [
        "The ministry changed its statement on Sept. 6, when debris was found.",
        "It came in Nov.",
        "Then it rained.",
    ]


def test_a_title_from_a_short_first_line_or_the_first_words():
    assert title_from_text("Drones over Galați\n\nA drone was seen.") == "Drones over Galați"
    long = "A drone was seen. " + "More. " * 50
    assert title_from_text(long) == "A drone was seen."


def test_html_is_reduced_to_its_main_text_without_the_network(tmp_path):
    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><title>Drone seen near Galați</title></head><body><nav>Home | World</nav>"
        "<article><h1>Drone seen near Galați</h1><p>A drone was spotted near Galați on Sunday, "
        "the ministry said. Residents reported loud engines over the river port for an hour.</p>"
        "<p>The ministry did not say where the drone came from or where it went afterwards.</p></article>"
        "<footer>© Example News</footer></body></html>",
        encoding="utf-8",
    )
    title, text = article_text_read(page)
    assert title == "Drone seen near Galați"
    assert "A drone was spotted near Galați on Sunday" in text
    assert "Home | World" not in text and "<p>" not in text
