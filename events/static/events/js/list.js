/**
 * The list of events in view: the accessible way through the data. Each
 * entry is a button; hovering or focusing it highlights the event on the
 * map, activating it flies there and opens the popup (events with no
 * location link to their page instead). On a phone the panel
 * is a drawer the toggle button opens.
 */

import { el, httpUrl } from "./dom.js";
import { formatDate } from "./format.js";
import { kindSymbol } from "./shapes.js";

/** Newest first; undated events last; then by title. */
function byDate(a, b) {
  const dateA = a.properties.date ?? "";
  const dateB = b.properties.date ?? "";
  if (dateA !== dateB) return !dateA ? 1 : !dateB ? -1 : dateB.localeCompare(dateA);
  return a.properties.title.localeCompare(b.properties.title);
}

export function createList(panel, { onHover, onActivate }) {
  if (!panel) return { render() {} };
  const items = panel.querySelector(".event-list__items");
  const count = panel.querySelector(".event-list__count");
  const toggle = panel.querySelector(".event-list__toggle");
  const setOpen = (open) => {
    panel.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? "Hide list" : "Show list";
  };
  toggle.addEventListener("click", () => setOpen(!panel.classList.contains("is-open")));

  /** A button that shows the event on the map; with no location, a link to the event's page instead. */
  function item(feature, hasLocation) {
    const props = feature.properties;
    const meta = [props.kind_name, props.place_name, formatDate(props.date, props.date_precision) ?? "date unknown"];
    if (!hasLocation) meta.push("no location");
    const content = [
      kindSymbol(props.icon, props.colour, 18),
      el("span", { class: "event-list__text" }, [
        el("span", { class: "event-list__title", text: props.title }),
        el("span", { class: "event-list__meta", text: meta.filter(Boolean).join(" · ") }),
      ]),
    ];
    const entry = hasLocation
      ? el("button", {
        type: "button", class: "event-list__item", dataset: { eventId: props.id },
        onmouseenter: () => onHover(props.id, true), onmouseleave: () => onHover(props.id, false),
        onfocus: () => onHover(props.id, true), onblur: () => onHover(props.id, false),
        onclick: () => {
          setOpen(false); // on a phone the drawer would hide the popup
          onActivate(props.id);
        },
      }, content)
      : el("a", { class: "event-list__item", href: httpUrl(props.url), dataset: { eventId: props.id } }, content);
    return el("li", {}, entry);
  }

  return {
    /** Show these features; hasLocation(id) says whether one can be flown to. */
    render(features, hasLocation) {
      const sorted = [...features].sort(byDate);
      count.textContent = `(${sorted.length})`;
      items.replaceChildren(...sorted.map((feature) => item(feature, hasLocation(feature.properties.id))));
      if (!sorted.length) {
        items.append(el("li", { class: "event-list__empty", text: "No events here. Zoom out or change the filters." }));
      }
    },
  };
}
