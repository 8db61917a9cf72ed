/**
 * A point set by hand on the event form's map (a click, a drag, typed coordinates): it forgets
 * any picked candidate, is named after the nearest known place when the source gave no name,
 * and asks before it is kept in another country than the event's (a slip of the mouse across
 * a border); "Cancel" puts it back.
 */

import { reverseGeocode } from "./admin_geocoder.js";

export function createHandPlacement({ container, inputs, point, reverseUrl, setStatus, expectedCountry }) {
  /** Name the point after the nearest place when the place name is empty; onCountry(country) gets its country. */
  function nameAfterNearest(latlng, onCountry) {
    container.dataset.reverse = "pending";
    reverseGeocode(reverseUrl, latlng)
      .then((body) => {
        if (onCountry && body.country) onCountry(body.country);
        const candidate = body.candidate;
        if (candidate && inputs.placeName.value.trim() === "") {
          inputs.placeName.value = candidate.name;
          if (inputs.country && !inputs.country.value) inputs.country.value = candidate.country_code || "";
          setStatus("Named after the nearest place: " + candidate.name + ".");
        }
      })
      .catch((error) => setStatus(error.message))
      .finally(() => {
        container.dataset.reverse = "done";
      });
  }

  function confirmCountry(country, before) {
    const expected = expectedCountry();
    if (!expected || !country.code || country.code === expected) return;
    const question =
      "This point is in " + country.name + " (" + country.code + "), but the event's country is " +
      expected + ". Keep the point there?";
    if (window.confirm(question)) {
      setStatus("Point kept in " + country.name + ", outside " + expected + ".");
    } else if (before) {
      point.write(before);
      point.draw();
      setStatus("Point moved back: it stays in " + expected + ".");
    } else {
      point.clear();
      point.draw();
      setStatus("Point removed: it was outside " + expected + ".");
    }
  }

  return {
    nameAfterNearest,

    /** The editor clicked or dragged the point to ``latlng``. */
    setByHand(latlng) {
      const before = point.read();
      point.write(latlng);
      if (inputs.picked) inputs.picked.value = "";
      point.draw();
      setStatus("Point set by hand at " + inputs.latitude.value + ", " + inputs.longitude.value + ".");
      nameAfterNearest(latlng, (country) => confirmCountry(country, before));
    },
  };
}
