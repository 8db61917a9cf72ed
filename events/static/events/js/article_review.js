// "New article from text": one marker per proposal at the place option chosen in its
// "Place" select, moved when the reviewer switches candidates; hovering or focusing a
// proposal lights its sentences in the text and its marker. Points come from a
// json_script block, per proposal and option as [latitude, longitude, precision, name]
// (already Leaflet's [lat, lng] order); an area (a country, a border) has no point and
// no marker. Sets data-review-ready on the map when drawn, for tests.
import { addBaseMap } from "./offline.js";

(function () {
  "use strict";

  function initReview(container) {
    const config = JSON.parse(document.getElementById(container.dataset.configId).textContent);
    const points = JSON.parse(document.getElementById(container.dataset.pointsId).textContent);
    const map = L.map(container, { zoomSnap: 0.5 }).setView([46, 25], 5);
    addBaseMap(map, config.tiles);
    const markers = [];
    const proposals = Array.from(document.querySelectorAll("[data-proposal]"));
    const textPanel = document.querySelector(".review-text");

    function sentenceMarks(number) {
      return Array.from(document.querySelectorAll("[data-article-text] mark")).filter(function (mark) {
        return mark.dataset.proposals.split(" ").indexOf(String(number)) !== -1;
      });
    }

    function place(index) {
      const fieldset = proposals[index];
      const select = fieldset.querySelector("select[name$='-option']");
      const point = points[index][Number(select.value)] || [];
      const marker = markers[index];
      if (point[0] === null || point[0] === undefined) {
        if (marker) marker.remove();
        markers[index] = null;
        fieldset.dataset.onMap = "false";
        return;
      }
      const latLng = [point[0], point[1]];
      if (marker) {
        marker.setLatLng(latLng).addTo(map);
      } else {
        markers[index] = L.marker(latLng, { title: fieldset.dataset.proposal + ". " + point[3] }).addTo(map);
      }
      fieldset.dataset.onMap = "true";
    }

    function fit() {
      const shown = markers.filter(Boolean).map(function (marker) {
        return marker.getLatLng();
      });
      if (shown.length) map.fitBounds(L.latLngBounds(shown).pad(0.3), { maxZoom: 9 });
    }

    proposals.forEach(function (fieldset, index) {
      place(index);
      const number = fieldset.dataset.proposal;
      fieldset.querySelector("select[name$='-option']").addEventListener("change", function () {
        place(index);
        fit();
      });
      function light(on) {
        fieldset.classList.toggle("is-active", on);
        const marks = sentenceMarks(number);
        marks.forEach(function (mark) {
          mark.classList.toggle("is-active", on);
        });
        if (!on) return;
        // Bring the first sentence into the text panel's view (the panel scrolls, not the page).
        if (marks.length) {
          const offset = marks[0].getBoundingClientRect().top - textPanel.getBoundingClientRect().top;
          textPanel.scrollTop += offset - 40;
        }
        if (markers[index]) map.panTo(markers[index].getLatLng());
      }
      fieldset.addEventListener("mouseenter", function () { light(true); });
      fieldset.addEventListener("mouseleave", function () { light(false); });
      fieldset.addEventListener("focusin", function () { light(true); });
      fieldset.addEventListener("focusout", function () { light(false); });
    });
    fit();
    container.dataset.reviewReady = "true";
  }

  document.querySelectorAll("[data-review-map]").forEach(initReview);
})();
