/**
 * Base layers and failure messages. When every tile of the view fails (no
 * internet, tile server down) the map switches to country outlines from our
 * own API; the outlines are also a base layer the reader can pick.
 */

import { getJson } from "./api.js";
import { el } from "./dom.js";
import { gettext } from "./i18n.js";

const OUTLINES_NAME = gettext("Country outlines (offline)");
const OUTLINE_STYLE = { color: "#5b6b7b", weight: 1, fillColor: "#e8ecef", fillOpacity: 1, interactive: false };

function tileLayersOf(map) {
  const layers = [];
  map.eachLayer((layer) => {
    if (layer instanceof L.TileLayer) layers.push(layer);
  });
  return layers;
}

/** A message box over the map: role="alert" for errors, role="status" for notices. */
export function messageBox(element) {
  return {
    /** Show the text with a "Dismiss" button; with retry, also a "Try again" button that calls it. */
    show(text, { retry } = {}) {
      if (!element) return;
      element.replaceChildren(text);
      if (retry) element.append(" ", el("button", { type: "button", class: "map-alert__retry", text: gettext("Try again"), onclick: retry }));
      element.append(" ", el("button", { type: "button", class: "map-alert__dismiss", text: gettext("Dismiss"), onclick: () => this.hide() }));
      element.hidden = false;
    },
    hide() {
      if (!element) return;
      element.textContent = "";
      element.hidden = true;
    },
  };
}

/** Tiles with the offline outlines as a fallback; returns the layer control, for overlays. */
export function setupBaseLayers(map, { countriesUrl, baseLayerName, notice }) {
  // Their own pane, between the tiles (200) and the events (400).
  map.createPane("outlines").style.zIndex = "250";
  const outlines = L.geoJSON(null, { style: OUTLINE_STYLE, pane: "outlines" });
  let requested = false;
  outlines.on("add", async () => {
    if (requested) return;
    requested = true;
    try {
      outlines.addData(await getJson(countriesUrl));
    } catch {
      notice.show(gettext("Map tiles and country outlines are both unavailable."));
    }
  });

  const tiles = tileLayersOf(map);
  const control = map.layerscontrol ?? L.control.layers({ [baseLayerName]: tiles[0] }, null, { position: "topleft" }).addTo(map);
  control.addBaseLayer(outlines, OUTLINES_NAME);

  for (const layer of tiles) {
    let loaded = 0;
    let failed = 0;
    layer.on("loading", () => { loaded = 0; failed = 0; });
    layer.on("tileload", () => { loaded += 1; });
    layer.on("tileerror", () => { failed += 1; });
    // "load" fires once every tile of the view has loaded or failed.
    layer.on("load", () => {
      if (!failed || loaded || !map.hasLayer(layer)) return;
      // Leaflet still uses the layer after firing "load": switch once it is done.
      setTimeout(() => {
        map.removeLayer(layer);
        outlines.addTo(map);
        notice.show(gettext("Map tiles could not load: showing country outlines instead."));
      });
    });
  }
  return control;
}
