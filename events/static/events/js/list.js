/**
 * The list of events in view, from the server (/api/events/list/): newest
 * first, a page at a time, with the total. It is the accessible way through
 * the data: each entry is a button; hovering or focusing it highlights the
 * event on the map (or the cluster holding it), activating it flies there and
 * opens the popup. On a phone the panel is a drawer the toggle button opens.
 * With a search, the matched words are marked in each entry.
 */

import { LIST_PAGE_SIZE } from "./api.js";
import { el } from "./dom.js";
import { formatDate } from "./format.js";
import { markMatches } from "./highlight.js";
import { NUMBER, gettext, interpolate, ngettext } from "./i18n.js";
import { kindSymbol } from "./shapes.js";

export function createList(panel, kinds, { onHover, onActivate, onMore, onUnlocated = () => {} }) {
  if (!panel) return { render() {}, append() {}, failed() {}, focus: () => false };
  const kindsBySlug = new Map(kinds.map((kind) => [kind.slug, kind]));
  const items = panel.querySelector(".event-list__items");
  const count = panel.querySelector(".event-list__count");
  const toggle = panel.querySelector(".event-list__toggle");
  const more = el("button", { type: "button", class: "event-list__more" });
  const progress = el("span", { class: "event-list__shown" });
  // Events with no point or shape are in no view: the list says how many match and lists them on request.
  const elsewhere = el("button", { type: "button", class: "event-list__unlocated", hidden: true });
  const footer = el("div", { class: "event-list__footer" }, [progress, more]);
  footer.hidden = true;
  items.after(footer);
  footer.after(elsewhere);
  let shown = 0;
  let total = 0;
  let unlocatedShown = false; // the list holds the events without a location, not the view's
  elsewhere.addEventListener("click", () => onUnlocated(!unlocatedShown));
  let highlight = null; // the words the search matched (the answer's "highlight")

  const setOpen = (open) => {
    panel.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? gettext("Hide list") : gettext("Show list");
  };
  toggle.addEventListener("click", () => setOpen(!panel.classList.contains("is-open")));
  more.addEventListener("click", () => {
    more.disabled = true;
    more.textContent = gettext("Loading…");
    onMore(shown);
  });

  /** A button that shows the event on the map. */
  function item(result) {
    const kind = kindsBySlug.get(result.kind) ?? { name: result.kind, icon: "circle", colour: "#777777" };
    const meta = [kind.name, result.place_name, formatDate(result.date, result.date_precision) ?? gettext("date unknown")];
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
        el("span", { class: "event-list__title" }, markMatches(result.title, highlight)),
        el("span", { class: "event-list__meta" }, markMatches(meta.filter(Boolean).join(" · "), highlight)),
      ]),
    ]));
  }

  function showFooter() {
    const left = total - shown;
    footer.hidden = left <= 0;
    more.disabled = false;
    more.textContent = interpolate(gettext("Show %(count)s more"), { count: NUMBER.format(Math.min(left, LIST_PAGE_SIZE)) });
    progress.textContent = interpolate(gettext("%(shown)s of %(total)s shown"), { shown: NUMBER.format(shown), total: NUMBER.format(total) });
  }

  return {
    /** Show the first page of the events in view (or, with `unlocated`, of those without a location). */
    render(page, { unlocated = false } = {}) {
      total = page.total;
      highlight = page.highlight ?? null;
      shown = page.results.length;
      unlocatedShown = unlocated;
      count.textContent = unlocated
        ? interpolate(ngettext("(%(count)s without a location)", "(%(count)s without a location)", total), { count: NUMBER.format(total) })
        : `(${NUMBER.format(total)})`;
      const without = page.unlocated ?? 0;
      elsewhere.hidden = !unlocated && !without;
      elsewhere.textContent = unlocated
        ? gettext("Back to the events in view")
        : interpolate(ngettext("%(count)s without a location", "%(count)s without a location", without), { count: NUMBER.format(without) });
      const focusedId = items.contains(document.activeElement) ? document.activeElement.dataset.eventId : null;
      items.replaceChildren(...page.results.map(item));
      if (focusedId) items.querySelector(`[data-event-id="${focusedId}"]`)?.focus({ preventScroll: true }); // keyboard stays put
      if (!shown) items.append(el("li", { class: "event-list__empty", text: gettext("No events here. Zoom out or change the filters.") }));
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
