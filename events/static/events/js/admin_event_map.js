// The event form's map: a Leaflet marker bound to the latitude/longitude inputs,
// a precision circle, the event's line/area geometry, the "Find" button that asks
// the admin's geocoder view for candidates, and reverse geocoding of hand-set points.
// Configuration comes from a json_script block; everything untrusted is shown with
// textContent. Leaflet wants [lat, lng]; GeoJSON (the geometry field) is [lon, lat]
// and L.geoJSON does that swap itself. Loaded as a module, so it draws precision
// with the same radii as the public map (precision.js). A point set by hand in
// another country than the event's asks for confirmation before it is kept.
import { NUMBER, gettext, interpolate } from "./i18n.js";
import { precisionOf } from "./precision.js";

(function () {
  "use strict";

  function parseCoordinate(input, limit) {
    if (!input || input.value.trim() === "") return null;
    const value = Number(input.value);
    return Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
  }

  function fetchJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(
      function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.error || interpolate(gettext("The geocoder answered %(status)s."), { status: response.status }));
          return body;
        });
      },
    );
  }

  function candidateLabel(candidate) {
    const country = candidate.country_name ? candidate.country_name + " (" + candidate.country_code + ")" : "";
    const details = [country || candidate.country_code, candidate.feature_code, candidate.precision];
    if (candidate.population) details.push(interpolate(gettext("pop. %(count)s"), { count: NUMBER.format(candidate.population) }));
    if (typeof candidate.confidence === "number") details.push(interpolate(gettext("confidence %(value)s"), { value: candidate.confidence.toFixed(2) }));
    details.push(candidate.source);
    return details.filter(Boolean).join(" · ");
  }

  function initEventMap(container) {
    const config = JSON.parse(document.getElementById(container.dataset.configId).textContent);
    const field = function (name) {
      return document.getElementById(config.fields[name]);
    };
    const inputs = {
      latitude: field("latitude"),
      longitude: field("longitude"),
      precision: field("precision"),
      placeName: field("place_name"),
      country: field("country_hint"),
      geometry: field("geometry"),
      picked: field("picked"),
    };
    const finder = document.querySelector("[data-place-finder]");

    const map = L.map(container).setView(config.center, config.zoom);
    L.tileLayer(config.tiles.url, config.tiles.options).addTo(map);
    map.attributionControl.setPrefix(config.tiles.attribution_prefix);
    const marker = L.marker([0, 0], { draggable: true, autoPan: true, title: gettext("Event location") });
    const circle = L.circle([0, 0], { radius: 1, interactive: false, weight: 1, className: "precision-circle" });
    let geometryLayer = null;

    function readPoint() {
      const lat = parseCoordinate(inputs.latitude, 90);
      const lng = parseCoordinate(inputs.longitude, 180);
      return lat === null || lng === null ? null : L.latLng(lat, lng);
    }

    function drawPoint() {
      const point = readPoint();
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
    }

    function drawGeometry() {
      if (geometryLayer) geometryLayer.remove();
      geometryLayer = null;
      const text = inputs.geometry ? inputs.geometry.value.trim() : "";
      if (!text || text === "null") return;
      try {
        geometryLayer = L.geoJSON(JSON.parse(text), { interactive: false, className: "event-geometry" }).addTo(map);
      } catch (error) {
        geometryLayer = null; // the server validates it on save and says what is wrong
      }
    }

    function writePoint(latlng) {
      inputs.latitude.value = latlng.lat.toFixed(5);
      inputs.longitude.value = latlng.lng.toFixed(5);
    }

    function setStatus(text) {
      const status = finder && finder.querySelector("[data-geocode-status]");
      if (status) status.textContent = text;
    }

    let pickedCountry = ""; // the country of the last picked candidate, when the form has no hint

    function expectedCountry() {
      const hint = inputs.country ? inputs.country.value.trim().toUpperCase() : "";
      return hint || pickedCountry;
    }

    // A point set by hand: forget any picked candidate; name it if the source gave no name;
    // ask before keeping it in another country than the event's (a slip of the mouse across a border).
    function pointSetByHand(latlng) {
      const before = readPoint();
      writePoint(latlng);
      if (inputs.picked) inputs.picked.value = "";
      drawPoint();
      setStatus(interpolate(gettext("Point set by hand at %(lat)s, %(lon)s."), { lat: inputs.latitude.value, lon: inputs.longitude.value }));
      reverseGeocode(latlng, function (country) {
        const expected = expectedCountry();
        if (!expected || !country.code || country.code === expected) return;
        const question = interpolate(
          gettext("This point is in %(country)s (%(code)s), but the event's country is %(expected)s. Keep the point there?"),
          { country: country.name, code: country.code, expected });
        if (window.confirm(question)) {
          setStatus(interpolate(gettext("Point kept in %(country)s, outside %(expected)s."), { country: country.name, expected }));
        } else if (before) {
          writePoint(before);
          drawPoint();
          setStatus(interpolate(gettext("Point moved back: it stays in %(expected)s."), { expected }));
        } else {
          inputs.latitude.value = inputs.longitude.value = "";
          drawPoint();
          setStatus(interpolate(gettext("Point removed: it was outside %(expected)s."), { expected }));
        }
      });
    }

    function reverseGeocode(latlng, onCountry) {
      container.dataset.reverse = "pending";
      const url = config.reverse_url + "?lat=" + latlng.lat.toFixed(5) + "&lon=" + latlng.lng.toFixed(5);
      fetchJSON(url)
        .then(function (body) {
          if (onCountry && body.country) onCountry(body.country);
          const candidate = body.candidate;
          if (candidate && inputs.placeName.value.trim() === "") {
            inputs.placeName.value = candidate.name;
            if (inputs.country && !inputs.country.value) inputs.country.value = candidate.country_code || "";
            setStatus(interpolate(gettext("Named after the nearest place: %(name)s."), { name: candidate.name }));
          }
        })
        .catch(function (error) {
          setStatus(error.message);
        })
        .finally(function () {
          container.dataset.reverse = "done";
        });
    }

    function pickCandidate(candidate) {
      if (inputs.placeName.value.trim() === "") inputs.placeName.value = candidate.name;
      if (inputs.country && candidate.country_code) inputs.country.value = candidate.country_code;
      pickedCountry = candidate.country_code || "";
      if (inputs.precision && candidate.precision) inputs.precision.value = candidate.precision;
      writePoint(L.latLng(candidate.latitude, candidate.longitude));
      if (inputs.picked) {
        inputs.picked.value = JSON.stringify({ source: candidate.source, confidence: candidate.confidence });
      }
      map.setView(drawPoint(), Math.max(map.getZoom(), 10), { animate: false });
      setStatus(interpolate(gettext("Picked %(name)s. Click the map or drag the marker to adjust."), { name: candidate.name }));
      container.dataset.picked = candidate.name;
    }

    function showCandidates(candidates, warning) {
      const list = finder.querySelector("[data-geocode-results]");
      list.replaceChildren();
      candidates.forEach(function (candidate, index) {
        const button = document.createElement("button");
        button.type = "button";
        button.dataset.candidateIndex = String(index);
        const name = document.createElement("strong");
        name.textContent = candidate.name;
        const detail = document.createElement("span");
        detail.className = "candidate-detail";
        detail.textContent = candidateLabel(candidate);
        button.append(name, detail);
        button.addEventListener("click", function () {
          pickCandidate(candidate);
          list.replaceChildren();
        });
        const item = document.createElement("li");
        item.append(button);
        list.append(item);
      });
      const prompt = candidates.length ? gettext("Pick the right place:") : gettext("No place of that name was found.");
      setStatus(warning ? warning + " " + prompt : prompt);
      finder.dataset.warning = warning ? "true" : "false";
    }

    function findPlace() {
      const query = inputs.placeName.value.trim();
      if (!query) {
        setStatus(gettext("Type a place name first."));
        return;
      }
      const params = new URLSearchParams({ q: query });
      if (inputs.country && inputs.country.value.trim()) params.set("country", inputs.country.value.trim());
      finder.dataset.candidates = "pending";
      setStatus(gettext("Searching…"));
      fetchJSON(config.geocode_url + "?" + params.toString())
        .then(function (body) {
          showCandidates(body.candidates, body.warning);
          finder.dataset.candidates = String(body.candidates.length);
        })
        .catch(function (error) {
          setStatus(error.message);
          finder.dataset.candidates = "error";
        });
    }

    map.on("click", function (event) {
      pointSetByHand(event.latlng);
    });
    marker.on("dragend", function () {
      pointSetByHand(marker.getLatLng());
    });
    [inputs.latitude, inputs.longitude].forEach(function (input) {
      input.addEventListener("change", function () {
        if (inputs.picked) inputs.picked.value = "";
        const point = drawPoint();
        if (!point) return;
        map.panTo(point);
        if (inputs.placeName && inputs.placeName.value.trim() === "") reverseGeocode(point);
      });
    });
    if (inputs.precision) inputs.precision.addEventListener("change", drawPoint);
    if (inputs.geometry) inputs.geometry.addEventListener("change", drawGeometry);
    if (finder) {
      finder.querySelector("[data-geocode-find]").addEventListener("click", findPlace);
      inputs.placeName.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault(); // Enter searches instead of submitting the form
          findPlace();
        }
      });
    }

    drawGeometry();
    const point = drawPoint();
    if (point) map.setView(point, 10);
    else if (geometryLayer && geometryLayer.getBounds().isValid()) map.fitBounds(geometryLayer.getBounds());
    container.dataset.mapReady = "true";
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-event-map]").forEach(initEventMap);
  });
})();
