/**
 * How each location precision is drawn: the one place these choices live. Its
 * words are the server's (models.Precision, translated), in each feature's
 * ``precision_label`` and each geocoder candidate's.
 *
 * - exact: a marker, nothing more.
 * - near (a few km from the named place): a marker plus a 5 km circle.
 * - settlement (somewhere in a village or town): a marker plus a 3 km circle,
 *   about the size of a small town.
 * - region / country: drawn as their line or area when the event has one
 *   (a border, an outline); with only a point they become an area of
 *   REGION_KM / COUNTRY_KM around it, never a pin.
 */

export const PRECISION = {
  exact: { radiusKm: 0, area: false },
  near: { radiusKm: 5, area: false },
  settlement: { radiusKm: 3, area: false },
  region: { radiusKm: 50, area: true },
  country: { radiusKm: 200, area: true },
  unknown: { radiusKm: 0, area: false },
};

export function precisionOf(name) {
  return PRECISION[name] ?? PRECISION.unknown;
}
