/**
 * The timeline under the map: the server's histogram of every matching event
 * (/api/events/histogram/: per month, year or day, the undated counted apart,
 * never dropped) and a range (two range inputs, each labelled and
 * keyboard-operable) that filters the map by date.
 */

import { el } from "./dom.js";
import { formatDate, formatMonth } from "./format.js";
import { NUMBER, gettext, interpolate, ngettext } from "./i18n.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const CHART_HEIGHT = 40;
// The range inputs' labels and the chart's, per histogram interval (whole phrases, for the translations).
const INTERVAL_WORDS = {
  day: { from: gettext("From day"), to: gettext("To day"), per: gettext("Events per day") },
  month: { from: gettext("From month"), to: gettext("To month"), per: gettext("Events per month") },
  year: { from: gettext("From year"), to: gettext("To year"), per: gettext("Events per year") },
};

/** The start (ISO date) of the bucket after the one starting at ``start``. */
function nextStart(start, interval) {
  const date = new Date(`${start}T00:00:00Z`);
  if (interval === "year") date.setUTCFullYear(date.getUTCFullYear() + 1);
  else if (interval === "day") date.setUTCDate(date.getUTCDate() + 1);
  else date.setUTCMonth(date.getUTCMonth() + 1);
  return date.toISOString().slice(0, 10);
}

function dayBefore(iso) {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/** Every bucket from the first to the last, the empty ones too: [{start, count}]. */
function everyBucket(buckets, interval) {
  const counts = new Map(buckets.map(({ start, count }) => [start, count]));
  const starts = [...counts.keys()].sort();
  const all = [];
  for (let start = starts[0]; starts.length && start <= starts.at(-1); start = nextStart(start, interval)) {
    all.push({ start, count: counts.get(start) ?? 0 });
  }
  return all;
}

function bucketLabel(start, interval, { short = false } = {}) {
  if (interval === "year") return start.slice(0, 4);
  if (interval === "day") return formatDate(start);
  return formatMonth(start.slice(0, 7), { short });
}

function svgNode(tag, attributes, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

export function createTimeline(section, { onRange }) {
  if (!section) return { render() {} };
  const chart = el("div", { class: "timeline__chart" });
  const start = el("input", { type: "range", class: "timeline__start", "aria-label": INTERVAL_WORDS.month.from, min: 0, step: 1 });
  const end = el("input", { type: "range", class: "timeline__end", "aria-label": INTERVAL_WORDS.month.to, min: 0, step: 1 });
  const rangeText = el("output", { class: "timeline__range", "aria-live": "polite" });
  const undatedText = el("span", { class: "timeline__undated" });
  const reset = el("button", { type: "button", class: "timeline__reset", text: gettext("All dates") });
  const axis = el("div", { class: "timeline__axis" });
  section.append(
    el("div", { class: "timeline__track" }, [chart, el("div", { class: "timeline__inputs" }, [start, end])]),
    axis,
    el("div", { class: "timeline__footer" }, [rangeText, undatedText, reset]),
  );
  let buckets = []; // [{start, count}], every bucket from the first to the last
  let interval = "month";

  function selection() {
    const low = Math.min(Number(start.value), Number(end.value));
    const high = Math.max(Number(start.value), Number(end.value));
    return [low, high];
  }

  function showSelection() {
    const [low, high] = selection();
    for (const bar of chart.querySelectorAll("rect")) {
      bar.classList.toggle("is-in-range", Number(bar.dataset.index) >= low && Number(bar.dataset.index) <= high);
    }
    const label = (index, options) => (buckets.length ? bucketLabel(buckets[index].start, interval, options) : "");
    start.setAttribute("aria-valuetext", label(Number(start.value)));
    end.setAttribute("aria-valuetext", label(Number(end.value)));
    const all = low === 0 && high === buckets.length - 1;
    rangeText.textContent = !buckets.length ? gettext("No dated events")
      : all ? gettext("All dates") : `${label(low, { short: true })} – ${label(high, { short: true })}`;
    reset.hidden = all || !buckets.length;
  }

  function commit() {
    const [low, high] = selection();
    const all = low === 0 && high === buckets.length - 1;
    const range = { dateFrom: buckets[low].start, dateTo: dayBefore(nextStart(buckets[high].start, interval)) };
    onRange(all ? { dateFrom: null, dateTo: null } : range);
  }

  for (const input of [start, end]) {
    input.addEventListener("input", showSelection);
    input.addEventListener("change", commit);
  }
  reset.addEventListener("click", () => {
    start.value = "0";
    end.value = String(buckets.length - 1);
    showSelection();
    commit();
  });

  /** Draw the histogram ({interval, buckets, undated}, not filtered by date) and place the range on the filters' dates. */
  function render(histogram, { dateFrom, dateTo }) {
    interval = histogram.interval;
    buckets = everyBucket(histogram.buckets, interval);
    const highest = Math.max(1, ...buckets.map(({ count }) => count));
    const svg = svgNode("svg", {
      viewBox: `0 0 ${Math.max(buckets.length, 1)} ${CHART_HEIGHT}`, preserveAspectRatio: "none",
      class: "timeline__bars", role: "img", "aria-label": INTERVAL_WORDS[interval]?.per ?? interval,
    });
    buckets.forEach(({ start: first, count }, index) => {
      const height = count ? Math.max(2, (count / highest) * CHART_HEIGHT) : 0;
      const bar = svgNode("rect", { x: index + 0.1, y: CHART_HEIGHT - height, width: 0.8, height });
      bar.dataset.index = index;
      bar.dataset.count = count;
      bar.append(svgNode("title", {}, interpolate(ngettext("%(when)s: %(count)s event", "%(when)s: %(count)s events", count), { when: bucketLabel(first, interval), count: NUMBER.format(count) })));
      svg.append(bar);
    });
    chart.replaceChildren(svg);
    section.classList.toggle("timeline--empty", !buckets.length); // no chart, axis or player: only "No dated events"
    // Thumbs travel between the centres of the first and last bars (CSSOM: allowed by the CSP).
    section.style.setProperty("--months", String(Math.max(buckets.length, 1)));
    axis.replaceChildren(...(buckets.length ? [buckets[0], buckets.at(-1)] : []).map(
      ({ start: first }) => el("span", { text: bucketLabel(first, interval, { short: true }) }),
    ));

    const last = Math.max(buckets.length - 1, 0);
    start.setAttribute("aria-label", INTERVAL_WORDS[interval]?.from ?? interval);
    end.setAttribute("aria-label", INTERVAL_WORDS[interval]?.to ?? interval);
    for (const input of [start, end]) {
      input.max = String(last);
      input.disabled = buckets.length < 2;
    }
    const from = dateFrom ? buckets.findIndex(({ start: first }) => nextStart(first, interval) > dateFrom) : 0;
    start.value = String(from === -1 ? last : from);
    end.value = String(dateTo ? Math.max(0, buckets.findLastIndex(({ start: first }) => first <= dateTo)) : last);
    const undated = interpolate(ngettext("%(count)s undated", "%(count)s undated", histogram.undated), { count: NUMBER.format(histogram.undated) });
    undatedText.textContent = !histogram.undated ? ""
      : dateFrom || dateTo ? interpolate(gettext("%(undated)s (not shown while a date range is set)"), { undated }) : undated;
    showSelection();
  }

  return { render };
}
