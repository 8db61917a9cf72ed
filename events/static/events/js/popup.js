/**
 * The event popup, built from DOM nodes and textContent only: titles, places
 * and quotes come from articles and are never parsed as HTML.
 */

import { el, externalLink, httpUrl } from "./dom.js";
import { formatDate } from "./format.js";
import { gettext } from "./i18n.js";
import { kindSymbol } from "./shapes.js";

function fact(term, value) {
  return [el("dt", { text: term }), el("dd", { text: value })];
}

function attributeText(value) {
  return typeof value === "string" || typeof value === "number" ? String(value) : JSON.stringify(value);
}

function sourceItem(article) {
  const title = article.title || article.url || gettext("Untitled article");
  return el("li", { class: "event-popup__source" }, [
    externalLink(article.url, title),
    article.publisher ? el("span", { class: "event-popup__publisher", text: ` — ${article.publisher}` }) : null,
    article.quote
      ? el("figure", { class: "event-popup__quote" }, [
        el("figcaption", { text: gettext("Why here?") }),
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
      ...fact(gettext("Place"), props.place_name || gettext("not named")),
      ...fact(gettext("Date"), formatDate(props.date, props.date_precision) ?? gettext("date unknown")),
      ...fact(gettext("Location"), props.precision_label),
      ...attributes.flatMap(([name, value]) => fact(name.replaceAll("_", " "), attributeText(value))),
    ]),
    articles.length
      ? el("ul", { class: "event-popup__sources", "aria-label": gettext("Sources") }, articles.map(sourceItem))
      : el("p", { text: gettext("No source article.") }),
    eventUrl ? el("a", { class: "event-popup__more", href: eventUrl, text: gettext("Event page") }) : null,
  ]);
}
