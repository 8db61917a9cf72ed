"""An editor pastes an article, reviews the proposed events beside the text and the map, creates drafts."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from events.models import Event
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_admin_editor import editor  # noqa: F401  (the same editor and login)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEED = json.loads((Path(settings.BASE_DIR) / "fixtures/articles/romania-ukraine-drones.json").read_text())


def proposal(page, legend_text):
    return page.locator(f"[data-proposal]:has(legend:has-text('{legend_text}'))")


def seed_article_review(page, live_server, title="Romania and Ukraine to produce drones together"):
    """Log in as the editor, paste the seed article and wait for its review page."""
    page.goto(f"{live_server.url}/admin/login/?next=/admin/events/article/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-Long-passphrase-42")
    page.click("input[type=submit]")
    page.click("text=New article from text")

    page.fill("#id_title", title)
    page.fill("#id_text", SEED["article"]["text"])
    page.fill("#id_country_hint", "RO")
    page.click("input[name=_propose]")
    page.wait_for_selector("[data-review-map][data-review-ready=true]")


def test_editor_reviews_the_seed_article_and_creates_drafts(page, live_server, editor, kinds, gazetteer):  # noqa: F811
    seed_article_review(page, live_server)

    proposals = page.locator("[data-proposal]")
    expect(proposals).to_have_count(6)
    # Each pinned proposal has its marker; the country and the border line have none.
    expect(page.locator(".leaflet-marker-icon")).to_have_count(4)
    # Hovering a proposal lights its sentence in the text.
    village = proposal(page, "Bârsana")
    village.scroll_into_view_if_needed()
    village.hover()
    active = page.locator("[data-article-text] mark.is-active")
    expect(active).to_have_count(1)
    expect(active).to_contain_text("said a farmer from the village of Bârsana")
    page.screenshot(path=ARTIFACTS / "admin-article-review.png")

    # Switch the Deveselu proposal to a runner-up: its marker moves.
    select = proposal(page, "Deveselu").locator("select[name$='-option']")
    expect(select.locator("option")).not_to_have_count(1)  # the base, and the village of that name
    before = page.locator(".leaflet-marker-icon").evaluate_all("els => els.map(e => e.style.transform)")
    select.select_option(index=1)
    after = page.locator(".leaflet-marker-icon").evaluate_all("els => els.map(e => e.style.transform)")
    assert after != before
    select.select_option(index=0)

    # Edit one, reject one, create the rest as drafts.
    drone = proposal(page, "border with Ukraine")
    drone.locator("input[name$='-title']").fill("Drone near the Romania–Ukraine border")
    proposal(page, "Production site").locator("input[value=reject]").check()
    page.click("input[name=_confirm]")
    page.wait_for_selector(".messagelist .success")
    expect(page.locator(".messagelist .success")).to_contain_text("Created 5 draft events")

    assert Event.objects.count() == 5 and not Event.objects.published().exists()
    assert Event.objects.filter(title="Drone near the Romania–Ukraine border", geometry__isnull=False).exists()
    assert not Event.objects.filter(kind__slug="production-site").exists()


def test_editor_merges_a_proposal_into_the_event_already_stored(page, live_server, editor, make_event, gazetteer):  # noqa: F811
    stored = make_event()  # US troops at Deveselu, from an earlier article
    seed_article_review(page, live_server, title="Drones, bases and a border: a second report")

    deveselu = proposal(page, "Deveselu")
    merge = deveselu.locator(f"input[value='merge:{stored.pk}']")
    expect(merge).to_have_count(1)
    expect(deveselu).to_contain_text(f"Merge into #{stored.pk} “US troops at Deveselu”")
    expect(proposal(page, "Bârsana").locator("input[value^='merge:']")).to_have_count(0)  # no event near it
    merge.check()
    deveselu.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "admin-article-review-merge.png")
    page.click("input[name=_confirm]")
    page.wait_for_selector(".messagelist .success")
    expect(page.locator(".messagelist .success")).to_contain_text("Created 5 draft events")
    expect(page.locator(".messagelist .success")).to_contain_text("now also a source of 1 existing event.")

    slugs = set(stored.citations.values_list("article__slug", flat=True))
    assert slugs == {"romania-ukraine-drones", "drones-bases-and-a-border-a-second-report"}
    assert Event.objects.filter(place_name__icontains="Deveselu").count() == 1
