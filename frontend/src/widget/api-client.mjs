// The API client. No cookies ever (credentials "omit"), no caching, and a timeout on every
// request so a hung connection ends in the "could not connect" message instead of a spinner.

export const REQUEST_TIMEOUT_MS = 45000;

export class ApiClient {
  /** @param {string} base the API's base URL, without a trailing slash */
  constructor(base) {
    this.base = base;
  }

  request(method, path, body, timeoutMs) {
    const controller = window.AbortController ? new AbortController() : null;
    const timer = controller
      ? window.setTimeout(() => controller.abort(), timeoutMs || REQUEST_TIMEOUT_MS)
      : null;
    const options = {
      method,
      credentials: 'omit',
      cache: 'no-store',
      headers: { Accept: 'application/json' },
      signal: controller ? controller.signal : undefined,
    };
    if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    return window.fetch(this.base + path, options).finally(() => {
      if (timer) window.clearTimeout(timer);
    });
  }
}

/** The response's JSON body, or {} when it has none (a proxy's HTML error page, say). */
export function readJson(response) {
  return response.json().catch(() => ({}));
}
