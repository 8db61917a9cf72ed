/**
 * How honestly each location precision is drawn and described: the one place
 * these choices live.
 *
 * - exact: a marker, nothing more.
 * - near ("within a few km" of the named place): a marker plus a 5 km circle.
 * - settlement (somewhere in a village or town): a marker plus a 3 km circle,
 *   about the size of a small town.
 * - region / country: drawn as their line or area when the event has one
 *   (a border, an outline); with only a point they become an area of
 *   REGION_KM / COUNTRY_KM around it, never a pin.
 */

import { gettext } from "./i18n.js";

export const PRECISION = {
  exact: { words: gettext("exact location"), radiusKm: 0, area: false },
  near: { words: gettext("within a few km"), radiusKm: 5, area: false },
  settlement: { words: gettext("settlement"), radiusKm: 3, area: false },
  region: { words: gettext("somewhere in the region — shown as an area"), radiusKm: 50, area: true },
  country: { words: gettext("country-level"), radiusKm: 200, area: true },
  unknown: { words: gettext("precision unknown"), radiusKm: 0, area: false },
};

export function precisionOf(name) {
  return PRECISION[name] ?? PRECISION.unknown;
}
