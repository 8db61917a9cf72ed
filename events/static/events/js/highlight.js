/**
 * The words of a search, marked in a text: <mark> elements around the words the server says
 * matched (the list API's "highlight": the query's words, matched as word prefixes, and the
 * other spellings of the places they name, matched as whole words). Matching folds case and
 * diacritics as the server does (NFKD, marks dropped), so "galati" marks "Galați". The text
 * stays text: nodes are built from it, never markup.
 */

import { el } from "./dom.js";

const WORD = /[\p{L}\p{N}\p{M}_]+/gu;

const fold = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

/** The text as nodes (strings and <mark> elements); the plain text when there is nothing to mark. */
export function markMatches(text, highlight) {
  const prefixes = highlight?.prefixes ?? [];
  const words = new Set(highlight?.words ?? []);
  if (!text || (!prefixes.length && !words.size)) return [text];
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    const folded = fold(match[0]);
    if (!words.has(folded) && !prefixes.some((prefix) => folded.startsWith(prefix))) continue;
    if (match.index > last) nodes.push(text.slice(last, match.index));
    nodes.push(el("mark", { text: match[0] }));
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}
