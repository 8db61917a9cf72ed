/**
 * The event popup, built from DOM nodes and textContent only: titles, places
 * and quotes come from articles and are never parsed as HTML.
 */

import { el, externalLink, httpUrl } from "./dom.js";
import { formatDate } from "./format.js";
import { precisionOf } from "./precision.js";
import { kindSymbol } from "./shapes.js";

function fact(term, value) {
  return [el("dt", { text: term }), el("dd", { text: value })];
}

function attributeText(value) {
  return typeof value === "string" || typeof value === "number" ? String(value) : JSON.stringify(value);
}

function sourceItem(article) {
  const title = article.title || article.url || "Untitled article";
  return el("li", { class: "event-popup__source" }, [
    externalLink(article.url, title),
    article.publisher ? el("span", { class: "event-popup__publisher", text: ` — ${article.publisher}` }) : null,
    article.quote
      ? el("figure", { class: "event-popup__quote" }, [
        el("figcaption", { text: "Why here?" }),
        el("blockquote", { text: article.quote }),
      ])
      : null,
  ]);
}

/** The popup's content for one feature's properties. */
export function popupContent(props) {
  const attributes = Object.entries(props.attributes ?? {});
  const articles = props.articles ?? [];
  const eventUrl = httpUrl(props.url);
  return el("article", { class: "event-popup", dataset: { eventId: props.id } }, [
    el("h3", { class: "event-popup__title", text: props.title }),
    el("p", { class: "event-popup__kind" }, [kindSymbol(props.icon, props.colour, 16), props.kind_name ?? props.kind]),
    el("dl", { class: "event-popup__facts" }, [
      ...fact("Place", props.place_name || "not named"),
      ...fact("Date", formatDate(props.date, props.date_precision) ?? "date unknown"),
      ...fact("Location", precisionOf(props.precision).words),
      ...attributes.flatMap(([name, value]) => fact(name.replaceAll("_", " "), attributeText(value))),
    ]),
    articles.length
      ? el("ul", { class: "event-popup__sources", "aria-label": "Sources" }, articles.map(sourceItem))
      : el("p", { text: "No source article." }),
    eventUrl ? el("a", { class: "event-popup__more", href: eventUrl, text: "Event page" }) : null,
  ]);
}
