/**
 * Popups that keep clear of the map's controls. Whenever a popup opens (or
 * its content changes) it measures the controls over the map (zoom, layers,
 * legend, totals, notices, credits, the alert, the phone's list drawer) and
 * picks the largest rectangle of the map that none of them covers. The
 * popup's auto-pan padding, width and height are set to fit that rectangle,
 * so Leaflet pans the popup into it; a popup taller than the room scrolls.
 * Where an unfolded control (the legend on a phone) leaves too little room,
 * it folds first: its toggle unfolds it again.
 */

// Everything a popup must not hide or hide under, wherever it sits on the page.
const OBSTACLES = ".leaflet-control, .map-alert:not([hidden]), .event-list, .exports[open] .exports__panel";
const MARGIN = 8; // px between a popup and a control
const WIDEST = 320; // the popup's content width when there is room
const NARROWEST = 150;
const LOWEST = 90;
const ENOUGH = { width: 200, height: 160 }; // less than this, and the foldable controls fold
const FOLDABLE = ".leaflet-control details[open]";
// Leaflet's popup around its content: margins 20 + 24 px, 13 px above and below, the 20 px tip below.
const CHROME_X = 46;
const CHROME_Y = 48;

/** The rectangles of the obstacles that overlap the map, relative to its top left corner. */
function obstacleRects(map) {
  const box = map.getContainer().getBoundingClientRect();
  const rects = [];
  for (const element of document.querySelectorAll(OBSTACLES)) {
    const rect = element.getBoundingClientRect();
    if (!rect.width || !rect.height) continue; // hidden
    const left = Math.max(rect.left, box.left) - box.left;
    const top = Math.max(rect.top, box.top) - box.top;
    const right = Math.min(rect.right, box.right) - box.left;
    const bottom = Math.min(rect.bottom, box.bottom) - box.top;
    if (right > left && bottom > top) rects.push({ left, top, right, bottom });
  }
  return rects;
}

/**
 * The roomiest rectangle of a width x height map that no obstacle covers: each
 * obstacle pushes in the nearest side, either left/right or top/bottom; every
 * choice is tried (a handful of controls: a few dozen choices).
 */
export function freeRect(width, height, rects) {
  let best = { left: 0, top: 0, right: width, bottom: height, score: -1 };
  for (let choice = 0; choice < 2 ** rects.length; choice += 1) {
    const free = { left: 0, top: 0, right: width, bottom: height };
    rects.forEach((rect, index) => {
      const sideways = choice & (1 << index);
      if (sideways && rect.left + rect.right < width) free.left = Math.max(free.left, rect.right);
      else if (sideways) free.right = Math.min(free.right, rect.left);
      else if (rect.top + rect.bottom < height) free.top = Math.max(free.top, rect.bottom);
      else free.bottom = Math.min(free.bottom, rect.top);
    });
    // Width beyond a full popup's does not help; height always does (less scrolling).
    const score = Math.max(0, Math.min(free.right - free.left, WIDEST + CHROME_X)) * Math.max(0, free.bottom - free.top);
    if (score > best.score) best = { ...free, score };
  }
  return best;
}

/** Popup options that keep it inside the map's free rectangle. */
export function popupRoom(map) {
  const { x: width, y: height } = map.getSize();
  let free = freeRect(width, height, obstacleRects(map));
  const cramped = () => free.right - free.left - 2 * MARGIN - CHROME_X < ENOUGH.width
    || free.bottom - free.top - 2 * MARGIN - CHROME_Y < ENOUGH.height;
  if (cramped() && document.querySelector(FOLDABLE)) {
    for (const details of document.querySelectorAll(FOLDABLE)) details.open = false;
    free = freeRect(width, height, obstacleRects(map));
  }
  const maxWidth = Math.max(NARROWEST, Math.min(WIDEST, free.right - free.left - 2 * MARGIN - CHROME_X));
  return {
    maxWidth,
    minWidth: Math.min(200, maxWidth),
    maxHeight: Math.max(LOWEST, free.bottom - free.top - 2 * MARGIN - CHROME_Y),
    autoPanPaddingTopLeft: [free.left + MARGIN, free.top + MARGIN],
    autoPanPaddingBottomRight: [width - free.right + MARGIN, height - free.bottom + MARGIN],
  };
}

/** A Leaflet popup that measures its room each time it lays itself out (on opening, on new content). */
export const RoomyPopup = L.Popup.extend({
  update() {
    if (this._map) Object.assign(this.options, popupRoom(this._map));
    return L.Popup.prototype.update.call(this);
  },
});
