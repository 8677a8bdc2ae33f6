// The public API, same origin. Every page reads only these routes.

/** An error answer of the API, with its status and the detail it gave (FastAPI's or Azure's shape). */
export class ApiError extends Error {
  constructor(status, body) {
    super(ApiError.describe(status, body));
    this.status = status;
    this.body = body;
  }

  static describe(status, body) {
    if (body && typeof body.detail === 'string') return `${status}: ${body.detail}`;
    if (body && Array.isArray(body.detail)) return `${status}: ` + body.detail.map(d => `${(d.loc || []).join('.')} ${d.msg}`).join('; ');
    if (body && body.message) return `${status}: ${body.code ? body.code + ' ' : ''}${body.message}`;
    // Azure's gateway wraps its errors: {"error": {"code": "401", "message": "Access denied ..."}}
    if (body && body.error && body.error.message) return `${status}: ${body.error.message}`;
    return `HTTP ${status}`;
  }

  /**
   * The API's own words, without the status and the field paths ("body.constraints.production_target"), for a
   * person who filled in a form rather than wrote the request.
   */
  get plain() {
    const b = this.body;
    if (b && Array.isArray(b.detail)) return b.detail.map(d => d.msg).filter(Boolean).join('; ') || this.message;
    if (b && typeof b.detail === 'string') return b.detail;
    if (b && b.message) return b.message;
    if (b && b.error && b.error.message) return b.error.message;
    return this.message;
  }

  /** A route not deployed yet answers FastAPI's 404 {"detail":"Not Found"} (a missing record says what is missing). */
  get routeMissing() {
    return this.status === 404 && this.body && this.body.detail === 'Not Found';
  }
}

/** Where the page keeps the caller's API key (every route but health needs one; see the README's Security). */
export const KEY_STORE = 'wattline.apiKey';

function storedKey() {
  try { return window.localStorage.getItem(KEY_STORE); } catch { return null; }
}

// One prompt per page view: the page's calls refused together share it, and after a cancel the page keeps its
// errors (a polling page would otherwise ask again every second). main.js starts a new view on each route.
let keyPrompt = null;

export function newPageView() {
  keyPrompt = null;
}

function askForKey(current) {
  if (!keyPrompt) {
    keyPrompt = Promise.resolve().then(() => {
      // ./wattline local prints its development key
      const entered = window.prompt('This API needs a key (./wattline local prints its development key):', current || '');
      if (!entered || !entered.trim()) return null;
      try { window.localStorage.setItem(KEY_STORE, entered.trim()); } catch { /* private mode: this call still uses it */ }
      return entered.trim();
    });
  }
  return keyPrompt;
}

export async function request(method, path, { query, body, headers } = {}, asked = false) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(query || {})) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  const init = { method, headers: { accept: 'application/json', ...(headers || {}) } };
  const key = asked || storedKey();
  if (key) init.headers['x-api-key'] = key;
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(url, init);
  } catch (e) {
    // the cloud stopped, the network down: the browser's own words ("Failed to fetch") told a reader nothing
    throw new Error(`No answer from the API (${e.message}): the server is down or cannot be reached. Try again later.`);
  }
  const text = await res.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = { detail: text }; }
  if (res.status === 401 && !asked) {
    const entered = await askForKey(key);
    if (entered && entered !== key) return request(method, path, { query, body, headers }, entered);
  }
  if (!res.ok) throw new ApiError(res.status, parsed);
  return parsed;
}

export const get = (path, query) => request('GET', path, { query });
export const post = (path, body, query) => request('POST', path, { body, query });
export const put = (path, body) => request('PUT', path, { body });

/**
 * Calls a route that may not be deployed yet (anomaly, forecasting, baseline). Resolves to
 * {missing: true} on the API's "Not Found" for an unknown route, so the page can say so.
 */
export async function optional(promise) {
  try {
    return { data: await promise };
  } catch (e) {
    if (e instanceof ApiError && e.routeMissing) return { missing: true };
    throw e;
  }
}
