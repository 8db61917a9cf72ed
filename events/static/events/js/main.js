/**
 * The map page: wires the modules together once django-leaflet has built the
 * map (its "map:init" window event; NO_GLOBALS is on, so there is no other
 * way in). State lives here: the filters, the open event, and the data.
 */

import { ApiError, fetchEvents } from "./api.js";
import { createBorderOverlay } from "./borders.js";
import { bindFilterForm, updateShareLinks } from "./filters.js";
import { createEventLayers, featuresBounds } from "./layers.js";
import { createLegend } from "./legend.js";
import { createList } from "./list.js";
import { messageBox, setupBaseLayers } from "./offline.js";
import { createTimeline } from "./timeline.js";
import { readHash, writeHash } from "./urlstate.js";

const FIT_PADDING = [30, 30];
const FIT_MAX_ZOOM = 9;
const NOTHING = { features: [], truncated: false };

function start(map, config) {
  const initial = readHash();
  const state = { filters: { ...initial.filters }, event: initial.event };
  const alert = messageBox(document.getElementById("map-alert"));
  const notice = messageBox(document.getElementById("map-notice"));
  let loads = 0;
  let drawnOnce = false; // the first drawing fits the view and reopens a permalink's event
  let truncatedBefore = false;
  let latest = null; // the AbortController of the newest request

  const saveUrl = () => {
    const centre = map.getCenter();
    writeHash({ view: { lat: centre.lat, lon: centre.lng, zoom: map.getZoom() }, filters: state.filters, event: state.event });
    updateShareLinks(config.urls, state.filters);
  };
  const layers = createEventLayers(map, {
    onOpen: (id) => { state.event = id; saveUrl(); },
    onClose: (id) => { if (state.event === id) { state.event = null; saveUrl(); } },
  });
  const list = createList(document.getElementById("event-list"), {
    onHover: (id, on) => layers.highlight(id, on),
    onActivate: (id) => layers.open(id),
  });
  const showList = () => list.render(layers.featuresIn(map.getBounds()), (id) => layers.hasLocation(id));
  const change = (partial) => {
    state.filters = { ...state.filters, ...partial };
    saveUrl();
    load();
  };
  createLegend(map, config.kinds, { selected: state.filters.kinds, onChange: (kinds) => change({ kinds }) });
  const form = bindFilterForm(document.getElementById("filters"), state.filters, { onChange: change });
  const timeline = createTimeline(document.getElementById("timeline"), { onRange: change });
  const control = setupBaseLayers(map, { countriesUrl: config.urls.countries, baseLayerName: config.base_layer_name, notice });
  const borderOverlay = createBorderOverlay(map, control, { bordersUrl: config.urls.borders });
  // reset: place the exact centre; an animated pan would round it to whole pixels.
  if (initial.view) map.setView([initial.view.lat, initial.view.lon], initial.view.zoom, { reset: true });

  async function load() {
    latest?.abort();
    const request = new AbortController();
    latest = request;
    const { filters } = state;
    const datesSet = Boolean(filters.dateFrom || filters.dateTo);
    document.body.dataset.eventsLoaded = "false";
    try {
      let allDates = NOTHING;
      let shown = NOTHING;
      if (filters.kinds === null || filters.kinds.length) {
        // The timeline shows every date the other filters allow, so its range can widen again.
        [allDates, shown] = await Promise.all([
          fetchEvents(config.urls.events, filters, { dates: false, signal: request.signal }),
          datesSet ? fetchEvents(config.urls.events, filters, { signal: request.signal }) : null,
        ]);
        shown ??= allDates;
      }
      alert.hide();
      if (shown.truncated) notice.show(`Showing the first ${shown.features.length} events: narrow the filters to see the rest.`);
      else if (truncatedBefore) notice.hide();
      truncatedBefore = shown.truncated;
      timeline.render(allDates.features, filters);
      form.addBorderCountries(new Set(allDates.features.map((feature) => feature.properties.border_country)));
      // Fit before drawing: clusters then build at the final zoom instead of animating into it.
      if (!drawnOnce && !initial.view) fitEvents(shown.features);
      layers.render(shown.features);
      borderOverlay.setCountries([...shown.features.map((feature) => feature.properties.country_code), filters.nearBorder]);
      if (!drawnOnce) reopenLinkedEvent();
      drawnOnce = true;
      showList();
      document.body.dataset.eventsCount = String(shown.features.length);
      document.body.dataset.eventsLoaded = "true";
    } catch (error) {
      if (error.name === "AbortError") return;
      alert.show(error instanceof ApiError ? error.message : "The events could not be shown.", { retry: load });
      document.body.dataset.eventsLoaded = "error";
    }
    loads += 1;
    document.body.dataset.loadCount = String(loads); // tests wait for it to grow after a filter change
  }

  /** With no view in the permalink, show every event drawn. */
  function fitEvents(features) {
    const bounds = featuresBounds(features);
    if (bounds) map.fitBounds(bounds, { padding: FIT_PADDING, maxZoom: FIT_MAX_ZOOM, animate: false });
  }

  function reopenLinkedEvent() {
    if (initial.event !== null && !layers.open(initial.event, { fly: false })) state.event = null;
  }

  map.on("moveend", () => { showList(); saveUrl(); });
  // The map's box changes when the controls fill in or a phone turns; Leaflet only watches the window.
  // Keep the exact centre (a permalink's) rather than panning by rounded pixels.
  new ResizeObserver(() => {
    const { clientWidth, clientHeight } = map.getContainer();
    const size = map.getSize();
    if (size.x === clientWidth && size.y === clientHeight) return;
    const centre = map.getCenter();
    map.invalidateSize({ pan: false });
    map.setView(centre, map.getZoom(), { reset: true });
  }).observe(map.getContainer());
  load();
}

window.addEventListener("map:init", (event) => {
  if (event.detail.id !== "map") return;
  start(event.detail.map, JSON.parse(document.getElementById("map-config").textContent));
});
