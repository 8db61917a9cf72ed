/**
 * GET a JSON document from our own server: the one fetch helper of the public map (api.js) and the
 * admin's scripts (admin_geocoder.js). Each caller words the failure for its reader from the
 * FetchError: `reason` is "unreachable" (no answer), "status" (an error answer, with its `status`
 * and its JSON `body` when it had one) or "unreadable" (a success whose body is not JSON).
 */

export class FetchError extends Error {
  constructor(reason, status = 0, body = null) {
    super(`${reason} ${status}`);
    this.reason = reason;
    this.status = status;
    this.body = body;
  }
}

export async function fetchJson(url, { accept = "application/json", signal } = {}) {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: accept }, credentials: "same-origin", signal });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new FetchError("unreachable");
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    if (error.name === "AbortError") throw error;
    if (response.ok) throw new FetchError("unreadable", response.status);
  }
  if (!response.ok) throw new FetchError("status", response.status, body);
  return body;
}
