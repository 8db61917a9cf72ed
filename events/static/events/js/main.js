/**
 * The map page: wires the modules together once django-leaflet has built the
 * map (its "map:init" window event; NO_GLOBALS is on, so there is no other
 * way in). The map asks for what it shows: on load, after every pan or zoom
 * (debounced; a newer request aborts the older) and on every filter change
 * it fetches its view (clusters and single events), the first page of the
 * list in view, the border filter's choices for the view and, when the
 * filters other than dates changed, the timeline.
 */

import { ApiError, bboxParam, fetchBorderChoices, fetchEvent, fetchHistogram, fetchList, fetchView } from "./api.js";
import { createBorderOverlay } from "./borders.js";
import { clustersApart } from "./cluster_merge.js";
import { debounce, nextTask } from "./dom.js";
import { bindFilterForm, updateShareLinks } from "./filters.js";
import { createHeatLayer } from "./heat.js";
import { gettext } from "./i18n.js";
import { createEventLayers } from "./layers.js";
import { createLegend } from "./legend.js";
import { createList } from "./list.js";
import { createNotice } from "./notices.js";
import { messageBox, setupBaseLayers } from "./offline.js";
import { foldForPhone } from "./phone_folds.js";
import { popupKeyboard } from "./popup_keyboard.js";
import { createPlayback } from "./playback.js";
import { createPrintView } from "./print_view.js";
import { createShare } from "./share.js";
import { featuresBounds } from "./singles.js";
import { createTimeline } from "./timeline.js";
import { createViewTotal } from "./total.js";
import { readHash, writeHash } from "./urlstate.js";

const FIT_PADDING = [30, 30];
const FIT_MAX_ZOOM = 9;
const MOVE_PAUSE_MS = 200;
const WORLD = L.latLngBounds([-85, -180], [85, 180]);
const WORLD_ZOOM = 2;
const NOTHING = {
  view: { total: 0, features: [] }, page: { total: 0, offset: 0, results: [] },
  histogram: { interval: "month", buckets: [], undated: 0, total: 0 },
};

