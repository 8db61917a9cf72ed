/**
 * The admin import preview: the rows of the upload on a small map, before anything is written.
 * Located rows are filled circles; rows that need review have no point and are only listed.
 * Shapes (lines, areas) are drawn as GeoJSON. Text reaches the map as text (tooltips are DOM nodes).
 */

import { addBaseMap } from "./offline.js";

const WORLD = { centre: [20, 0], zoom: 2 };

function label(row) {
  const node = document.createElement("span");
  node.textContent = `${row.where}: ${row.title}`;
  return node;
}

function start(element, config) {
  const map = L.map(element, { scrollWheelZoom: false });
  addBaseMap(map, config.tiles);
  const drawn = L.featureGroup().addTo(map);
  for (const row of config.rows) {
    let layer = null;
    if (row.latitude !== null && row.longitude !== null) {
      // Leaflet wants [lat, lng]; the rows carry both names, so no axis is swapped here.
      layer = L.circleMarker([row.latitude, row.longitude], {
        radius: 6,
        weight: 2,
        fillOpacity: row.needs_review ? 0 : 0.8,
        className: row.needs_review ? "import-row import-row-review" : "import-row",
      });
    } else if (row.geometry) {
      layer = L.geoJSON(row.geometry, { style: { weight: 2 } });
    }
    if (layer) layer.bindTooltip(label(row)).addTo(drawn);
  }
  const bounds = drawn.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 10 });
  else map.setView(WORLD.centre, WORLD.zoom);
  element.dataset.rowsDrawn = String(drawn.getLayers().length);
  document.body.dataset.previewLoaded = "true";
}

const element = document.getElementById("import-preview-map");
const config = document.getElementById("import-preview-config");
if (element && config) start(element, JSON.parse(config.textContent));
