/**
 * One event drawn as honestly as its location is known (see precision.js):
 * a marker for a point, with a circle of uncertainty around an approximate
 * one, and a line or area (clicked on its outline, never its empty inside)
 * for region and country events.
 */

import { precisionOf } from "./precision.js";
import { kindSymbol } from "./shapes.js";

export const AREA_WEIGHT = 3;
// Below this many pixels of radius an uncertainty circle hides under its 24 px marker: not drawn.
const LEGIBLE_RADIUS_PX = 14;
// Above this the circle is drawn as its dashed outline only: filled, a city's circles would tint the whole view.
const FILLED_RADIUS_PX = 150;
const symbols = new Map(); // "square #0072B2" -> an <svg> to clone: building one per marker is slow

function areaStyle(props) {
  return { className: "event-area", color: props.colour, weight: AREA_WEIGHT, opacity: 0.9, fillColor: props.colour, fillOpacity: 0.15 };
}

function uncertaintyStyle(props) {
  return { className: "event-uncertainty", color: props.colour, weight: 1.5, dashArray: "4 4", fillOpacity: 0.08, interactive: false };
}

function symbol(icon, colour) {
  const key = `${icon} ${colour}`;
  if (!symbols.has(key)) symbols.set(key, kindSymbol(icon, colour, 24));
  return symbols.get(key).cloneNode(true);
}

function markerFor(props, latlng) {
  const marker = L.marker(latlng, {
    icon: L.divIcon({
      className: `event-marker event-marker--${props.icon}`,
      html: symbol(props.icon, props.colour),
      iconSize: [24, 24],
      iconAnchor: [12, 12],
      popupAnchor: [0, -10],
    }),
    title: props.title, // becomes the marker's title attribute (text): its accessible name
    riseOnHover: true,
  });
  // Label the icon each time it is on the map (tests and the list find it by id).
  marker.on("add", () => marker.getElement()?.setAttribute("data-event-id", props.id));
  return marker;
}

/**
 * The drawing of one event feature: {layer, circle, isMarker}. layer is null when the
 * event has no location; circle is the uncertainty circle, drawn only where legible.
 */
export function drawSingle(feature) {
  const props = feature.properties;
  const geometry = feature.geometry;
  const precision = precisionOf(props.precision);
  if (!geometry) return { layer: null, circle: null, isMarker: false };
  if (geometry.type === "Point") {
    // GeoJSON is [longitude, latitude]; Leaflet wants [latitude, longitude].
    const latlng = L.latLng(geometry.coordinates[1], geometry.coordinates[0]);
    if (precision.area) {
      return { layer: L.circle(latlng, { radius: precision.radiusKm * 1000, ...areaStyle(props) }), circle: null, isMarker: false };
    }
    const circle = precision.radiusKm
      ? L.circle(latlng, { radius: precision.radiusKm * 1000, ...uncertaintyStyle(props) }) : null;
    return { layer: markerFor(props, latlng), circle, isMarker: true };
  }
  const layer = L.geoJSON(geometry, {
    style: () => areaStyle(props),
    pointToLayer: (_, latlng) => L.circleMarker(latlng, { radius: 6 }),
  });
  return { layer, circle: null, isMarker: false };
}

/** Whether an uncertainty circle is some pixels wide at the map's zoom; if so, styles it for its size. */
export function legible(map, circle) {
  const metresPerPixel = 40075016.686 * Math.cos((circle.getLatLng().lat * Math.PI) / 180) / 2 ** (map.getZoom() + 8);
  const radiusPx = circle.getRadius() / metresPerPixel;
  if (radiusPx < LEGIBLE_RADIUS_PX) return false;
  circle.setStyle({ fill: radiusPx <= FILLED_RADIUS_PX });
  return true;
}

/** The bounds of an answer's features (clusters by their members' extent), or null when none has a location. */
export function featuresBounds(features) {
  const bounds = L.latLngBounds([]);
  const located = [];
  for (const feature of features) {
    const extent = feature.properties?.cluster ? feature.properties.extent : null;
    if (extent) bounds.extend(L.latLngBounds([extent[1], extent[0]], [extent[3], extent[2]])); // [w, s, e, n] -> Leaflet
    else if (feature.geometry) located.push(feature);
  }
  try {
    if (located.length) bounds.extend(L.geoJSON({ type: "FeatureCollection", features: located }).getBounds());
  } catch {
    // a malformed geometry: fit the others
  }
  return bounds.isValid() ? bounds : null;
}
