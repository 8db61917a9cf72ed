/** "12,345 events in view": the exact count of what the view holds, clusters and all, from the server's total. */

import { el } from "./dom.js";
import { NUMBER, interpolate, ngettext } from "./i18n.js";

export function createViewTotal(map) {
  const text = el("span", { class: "view-total__text" });
  const container = el("div", { class: "leaflet-control view-total" }, text);
  container.hidden = true; // until the first answer
  const Total = L.Control.extend({ options: { position: "bottomleft" }, onAdd: () => container });
  new Total().addTo(map);
  return {
    show(total) {
      text.textContent = interpolate(ngettext("%(count)s event in view", "%(count)s events in view", total), { count: NUMBER.format(total) });
      container.dataset.total = String(total);
      container.hidden = false;
    },
  };
}
