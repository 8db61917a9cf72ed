/**
 * The admin's geocoder views (staff only): candidates for a place name and the place and country
 * at a point. Their error answers carry a message for the editor ({"error": "…"}).
 */

import { gettext, interpolate } from "./i18n.js";

export function fetchJSON(url) {
  return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then((response) =>
    response.json().then((body) => {
      if (!response.ok) throw new Error(body.error || interpolate(gettext("The geocoder answered %(status)s."), { status: response.status }));
      return body;
    }),
  );
}

/** Candidates for a name, the hinted country's first: {candidates, warning}. */
export function findCandidates(url, query, country) {
  const params = new URLSearchParams({ q: query });
  if (country) params.set("country", country);
  return fetchJSON(url + "?" + params.toString());
}

/** The nearest known place and the country at a point: {candidate, country}. */
export function reverseGeocode(url, latlng) {
  return fetchJSON(url + "?lat=" + latlng.lat.toFixed(5) + "&lon=" + latlng.lng.toFixed(5));
}
