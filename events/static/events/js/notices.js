/**
 * Notices about the map itself ("Map tiles could not load…"): one short line
 * in the bottom-right corner, above the credits, inside Leaflet's control
 * area, so it never sits over the middle of the map and popups make room for
 * it (popup_room.js). A dismissed notice stays dismissed on later visits
 * (localStorage; without storage, for this visit).
 */

import { gettext } from "./i18n.js";
import { el } from "./dom.js";

const STORAGE_PREFIX = "mapper:notice-dismissed:";
const STRINGS = { dismiss: gettext("Dismiss"), dismissLabel: gettext("Dismiss this notice") };

function remembered(key) {
  try {
    return window.localStorage.getItem(STORAGE_PREFIX + key) === "1";
  } catch {
    return false; // storage blocked: the notice shows
  }
}

function remember(key) {
  try {
    window.localStorage.setItem(STORAGE_PREFIX + key, "1");
  } catch {
    // storage blocked or full: dismissed for this visit only
  }
}

/** A notice control on the map: show(text, {id}) unless dismissed before (id defaults to the text). */
export function createNotice(map) {
  const text = el("span", { class: "map-notice__text" });
  const dismiss = el("button", {
    type: "button", class: "map-notice__dismiss", text: STRINGS.dismiss, "aria-label": STRINGS.dismissLabel,
  });
  const box = el("div", { class: "leaflet-control map-notice", role: "status" }, [text, dismiss]);
  box.hidden = true;
  L.DomEvent.disableClickPropagation(box);
  let shown = null;
  dismiss.addEventListener("click", () => {
    if (shown !== null) remember(shown);
    box.hidden = true;
    shown = null;
  });
  const Notice = L.Control.extend({ options: { position: "bottomright" }, onAdd: () => box });
  new Notice().addTo(map);

  return {
    show(message, { id = message } = {}) {
      if (remembered(id)) return;
      shown = id;
      text.textContent = message;
      box.hidden = false;
    },
    hide() {
      box.hidden = true;
      shown = null;
    },
  };
}
