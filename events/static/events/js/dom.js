/**
 * Small DOM helpers. Untrusted text only ever enters the page through
 * textContent or text nodes, and links only through httpUrl().
 */

/** Build an element: props are attributes, plus `class`, `text`, `dataset` and `on<event>` handlers. */
export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  // append() turns strings into text nodes, never markup.
  for (const child of [children].flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/** The URL resolved against the page when its protocol is http or https, else null. */
export function httpUrl(value) {
  if (typeof value !== "string" || value.trim() === "") return null;
  try {
    const url = new URL(value, window.location.href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** A link that opens outside the page, or plain text when the URL is not http(s). */
export function externalLink(url, text) {
  const href = httpUrl(url);
  if (!href) return el("span", { text });
  return el("a", { href, target: "_blank", rel: "noopener noreferrer", text });
}

/** Call fn once the calls have paused for `ms` milliseconds. */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** A new task: what comes after it waits for the browser to paint and handle input first. */
export function nextTask() {
  return new Promise((resolve) => { setTimeout(resolve, 0); });
}
