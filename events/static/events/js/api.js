/**
 * Talking to our own API. The map asks for what it shows: its view
 * (/api/events/?bbox&zoom: clusters and single events, with the exact total),
 * the page of the list in view (/api/events/list/) and the timeline's
 * histogram (/api/events/histogram/) and the border filter's choices
 * (/api/events/border-choices/), all with the same filters as the exports
 * and the feed.
 */

import { FetchError, fetchJson } from "./fetch_json.js";
import { gettext, interpolate } from "./i18n.js";

export const LIST_PAGE_SIZE = 50;

/** Query parameters of /api/events/ (and the feed) for the given filters. */
export function filterParams(filters, { dates = true } = {}) {
  const params = new URLSearchParams();
  for (const kind of filters.kinds ?? []) params.append("kind", kind);
  if (filters.q) params.set("q", filters.q);
  if (dates && (filters.dateFrom || filters.dateTo)) {
    if (filters.dateFrom) params.set("date_from", filters.dateFrom);
    if (filters.dateTo) params.set("date_to", filters.dateTo);
    params.set("undated", "exclude"); // a date range shows dated events; the timeline counts the rest
  }
  if (filters.nearBorder) {
    params.set("near_border", filters.nearBorder);
    params.set("within_km", String(filters.withinKm));
  }
  return params;
}

/**
 * The API's bbox (west,south,east,north, longitude first) for Leaflet bounds.
 * Leaflet's longitudes run past ±180 when the world repeats; the API's stay
 * within it, with west > east for a box across the antimeridian.
 */
export function bboxParam(bounds) {
  const clampLat = (lat) => Math.max(-90, Math.min(90, lat));
  const wrapLon = (lon) => ((((lon + 180) % 360) + 360) % 360) - 180;
  let west = bounds.getWest();
  let east = bounds.getEast();
  if (east - west >= 360) [west, east] = [-180, 180];
  else {
    west = wrapLon(west);
    east = wrapLon(east);
    if (east === -180 && bounds.getEast() > bounds.getWest()) east = 180; // exactly on the line
  }
  const round = (value) => Number(value.toFixed(5)); // about a metre; keeps URLs short
  return [west, clampLat(bounds.getSouth()), east, clampLat(bounds.getNorth())].map(round).join(",");
}

export class ApiError extends Error {}

/** GET a JSON document; throws ApiError with a message a reader can act on. */
export async function getJson(url, { signal } = {}) {
  try {
    return await fetchJson(url, { accept: "application/geo+json, application/json", signal });
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    if (error.reason === "unreachable") {
      throw new ApiError(gettext("The server could not be reached. Check your connection and try again."));
    }
    if (error.reason === "unreadable") throw unreadable();
    throw new ApiError(interpolate(gettext("The events could not be loaded (error %(status)s). Try again in a moment."), { status: error.status }));
  }
}

function withQuery(url, params) {
  const query = params.toString();
  return query ? `${url}?${query}` : url;
}

function unreadable() {
  return new ApiError(gettext("The server sent events the map could not read."));
}

/** The map's view: {total, features} — single events and clusters for the bbox at this zoom. */
export async function fetchView(eventsUrl, filters, { bounds, zoom, signal }) {
  const params = filterParams(filters);
  params.set("bbox", bboxParam(bounds));
  params.set("zoom", String(Math.round(zoom)));
  const collection = await getJson(withQuery(eventsUrl, params), { signal });
  if (!Array.isArray(collection?.features) || !Number.isInteger(collection.total)) throw unreadable();
  return { total: collection.total, features: collection.features };
}

/** One event's feature (a permalink's event that a cluster holds), or null when it is not public. */
export async function fetchEvent(eventsUrl, id, { signal } = {}) {
  const collection = await getJson(withQuery(eventsUrl, new URLSearchParams({ id: String(id) })), { signal });
  if (!Array.isArray(collection?.features)) throw unreadable();
  return collection.features[0] ?? null;
}

/**
 * A page of the list of events in view: {total, offset, limit, results, unlocated}, newest first;
 * with `unlocated`, the matching events that have no place on the map (no point, no shape) instead.
 */
export async function fetchList(listUrl, filters, { bounds, offset = 0, limit = LIST_PAGE_SIZE, unlocated = false, signal }) {
  const params = filterParams(filters);
  if (unlocated) params.set("located", "no");
  else params.set("bbox", bboxParam(bounds));
  params.set("offset", String(offset));
  params.set("limit", String(limit));
  const page = await getJson(withQuery(listUrl, params), { signal });
  if (!Array.isArray(page?.results) || !Number.isInteger(page.total)) throw unreadable();
  return page;
}

/** The border filter's choices for the view: [{code, count}], every matching event counted (the border filter aside). */
export async function fetchBorderChoices(choicesUrl, filters, { bounds, signal }) {
  const params = filterParams({ ...filters, nearBorder: "" });
  params.set("bbox", bboxParam(bounds));
  const choices = await getJson(withQuery(choicesUrl, params), { signal });
  if (!Array.isArray(choices?.countries)) throw unreadable();
  return choices.countries;
}

/** The timeline's counts over every matching event: {interval, buckets: [{start, count}], undated, total}. */
export async function fetchHistogram(histogramUrl, filters, { signal } = {}) {
  const histogram = await getJson(withQuery(histogramUrl, filterParams(filters, { dates: false })), { signal });
  if (!Array.isArray(histogram?.buckets) || !Number.isInteger(histogram.undated)) throw unreadable();
  return histogram;
}
