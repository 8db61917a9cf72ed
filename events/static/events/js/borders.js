/**
 * The "Land borders" overlay: the land borders of every country the shown
 * events lie in (and of the border-zone filter's country), from our own
 * /api/borders/, drawn as dashed lines the reader switches on in the layer
 * control. Each country's borders are fetched once, only while the overlay is on. The
 * tooltips name the countries in the page's language (the answer is cached for a day, whatever the language).
 */

import { getJson } from "./api.js";
import { el } from "./dom.js";
import { countryName } from "./filters.js";
import { gettext, interpolate } from "./i18n.js";

export const BORDERS_NAME = gettext("Land borders");
const BORDER_STYLE = { color: "#7a1f1f", weight: 2.5, dashArray: "6 5", className: "border-line" };

export function createBorderOverlay(map, control, { bordersUrl }) {
  const drawn = new Set(); // "RO-UA": each shared border once, whichever side asked for it
  const asked = new Set();
  let countries = new Set();
  const layer = L.geoJSON(null, {
    style: BORDER_STYLE,
    filter: (feature) => {
      const pair = [...feature.properties.countries].sort().join("-");
      if (drawn.has(pair)) return false;
      drawn.add(pair);
      return true;
    },
    // A DOM node, not a string: Leaflet would read a string as HTML.
    onEachFeature: (feature, line) =>
      line.bindTooltip(el("span", { text: interpolate(gettext("%(countries)s border"), { countries: feature.properties.countries.map(countryName).join(" – ") }) }), { sticky: true }),
  });

  async function fill() {
    for (const code of countries) {
      if (asked.has(code)) continue;
      asked.add(code);
      try {
        layer.addData(await getJson(`${bordersUrl}?countries=${encodeURIComponent(code)}`));
      } catch {
        asked.delete(code); // try again next time the overlay or the data changes
      }
    }
    document.body.dataset.bordersDrawn = String(drawn.size);
  }

  control.addOverlay(layer, BORDERS_NAME);
  layer.on("add", fill);
  return {
    /** The countries whose borders the overlay shows (ISO codes; blanks ignored). */
    setCountries(codes) {
      countries = new Set([...codes].filter(Boolean));
      if (map.hasLayer(layer)) fill();
    },
  };
}
