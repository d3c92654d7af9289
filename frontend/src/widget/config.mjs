// Configuration from the script tag's data- attributes (every one is listed in
// api/static/EMBEDDING.md).

// Only until the API's own limit arrives (GET /api/v1/widget-config); it refuses longer ones.
export const MESSAGE_LIMIT = 1000;

/**
 * The tag that loaded the widget. Read while the script first runs: `document.currentScript` is
 * null once it has finished.
 */
export function widgetScript() {
  return document.currentScript || document.querySelector('script[src*="widget.js"]');
}

export function readConfig(script) {
  const data = (script && script.dataset) || {};
  const scriptUrl = script && script.src ? new URL(script.src, document.baseURI) : null;
  // Without data-api the API is assumed to live where the script came from.
  const apiBase = data.api ? new URL(data.api, document.baseURI) : scriptUrl;
  const api = apiBase ? apiBase.href.replace(/\/+$/, '') : window.location.origin;
  return {
    api,
    council: data.council || '',
    title: data.title || 'SEN support guide',
    helpUrl: data.helpUrl ? new URL(data.helpUrl, document.baseURI).href : '',
    helpLabel: data.helpLabel || 'Talk to a person',
    messageLimit: MESSAGE_LIMIT,
  };
}

/** Whether the page is on the assistant's own origin (see storage.mjs for why it matters). */
export function isAssistantOrigin(config) {
  try {
    return new URL(config.api).origin === window.location.origin;
  } catch (error) {
    return false;
  }
}
