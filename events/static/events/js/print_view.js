/**
 * The print view (/?print=1): the map with its legend unfolded and, above it,
 * what it shows in words (the filters), a Print button that opens the
 * browser's print dialogue and a link back to the same view of the map.
 * The print stylesheet (map.css, @media print) leaves the controls off paper.
 */

import { gettext, interpolate } from "./i18n.js";
import { borderZoneWords } from "./filters.js";
import { formatDate } from "./format.js";

const STRINGS = {
  allKinds: gettext("All kinds"),
  noKinds: gettext("No kinds"),
  search: (q) => interpolate(gettext("matching “%(search)s”"), { search: q }),
  from: (date) => interpolate(gettext("from %(date)s"), { date }),
  to: (date) => interpolate(gettext("to %(date)s"), { date }),
  printed: (date) => interpolate(gettext("printed %(date)s"), { date }),
};

/** The filters in words: "Military base, Drone sighting · matching “drone” · from 1 January 2024". */
export function filtersInWords(filters, kinds) {
  const names = new Map(kinds.map((kind) => [kind.slug, kind.name]));
  const parts = [
    filters.kinds === null ? STRINGS.allKinds
      : filters.kinds.length ? filters.kinds.map((slug) => names.get(slug) ?? slug).join(", ") : STRINGS.noKinds,
    filters.q ? STRINGS.search(filters.q) : null,
    filters.dateFrom ? STRINGS.from(formatDate(filters.dateFrom)) : null,
    filters.dateTo ? STRINGS.to(formatDate(filters.dateTo)) : null,
    borderZoneWords(filters.nearBorder, filters.withinKm) || null,
    STRINGS.printed(formatDate(new Date().toISOString().slice(0, 10))),
  ];
  return parts.filter(Boolean).join(" · ");
}

/** Wire the print view's bar; update(filters) follows the filters (the legend can still change them). */
export function createPrintView(kinds) {
  const note = document.getElementById("print-note");
  if (!note) return { update() {} };
  document.getElementById("print-button").addEventListener("click", () => window.print());
  const back = document.getElementById("print-back");
  return {
    update(filters) {
      note.textContent = filtersInWords(filters, kinds);
      back.href = `${back.pathname}${window.location.hash}`;
    },
  };
}
