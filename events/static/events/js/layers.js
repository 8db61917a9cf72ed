/**
 * The events on the map, drawn as honestly as their location is known
 * (see precision.js): markers (clustered) for points, circles of uncertainty
 * around approximate ones, and lines or areas for region and country events.
 */

import { el } from "./dom.js";
import { popupContent } from "./popup.js";
import { precisionOf } from "./precision.js";
import { kindSymbol } from "./shapes.js";

const AREA_WEIGHT = 3;
const HIGHLIGHT_WEIGHT = 6;
const FLY_MIN_ZOOM = 10;
// Popups pan clear of the zoom and layer buttons (left) and the folded legend (top).
const CONTROLS_ROOM = [56, 56];

function areaStyle(props) {
  return { className: "event-area", color: props.colour, weight: AREA_WEIGHT, opacity: 0.9, fillColor: props.colour, fillOpacity: 0.15 };
}

function uncertaintyStyle(props) {
  return { className: "event-uncertainty", color: props.colour, weight: 1.5, dashArray: "4 4", fillOpacity: 0.08, interactive: false };
}

function clusterIcon(cluster) {
  const count = cluster.getChildCount();
  return L.divIcon({
    className: "event-cluster",
    html: el("span", { text: String(count), title: `${count} events: zoom in to see them` }),
    iconSize: [38, 38],
  });
}

function markerFor(props, latlng) {
  const marker = L.marker(latlng, {
    icon: L.divIcon({
      className: `event-marker event-marker--${props.icon}`,
      html: kindSymbol(props.icon, props.colour, 24),
      iconSize: [24, 24],
      iconAnchor: [12, 12],
      popupAnchor: [0, -10],
    }),
    title: props.title, // becomes the marker's title attribute (text): its accessible name
    riseOnHover: true,
  });
  // Clustering adds and removes markers; label the icon each time it is on the map (tests find it by id).
  marker.on("add", () => marker.getElement()?.setAttribute("data-event-id", props.id));
  return marker;
}

/** Build the layer for one feature: {layer, uncertainty, isMarker}; layer is null when it has no location. */
function drawFeature(feature) {
  const props = feature.properties;
  const geometry = feature.geometry;
  const precision = precisionOf(props.precision);
  if (!geometry) return { layer: null, uncertainty: null, isMarker: false };
  if (geometry.type === "Point") {
    // GeoJSON is [longitude, latitude]; Leaflet wants [latitude, longitude].
    const latlng = L.latLng(geometry.coordinates[1], geometry.coordinates[0]);
    if (precision.area) {
      return { layer: L.circle(latlng, { radius: precision.radiusKm * 1000, ...areaStyle(props) }), uncertainty: null, isMarker: false };
    }
    const uncertainty = precision.radiusKm
      ? L.circle(latlng, { radius: precision.radiusKm * 1000, ...uncertaintyStyle(props) }) : null;
    return { layer: markerFor(props, latlng), uncertainty, isMarker: true };
  }
  const layer = L.geoJSON(geometry, {
    style: () => areaStyle(props),
    pointToLayer: (_, latlng) => L.circleMarker(latlng, { radius: 6 }),
  });
  return { layer, uncertainty: null, isMarker: false };
}

/** The bounds of the features' geometries (before they are drawn), or null when none has one. */
export function featuresBounds(features) {
  const located = features.filter((feature) => feature.geometry);
  try {
    const bounds = L.geoJSON({ type: "FeatureCollection", features: located }).getBounds();
    return bounds.isValid() ? bounds : null;
  } catch {
    return null; // a malformed geometry: keep the default view
  }
}

export function createEventLayers(map, { onOpen, onClose }) {
  const areas = L.featureGroup().addTo(map); // lines, areas and circles, under the markers
  // Put on the map at the first render, after the first view is set: clusters built while the
  // map zooms would still be animating when a permalink asks for an event's popup.
  const clusters = L.markerClusterGroup({
    showCoverageOnHover: false, maxClusterRadius: 45, iconCreateFunction: clusterIcon,
  });
  let entries = new Map(); // event id -> {feature, layer, uncertainty, isMarker}

  function render(features) {
    map.closePopup();
    clusters.clearLayers();
    areas.clearLayers();
    entries = new Map();
    const markers = [];
    const popupWidth = Math.min(320, map.getSize().x - CONTROLS_ROOM[0] - 44); // fits a 360 px wide phone
    for (const feature of features) {
      const props = feature.properties;
      let drawn;
      try {
        drawn = drawFeature(feature);
      } catch {
        drawn = { layer: null, uncertainty: null, isMarker: false }; // a malformed geometry: listed, not drawn
      }
      const entry = { feature, ...drawn };
      if (entry.layer) {
        entry.layer.bindPopup(() => popupContent(props), {
          maxWidth: popupWidth, minWidth: 200, autoPanPaddingTopLeft: CONTROLS_ROOM, autoPanPaddingBottomRight: [20, 20],
        });
        entry.layer.on("popupopen", () => onOpen(props.id));
        entry.layer.on("popupclose", () => onClose(props.id));
        if (entry.isMarker) markers.push(entry.layer);
        else areas.addLayer(entry.layer);
      }
      if (entry.uncertainty) areas.addLayer(entry.uncertainty);
      entries.set(props.id, entry);
    }
    clusters.addLayers(markers); // one batch: much faster than adding markers one by one
    clusters.addTo(map);
  }

  function inView(entry, bounds) {
    if (!entry.layer) return true; // no location: always listed, marked as such
    return entry.isMarker ? bounds.contains(entry.layer.getLatLng()) : bounds.intersects(entry.layer.getBounds());
  }

  function openPopup(entry, { pan }) {
    const popup = entry.layer.getPopup();
    popup.options.autoPan = pan;
    entry.layer.openPopup();
    popup.options.autoPan = true;
  }

  return {
    render,

    /** Features whose drawing is in the bounds, plus those with no location. */
    featuresIn(bounds) {
      return [...entries.values()].filter((entry) => inView(entry, bounds)).map((entry) => entry.feature);
    },

    hasLocation(id) {
      return Boolean(entries.get(id)?.layer);
    },

    /** Mark (or unmark) the drawing of an event: its marker, the cluster holding it, or its area. */
    highlight(id, on) {
      const entry = entries.get(id);
      if (!entry?.layer) return;
      if (entry.isMarker) clusters.getVisibleParent(entry.layer)?.getElement()?.classList.toggle("is-highlighted", on);
      else entry.layer.setStyle({ weight: on ? HIGHLIGHT_WEIGHT : AREA_WEIGHT });
    },

    /**
     * Open an event's popup. With fly, the map flies to it first; without, the
     * view stays as it is when the event is visible (a permalink's view).
     */
    open(id, { fly = true } = {}) {
      const entry = entries.get(id);
      if (!entry?.layer) return false;
      if (entry.isMarker) {
        const marker = entry.layer;
        const reveal = () => clusters.zoomToShowLayer(marker, () => openPopup(entry, { pan: true }));
        if (!fly && clusters.getVisibleParent(marker) === marker) openPopup(entry, { pan: false });
        else if (fly) {
          map.once("moveend", reveal);
          map.flyTo(marker.getLatLng(), Math.max(map.getZoom(), FLY_MIN_ZOOM));
        } else reveal();
      } else if (fly) {
        map.once("moveend", () => openPopup(entry, { pan: true }));
        map.flyToBounds(entry.layer.getBounds(), { maxZoom: FLY_MIN_ZOOM, padding: [40, 40] });
      } else openPopup(entry, { pan: false });
      return true;
    },
  };
}
