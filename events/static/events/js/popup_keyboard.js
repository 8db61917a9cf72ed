/**
 * The keyboard in and out of popups. A popup opened from the keyboard (a list
 * entry, or Enter on a focused marker) takes the focus, on its title, so a
 * screen reader reads it and Tab walks its links. Escape closes it from
 * anywhere inside, and the focus goes back where it came from.
 */

export function popupKeyboard(map) {
  let pending = null; // how to give the focus back, for the popup about to open

  function takeFocus(popup, returnTo) {
    const title = popup.getElement()?.querySelector(".event-popup__title");
    if (!title) return;
    title.tabIndex = -1;
    title.focus({ preventScroll: true });
    popup.returnFocus = returnTo;
  }

  map.on("popupopen", ({ popup }) => {
    const container = popup.getElement();
    if (!container.dataset.escapeCloses) {
      container.dataset.escapeCloses = "true";
      container.addEventListener("keydown", (event) => {
        if (event.key !== "Escape") return;
        event.stopPropagation();
        map.closePopup(popup);
      });
    }
    const focused = document.activeElement;
    const fromMarker = focused?.classList.contains("leaflet-marker-icon") && map.getContainer().contains(focused);
    if (pending) takeFocus(popup, pending);
    else if (fromMarker) takeFocus(popup, () => focused.isConnected && focused.focus());
    pending = null;
  });

  map.on("popupclose", ({ popup }) => {
    const returnTo = popup.returnFocus;
    popup.returnFocus = null;
    const focused = document.activeElement;
    const lost = !focused || focused === document.body || popup.getElement()?.contains(focused);
    if (returnTo && lost) returnTo();
  });

  return {
    /** The next popup to open was asked for from elsewhere (the list): returnTo() gives the focus back. */
    openingFrom(returnTo) {
      pending = returnTo;
    },
  };
}
