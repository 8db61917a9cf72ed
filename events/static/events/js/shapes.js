/**
 * Kind symbols: each kind has a colour AND a shape, so colour-blind readers
 * (and greyscale prints) can still tell kinds apart. Built as SVG DOM nodes
 * with presentation attributes, which the page's CSP (style-src 'self') allows.
 */

const SVG_NS = "http://www.w3.org/2000/svg";

const SHAPES = {
  circle: ["circle", { cx: 12, cy: 12, r: 8.5 }],
  square: ["rect", { x: 4, y: 4, width: 16, height: 16, rx: 1.5 }],
  triangle: ["polygon", { points: "12,2.5 22,20.5 2,20.5" }],
  diamond: ["polygon", { points: "12,1.5 22.5,12 12,22.5 1.5,12" }],
  star: ["polygon", { points: "12,1.5 14.9,8.3 22.2,8.9 16.7,13.8 18.3,21 12,17.2 5.7,21 7.3,13.8 1.8,8.9 9.1,8.3" }],
};

/** An <svg> of the kind's shape in its colour; decorative (the kind's name is always written next to it). */
export function kindSymbol(shape, colour, size = 22) {
  const svg = document.createElementNS(SVG_NS, "svg");
  for (const [name, value] of Object.entries({
    viewBox: "0 0 24 24", width: size, height: size, "aria-hidden": "true", focusable: "false", class: "kind-symbol",
  })) svg.setAttribute(name, value);
  const [tag, attributes] = SHAPES[shape] ?? SHAPES.circle;
  const path = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) path.setAttribute(name, value);
  path.setAttribute("fill", colour);
  path.setAttribute("stroke", "#ffffff");
  path.setAttribute("stroke-width", "2");
  path.setAttribute("stroke-linejoin", "round");
  svg.append(path);
  return svg;
}
