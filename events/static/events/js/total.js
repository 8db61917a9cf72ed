/** "12,345 events in view": the exact count of what the view holds, clusters and all, from the server's total. */

import { el } from "./dom.js";

const NUMBER = new Intl.NumberFormat("en");

export function createViewTotal(map) {
  const text = el("span", { class: "view-total__text" });
  const container = el("div", { class: "leaflet-control view-total" }, text);
  container.hidden = true; // until the first answer
  const Total = L.Control.extend({ options: { position: "bottomleft" }, onAdd: () => container });
  new Total().addTo(map);
  return {
    show(total) {
      text.textContent = `${NUMBER.format(total)} event${total === 1 ? "" : "s"} in view`;
      container.dataset.total = String(total);
      container.hidden = false;
    },
  };
}
