/**
 * The legend, which is also the kind filter: one labelled checkbox per kind,
 * with its symbol, and a switch for the lines and areas of region and
 * country events (context that can be hidden to see what lies under it).
 */

import { el } from "./dom.js";
import { gettext } from "./i18n.js";
import { kindSymbol } from "./shapes.js";

const NARROW_SCREEN = "(max-width: 700px)";
const STRINGS = {
  title: gettext("Kinds"), kinds: gettext("Show events of these kinds"), all: gettext("Show all kinds"),
  areas: gettext("Areas and lines"),
};

export function createLegend(map, kinds, { selected, onChange, onAreas = () => {}, unfolded = false }) {
  const inputs = kinds.map((kind) => el("input", { type: "checkbox", name: "kind", value: kind.slug }));
  const rows = kinds.map((kind, index) => el("label", { class: "legend__kind" }, [
    inputs[index], kindSymbol(kind.icon, kind.colour, 18), el("span", { text: kind.name }),
  ]));
  const showAll = el("button", { type: "button", class: "legend__all", text: STRINGS.all });
  const areas = el("input", { type: "checkbox", name: "areas", checked: true });
  areas.addEventListener("change", () => onAreas(areas.checked));
  const details = el("details", { class: "legend__details" }, [
    el("summary", { text: STRINGS.title }),
    el("fieldset", { class: "legend__kinds" }, [
      el("legend", { class: "visually-hidden", text: STRINGS.kinds }), ...rows, showAll,
    ]),
    el("label", { class: "legend__kind legend__areas" }, [areas, el("span", { class: "legend__areas-swatch" }), STRINGS.areas]),
  ]);
  // Open on wide screens and in the print view; on a phone it would hide the map, so it starts folded.
  details.open = unfolded || !window.matchMedia(NARROW_SCREEN).matches;
  const container = el("div", { class: "leaflet-control legend" }, details);
  L.DomEvent.disableClickPropagation(container);
  L.DomEvent.disableScrollPropagation(container);

  const Legend = L.Control.extend({ options: { position: "topright" }, onAdd: () => container });
  new Legend().addTo(map);

  function set(slugs) {
    for (const input of inputs) input.checked = slugs === null || slugs.includes(input.value);
  }

  function changed() {
    const checked = inputs.filter((input) => input.checked).map((input) => input.value);
    onChange(checked.length === inputs.length ? null : checked); // null: every kind, including new ones
  }

  container.addEventListener("change", (event) => {
    if (event.target.name === "kind") changed();
  });
  showAll.addEventListener("click", () => {
    set(null);
    changed();
  });
  set(selected);
}
