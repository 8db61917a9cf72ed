/**
 * What the map draws, answer after answer: single events (singles.js) and
 * server clusters (clusters.js). Each answer is diffed against what is on the
 * map, so a pan only adds what came into view; new drawings are added in
 * chunks that each take a few milliseconds, so the page never freezes.
 * Lines and areas sit in the overlay pane, under the markers.
 */

import { clusterHolds, clusterMarker } from "./clusters.js";
import { nextTask } from "./dom.js";
import { popupContent } from "./popup.js";
import { RoomyPopup } from "./popup_room.js";
import { AREA_WEIGHT, drawSingle, legible } from "./singles.js";

const HIGHLIGHT_WEIGHT = 6;
const FLY_MIN_ZOOM = 10;
const CHUNK_MS = 12; // the longest stretch of drawing between two yields to the browser

/** One key per drawing: a point event keeps its marker from answer to answer; shapes are redrawn per zoom (simplified). */
function keyOf(feature, zoom) {
  const props = feature.properties;
  if (props.cluster) {
    const [lon, lat] = feature.geometry.coordinates;
    return `c ${lon} ${lat} ${props.count} ${JSON.stringify(props.kinds)}`;
  }
  return feature.geometry && feature.geometry.type !== "Point" ? `e ${props.id} z${zoom}` : `e ${props.id}`;
}

