/**
 * The admin import preview: the rows of the upload on a small map, before anything is written
 * (rows_map.js draws them).
 */

import { drawRowsMap } from "./rows_map.js";

const element = document.getElementById("import-preview-map");
const config = document.getElementById("import-preview-config");
if (element && config) {
  drawRowsMap(element, JSON.parse(config.textContent));
  document.body.dataset.previewLoaded = "true";
}
