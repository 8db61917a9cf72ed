/**
 * The timeline that plays, and day-level dates. Under the histogram: a Play
 * button that walks the map through the date range a day or a month at a
 * time (each step is a date filter, so the map, the list and the permalink
 * follow), and two date fields that set the range to the day.
 */

import { gettext } from "./i18n.js";
import { el } from "./dom.js";

const STEP_MS = 1200; // how long each day or month stays on the map
const STRINGS = {
  play: gettext("Play"),
  pause: gettext("Pause"),
  playLabel: gettext("Play the timeline"),
  pauseLabel: gettext("Pause the timeline"),
  step: gettext("Step"),
  day: gettext("day by day"),
  month: gettext("month by month"),
  from: gettext("From date"),
  to: gettext("To date"),
};

const isoDay = (date) => date.toISOString().slice(0, 10);
const utc = (iso) => new Date(`${iso}T00:00:00Z`);

/** The step [first, last] (ISO days) that starts on ``start``: that day, or the rest of its month. */
export function stepRange(start, step) {
  if (step === "day") return [start, start];
  const date = utc(start);
  return [start, isoDay(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)))];
}

/** The day after an ISO day. */
function nextDay(iso) {
  const date = utc(iso);
  date.setUTCDate(date.getUTCDate() + 1);
  return isoDay(date);
}

/** The span of a histogram: [first day, last day] of its buckets, or null when nothing is dated. */
export function histogramSpan({ interval, buckets }) {
  if (!buckets.length) return null;
  const starts = buckets.map(({ start }) => start).sort();
  const last = utc(starts.at(-1));
  if (interval === "year") last.setUTCFullYear(last.getUTCFullYear() + 1);
  else if (interval === "month") last.setUTCMonth(last.getUTCMonth() + 1);
  else last.setUTCDate(last.getUTCDate() + 1);
  last.setUTCDate(last.getUTCDate() - 1);
  return [starts[0], isoDay(last)];
}

export function createPlayback(section, { onRange }) {
  if (!section) return { render() {} };
  const play = el("button", { type: "button", class: "playback__play", "aria-pressed": "false", "aria-label": STRINGS.playLabel, text: STRINGS.play });
  const step = el("select", { class: "playback__step", "aria-label": STRINGS.step }, [
    el("option", { value: "month", text: STRINGS.month }), el("option", { value: "day", text: STRINGS.day }),
  ]);
  const from = el("input", { type: "date", class: "playback__from", "aria-label": STRINGS.from });
  const to = el("input", { type: "date", class: "playback__to", "aria-label": STRINGS.to });
  section.append(el("div", { class: "playback" }, [play, step, el("span", { class: "playback__dates" }, [from, "–", to])]));
  let span = null; // [first, last] dated day
  let timer = null;
  let cursor = null; // the first day of the step on the map

  function stop() {
    clearInterval(timer);
    timer = null;
    play.textContent = STRINGS.play;
    play.setAttribute("aria-label", STRINGS.playLabel);
    play.setAttribute("aria-pressed", "false");
  }

  function showStep() {
    const [first, last] = stepRange(cursor, step.value);
    onRange({ dateFrom: first, dateTo: last < span[1] ? last : span[1] });
  }

  function advance() {
    const next = nextDay(stepRange(cursor, step.value)[1]);
    if (next > span[1]) {
      stop();
      return;
    }
    cursor = next;
    showStep();
  }

  play.addEventListener("click", () => {
    if (timer) {
      stop();
      return;
    }
    if (!span) return;
    // Go on from the step on the map; from the start when the range is not one step (or is the last).
    const [first, last] = from.value ? stepRange(from.value, step.value) : [];
    const onStep = first === from.value && to.value === (last < span[1] ? last : span[1]) && nextDay(to.value) <= span[1];
    cursor = onStep ? nextDay(to.value) : span[0];
    if (step.value === "month" && !onStep) cursor = `${cursor.slice(0, 7)}-01`;
    showStep();
    timer = setInterval(advance, STEP_MS);
    play.textContent = STRINGS.pause;
    play.setAttribute("aria-label", STRINGS.pauseLabel);
    play.setAttribute("aria-pressed", "true");
  });

  const typed = () => {
    stop();
    if (!from.value && !to.value) onRange({ dateFrom: null, dateTo: null });
    else if (!from.value || !to.value || from.value <= to.value) onRange({ dateFrom: from.value || null, dateTo: to.value || null });
  };
  from.addEventListener("change", typed);
  to.addEventListener("change", typed);

  return {
    /** Follow the histogram's span ({interval, buckets}) and the filters' dates. */
    render(histogram, { dateFrom, dateTo }) {
      span = histogramSpan(histogram);
      play.disabled = !span;
      if (!span) stop();
      for (const input of [from, to]) {
        input.min = span?.[0] ?? "";
        input.max = span?.[1] ?? "";
      }
      from.value = dateFrom ?? "";
      to.value = dateTo ?? "";
    },
  };
}
