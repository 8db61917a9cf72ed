/**
 * The list of events in view, from the server (/api/events/list/): newest
 * first, a page at a time, with the total. It is the accessible way through
 * the data: each entry is a button; hovering or focusing it highlights the
 * event on the map (or the cluster holding it), activating it flies there and
 * opens the popup. On a phone the panel is a drawer the toggle button opens.
 */

import { LIST_PAGE_SIZE } from "./api.js";
import { el } from "./dom.js";
import { formatDate } from "./format.js";
import { kindSymbol } from "./shapes.js";

const NUMBER = new Intl.NumberFormat("en");

export function createList(panel, kinds, { onHover, onActivate, onMore }) {
  if (!panel) return { render() {}, append() {}, failed() {}, focus: () => false };
  const kindsBySlug = new Map(kinds.map((kind) => [kind.slug, kind]));
  const items = panel.querySelector(".event-list__items");
  const count = panel.querySelector(".event-list__count");
  const toggle = panel.querySelector(".event-list__toggle");
  const more = el("button", { type: "button", class: "event-list__more" });
  const progress = el("span", { class: "event-list__shown" });
  const footer = el("div", { class: "event-list__footer" }, [progress, more]);
  footer.hidden = true;
  items.after(footer);
  let shown = 0;
  let total = 0;

  const setOpen = (open) => {
    panel.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? "Hide list" : "Show list";
  };
  toggle.addEventListener("click", () => setOpen(!panel.classList.contains("is-open")));
  more.addEventListener("click", () => {
    more.disabled = true;
    more.textContent = "Loading…";
    onMore(shown);
  });

  /** A button that shows the event on the map. */
  function item(result) {
    const kind = kindsBySlug.get(result.kind) ?? { name: result.kind, icon: "circle", colour: "#777777" };
    const meta = [kind.name, result.place_name, formatDate(result.date, result.date_precision) ?? "date unknown"];
    // GeoJSON order stays on the server; Leaflet's [lat, lng] from here on.
    const position = result.latitude === null ? null : [result.latitude, result.longitude];
    return el("li", {}, el("button", {
      type: "button", class: "event-list__item", dataset: { eventId: result.id },
      onmouseenter: () => onHover(result.id, true, position), onmouseleave: () => onHover(result.id, false, position),
      onfocus: () => onHover(result.id, true, position), onblur: () => onHover(result.id, false, position),
      onclick: () => {
        setOpen(false); // on a phone the drawer would hide the popup
        onActivate(result.id);
      },
    }, [
      kindSymbol(kind.icon, kind.colour, 18),
      el("span", { class: "event-list__text" }, [
        el("span", { class: "event-list__title", text: result.title }),
        el("span", { class: "event-list__meta", text: meta.filter(Boolean).join(" · ") }),
      ]),
    ]));
  }

  function showFooter() {
    const left = total - shown;
    footer.hidden = left <= 0;
    more.disabled = false;
    more.textContent = `Show ${NUMBER.format(Math.min(left, LIST_PAGE_SIZE))} more`;
    progress.textContent = `${NUMBER.format(shown)} of ${NUMBER.format(total)} shown`;
  }

  return {
    /** Show the first page of the events in view: {total, results}. */
    render(page) {
      total = page.total;
      shown = page.results.length;
      count.textContent = `(${NUMBER.format(total)})`;
      const focusedId = items.contains(document.activeElement) ? document.activeElement.dataset.eventId : null;
      items.replaceChildren(...page.results.map(item));
      if (focusedId) items.querySelector(`[data-event-id="${focusedId}"]`)?.focus({ preventScroll: true }); // keyboard stays put
      if (!shown) items.append(el("li", { class: "event-list__empty", text: "No events here. Zoom out or change the filters." }));
      items.scrollTop = 0;
      showFooter();
    },

    /** Add the next page under the ones shown. */
    append(page) {
      total = page.total;
      shown += page.results.length;
      count.textContent = `(${NUMBER.format(total)})`;
      items.append(...page.results.map(item));
      showFooter();
    },

    /** Focus an event's entry (the drawer opens for it); false when the list no longer holds it. */
    focus(id) {
      const entry = items.querySelector(`.event-list__item[data-event-id="${Number(id)}"]`);
      if (!entry) return false;
      if (toggle.checkVisibility()) setOpen(true); // a phone's drawer, closed to show the popup
      entry.focus();
      return true;
    },

    /** After a failed "Show more": let the reader try again. */
    failed() {
      showFooter();
    },
  };
}