async function start(map, config) {
  await nextTask(); // not in the task that loaded the page and built the map: that one is long enough
  const initial = readHash();
  const state = { filters: { ...initial.filters }, event: initial.event };
  const alert = messageBox(document.getElementById("map-alert"));
  const { urls } = config;
  let loads = 0;
  let drawnOnce = false; // the first drawing reopens a permalink's event
  let latest = null; // the AbortController of the newest view request
  let requestedView = null; // what the newest view request asked for: the same view is not asked twice
  let shownHistogram = null; // the filters the timeline shows (it ignores dates and the view)
  let histogram = NOTHING.histogram;
  const share = createShare(document.getElementById("filters"));
  const printView = createPrintView(config.kinds);
  printView.update(state.filters);

  const saveUrl = () => {
    const centre = map.getCenter();
    writeHash({ view: { lat: centre.lat, lon: centre.lng, zoom: map.getZoom() }, filters: state.filters, event: state.event });
    updateShareLinks(urls, state.filters);
    share.update();
    printView.update(state.filters);
  };
  const layers = createEventLayers(map, {
    kinds: config.kinds,
    onOpen: (id) => { state.event = id; saveUrl(); },
    onClose: (id) => { if (state.event === id) { state.event = null; saveUrl(); } },
  });
  const keyboard = popupKeyboard(map);
  const list = createList(document.getElementById("event-list"), config.kinds, {
    onHover: (id, on, position) => layers.highlight(id, on, position),
    onActivate: (id) => {
      keyboard.openingFrom(() => list.focus(id) || map.getContainer().focus()); // Escape comes back to the entry
      openEvent(id);
    },
    onMore: (offset) => loadMore(offset),
    onUnlocated: (show) => (show ? showUnlocated() : load({ again: true })),
  });
  const change = (partial) => {
    state.filters = { ...state.filters, ...partial };
    saveUrl();
    load();
  };
  createLegend(map, config.kinds, {
    selected: state.filters.kinds, onChange: (kinds) => change({ kinds }), onAreas: (on) => layers.showShapes(on),
    unfolded: config.view === "print",
  });
  const form = bindFilterForm(document.getElementById("filters"), state.filters, { onChange: change });
  const timeline = createTimeline(document.getElementById("timeline"), { onRange: change });
  const playback = createPlayback(document.getElementById("timeline"), { onRange: change });
  foldForPhone();
  const total = createViewTotal(map);
  const control = setupBaseLayers(map, { countriesUrl: urls.countries, labelsUrl: urls.labels, baseLayerName: config.base_layer_name, notice: createNotice(map) });
  const borderOverlay = createBorderOverlay(map, control, { bordersUrl: urls.borders });
  const heat = createHeatLayer(map, control);

  const noKinds = () => state.filters.kinds !== null && !state.filters.kinds.length;

  async function load({ again = false } = {}) {
    const { filters } = state;
    if (again) requestedView = null;
    const bounds = map.getBounds();
    const zoom = map.getZoom();
    const view = JSON.stringify([bboxParam(bounds), zoom, filters]);
    const { dateFrom, dateTo, ...undatedFilters } = filters;
    const histogramKey = JSON.stringify(undatedFilters);
    if (view === requestedView) return; // asked already (perhaps still in flight: asking again would abort it)
    requestedView = view;
    listUnlocated = false; // the new list is the view's
    latest?.abort();
    const request = new AbortController();
    latest = request;
    const { signal } = request;
    document.body.dataset.eventsLoaded = "false";
    const current = () => latest === request; // answers to a superseded request are dropped
    // The markers come first: the list and the timeline are asked for once the view is drawn, so that
    // their requests never compete with the first draw (each is drawn as soon as its answer is in).
    const drawView = async (answer) => {
      if (!current()) return false;
      total.show(answer.total);
      heat.show(answer.features);
      if (!(await layers.render(clustersApart(map, answer.features, zoom), zoom))) return false; // a newer answer took over
      document.body.dataset.firstDrawnMs ??= performance.now().toFixed(0); // what bench/scale_browser.py reports
      const singles = answer.features.filter((feature) => !feature.properties.cluster);
      borderOverlay.setCountries([...singles.map((feature) => feature.properties.country_code), filters.nearBorder]);
      if (!drawnOnce) reopenLinkedEvent();
      drawnOnce = true;
      document.body.dataset.eventsTotal = String(answer.total);
      return true;
    };
    const drawList = (page) => current() && list.render(page);
    const drawBorderChoices = (countries) => current() && form.setBorderCountries(countries.map(({ code }) => code));
    const drawTimeline = (newHistogram) => {
      if (!current()) return;
      histogram = newHistogram ?? histogram;
      timeline.render(histogram, filters); // also when only the dates changed: the range and "undated" follow them
      playback.render(histogram, filters);
      shownHistogram = histogramKey;
    };
    try {
      const [drawn] = noKinds()
        ? [await drawView(NOTHING.view), drawList(NOTHING.page), drawTimeline(NOTHING.histogram)]
        : await fetchView(urls.events, filters, { bounds, zoom, signal }).then(drawView).then((viewDrawn) => Promise.all([
          viewDrawn,
          viewDrawn && fetchList(urls.list, filters, { bounds, signal }).then(drawList),
          viewDrawn && fetchBorderChoices(urls.border_choices, filters, { bounds, signal }).then(drawBorderChoices),
          viewDrawn && (histogramKey === shownHistogram ? Promise.resolve(null) : fetchHistogram(urls.histogram, filters, { signal })).then(drawTimeline),
        ]));
      if (!drawn || !current()) return;
      alert.hide();
      document.body.dataset.eventsLoaded = "true";
    } catch (error) {
      if (error.name === "AbortError") return;
      requestedView = null; // "Try again" asks again
      alert.show(error instanceof ApiError ? error.message : gettext("The events could not be shown."), { retry: load });
      document.body.dataset.eventsLoaded = "error";
    }
    loads += 1;
    document.body.dataset.loadCount = String(loads); // tests wait for it to grow after a filter change
  }

  let listUnlocated = false; // the list shows the events without a location (until the next load)

  /** The list's first page of the matching events that have no place on the map. */
  async function showUnlocated() {
    try {
      list.render(await fetchList(urls.list, state.filters, { unlocated: true, signal: latest?.signal }), { unlocated: true });
      listUnlocated = true;
    } catch (error) {
      if (error.name === "AbortError") return;
      alert.show(error instanceof ApiError ? error.message : gettext("The list could not be loaded."));
    }
  }

  /** The list's next page, under the ones shown. */
  async function loadMore(offset) {
    const signal = latest?.signal;
    try {
      list.append(await fetchList(urls.list, state.filters, { bounds: map.getBounds(), offset, unlocated: listUnlocated, signal }));
    } catch (error) {
      if (error.name === "AbortError") return;
      list.failed();
      alert.show(error instanceof ApiError ? error.message : gettext("The list could not be loaded."));
    }
  }

  /** Open an event's popup; an event the view holds in a cluster is fetched and drawn on its own first. */
  async function openEvent(id, { fly = true } = {}) {
    if (layers.open(id, { fly })) return true;
    try {
      const feature = await fetchEvent(urls.events, id);
      if (!feature?.geometry) return false; // not public, or nowhere to show it
      layers.add(feature);
      return layers.open(id, { fly });
    } catch (error) {
      alert.show(error instanceof ApiError ? error.message : gettext("The event could not be shown."));
      return false;
    }
  }

  async function reopenLinkedEvent() {
    if (initial.event !== null && !(await openEvent(initial.event, { fly: false })) && state.event === initial.event) {
      state.event = null;
      saveUrl();
    }
  }

  /** With no view in the permalink, fit every matching event: the world's clusters tell where they are. */
  async function fitEverything() {
    if (noKinds()) return;
    try {
      const { features } = await fetchView(urls.events, state.filters, { bounds: WORLD, zoom: WORLD_ZOOM });
      const bounds = featuresBounds(features);
      if (bounds) map.fitBounds(bounds, { padding: FIT_PADDING, maxZoom: FIT_MAX_ZOOM, animate: false });
    } catch {
      // load() asks again and says what went wrong
    }
  }

  // The map's box changes when the controls fill in or a phone turns; Leaflet only watches the window.
  // Keep the exact centre (a permalink's) rather than panning by rounded pixels. Each reset redraws
  // every tile and marker, so the page makes one on load, in a task of its own.
  const fitContainer = (view = null) => {
    const { clientWidth, clientHeight } = map.getContainer();
    const size = map.getSize();
    if (!view && size.x === clientWidth && size.y === clientHeight) return;
    const centre = view ? [view.lat, view.lon] : map.getCenter();
    map.invalidateSize({ pan: false });
    map.setView(centre, view ? view.zoom : map.getZoom(), { reset: true });
  };
  await nextTask(); // the controls are in: the map's box is the one the reader will see
  fitContainer(initial.view);
  saveUrl();
  const loadSoon = debounce(load, MOVE_PAUSE_MS);
  map.on("moveend", () => { saveUrl(); loadSoon(); });
  new ResizeObserver(() => fitContainer()).observe(map.getContainer());
  (initial.view ? Promise.resolve() : fitEverything()).then(load);
}

window.addEventListener("map:init", (event) => {
  if (event.detail.id !== "map") return;
  start(event.detail.map, JSON.parse(document.getElementById("map-config").textContent));
});
// django-leaflet builds the map on this event (map.html gives it as leaflet_map's loadevent) rather than on
// the window's load, which Chromium often dispatches in the task that evaluated these modules: in a task
// of its own, each of the two is shorter.
setTimeout(() => window.dispatchEvent(new Event("mapper:modules")), 0);
