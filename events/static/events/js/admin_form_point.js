/**
 * The event form's point on the admin map: a draggable marker bound to the latitude and longitude
 * inputs, the precision circle (the public map's radii, precision.js) and the event's line or area
 * from the geometry input. Leaflet wants [lat, lng]; GeoJSON (the geometry field) is [lon, lat] and
 * L.geoJSON does that swap itself.
 */

import { gettext } from "./i18n.js";
import { precisionOf } from "./precision.js";

function parseCoordinate(input, limit) {
  if (!input || input.value.trim() === "") return null;
  const value = Number(input.value);
  return Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
}

/** The form's inputs by role, from the widget's configuration (field name -> element id). */
export function formInputs(fields) {
  const field = (name) => document.getElementById(fields[name]);
  return {
    latitude: field("latitude"),
    longitude: field("longitude"),
    precision: field("precision"),
    placeName: field("place_name"),
    country: field("country_hint"),
    geometry: field("geometry"),
    picked: field("picked"),
  };
}

export function createFormPoint(map, inputs) {
  const marker = L.marker([0, 0], { draggable: true, autoPan: true, title: gettext("Event location") });
  const circle = L.circle([0, 0], { radius: 1, interactive: false, weight: 1, className: "precision-circle" });
  let geometryLayer = null;

  return {
    marker,

    /** The point the inputs hold, or null. */
    read() {
      const lat = parseCoordinate(inputs.latitude, 90);
      const lng = parseCoordinate(inputs.longitude, 180);
      return lat === null || lng === null ? null : L.latLng(lat, lng);
    },

    write(latlng) {
      inputs.latitude.value = latlng.lat.toFixed(5);
      inputs.longitude.value = latlng.lng.toFixed(5);
    },

    clear() {
      inputs.latitude.value = inputs.longitude.value = "";
    },

    /** Draw the inputs' point and its precision circle; returns the point (null: nothing drawn). */
    draw() {
      const point = this.read();
      if (!point) {
        marker.remove();
        circle.remove();
        return null;
      }
      marker.setLatLng(point).addTo(map);
      const radius = precisionOf(inputs.precision && inputs.precision.value).radiusKm * 1000;
      if (radius) circle.setLatLng(point).setRadius(radius).addTo(map);
      else circle.remove();
      return point;
    },

    /** Draw the geometry input's line or area; returns its layer (null: none, or not valid GeoJSON). */
    drawGeometry() {
      if (geometryLayer) geometryLayer.remove();
      geometryLayer = null;
      const text = inputs.geometry ? inputs.geometry.value.trim() : "";
      if (!text || text === "null") return null;
      try {
        geometryLayer = L.geoJSON(JSON.parse(text), { interactive: false, className: "event-geometry" }).addTo(map);
      } catch {
        geometryLayer = null; // the server validates it on save and says what is wrong
      }
      return geometryLayer;
    },
  };
}
