/**
 * Clusters of events, as the server counts them (/api/events/?bbox&zoom):
 * a disc showing the count, ringed with the kinds' colours in proportion;
 * its tooltip lists the counts per kind. Clicking it (or Enter) zooms to its
 * members' extent.
 */

import { clusterSize } from "./cluster_merge.js";
import { el } from "./dom.js";
import { LANGUAGE, NUMBER, gettext, interpolate, lazyFormat, ngettext } from "./i18n.js";

const SHORT = lazyFormat(Intl.NumberFormat, LANGUAGE, { notation: "compact", maximumFractionDigits: 1 });
const SHORTER = lazyFormat(Intl.NumberFormat, LANGUAGE, { notation: "compact", maximumFractionDigits: 0 });

/** "12" … "999", "1.2K", "12.3K", "242K", "1.2M": a cluster's face must stay legible; the exact count is in data-count and the tooltip. */
function countText(count) {
  if (count < 1000) return NUMBER.format(count);
  return (count < 100_000 || count >= 1_000_000 ? SHORT : SHORTER).format(count);
}

/** The kinds in the cluster, most numerous first: [{name, colour, count}]. */
function kindsMix(kindCounts, kindsBySlug) {
  return Object.entries(kindCounts ?? {})
    .map(([slug, count]) => ({ name: kindsBySlug.get(slug)?.name ?? slug, colour: kindsBySlug.get(slug)?.colour ?? "#777777", count }))
    .sort((a, b) => b.count - a.count);
}

/** A conic gradient: each kind's share of the ring in its colour. */
function ringOf(mix, total) {
  let start = 0;
  const stops = mix.map(({ colour, count }) => {
    const end = start + (count / total) * 100;
    const stop = `${colour} ${start.toFixed(2)}% ${end.toFixed(2)}%`;
    start = end;
    return stop;
  });
  return `conic-gradient(${stops.join(", ")})`;
}

/** Zoom so the cluster's members fill the view, and always at least one step in. */
function zoomTo(map, extent, latlng) {
  const [west, south, east, north] = extent ?? [];
  const bounds = extent ? L.latLngBounds([south, west], [north, east]) : null; // GeoJSON order -> Leaflet [lat, lng]
  const fit = bounds?.isValid() ? map.getBoundsZoom(bounds, false, L.point(40, 40)) : 0;
  const zoom = Math.min(map.getMaxZoom(), Math.max(fit, map.getZoom() + 1));
  map.flyTo(bounds?.isValid() ? bounds.getCenter() : latlng, zoom);
}

/** The marker for one cluster feature; kindsBySlug maps a kind slug to {name, colour}. */
export function clusterMarker(map, feature, kindsBySlug) {
  const { count, kinds, extent } = feature.properties;
  const [lon, lat] = feature.geometry.coordinates;
  const latlng = L.latLng(lat, lon); // GeoJSON [lon, lat] -> Leaflet [lat, lng]
  const mix = kindsMix(kinds, kindsBySlug);
  const size = clusterSize(count);
  const face = el("span", { class: "event-cluster__count", text: countText(count) });
  const ring = el("span", { class: "event-cluster__ring" }, face);
  ring.style.background = ringOf(mix, count); // CSSOM, which the CSP's style-src 'self' allows
  const marker = L.marker(latlng, {
    icon: L.divIcon({ className: "event-cluster", html: ring, iconSize: [size, size] }),
    keyboard: true,
  });
  const label = interpolate(ngettext("%(count)s event", "%(count)s events", count), { count: NUMBER.format(count) });
  const parts = mix.map(({ name, count: n }) => `${NUMBER.format(n)} ${name}`);
  // Built when it first opens: a view of a million events draws hundreds of clusters, few of them hovered.
  marker.bindTooltip(() => el("div", { class: "event-cluster__tooltip" }, [
    el("strong", { text: interpolate(gettext("%(events)s: zoom in to see them"), { events: label }) }),
    el("ul", {}, mix.map(({ name, colour, count: n }) => {
      const swatch = el("span", { class: "event-cluster__swatch" });
      swatch.style.background = colour;
      return el("li", {}, [swatch, `${name}: ${NUMBER.format(n)}`]);
    })),
  ]), { direction: "top", offset: [0, -size / 2] });
  marker.on("add", () => {
    const element = marker.getElement();
    element?.setAttribute("data-count", String(count));
    element?.setAttribute("aria-label", interpolate(gettext("%(events)s (%(kinds)s). Zoom in."), { events: label, kinds: parts.join(", ") }));
  });
  marker.on("click", () => zoomTo(map, extent, latlng));
  return marker;
}

/** Whether a cluster's extent holds this point ([lat, lng]). */
export function clusterHolds(feature, [lat, lng]) {
  const [west, south, east, north] = feature.properties.extent ?? [];
  return lat >= south && lat <= north && (west <= east ? lng >= west && lng <= east : lng >= west || lng <= east);
}
