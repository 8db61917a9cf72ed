/**
 * The small map of an event page (#event-map) or an article page
 * (#article-map): the same drawing as the main map, fitted to the page's
 * events. Links to those events elsewhere on the page (place names in the
 * article text, the event list) highlight them on the map.
 */

import { getJson } from "./api.js";
import { createEventLayers } from "./layers.js";
import { addBaseMap } from "./offline.js";
import { featuresBounds } from "./singles.js";

const FIT_MAX_ZOOM = 10;
const WORLD = { centre: [20, 0], zoom: 2 };

async function start(element, config) {
  const map = L.map(element, { scrollWheelZoom: false });
  addBaseMap(map, config.tiles);
  const layers = createEventLayers(map, { onOpen() {}, onClose() {}, kinds: config.kinds });
  let features = [];
  try {
    features = (await getJson(config.features_url)).features ?? [];
  } catch {
    element.dataset.failed = "true"; // the page's text and links still say everything
  }
  const bounds = featuresBounds(features);
  if (bounds) map.fitBounds(bounds, { padding: [24, 24], maxZoom: FIT_MAX_ZOOM });
  else map.setView(WORLD.centre, WORLD.zoom);
  await layers.render(features);

  for (const link of document.querySelectorAll("a[data-event-id]")) {
    const id = Number(link.dataset.eventId);
    for (const [type, on] of [["mouseenter", true], ["mouseleave", false], ["focus", true], ["blur", false]]) {
      link.addEventListener(type, () => layers.highlight(id, on));
    }
  }
  document.body.dataset.eventsLoaded = "true";
}

for (const name of ["event", "article"]) {
  const element = document.getElementById(`${name}-map`);
  const config = document.getElementById(`${name}-map-config`);
  if (element && config) start(element, JSON.parse(config.textContent));
}
