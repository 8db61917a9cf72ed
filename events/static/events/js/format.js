/** Dates as people read them, in the page's language. ISO dates are read as UTC days so no time zone shifts them. */

import { LANGUAGE, lazyFormat } from "./i18n.js";

const LOCALE = LANGUAGE === "en" ? "en-GB" : LANGUAGE; // "3 March 2024", not "March 3, 2024"
const DAY = lazyFormat(Intl.DateTimeFormat, LOCALE, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const MONTH = lazyFormat(Intl.DateTimeFormat, LOCALE, { month: "long", year: "numeric", timeZone: "UTC" });
const SHORT_MONTH = lazyFormat(Intl.DateTimeFormat, LOCALE, { month: "short", year: "numeric", timeZone: "UTC" });

function utcDate(iso) {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`);
}

/** "3 March 2024", "March 2024" or "2024" depending on how precise the date is; null when there is none. */
export function formatDate(iso, precision = "day") {
  if (!iso) return null;
  if (precision === "year") return iso.slice(0, 4);
  return (precision === "month" ? MONTH : DAY).format(utcDate(iso));
}

/** "2024-03" → "Mar 2024" (short) or "March 2024". */
export function formatMonth(month, { short = false } = {}) {
  return (short ? SHORT_MONTH : MONTH).format(utcDate(`${month}-01`));
}
