/**
 * On a phone the map comes first. The filters other than search, and the
 * timeline's chart and player, fold behind one button each; the folded
 * section still shows what is in force (the search box, the border zone
 * note, the date range). The fold is CSS (map.css, max-width: 700px): on a
 * wider screen the buttons are hidden and everything shows.
 */

import { el } from "./dom.js";
import { gettext } from "./i18n.js";

/** A button that folds ``section`` (folded at first) and unfolds it; the caller puts it in place. */
function foldButton(section, label) {
  const button = el("button", {
    type: "button",
    class: "phone-fold",
    "aria-expanded": "false",
    "aria-controls": section.id,
    text: label,
  });
  section.classList.add("is-folded");
  button.addEventListener("click", () => {
    const open = section.classList.toggle("is-folded") === false;
    button.setAttribute("aria-expanded", String(open));
  });
  return button;
}

/** The map page's two folds: the filters (after the search box) and the timeline (in its footer). */
export function foldForPhone() {
  const filters = document.getElementById("filters");
  filters?.querySelector(".filters__search").after(foldButton(filters, gettext("Filters")));
  const timeline = document.getElementById("timeline");
  timeline?.querySelector(".timeline__footer").prepend(foldButton(timeline, gettext("Timeline")));
}
