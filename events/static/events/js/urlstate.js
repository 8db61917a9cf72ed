/**
 * Permalinks: the URL hash holds the view, the filters and the open event, e.g.
 *   #map=8/45.1234/25.5678&kind=military-base,drone-sighting&q=drone&from=2024-01-01&to=2024-06-30&near=UA&km=30&event=12
 * Every key is optional. `kind` absent means every kind; `kind=` (empty) means none.
 */

export const DEFAULT_FILTERS = Object.freeze({
  kinds: null, q: "", nearBorder: "", withinKm: 30, dateFrom: null, dateTo: null,
});

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function number(value) {
  const parsed = Number.parseFloat(value);
  return Number.isFinite(parsed) ? parsed : null;
}

/** Parse a hash into {view: {lat, lon, zoom} | null, filters, event: id | null}; bad parts are ignored. */
export function readHash(hash = window.location.hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const [zoom, lat, lon] = (params.get("map") ?? "").split("/").map(number);
  const view = zoom !== null && lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180
    ? { zoom: Math.round(zoom), lat, lon } : null;
  const kind = params.get("kind");
  const km = number(params.get("km"));
  const from = params.get("from");
  const to = params.get("to");
  const filters = {
    kinds: kind === null ? null : kind.split(",").filter(Boolean),
    q: params.get("q") ?? "",
    nearBorder: /^[A-Z]{2}$/.test(params.get("near") ?? "") ? params.get("near") : "",
    withinKm: km !== null && km > 0 ? km : DEFAULT_FILTERS.withinKm,
    dateFrom: ISO_DATE.test(from ?? "") ? from : null,
    dateTo: ISO_DATE.test(to ?? "") ? to : null,
  };
  const event = Number.parseInt(params.get("event") ?? "", 10);
  return { view, filters, event: Number.isInteger(event) ? event : null };
}

/** The hash for a view ({lat, lon, zoom}), filters and open event id. */
export function buildHash({ view, filters, event }) {
  const params = new URLSearchParams();
  // Five decimals is about a metre: enough to reopen the same view.
  params.set("map", `${view.zoom}/${view.lat.toFixed(5)}/${view.lon.toFixed(5)}`);
  if (filters.kinds !== null) params.set("kind", filters.kinds.join(","));
  if (filters.q) params.set("q", filters.q);
  if (filters.dateFrom) params.set("from", filters.dateFrom);
  if (filters.dateTo) params.set("to", filters.dateTo);
  if (filters.nearBorder) {
    params.set("near", filters.nearBorder);
    params.set("km", String(filters.withinKm));
  }
  if (event !== null) params.set("event", String(event));
  // Keep "/" and "," readable in the address bar; both parse back the same.
  return `#${params.toString().replaceAll("%2F", "/").replaceAll("%2C", ",")}`;
}

/** Replace the hash without adding a history entry for every pan. */
export function writeHash(state) {
  const hash = buildHash(state);
  if (hash !== window.location.hash) window.history.replaceState(null, "", hash);
}
