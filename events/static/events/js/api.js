/** Talking to our own API: the events endpoint takes the same filters for the map, exports and feed. */

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

export class ApiError extends Error {}

/** GET a JSON document; throws ApiError with a message a reader can act on. */
export async function getJson(url, { signal } = {}) {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/geo+json, application/json" }, signal });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError("The server could not be reached. Check your connection and try again.");
  }
  if (!response.ok) {
    throw new ApiError(`The events could not be loaded (error ${response.status}). Try again in a moment.`);
  }
  try {
    return await response.json();
  } catch {
    throw new ApiError("The server sent events the map could not read.");
  }
}

/** The published events that match the filters: {features, truncated} (truncated: the API's limit cut it short). */
export async function fetchEvents(eventsUrl, filters, { dates = true, signal } = {}) {
  const query = filterParams(filters, { dates }).toString();
  const collection = await getJson(query ? `${eventsUrl}?${query}` : eventsUrl, { signal });
  if (!collection || !Array.isArray(collection.features)) throw new ApiError("The server sent events the map could not read.");
  return { features: collection.features, truncated: collection.truncated === true };
}
