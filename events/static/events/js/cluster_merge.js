/**
 * The server clusters on a grid (docs/clustering.md): a cluster sits at its
 * members' mean point, which may lie near its cell's edge, so the icons of two
 * neighbouring cells can overlap on screen. Before drawing, clusters whose
 * icons would overlap are merged, and a single event whose marker a cluster's
 * icon would cover joins that cluster. Counts and counts per kind are summed,
 * so every count stays exact and they still add up to the answer's total;
 * extents are joined (a click still zooms to all members); the merged point is
 * the count-weighted mean. Singles that only overlap each other stay singles,
 * and so do the events drawn as areas (region and country precision).
 */

import { precisionOf } from "./precision.js";

const GAP_PX = 2; // icons closer than this (edge to edge) count as overlapping
const SINGLE_PX = 24; // a single event's marker (singles.js)
export const CLUSTER_MIN_PX = 30;
export const CLUSTER_MAX_PX = 56;
const BUCKET_PX = CLUSTER_MAX_PX + GAP_PX; // two overlapping icons are always in neighbouring buckets

/** The side of a cluster's icon, in pixels: grows with the count's order of magnitude. */
export function clusterSize(count) {
  return Math.round(Math.min(CLUSTER_MAX_PX, CLUSTER_MIN_PX + 6 * Math.log10(count)));
}

function itemOf(map, feature, zoom) {
  const props = feature.properties;
  const [lon, lat] = feature.geometry.coordinates;
  const cluster = Boolean(props.cluster);
  const item = {
    feature, cluster, lon, lat, count: cluster ? props.count : 1,
    kinds: cluster ? { ...props.kinds } : { [props.kind]: 1 },
    extent: cluster ? [...props.extent] : [lon, lat, lon, lat],
    merged: false, gone: false,
  };
  return place(map, item, zoom);
}

function place(map, item, zoom) {
  item.point = map.project([item.lat, item.lon], zoom); // GeoJSON [lon, lat] -> Leaflet [lat, lng]
  item.size = item.cluster ? clusterSize(item.count) : SINGLE_PX;
  return item;
}

function overlap(a, b) {
  const reach = (a.size + b.size) / 2 + GAP_PX;
  return (a.cluster || b.cluster) && Math.abs(a.point.x - b.point.x) < reach && Math.abs(a.point.y - b.point.y) < reach;
}

/** b's members join a (a stays, b is gone). */
function absorb(map, a, b, zoom) {
  const count = a.count + b.count;
  a.lon = (a.lon * a.count + b.lon * b.count) / count;
  a.lat = (a.lat * a.count + b.lat * b.count) / count;
  for (const [slug, n] of Object.entries(b.kinds)) a.kinds[slug] = (a.kinds[slug] ?? 0) + n;
  a.extent = [
    Math.min(a.extent[0], b.extent[0]), Math.min(a.extent[1], b.extent[1]),
    Math.max(a.extent[2], b.extent[2]), Math.max(a.extent[3], b.extent[3]),
  ];
  a.count = count;
  a.cluster = true;
  a.merged = true;
  b.gone = true;
  place(map, a, zoom);
}

/** One pass over the items, biggest first: each absorbs the overlapping ones near it. Whether any merged. */
function mergePass(map, items, zoom) {
  const buckets = new Map();
  const bucketOf = (item) => `${Math.floor(item.point.x / BUCKET_PX)} ${Math.floor(item.point.y / BUCKET_PX)}`;
  for (const item of items) {
    const key = bucketOf(item);
    if (!buckets.has(key)) buckets.set(key, []);
    buckets.get(key).push(item);
  }
  let merged = false;
  for (const item of items) {
    if (item.gone) continue;
    const bx = Math.floor(item.point.x / BUCKET_PX);
    const by = Math.floor(item.point.y / BUCKET_PX);
    for (let dx = -1; dx <= 1; dx += 1) {
      for (let dy = -1; dy <= 1; dy += 1) {
        for (const other of buckets.get(`${bx + dx} ${by + dy}`) ?? []) {
          if (other === item || other.gone || !overlap(item, other)) continue;
          absorb(map, item, other, zoom);
          merged = true;
        }
      }
    }
  }
  return merged;
}

function featureOf(item) {
  if (!item.merged) return item.feature;
  return {
    type: "Feature",
    geometry: { type: "Point", coordinates: [item.lon, item.lat] },
    properties: { cluster: true, count: item.count, kinds: item.kinds, extent: item.extent },
  };
}

/** The answer's features with no two cluster icons (nor a cluster and a marker) overlapping at ``zoom``. */
export function clustersApart(map, features, zoom) {
  const points = [];
  const others = [];
  for (const feature of features) {
    const marker = feature.properties.cluster || !precisionOf(feature.properties.precision).area;
    (feature.geometry?.type === "Point" && marker ? points : others).push(feature);
  }
  if (!points.some((feature) => feature.properties.cluster)) return features;
  let items = points.map((feature) => itemOf(map, feature, zoom));
  // Passes until none merges: a merged icon is bigger and sits elsewhere, so it may reach a new neighbour.
  do {
    items = items.filter((item) => !item.gone).sort((a, b) => b.count - a.count);
  } while (mergePass(map, items, zoom));
  return [...others, ...items.filter((item) => !item.gone).map(featureOf)];
}
