/**
 * A point set by hand on the event form's map (a click, a drag, typed coordinates): it forgets
 * any picked candidate, is named after the nearest known place when the source gave no name,
 * and asks before it is kept in another country than the event's (a slip of the mouse across
 * a border); "Cancel" puts it back.
 */

import { gettext, interpolate } from "./i18n.js";
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
          setStatus(interpolate(gettext("Named after the nearest place: %(name)s."), { name: candidate.name }));
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
    const question = interpolate(
      gettext("This point is in %(country)s (%(code)s), but the event's country is %(expected)s. Keep the point there?"),
      { country: country.name, code: country.code, expected },
    );
    if (window.confirm(question)) {
      setStatus(interpolate(gettext("Point kept in %(country)s, outside %(expected)s."), { country: country.name, expected }));
    } else if (before) {
      point.write(before);
      point.draw();
      setStatus(interpolate(gettext("Point moved back: it stays in %(expected)s."), { expected }));
    } else {
      point.clear();
      point.draw();
      setStatus(interpolate(gettext("Point removed: it was outside %(expected)s."), { expected }));
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
      setStatus(interpolate(gettext("Point set by hand at %(lat)s, %(lon)s."), { lat: inputs.latitude.value, lon: inputs.longitude.value }));
      nameAfterNearest(latlng, (country) => confirmCountry(country, before));
    },
  };
}
