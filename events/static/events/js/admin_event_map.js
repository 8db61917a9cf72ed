/**
 * The event form's map, wired from its parts: the point bound to the latitude/longitude inputs
 * (admin_form_point.js), the "Find" box (admin_place_finder.js), points set by hand with their
 * country check (admin_hand_point.js) and the admin's geocoder views (admin_geocoder.js).
 * Configuration comes from a json_script block; everything untrusted is shown with textContent.
 * The base map falls back to the offline outlines and labels when the tiles fail (offline.js),
 * so a point can be placed with no internet.
 */

import { gettext, interpolate } from "./i18n.js";
import { createFormPoint, formInputs } from "./admin_form_point.js";
import { createHandPlacement } from "./admin_hand_point.js";
import { bindPlaceFinder, statusLine } from "./admin_place_finder.js";
import { addBaseMap } from "./offline.js";

function initEventMap(container) {
  const config = JSON.parse(document.getElementById(container.dataset.configId).textContent);
  const inputs = formInputs(config.fields);
  const finder = document.querySelector("[data-place-finder]");
  const setStatus = statusLine(finder);
  const map = addBaseMap(L.map(container).setView(config.center, config.zoom), config.tiles);
  const point = createFormPoint(map, inputs);
  let pickedCountry = ""; // the country of the last picked candidate, when the form has no hint
  const expectedCountry = () => (inputs.country ? inputs.country.value.trim().toUpperCase() : "") || pickedCountry;
  const byHand = createHandPlacement({
    container, inputs, point, reverseUrl: config.reverse_url, setStatus, expectedCountry,
  });

  function pickCandidate(candidate) {
    if (inputs.placeName.value.trim() === "") inputs.placeName.value = candidate.name;
    if (inputs.country && candidate.country_code) inputs.country.value = candidate.country_code;
    pickedCountry = candidate.country_code || "";
    if (inputs.precision && candidate.precision) inputs.precision.value = candidate.precision;
    point.write(L.latLng(candidate.latitude, candidate.longitude));
    if (inputs.picked) {
      inputs.picked.value = JSON.stringify({ source: candidate.source, confidence: candidate.confidence });
    }
    map.setView(point.draw(), Math.max(map.getZoom(), 10), { animate: false });
    setStatus(interpolate(gettext("Picked %(name)s. Click the map or drag the marker to adjust."), { name: candidate.name }));
    container.dataset.picked = candidate.name;
  }

  map.on("click", (event) => byHand.setByHand(event.latlng));
  point.marker.on("dragend", () => byHand.setByHand(point.marker.getLatLng()));
  [inputs.latitude, inputs.longitude].forEach((input) => {
    input.addEventListener("change", () => {
      if (inputs.picked) inputs.picked.value = "";
      const shown = point.draw();
      if (!shown) return;
      map.panTo(shown);
      if (inputs.placeName && inputs.placeName.value.trim() === "") byHand.nameAfterNearest(shown);
    });
  });
  if (inputs.precision) inputs.precision.addEventListener("change", () => point.draw());
  if (inputs.geometry) inputs.geometry.addEventListener("change", () => point.drawGeometry());
  if (finder) bindPlaceFinder(finder, inputs, { geocodeUrl: config.geocode_url, onPick: pickCandidate });

  const geometry = point.drawGeometry();
  const shown = point.draw();
  if (shown) map.setView(shown, 10);
  else if (geometry && geometry.getBounds().isValid()) map.fitBounds(geometry.getBounds());
  container.dataset.mapReady = "true";
}

document.querySelectorAll("[data-event-map]").forEach(initEventMap);
