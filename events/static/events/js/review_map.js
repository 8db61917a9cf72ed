/**
 * The event list's map: the events of the page shown (as filtered: the drafts, the ones that need
 * review…) on a small map above the list; hollow circles need review; a click opens the event.
 */

import { drawRowsMap } from "./rows_map.js";

const element = document.getElementById("review-map");
const config = document.getElementById("review-map-config");
if (element && config) {
  drawRowsMap(element, JSON.parse(config.textContent));
  element.dataset.ready = "true";
}
