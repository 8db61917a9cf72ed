/**
 * Sharing the map: the link to this view with a copy button, the print view's
 * link, and the embed-code builder (size, which controls, this view or the
 * default one) that writes an <iframe> snippet to paste into another site.
 * Copying uses the Clipboard API; where it is refused (an insecure origin,
 * an old browser) the text is selected for the reader to copy, and the status
 * line says which happened.
 */

import { gettext } from "./i18n.js";

const STRINGS = {
  linkCopied: gettext("Link copied."),
  codeCopied: gettext("Embed code copied."),
  pressToCopy: gettext("Selected: press Ctrl+C (⌘C on a Mac) to copy."),
  frameTitle: gettext("Map of events"),
};
const CONTROLS = ["legend", "zoom", "layers", "total"]; // as the server's EMBED_CONTROLS
const ATTRIBUTE_ESCAPES = { "&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;" };

const escapeAttribute = (value) => String(value).replace(/[&"<>]/g, (char) => ATTRIBUTE_ESCAPES[char]);

/** The page's URL with these query parameters and, if asked, the current hash (view, filters, open event). */
function pageUrl(params, { keepHash = true } = {}) {
  const url = new URL(window.location.href);
  url.search = new URLSearchParams(params).toString().replaceAll("%2C", ","); // "controls=legend,zoom" reads better
  url.hash = keepHash ? window.location.hash : "";
  return url.href;
}

/** The embed URL for the builder's choices: {controls: [names], keepView}. */
export function embedUrl({ controls, keepView }) {
  const params = { embed: "1" };
  if (controls.length < CONTROLS.length) params.controls = controls.join(",");
  return pageUrl(params, { keepHash: keepView });
}

/** The <iframe> snippet for an embed URL and a size ({width: px or "100%", height: px}). */
export function embedSnippet(src, { width, height }) {
  const attributes = [
    ["src", src], ["width", width], ["height", height], ["title", STRINGS.frameTitle],
    ["style", "border:0"], ["loading", "lazy"], ["referrerpolicy", "no-referrer-when-downgrade"],
  ];
  return `<iframe ${attributes.map(([name, value]) => `${name}="${escapeAttribute(value)}"`).join(" ")}></iframe>`;
}

/** Copy text to the clipboard; falls back to selecting the field that shows it. Resolves to what happened. */
async function copy(text, field) {
  try {
    await navigator.clipboard.writeText(text);
    return "copied";
  } catch {
    field.focus();
    field.select();
    return "selected";
  }
}

function clamp(value, low, high, fallback) {
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? Math.min(high, Math.max(low, Math.round(number))) : fallback;
}

/** Wire the share panel (inside the filters form); update() follows the URL as the reader pans and filters. */
export function createShare(root) {
  const linkField = root?.querySelector("#share-link");
  if (!linkField) return { update() {} };
  const status = root.querySelector("#share-status");
  const builder = root.querySelector("#embed-builder");
  const code = root.querySelector("#embed-code");
  const preview = root.querySelector("#embed-preview");
  const printLink = root.querySelector("#print-link");
  const field = (name) => root.querySelector(`[name="${name}"]`);

  const say = (text) => {
    status.textContent = ""; // the same words again are announced again
    status.textContent = text;
  };

  function choices() {
    const fullWidth = field("embed_full_width").checked;
    field("embed_width").disabled = fullWidth;
    return {
      controls: [...root.querySelectorAll('[name="embed_control"]:checked')].map((box) => box.value),
      keepView: field("embed_keep").checked,
      width: fullWidth ? "100%" : clamp(field("embed_width").value, 200, 2000, 600),
      height: clamp(field("embed_height").value, 200, 2000, 450),
    };
  }

  function update() {
    linkField.value = window.location.href;
    if (printLink) printLink.href = pageUrl({ print: "1" });
    const chosen = choices();
    const src = embedUrl(chosen);
    code.value = embedSnippet(src, chosen);
    preview.href = src;
  }

  root.querySelector("#copy-link").addEventListener("click", async () => {
    update();
    say((await copy(linkField.value, linkField)) === "copied" ? STRINGS.linkCopied : STRINGS.pressToCopy);
  });
  root.querySelector("#copy-embed").addEventListener("click", async () => {
    update();
    say((await copy(code.value, code)) === "copied" ? STRINGS.codeCopied : STRINGS.pressToCopy);
  });
  builder.addEventListener("input", update);
  builder.addEventListener("change", update);
  update();
  return { update };
}
