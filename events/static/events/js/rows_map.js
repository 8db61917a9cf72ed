/**
 * A small admin map of rows (an import's preview, the event list under review): located rows are
 * filled circles, rows that need review hollow ones; shapes (lines, areas) are drawn as GeoJSON.
 * Each row is {title, where, latitude, longitude, geometry, needs_review, url?}; a row with a url
 * opens it when clicked. Text reaches the map as text (tooltips are DOM nodes).
 */

import { addBaseMap } from "./offline.js";

const WORLD = { centre: [20, 0], zoom: 2 };

function label(row) {
  const node = document.createElement("span");
  node.textContent = `${row.where}: ${row.title}`;
  return node;
}

function rowLayer(row) {
  if (row.latitude !== null && row.longitude !== null) {
    // Leaflet wants [lat, lng]; the rows carry both names, so no axis is swapped here.
    return L.circleMarker([row.latitude, row.longitude], {
      radius: 6,
      weight: 2,
      fillOpacity: row.needs_review ? 0 : 0.8,
      className: row.needs_review ? "import-row import-row-review" : "import-row",
    });
  }
  return row.geometry ? L.geoJSON(row.geometry, { style: { weight: 2 } }) : null;
}

/** Draw the rows on a map in ``element``, fitted to them; sets data-rows-drawn to how many were drawn. */
export function drawRowsMap(element, config) {
  const map = L.map(element, { scrollWheelZoom: false });
  addBaseMap(map, config.tiles);
  const drawn = L.featureGroup().addTo(map);
  for (const row of config.rows) {
    const layer = rowLayer(row);
    if (!layer) continue;
    layer.bindTooltip(label(row)).addTo(drawn);
    if (row.url) layer.on("click", () => window.location.assign(row.url));
  }
  const bounds = drawn.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 10 });
  else map.setView(WORLD.centre, WORLD.zoom);
  element.dataset.rowsDrawn = String(drawn.getLayers().length);
  return map;
}
