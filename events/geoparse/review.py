"""Stage 4, review: proposals as a person checks them, and the article file their decisions make.

``review_payload`` turns an article's proposals into plain data (what the review page
shows and carries, signed, to the confirmation): each proposal with the place options
a reviewer may switch to (the resolver's best candidate first, then its runners-up).
``reviewed_article_file`` applies the reviewer's decisions (accept or reject, kind,
title, option, precision, date) and returns an article file for ``article_import``:
drafts only, so nothing reaches the public map without someone publishing it. A proposal
the reviewer merges into a stored event (``merge.existing_matches`` offers them) is left
out of that file; ``reviewed_merges`` lists it, for ``merge.merged_citations_write``.
"""

from typing import Any

from events.geoparse.merge import existing_matches
from events.geoparse.propose import ArticleProposals, Proposal, precision_for
from events.geoparse.resolve import Choice, Resolution
from events.models import Article


def _option(proposal: Proposal, choice: Choice | None, home: str) -> dict:
    option: dict[str, Any]
    if choice is None or proposal.resolution is None:  # an area (a country, a border), or a name to locate
        option = {"label": proposal.place_name, "place_name": proposal.place_name}
        if proposal.area is not None:
            option["area"] = proposal.area
        return option
    resolution = Resolution(proposal.resolution.mention, choice)
    place_name, precision, area = precision_for(resolution, home)
    row = choice.row
    option = {
        "label": f"{row.name} ({row.country_code or '–'}, {row.feature_code}) · confidence {choice.confidence:.2f}",
        "place_name": place_name,
        "precision": precision,
        "confidence": round(choice.confidence, 3),
        "country": row.country_code,
    }
    if area is not None:
        option["area"] = area
    else:
        option["latitude"], option["longitude"] = row.latitude, row.longitude
    return option


def review_payload(proposals: ArticleProposals) -> dict:
    """The article and its proposals as JSON-ready data, each proposal with its place options."""
    data = proposals.as_article_file()
    home = proposals.country_hint
    for proposal, event in zip(proposals.proposals, data["events"], strict=True):
        resolution = proposal.resolution
        choices = [resolution.best, *resolution.runners_up] if resolution and resolution.best else [None]
        event["options"] = [_option(proposal, choice, home) for choice in choices]
        event["sentences"] = [[s.start, s.end] for s in proposal.sentences]
        event["matches"] = _matches(event)
    return data


def _matches(event: dict) -> list[dict]:
    """Stored events any of the proposal's place options may be, the nearest first, each once."""
    found: dict[int, dict] = {}
    for option in event["options"]:
        if "latitude" in option:
            record = {**event, "latitude": option["latitude"], "longitude": option["longitude"]}
            for match in existing_matches(record):
                found.setdefault(match["id"], match)
    return sorted(found.values(), key=lambda match: (match["km"], match["id"]))


MERGE_PREFIX = "merge:"


def reviewed_merges(payload: dict, decisions: list[dict]) -> list[tuple[int, str]]:
    """(stored event id, quote) for each proposal the reviewer merged into a stored event it matched."""
    merges = []
    for event, decision in zip(payload["events"], decisions, strict=True):
        if not decision.get("decision", "").startswith(MERGE_PREFIX):
            continue
        event_id = int(decision["decision"].removeprefix(MERGE_PREFIX))
        if any(match["id"] == event_id for match in event.get("matches", [])):
            merges.append((event_id, event["quote"]))
    return merges


def reviewed_article_file(payload: dict, decisions: list[dict]) -> dict:
    """The article file for the accepted proposals, with the reviewer's edits applied."""
    events = []
    for event, decision in zip(payload["events"], decisions, strict=True):
        if not decision["accept"]:
            continue
        option = event["options"][decision["option"]]
        record = {
            key: value
            for key, value in event.items()
            if key not in ("options", "sentences", "matches", "latitude", "longitude", "area", "country_hint")
        }
        record.update(kind=decision["kind"], title=decision["title"], place_name=option["place_name"][:200])
        record["precision"] = decision["precision"]
        if "area" in option:
            record["area"] = option["area"]
        elif "latitude" in option:
            record["latitude"], record["longitude"] = option["latitude"], option["longitude"]
            if option.get("country"):
                record["country_hint"] = option["country"]
            record.setdefault("attributes", {})["location_confidence"] = option["confidence"]
        record.pop("date", None)
        record.pop("date_precision", None)
        if decision["date"]:
            record["date"] = decision["date"]
        record["status"] = "draft"
        events.append(record)
    return {"article": payload["article"], "events": events}


def article_slug_free(slug: str) -> str:
    """``slug``, or ``slug-2``, ``slug-3``…: a pasted article never updates another one with the same title."""
    candidate, number = slug, 1
    while Article.objects.filter(slug=candidate).exists():
        number += 1
        candidate = f"{slug[: 120 - len(str(number)) - 1]}-{number}"
    return candidate
