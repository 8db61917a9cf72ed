/**
 * The timeline under the map: a histogram of dated events per month and a
 * range (two range inputs, each labelled and keyboard-operable) that filters
 * the map by date. Events with no date are counted apart, never dropped.
 */

import { el } from "./dom.js";
import { formatMonth } from "./format.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const CHART_HEIGHT = 40;

/** "2024-01" … "2024-04": every month from first to last, inclusive. */
function monthsBetween(first, last) {
  const months = [];
  let [year, month] = first.split("-").map(Number);
  const [lastYear, lastMonth] = last.split("-").map(Number);
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    months.push(`${year}-${String(month).padStart(2, "0")}`);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return months;
}

function lastDayOf(month) {
  const [year, monthNumber] = month.split("-").map(Number);
  return new Date(Date.UTC(year, monthNumber, 0)).toISOString().slice(0, 10);
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
  const start = el("input", { type: "range", class: "timeline__start", "aria-label": "From month", min: 0, step: 1 });
  const end = el("input", { type: "range", class: "timeline__end", "aria-label": "To month", min: 0, step: 1 });
  const rangeText = el("output", { class: "timeline__range", "aria-live": "polite" });
  const undatedText = el("span", { class: "timeline__undated" });
  const reset = el("button", { type: "button", class: "timeline__reset", text: "All dates" });
  const axis = el("div", { class: "timeline__axis" });
  section.append(
    el("div", { class: "timeline__track" }, [chart, el("div", { class: "timeline__inputs" }, [start, end])]),
    axis,
    el("div", { class: "timeline__footer" }, [rangeText, undatedText, reset]),
  );
  let months = [];

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
    start.setAttribute("aria-valuetext", months.length ? formatMonth(months[Number(start.value)]) : "");
    end.setAttribute("aria-valuetext", months.length ? formatMonth(months[Number(end.value)]) : "");
    const all = low === 0 && high === months.length - 1;
    rangeText.textContent = !months.length ? "No dated events"
      : all ? "All dates" : `${formatMonth(months[low], { short: true })} – ${formatMonth(months[high], { short: true })}`;
    reset.hidden = all || !months.length;
  }

  function commit() {
    const [low, high] = selection();
    const all = low === 0 && high === months.length - 1;
    onRange(all ? { dateFrom: null, dateTo: null } : { dateFrom: `${months[low]}-01`, dateTo: lastDayOf(months[high]) });
  }

  for (const input of [start, end]) {
    input.addEventListener("input", showSelection);
    input.addEventListener("change", commit);
  }
  reset.addEventListener("click", () => {
    start.value = "0";
    end.value = String(months.length - 1);
    showSelection();
    commit();
  });

  /** Draw the histogram of these features (unfiltered by date) and place the range on the filters' dates. */
  function render(features, { dateFrom, dateTo }) {
    const counts = new Map();
    let undated = 0;
    for (const { properties } of features) {
      if (!properties.date) undated += 1;
      else counts.set(properties.date.slice(0, 7), (counts.get(properties.date.slice(0, 7)) ?? 0) + 1);
    }
    const known = [...counts.keys()].sort();
    months = known.length ? monthsBetween(known[0], known.at(-1)) : [];
    const highest = Math.max(1, ...counts.values());
    const svg = svgNode("svg", {
      viewBox: `0 0 ${Math.max(months.length, 1)} ${CHART_HEIGHT}`, preserveAspectRatio: "none",
      class: "timeline__bars", role: "img", "aria-label": "Events per month",
    });
    months.forEach((month, index) => {
      const count = counts.get(month) ?? 0;
      const height = count ? Math.max(2, (count / highest) * CHART_HEIGHT) : 0;
      const bar = svgNode("rect", { x: index + 0.1, y: CHART_HEIGHT - height, width: 0.8, height });
      bar.dataset.index = index;
      bar.append(svgNode("title", {}, `${formatMonth(month)}: ${count} event${count === 1 ? "" : "s"}`));
      svg.append(bar);
    });
    chart.replaceChildren(svg);
    // Thumbs travel between the centres of the first and last bars (CSSOM: allowed by the CSP).
    section.style.setProperty("--months", String(Math.max(months.length, 1)));
    axis.replaceChildren(...(months.length ? [months[0], months.at(-1)] : []).map(
      (month) => el("span", { text: formatMonth(month, { short: true }) }),
    ));

    const last = Math.max(months.length - 1, 0);
    const indexOf = (date, fallback) => {
      if (!date) return fallback;
      const found = months.findIndex((month) => month >= date.slice(0, 7));
      return found === -1 ? last : found;
    };
    for (const input of [start, end]) {
      input.max = String(last);
      input.disabled = months.length < 2;
    }
    start.value = String(indexOf(dateFrom, 0));
    end.value = String(dateTo ? Math.max(0, months.findLastIndex((month) => month <= dateTo.slice(0, 7))) : last);
    undatedText.textContent = undated
      ? `${undated} undated${dateFrom || dateTo ? " (not shown while a date range is set)" : ""}` : "";
    showSelection();
  }

  return { render };
}
