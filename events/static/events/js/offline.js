/**
 * Base layers and failure messages, for every map of the site. When every tile
 * of the view fails (no internet, tile server down) the map switches to the
 * offline base map: country outlines from our own API, named with country and
 * settlement labels from the gazetteer (/api/labels/, by view and zoom), so a
 * point can still be found and placed. The main map also offers it as a base
 * layer the reader can pick.
 */

import { getJson } from "./api.js";
import { el } from "./dom.js";
import { gettext } from "./i18n.js";

const OUTLINES_NAME = gettext("Country outlines (offline)");
const OUTLINE_STYLE = { color: "#5b6b7b", weight: 1, fillColor: "#e8ecef", fillOpacity: 1, interactive: false };
const WHOLE_WORLD_ZOOM = 4; // up to this zoom the labels of the whole world come in one answer
const SNAP_TILES = 2; // a view's box is widened to a grid of this many tiles, so the same URLs recur
const LABEL_GAP_PX = 3; // room left between two names

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

/** The labels' URL for the map's view: the box snapped outward to a tile grid (the whole world when zoomed out). */
function labelsUrl(base, map) {
  const zoom = Math.round(map.getZoom()); // a map may snap to half zooms (the article review's)
  let box = [-180, -90, 180, 90];
  if (zoom > WHOLE_WORLD_ZOOM) {
    const cell = (360 / 2 ** zoom) * SNAP_TILES;
    const bounds = map.getBounds();
    const snap = (value, round, low, high) => Math.min(high, Math.max(low, round(value / cell) * cell));
    box = [
      snap(bounds.getWest(), Math.floor, -180, 180), snap(bounds.getSouth(), Math.floor, -90, 90),
      snap(bounds.getEast(), Math.ceil, -180, 180), snap(bounds.getNorth(), Math.ceil, -90, 90),
    ].map((value) => Number(value.toFixed(4)));
  }
  return `${base}?${new URLSearchParams({ bbox: box.join(","), zoom: String(zoom) })}`;
}

function labelMarker(label, kind) {
  // The name is text in a span; the outer element is Leaflet's to position, the span centres itself on the point.
  const icon = L.divIcon({ className: `map-label map-label--${kind}`, html: el("span", { text: label.name }), iconSize: null });
  return L.marker([label.lat, label.lon], { icon, pane: "labels", interactive: false, keyboard: false });
}

/**
 * Hide each label whose name would touch one kept before it. The server sends them in the order
 * to keep them (countries largest first, then settlements most populous first); the boxes are the
 * names as drawn, in this browser's font and this language. Every box is read before any is hidden.
 */
function declutter(group) {
  const labels = group.getLayers().map((marker) => marker.getElement()).filter(Boolean);
  const boxes = labels.map((label) => label.firstElementChild.getBoundingClientRect());
  const kept = [];
  const touches = (a, b) => a.left < b.right + LABEL_GAP_PX && b.left < a.right + LABEL_GAP_PX
    && a.top < b.bottom + LABEL_GAP_PX && b.top < a.bottom + LABEL_GAP_PX;
  const hidden = boxes.map((box) => {
    if (!box.width) return false; // not laid out (a map not shown yet): measured again on its next move
    if (kept.some((other) => touches(box, other))) return true;
    kept.push(box);
    return false;
  });
  labels.forEach((label, index) => label.classList.toggle("map-label--crowded", hidden[index]));
}

/** Country and settlement names for the view, refreshed after every move while the layer is on the map. */
function createLabels(map, url) {
  const group = L.layerGroup();
  const answers = new Map(); // URL -> answer, so zooming back and forth asks once
  const redeclutter = () => declutter(group);
  let wanted = null;

  async function refresh() {
    const asked = labelsUrl(url, map);
    if (asked === wanted) return;
    wanted = asked;
    let answer = answers.get(asked);
    if (!answer) {
      try {
        answer = await getJson(asked);
      } catch {
        return; // the outlines still show; the next move asks again
      }
      answers.set(asked, answer);
    }
    if (wanted !== asked || !map.hasLayer(group)) return; // a newer view was asked for meanwhile
    group.clearLayers();
    for (const label of answer.countries) group.addLayer(labelMarker(label, "country"));
    for (const label of answer.settlements) group.addLayer(labelMarker(label, "settlement"));
    declutter(group);
    map.getContainer().dataset.offlineLabels = String(group.getLayers().length);
  }

  group.on("add", () => {
    wanted = null;
    map.on("moveend", refresh);
    map.on("zoomend", redeclutter); // a half zoom may keep the same labels, drawn closer together
    refresh();
  });
  group.on("remove", () => {
    map.off("moveend", refresh);
    map.off("zoomend", redeclutter);
  });
  return group;
}