export function createEventLayers(map, { onOpen, onClose, kinds = [] }) {
  const kindsBySlug = new Map(kinds.map((kind) => [kind.slug, kind]));
  const areas = L.featureGroup().addTo(map); // uncertainty circles, under the markers
  const shapes = L.featureGroup().addTo(map); // the lines and areas of region and country events: context, under the markers
  const markers = L.featureGroup().addTo(map);
  let drawn = new Map(); // key -> entry {key, feature, layer, circle, isMarker, cluster}
  const singles = new Map(); // event id -> its entry
  let pinned = null; // the open event's entry: kept while its popup is open, whatever the answers hold
  let generation = 0;

  function create(feature, key) {
    if (feature.properties.cluster) {
      const layer = clusterMarker(map, feature, kindsBySlug);
      markers.addLayer(layer);
      return { key, feature, layer, circle: null, isMarker: true, cluster: true };
    }
    const props = feature.properties;
    let drawing;
    try {
      drawing = drawSingle(feature);
    } catch {
      drawing = { layer: null, circle: null, isMarker: false }; // a malformed geometry: listed, not drawn
    }
    const entry = { key, feature, ...drawing, cluster: false };
    if (entry.layer) {
      // The kind as the legend names it (in the reader's language); the answer's name when the kind is new.
      const kindName = kindsBySlug.get(props.kind)?.name ?? props.kind_name;
      entry.layer.bindPopup(new RoomyPopup().setContent(() => popupContent({ ...props, kind_name: kindName }))); // clear of the controls
      entry.layer.on("popupopen", () => { pinned = entry; onOpen(props.id); });
      entry.layer.on("popupclose", () => {
        if (pinned === entry) pinned = null;
        if (!map.hasLayer(shapes) && !entry.isMarker) map.removeLayer(entry.layer); // shown only for its popup
        if (!drawn.has(entry.key)) remove(entry); // it stayed only for its popup
        onClose(props.id);
      });
      (entry.isMarker ? markers : shapes).addLayer(entry.layer);
      if (entry.circle && legible(map, entry.circle)) areas.addLayer(entry.circle);
    }
    singles.set(props.id, entry);
    return entry;
  }

  function remove(entry) {
    if (entry === pinned) return;
    if (entry.layer) (entry.isMarker ? markers : shapes).removeLayer(entry.layer);
    if (entry.circle) areas.removeLayer(entry.circle);
    if (!entry.cluster && singles.get(entry.feature.properties.id) === entry) singles.delete(entry.feature.properties.id);
  }

  /** Show the uncertainty circles that are legible at this zoom, and only those. */
  function syncCircles() {
    for (const entry of singles.values()) {
      if (!entry.circle) continue;
      const want = legible(map, entry.circle);
      if (want !== areas.hasLayer(entry.circle)) (want ? areas.addLayer(entry.circle) : areas.removeLayer(entry.circle));
    }
  }
  map.on("zoomend", syncCircles);

  /**
   * Draw an answer's features (singles and clusters) in place of the last answer's.
   * Resolves once all are on the map, or false when a newer answer superseded it.
   */
  async function render(features, zoom = map.getZoom()) {
    generation += 1;
    const mine = generation;
    const wanted = new Map(features.map((feature) => [keyOf(feature, zoom), feature]));
    for (const [key, entry] of drawn) if (!wanted.has(key)) remove(entry);
    const kept = new Map([...drawn].filter(([key]) => wanted.has(key)));
    drawn = kept;
    let started = performance.now();
    for (const [key, feature] of wanted) {
      if (drawn.has(key)) continue;
      const id = feature.properties.cluster ? null : feature.properties.id;
      const entry = id !== null && pinned?.feature.properties.id === id ? pinned : create(feature, key);
      entry.key = key; // a kept popup's drawing now stands for this answer's (its shape may be for another zoom)
      drawn.set(key, entry);
      if (performance.now() - started > CHUNK_MS) {
        await nextTask();
        if (mine !== generation) return false;
        started = performance.now();
      }
    }
    syncCircles();
    return true;
  }

  function openPopup(entry, { pan }) {
    const popup = entry.layer.getPopup();
    popup.options.autoPan = pan;
    entry.layer.openPopup();
    popup.options.autoPan = true;
  }

  /** The cluster drawn over a point ([lat, lng]), if any. */
  function clusterAt(position) {
    for (const entry of drawn.values()) if (entry.cluster && clusterHolds(entry.feature, position)) return entry;
    return null;
  }

  return {
    render,

    /** Show or hide the lines and areas (the legend's toggle); the list still opens each one. */
    showShapes(on) {
      if (on) shapes.addTo(map);
      else {
        if (pinned && !pinned.isMarker) map.closePopup();
        shapes.remove();
      }
    },

    /** Whether an event is drawn as itself (not inside a cluster). */
    has(id) {
      return Boolean(singles.get(id)?.layer);
    },

    /** Draw an event that an answer holds inside a cluster (a permalink's or the list's), so its popup can open. */
    add(feature) {
      if (!singles.has(feature.properties.id)) create(feature, keyOf(feature, map.getZoom()));
    },

    /** Mark (or unmark) an event's drawing: its marker, its area, or the cluster over its point ([lat, lng]). */
    highlight(id, on, position = null) {
      const entry = singles.get(id);
      if (entry?.layer) {
        if (entry.isMarker) entry.layer.getElement()?.classList.toggle("is-highlighted", on);
        else entry.layer.setStyle({ weight: on ? HIGHLIGHT_WEIGHT : AREA_WEIGHT });
        return;
      }
      if (position) clusterAt(position)?.layer.getElement()?.classList.toggle("is-highlighted", on);
    },

    /**
     * Open a drawn event's popup; false when it is not drawn. With fly, the map
     * flies to it first; without, the view stays as it is (a permalink's view).
     */
    open(id, { fly = true } = {}) {
      const entry = singles.get(id);
      if (!entry?.layer) return false;
      if (!map.hasLayer(entry.layer)) map.addLayer(entry.layer); // areas hidden: this one shows while its popup is open
      if (!fly) openPopup(entry, { pan: false });
      else if (entry.isMarker) {
        pinned = entry; // the answers after the flight may hold it in a cluster
        map.once("moveend", () => openPopup(entry, { pan: true }));
        map.flyTo(entry.layer.getLatLng(), Math.max(map.getZoom(), FLY_MIN_ZOOM));
      } else {
        pinned = entry;
        map.once("moveend", () => openPopup(entry, { pan: true }));
        map.flyToBounds(entry.layer.getBounds(), { maxZoom: FLY_MIN_ZOOM, padding: [40, 40] });
      }
      return true;
    },
  };
}
