/** The legend, which is also the kind filter: one labelled checkbox per kind, with its symbol. */

import { el } from "./dom.js";
import { gettext } from "./i18n.js";
import { kindSymbol } from "./shapes.js";

const NARROW_SCREEN = "(max-width: 700px)";

export function createLegend(map, kinds, { selected, onChange }) {
  const inputs = kinds.map((kind) => el("input", { type: "checkbox", name: "kind", value: kind.slug }));
  const rows = kinds.map((kind, index) => el("label", { class: "legend__kind" }, [
    inputs[index], kindSymbol(kind.icon, kind.colour, 18), el("span", { text: kind.name }),
  ]));
  const showAll = el("button", { type: "button", class: "legend__all", text: gettext("Show all kinds") });
  const details = el("details", { class: "legend__details" }, [
    el("summary", { text: gettext("Kinds") }),
    el("fieldset", { class: "legend__kinds" }, [
      el("legend", { class: "visually-hidden", text: gettext("Show events of these kinds") }), ...rows, showAll,
    ]),
  ]);
  // Open on wide screens; on a phone it would hide the map, so it starts folded.
  details.open = !window.matchMedia(NARROW_SCREEN).matches;
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
