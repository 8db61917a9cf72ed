"""Dates from wording, relative to the article's date; never guessed."""

from datetime import date

import pytest

from events.geoparse.dates import date_in

MONDAY = date(2026, 3, 16)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("A drone fell on Sunday near the village.", (date(2026, 3, 15), "day")),
        ("Yesterday a drone was seen.", (date(2026, 3, 15), "day")),
        ("Troops arrived last week.", (date(2026, 3, 1), "month")),
        ("The plant opened in March.", (date(2026, 3, 1), "month")),
        ("The plant opened in November.", (date(2025, 11, 1), "month")),  # the last November before the article
        ("It was built last year.", (date(2025, 1, 1), "year")),
        ("It happened on 12 March 2024.", (date(2024, 3, 12), "day")),
        ("It happened on March 2, 2024.", (date(2024, 3, 2), "day")),
        ("It was built in 2019.", (date(2019, 1, 1), "year")),
        ("The ministry recently disclosed a sighting.", None),
        ("Prototypes are expected within 18 months.", None),
        ("Production would start in 2027.", None),  # after the article: a plan, not a date
        ("The system would be tested at the port in March.", None),  # a plan: this March or the next
        ("The factory will open on Monday, officials said.", None),
        ("The decision could be taken at the summit in November.", None),  # a possibility, not a past November
        ("On Sept. 9, debris was found.", (date(2025, 9, 9), "day")),
    ],
)
def test_dates_relative_to_the_article(sentence, expected):
    assert date_in(sentence, MONDAY) == expected


def test_without_the_articles_date_only_dates_with_their_year():
    assert date_in("A drone fell on Sunday.", None) is None
    assert date_in("The plant opened in March.", None) is None
    assert date_in("It happened on 12 March 2024.", None) == (date(2024, 3, 12), "day")


def test_an_impossible_date_is_no_date():
    assert date_in("It happened on 31 February 2024.", MONDAY) is None