/**
 * The offline base map: outlines and labels in their own panes, between the tiles (200) and the
 * events (400). onFail is called when the outlines cannot load either.
 *
 * What is only drawn is hidden from screen readers: the outlines, the place names (a hundred words
 * read out in a row, with nothing to do) and the overlay pane's drawing of areas and lines. A reader
 * gets each event from its marker button and the list, which name it.
 */
export function createOfflineBase(map, { countriesUrl, labelsUrl: labels, onFail }) {
  map.createPane("outlines").style.zIndex = "250";
  map.createPane("labels").style.zIndex = "260";
  for (const pane of ["outlines", "labels", "overlayPane"]) map.getPane(pane).setAttribute("aria-hidden", "true");
  const outlines = L.geoJSON(null, { style: OUTLINE_STYLE, pane: "outlines" });
  let requested = false;
  outlines.on("add", async () => {
    if (requested) return;
    requested = true;
    try {
      outlines.addData(await getJson(countriesUrl));
    } catch {
      onFail();
    }
  });
  const base = L.layerGroup([outlines, createLabels(map, labels)]);
  base.on("add", () => { map.getContainer().dataset.baseLayer = "outlines"; });
  base.on("remove", () => { map.getContainer().dataset.baseLayer = "tiles"; });
  return base;
}

/** Call onFailed(layer) once every tile of a view of ``layer`` has failed while it is shown. */
function watchTiles(map, layer, onFailed) {
  let loaded = 0;
  let failed = 0;
  layer.on("loading", () => { loaded = 0; failed = 0; });
  layer.on("tileload", () => { loaded += 1; });
  layer.on("tileerror", () => { failed += 1; });
  // "load" fires once every tile of the view has loaded or failed.
  layer.on("load", () => {
    if (!failed || loaded || !map.hasLayer(layer)) return;
    // Leaflet still uses the layer after firing "load": switch once it is done.
    setTimeout(() => onFailed(layer));
  });
}

/** The main map: tiles with the offline base map as a fallback; returns the layer control, for overlays. */
export function setupBaseLayers(map, { countriesUrl, labelsUrl, baseLayerName, notice }) {
  const onFail = () => notice.show(gettext("Map tiles and country outlines are both unavailable."));
  const offline = createOfflineBase(map, { countriesUrl, labelsUrl, onFail });
  const tiles = tileLayersOf(map);
  const control = map.layerscontrol ?? L.control.layers({ [baseLayerName]: tiles[0] }, null, { position: "topleft" }).addTo(map);
  control.addBaseLayer(offline, OUTLINES_NAME);
  for (const layer of tiles) {
    watchTiles(map, layer, () => {
      map.removeLayer(layer);
      offline.addTo(map);
      notice.show(gettext("Map tiles could not load: showing country outlines instead."));
    });
  }
  return control;
}

/**
 * A small map's base (the event and article pages, the admin's maps): the tiles of ``base`` (the server's
 * base_layer()), replaced by the offline base map when they fail; the attribution then says so.
 */
export function addBaseMap(map, base) {
  const tiles = L.tileLayer(base.url, base.options).addTo(map);
  map.attributionControl.setPrefix(base.attribution_prefix);
  map.getContainer().dataset.baseLayer = "tiles";
  const onFail = () => map.attributionControl.addAttribution(gettext("Tiles and outlines unavailable"));
  const offline = createOfflineBase(map, { countriesUrl: base.countries_url, labelsUrl: base.labels_url, onFail });
  watchTiles(map, tiles, () => {
    map.removeLayer(tiles);
    offline.addTo(map);
    map.attributionControl.addAttribution(gettext("Offline: country outlines"));
  });
  return map;
}
