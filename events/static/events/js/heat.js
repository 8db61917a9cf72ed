/**
 * The heat layer: an overlay in the layer control, drawn by Leaflet.heat
 * (vendored from the npm registry, events/vendor/leaflet.heat). It is fed
 * from the same answer as the markers, the server's view: a cluster weighs
 * as many events as it counts, a single event one. So it costs the same at a
 * million events as at six, and shows every matching event, not a sample.
 */

import { gettext } from "./i18n.js";

const STRINGS = { name: gettext("Heat map") };
const OPTIONS = { radius: 30, blur: 24, minOpacity: 0.3 };
const MAX_DIMMING = 12; // Leaflet.heat's cap on the zoom levels it dims by

/**
 * A point and its weight for each cluster and point event of an answer: [[lat, lon, weight]].
 * Leaflet.heat dims every point by 2^(maxZoom - zoom), as suits raw points; the server's answer is
 * already clustered for this zoom, so the weights carry that factor back (``undim``).
 */
export function heatPoints(features, undim = 1) {
  const points = [];
  for (const feature of features) {
    if (feature.geometry?.type !== "Point") continue; // lines and areas are context, not density
    const [lon, lat] = feature.geometry.coordinates;
    // Square root: a cluster of 10,000 is hotter than one of 100, without washing out the rest.
    points.push([lat, lon, Math.sqrt(feature.properties.cluster ? feature.properties.count : 1) * undim]);
  }
  return points;
}

export function createHeatLayer(map, control) {
  const maxZoom = map.getMaxZoom();
  const heat = L.heatLayer([], { ...OPTIONS, maxZoom });
  control.addOverlay(heat, STRINGS.name);
  return {
    /** Draw an answer's features (redrawn only while the layer is on). */
    show(features) {
      const undim = 2 ** Math.max(0, Math.min(maxZoom - map.getZoom(), MAX_DIMMING));
      const points = heatPoints(features, undim);
      heat.setOptions({ max: Math.max(1, ...points.map((point) => point[2] / undim)) });
      heat.setLatLngs(points);
    },
  };
}
