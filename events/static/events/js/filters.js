/** The filter form above the map (text, border zone) and the export, feed and permalink links. */

import { filterParams } from "./api.js";
import { debounce, el } from "./dom.js";
import { gettext, interpolate } from "./i18n.js";

const TYPING_PAUSE_MS = 300;

/** Country names from the server's one table (CLDR), handed over in the page's map-config block. */
function serverCountryNames() {
  const block = document.getElementById("map-config");
  return (block && JSON.parse(block.textContent).country_names) || {};
}
const countryNames = serverCountryNames();

/** A country's name in the page's language (the code itself when unknown). */
export function countryName(code) {
  return countryNames[code] ?? code;
}

/** "within 30 km of Ukraine's borders" (either side), or "" when no border is chosen. */
export function borderZoneWords(code, km) {
  return code ? interpolate(gettext("within %(km)s km of %(country)s’s borders, on either side"), { km, country: countryName(code) }) : "";
}

function addCountryOption(select, code) {
  if (!code || [...select.options].some((option) => option.value === code)) return;
  select.append(el("option", { value: code, text: countryName(code) }));
}

/** Wire the form to onChange(partialFilters). Returns what the page updates later. */
export function bindFilterForm(form, filters, { onChange }) {
  if (!form) return { setBorderCountries() {} };
  const { q, near_border: nearBorder, within_km: withinKm } = form.elements;
  q.value = filters.q;
  withinKm.value = String(filters.withinKm);
  addCountryOption(nearBorder, filters.nearBorder);
  nearBorder.value = filters.nearBorder;
  const zone = el("p", { class: "filters__zone", "aria-live": "polite" });
  form.append(zone);
  const describeZone = () => {
    const words = borderZoneWords(nearBorder.value, withinKm.value);
    zone.textContent = words ? interpolate(gettext("Showing events %(zone)s."), { zone: words }) : "";
  };
  describeZone();
  nearBorder.addEventListener("change", describeZone);
  withinKm.addEventListener("change", describeZone);

  q.addEventListener("input", debounce(() => onChange({ q: q.value.trim() }), TYPING_PAUSE_MS));
  nearBorder.addEventListener("change", () => onChange({ nearBorder: nearBorder.value }));
  withinKm.addEventListener("change", () => {
    const km = Number(withinKm.value);
    if (Number.isFinite(km) && km > 0) onChange({ withinKm: km });
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    onChange({ q: q.value.trim() });
  });

  return {
    /** Offer the border countries the matching events in view lie near (and the chosen one, wherever it is). */
    setBorderCountries(codes) {
      const wanted = new Set([...codes, nearBorder.value]);
      for (const option of [...nearBorder.options]) if (option.value && !wanted.has(option.value)) option.remove();
      for (const code of wanted) addCountryOption(nearBorder, code);
      const byName = [...nearBorder.options].filter((option) => option.value).sort((a, b) => a.text.localeCompare(b.text));
      nearBorder.append(...byName); // in the reader's alphabetical order; moving keeps the selection
    },
  };
}

/** Point the export, feed and permalink links at what the filters select. */
export function updateShareLinks(urls, filters) {
  const params = filterParams(filters);
  for (const format of ["geojson", "csv", "kml"]) {
    const link = document.getElementById(`export-${format}`);
    const query = new URLSearchParams(params);
    query.set("format", format);
    if (link) link.href = `${urls.events}?${query}`;
  }
  const feed = document.getElementById("feed-link");
  if (feed) feed.href = params.size ? `${urls.feed}?${params}` : urls.feed;
  const permalink = document.getElementById("permalink");
  if (permalink) permalink.href = window.location.href;
}
