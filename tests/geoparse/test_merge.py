"""A proposal offered to merge with a stored event: same kind, a few km, overlapping dates; every source kept."""

import datetime

import pytest

from events.geoparse.merge import date_period, dates_overlap, existing_matches, merged_citations_write
from events.geoparse.propose import article_proposals
from events.geoparse.review import review_payload, reviewed_article_file, reviewed_merges
from events.models import Article, Citation

DEVESELU = {"kind": "military-base", "latitude": 44.0787, "longitude": 24.4134}


def test_a_stored_event_of_the_same_kind_a_few_km_away_is_offered(make_event):
    base = make_event()  # 3 km from the proposal's point
    make_event(kind_id=base.kind.pk, latitude=44.6, longitude=24.4)  # 58 km away
    [match] = existing_matches(DEVESELU)
    assert match["id"] == base.pk and 2 < match["km"] < 5
    assert "US troops at Deveselu" in match["label"]


def test_another_kind_at_the_same_place_is_not_offered(make_event, kinds):
    make_event(kind=kinds["drone-sighting"])
    assert existing_matches(DEVESELU) == []


@pytest.mark.parametrize(
    ("stored", "proposed", "offered"),
    [
        ((datetime.date(2026, 3, 14), "day"), ("2026-03", "month"), True),  # March holds 14 March
        ((datetime.date(2026, 3, 14), "day"), ("2026-03-20", "day"), False),
        ((datetime.date(2025, 1, 1), "year"), ("2026", "year"), False),
        ((None, "day"), ("2026-03-20", "day"), True),  # an undated event does not rule a match out
    ],
)
def test_dates_must_overlap(make_event, stored, proposed, offered):
    make_event(date=stored[0], date_precision=stored[1])
    record = DEVESELU | {"date": proposed[0], "date_precision": proposed[1]}
    assert bool(existing_matches(record)) is offered


def test_date_periods():
    assert date_period("2026-02", "month") == (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    assert date_period(datetime.date(2024, 5, 9), "year") == (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert dates_overlap(date_period("2026", ""), date_period("2026-07-04", "")) is True


def test_an_archived_event_or_a_proposal_without_a_point_is_not_offered(make_event):
    make_event(status="archived")
    assert existing_matches(DEVESELU) == []
    make_event()
    assert existing_matches({"kind": "military-base", "area": {"country": "RO"}}) == []


def test_merging_cites_the_new_article_and_keeps_the_first(make_event):
    base = make_event()
    second = Article.objects.create(title="Second report", slug="second-report", text="Troops at Deveselu.")
    assert merged_citations_write(second, [(base.pk, "Troops at Deveselu.")]) == 1
    assert merged_citations_write(second, [(base.pk, "Troops at Deveselu.")]) == 0  # once per article
    quotes = set(Citation.objects.filter(event=base).values_list("article__slug", "quote"))
    assert quotes == {
        ("romania-ukraine-drones", "… as well as the Deveselu … bases."),
        ("second-report", "Troops at Deveselu."),
    }


def test_the_review_offers_the_match_and_a_merged_proposal_is_not_created_again(gazetteer, make_event):
    base = make_event()
    text = "American troops are stationed at the Deveselu base. Rain fell in Bucharest."
    payload = review_payload(article_proposals(text, title="Troops", country_hint="RO"))
    [event] = [e for e in payload["events"] if e["kind"] == "military-base"]
    assert [m["id"] for m in event["matches"]] == [base.pk]
    decisions = [
        {"decision": f"merge:{base.pk}" if e is event else "accept", "accept": e is not event, "option": 0,
         "kind": e["kind"], "title": e["title"], "precision": e["precision"], "date": ""}
        for e in payload["events"]
    ]  # fmt: skip
    assert reviewed_merges(payload, decisions) == [(base.pk, event["quote"])]
    assert all(e["kind"] != "military-base" for e in reviewed_article_file(payload, decisions)["events"])


def test_a_merge_into_an_event_the_review_did_not_offer_is_ignored(gazetteer, make_event):
    other = make_event(latitude=47.0, longitude=28.0)
    payload = review_payload(article_proposals("Troops are stationed at the Deveselu base.", title="T"))
    decisions = [{"decision": f"merge:{other.pk}"} for _ in payload["events"]]
    assert reviewed_merges(payload, decisions) == []
