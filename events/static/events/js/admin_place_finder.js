/**
 * The event form's "Find" box: asks the admin's geocoder view for candidates of the typed place
 * name (the country hint's first) and lists them, one button each with its country's name,
 * feature, population, confidence and source, all as text (names come from outside).
 */

import { NUMBER, gettext, interpolate } from "./i18n.js";
import { findCandidates } from "./admin_geocoder.js";

function candidateLabel(candidate) {
  const country = candidate.country_name ? candidate.country_name + " (" + candidate.country_code + ")" : "";
  const details = [country || candidate.country_code, candidate.feature_code, candidate.precision_label];
  if (candidate.population) details.push(interpolate(gettext("pop. %(count)s"), { count: NUMBER.format(candidate.population) }));
  if (typeof candidate.confidence === "number") details.push(interpolate(gettext("confidence %(value)s"), { value: candidate.confidence.toFixed(2) }));
  details.push(candidate.source);
  return details.filter(Boolean).join(" · ");
}

/** Fill ``list`` with the candidates; onPick(candidate) when one is clicked (the list then empties). */
function showCandidates(list, candidates, onPick) {
  list.replaceChildren();
  candidates.forEach((candidate, index) => {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.candidateIndex = String(index);
    const name = document.createElement("strong");
    name.textContent = candidate.name;
    const detail = document.createElement("span");
    detail.className = "candidate-detail";
    detail.textContent = candidateLabel(candidate);
    button.append(name, detail);
    button.addEventListener("click", () => {
      onPick(candidate);
      list.replaceChildren();
    });
    const item = document.createElement("li");
    item.append(button);
    list.append(item);
  });
}

/** The finder's status line (polite live region): what just happened, in words. */
export function statusLine(finder) {
  return (text) => {
    const status = finder && finder.querySelector("[data-geocode-status]");
    if (status) status.textContent = text;
  };
}

/** Wire the Find button and Enter in the place name; onPick(candidate) when the editor picks one. */
export function bindPlaceFinder(finder, inputs, { geocodeUrl, onPick }) {
  const setStatus = statusLine(finder);

  function findPlace() {
    const query = inputs.placeName.value.trim();
    if (!query) {
      setStatus(gettext("Type a place name first."));
      return;
    }
    finder.dataset.candidates = "pending";
    setStatus(gettext("Searching…"));
    findCandidates(geocodeUrl, query, inputs.country && inputs.country.value.trim())
      .then((body) => {
        showCandidates(finder.querySelector("[data-geocode-results]"), body.candidates, onPick);
        const prompt = body.candidates.length ? gettext("Pick the right place:") : gettext("No place of that name was found.");
        setStatus(body.warning ? body.warning + " " + prompt : prompt);
        finder.dataset.warning = body.warning ? "true" : "false";
        finder.dataset.candidates = String(body.candidates.length);
      })
      .catch((error) => {
        setStatus(error.message);
        finder.dataset.candidates = "error";
      });
  }

  finder.querySelector("[data-geocode-find]").addEventListener("click", findPlace);
  inputs.placeName.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault(); // Enter searches instead of submitting the form
      findPlace();
    }
  });
}
