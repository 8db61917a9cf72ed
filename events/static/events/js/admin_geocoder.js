/**
 * The admin's geocoder views (staff only): candidates for a place name and the place and country
 * at a point. Their error answers carry a message for the editor ({"error": "…"}).
 */

import { FetchError, fetchJson } from "./fetch_json.js";
import { gettext, interpolate } from "./i18n.js";

/** The view's answer; an Error whose message the editor can read when there is none. */
async function geocoderJson(url) {
  try {
    return await fetchJson(url);
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    if (error.reason === "unreachable") throw new Error(gettext("The server could not be reached. Check your connection and try again."));
    throw new Error(error.body?.error || interpolate(gettext("The geocoder answered %(status)s."), { status: error.status }));
  }
}

/** Candidates for a name, the hinted country's first: {candidates, warning}. */
export function findCandidates(url, query, country) {
  const params = new URLSearchParams({ q: query });
  if (country) params.set("country", country);
  return geocoderJson(url + "?" + params.toString());
}

/** The nearest known place and the country at a point: {candidate, country}. */
export function reverseGeocode(url, latlng) {
  return geocoderJson(url + "?lat=" + latlng.lat.toFixed(5) + "&lon=" + latlng.lng.toFixed(5));
}
