/*!
 * SEN support guide – embeddable chat widget.
 *
 * Embed with one tag (see api/static/EMBEDDING.md):
 *   <script src="https://assistant.example.gov.uk/widget.js"
 *           data-api="https://assistant.example.gov.uk"
 *           data-council="Example County Council" defer></script>
 *
 * Self-contained and dependency-free: no third-party requests, no cookies (every request is sent
 * with credentials "omit"). The tab's sessionStorage keeps only what the server stored (the
 * parent's words with personal identifiers redacted, never what was typed), and the
 * conversation id only when the page is on the assistant's own origin: on a council's page the
 * id, the parent's only credential, lives in this script's memory (see EMBEDDING.md).
 * Everything is drawn inside an open Shadow DOM so the host page's styles cannot reach in and ours
 * cannot leak out. Styles are applied as a constructed stylesheet, which a `style-src 'self'`
 * Content Security Policy allows; a <style> element is only used by browsers without
 * constructable stylesheets (they then need `style-src 'unsafe-inline'`).
 */
(function () {
  'use strict';

  if (window.senChatWidget) {
    return; // embedded twice: keep the first, a second launcher would confuse everyone
  }

  var SCRIPT = document.currentScript || document.querySelector('script[src*="widget.js"]');
  var MESSAGE_LIMIT = 1000; // only until the API's own limit arrives (GET /api/v1/widget-config)
  var STORAGE_VERSION = 1;
  var REQUEST_TIMEOUT_MS = 45000;
  // When a reply is slow we say so, twice, rather than leave a spinner running in silence.
  var SLOW_REPLY_MS = 5000;
  var VERY_SLOW_REPLY_MS = 15000;
  var SAFE_LINK_PROTOCOLS = ['http:', 'https:', 'mailto:', 'tel:'];

  // ---------------------------------------------------------------------------------------------
  // Configuration from the script tag's data- attributes
  // ---------------------------------------------------------------------------------------------

  function readConfig(script) {
    var data = (script && script.dataset) || {};
    var scriptUrl = script && script.src ? new URL(script.src, document.baseURI) : null;
    // Without data-api the API is assumed to live where the script came from.
    var apiBase = data.api ? new URL(data.api, document.baseURI) : scriptUrl;
    var api = apiBase ? apiBase.href.replace(/\/+$/, '') : window.location.origin;
    return {
      api: api,
      council: data.council || '',
      title: data.title || 'SEN support guide',
      helpUrl: data.helpUrl ? new URL(data.helpUrl, document.baseURI).href : '',
      helpLabel: data.helpLabel || 'Talk to a person',
      messageLimit: MESSAGE_LIMIT, // the API's limit; it refuses longer messages too
    };
  }

  var config = readConfig(SCRIPT);
  var storageKey = 'sen-chat:v' + STORAGE_VERSION + ':' + config.api;
  // The host page's sessionStorage is readable by every script on the page. The conversation id
  // goes there only when that page is the assistant's own origin; elsewhere it stays in memory
  // (a reload then starts a new conversation).
  var keepIdInStorage = (function () {
    try {
      return new URL(config.api).origin === window.location.origin;
    } catch (error) {
      return false;
    }
  })();

  // ---------------------------------------------------------------------------------------------
  // Small DOM helpers (every piece of text goes in through textContent: no HTML injection)
  // ---------------------------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === 'text') node.textContent = value;
      else if (name === 'className') node.className = value;
      else node.setAttribute(name, value === true ? '' : String(value));
    });
    (children || []).forEach(function (child) {
      if (child)
        node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function formatNumber(value) {
    return value.toLocaleString('en-GB');
  }

  function prefersReducedMotion() {
    return window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  }

  // ---------------------------------------------------------------------------------------------
  // Rich text: the assistant may use **bold**, "- " or "1. " lists, [links](https://...) and bare
  // URLs. We build DOM nodes ourselves instead of using innerHTML, so any markup in a reply is
  // shown as text, and links are kept only for http(s), mailto and tel.
  // ---------------------------------------------------------------------------------------------

  var INLINE_PATTERN = new RegExp(
    [
      /\*\*([^*]+?)\*\*/.source, // **bold**
      /\[([^\]]+)\]\(([^)\s]+)\)/.source, // [label](href)
      /(https?:\/\/[^\s<>()]*[^\s<>().,;:!?'"])/.source, // bare URL
      /([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/.source, // email address
    ].join('|'),
    'g'
  );
  // The API writes phone numbers in bold ("call **0800 1111**"); they become tap-to-call links.
  var PHONE_NUMBER = /^\+?[0-9][0-9 ()-]{1,18}[0-9]$/;

  function safeHref(raw) {
    try {
      var url = new URL(raw, document.baseURI);
      return SAFE_LINK_PROTOCOLS.indexOf(url.protocol) >= 0 ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function appendInline(parent, text, allowBold) {
    var last = 0;
    text.replace(INLINE_PATTERN, function (match, bold, label, href, bare, email, offset) {
      if (offset > last) parent.appendChild(document.createTextNode(text.slice(last, offset)));
      last = offset + match.length;
      if (bold !== undefined) {
        if (!allowBold) {
          parent.appendChild(document.createTextNode(match));
          return match;
        }
        var strong = el('strong', { className: 'sen-chat__bold' });
        if (PHONE_NUMBER.test(bold)) {
          strong.appendChild(
            el('a', {
              className: 'sen-chat__link',
              href: 'tel:' + bold.replace(/[^0-9+]/g, ''),
              text: bold,
            })
          );
        } else appendInline(strong, bold, false);
        parent.appendChild(strong);
        return match;
      }
      if (email !== undefined) {
        parent.appendChild(
          el('a', { className: 'sen-chat__link', href: 'mailto:' + email, text: email })
        );
        return match;
      }
      var target = safeHref(href !== undefined ? href : bare);
      if (!target) {
        parent.appendChild(document.createTextNode(label !== undefined ? label : match));
        return match;
      }
      parent.appendChild(
        el('a', { className: 'sen-chat__link', href: target, rel: 'noopener noreferrer' }, [
          label !== undefined ? label : bare,
        ])
      );
      return match;
    });
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  var BULLET = /^\s*[-*•]\s+/;
  var NUMBERED = /^\s*\d+[.)]\s+/;

  function renderRichText(text) {
    var fragment = document.createDocumentFragment();
    String(text || '')
      .replace(/\r\n?/g, '\n')
      .split(/\n\s*\n/)
      .forEach(function (block) {
        var lines = block.split('\n').filter(function (line) {
          return line.trim() !== '';
        });
        var paragraph = null;
        var list = null;
        lines.forEach(function (line) {
          var kind = BULLET.test(line) ? 'ul' : NUMBERED.test(line) ? 'ol' : null;
          if (kind) {
            paragraph = null;
            if (!list || list.tagName.toLowerCase() !== kind) {
              list = el(kind, { className: 'sen-chat__list sen-chat__list--' + kind });
              fragment.appendChild(list);
            }
            var item = el('li');
            appendInline(item, line.replace(kind === 'ul' ? BULLET : NUMBERED, ''), true);
            list.appendChild(item);
            return;
          }
          list = null;
          if (paragraph) paragraph.appendChild(el('br'));
          else {
            paragraph = el('p', { className: 'sen-chat__paragraph' });
            fragment.appendChild(paragraph);
          }
          appendInline(paragraph, line.trim(), true);
        });
      });
    return fragment;
  }

  function plainText(text) {
    return String(text || '')
      .replace(/\*\*([^*]+?)\*\*/g, '$1')
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1 ($2)');
  }

  // ---------------------------------------------------------------------------------------------
  // Storage: one record per tab and API, nothing else is kept on the device
  // ---------------------------------------------------------------------------------------------

  function loadState() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(storageKey) || 'null');
      // Without its id (kept in memory on a council's page) an old log could not be continued
      // or erased from here: start afresh rather than show one.
      if (
        saved &&
        saved.version === STORAGE_VERSION &&
        Array.isArray(saved.log) &&
        typeof saved.sessionId === 'string'
      ) {
        return saved;
      }
    } catch (error) {
      // storage blocked or corrupt: start afresh, the widget works without it
    }
    return { version: STORAGE_VERSION, sessionId: null, log: [] };
  }

  function storedEntry(entry) {
    // A parent's message is kept as the server stored it (redacted), once the server said so.
    if (entry.from !== 'user') return entry;
    if (typeof entry.stored !== 'string') return null;
    return { id: entry.id, from: 'user', text: entry.stored, stored: entry.stored };
  }

  function saveState() {
    if (!keepIdInStorage) return; // nothing to keep without the id: see keepIdInStorage
    try {
      window.sessionStorage.setItem(
        storageKey,
        JSON.stringify({
          version: STORAGE_VERSION,
          sessionId: state.sessionId,
          log: state.log.map(storedEntry).filter(Boolean),
        })
      );
    } catch (error) {
      // storage full or blocked: the conversation still works, it just won't survive a reload
    }
  }

  function forgetState() {
    try {
      window.sessionStorage.removeItem(storageKey);
    } catch (error) {
      // nothing stored
    }
  }

  // ---------------------------------------------------------------------------------------------
  // API client
  // ---------------------------------------------------------------------------------------------

  function apiUrl(path) {
    return config.api + path;
  }

  function request(method, path, body, timeoutMs) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller
      ? window.setTimeout(function () {
          controller.abort();
        }, timeoutMs || REQUEST_TIMEOUT_MS)
      : null;
    var options = {
      method: method,
      credentials: 'omit',
      cache: 'no-store',
      headers: { Accept: 'application/json' },
      signal: controller ? controller.signal : undefined,
    };
    if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    return window.fetch(apiUrl(path), options).finally(function () {
      if (timer) window.clearTimeout(timer);
    });
  }

  function readJson(response) {
    return response.json().catch(function () {
      return {};
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Styles
  // ---------------------------------------------------------------------------------------------

  var CSS = `
    /* all: initial stops the host page's inherited styles (font, colour, line-height) reaching in;
       custom properties are not reset by 'all', so the theming properties still inherit. */
    :host {
      all: initial;
    }

    .sen-chat {
      --_brand: var(--sen-chat-brand, #1d70b8);
      --_brand-text: var(--sen-chat-brand-text, #ffffff);
      --_focus: var(--sen-chat-focus, #ffdd00);
      --_text: #0b0c0c;
      --_secondary: #505a5f;
      --_error: #d4351c;
      --_surface: #f3f2f1;
      font-family: var(--sen-chat-font, system-ui, -apple-system, "Segoe UI", Arial, sans-serif);
      font-size: 1em;
      line-height: 1.4;
      color: var(--_text);
    }

    .sen-chat *, .sen-chat *::before, .sen-chat *::after {
      box-sizing: border-box;
    }

    .sen-chat [hidden] {
      display: none !important;
    }

    .sen-chat__visually-hidden {
      position: absolute !important;
      width: 1px !important;
      height: 1px !important;
      margin: 0 !important;
      padding: 0 !important;
      overflow: hidden !important;
      clip: rect(0 0 0 0) !important;
      clip-path: inset(50%) !important;
      border: 0 !important;
      white-space: nowrap !important;
    }

    /* Buttons are 44px tall, the small ones at least 35px: WCAG 2.5.8 asks for 24px, thumbs and
       tremors need more. */
    :where(.sen-chat) button {
      font: inherit;
      font-size: 1em;
      line-height: 1.25;
      min-height: 2.75em;
      min-width: 2.75em;
      margin: 0;
      padding: 0.5em 0.75em;
      border: 2px solid transparent;
      border-radius: 0;
      cursor: pointer;
      color: var(--_text);
      background: var(--_surface);
      box-shadow: 0 2px 0 #929191;
    }

    :where(.sen-chat) button:hover {
      background: #dbdad9;
    }

    :where(.sen-chat) a {
      color: #1d70b8;
      text-decoration: underline;
      text-decoration-thickness: max(1px, .0625em);
      text-underline-offset: .15em;
      overflow-wrap: anywhere;
    }

    :where(.sen-chat) a:hover {
      color: #003078;
      text-decoration-thickness: max(3px, .1875em);
    }

    /* GOV.UK Frontend focus style: yellow fill with a dark underline, visible on any background. */
    .sen-chat a:focus-visible {
      outline: 3px solid transparent;
      color: #0b0c0c;
      background-color: var(--_focus);
      box-shadow: 0 -2px var(--_focus), 0 4px #0b0c0c;
      text-decoration: none;
    }

    .sen-chat button:focus-visible {
      outline: 3px solid transparent;
      outline-offset: 0;
      color: #0b0c0c;
      background-color: var(--_focus);
      border-color: var(--_focus);
      box-shadow: inset 0 0 0 1px var(--_focus), 0 2px 0 #0b0c0c;
    }

    .sen-chat button:focus-visible .sen-chat__icon {
      fill: #0b0c0c;
    }

    .sen-chat__launcher {
      position: fixed;
      right: 1em;
      bottom: 1em;
      z-index: var(--sen-chat-z-index, 2147483000);
      display: inline-flex;
      align-items: center;
      gap: 0.5em;
      max-width: calc(100vw - 2em);
      padding: 0.625em 1em;
      font-weight: 700;
      color: var(--_brand-text);
      background: var(--_brand);
      border-radius: 1.5em;
      box-shadow: 0 2px 6px rgba(11, 12, 12, 0.35);
    }

    .sen-chat__launcher:hover {
      background: var(--_brand);
      filter: brightness(0.9);
    }

    .sen-chat__launcher:focus-visible {
      border-radius: 1.5em;
      filter: none;
    }

    .sen-chat__icon {
      width: 1.5em;
      height: 1.5em;
      flex: none;
      fill: currentColor;
    }

    .sen-chat__panel {
      position: fixed;
      right: 1em;
      bottom: 1em;
      z-index: var(--sen-chat-z-index, 2147483000);
      display: flex;
      flex-direction: column;
      width: min(28em, calc(100vw - 2em));
      height: min(44em, calc(100vh - 2em));
      background: #ffffff;
      border: 2px solid var(--_text);
      box-shadow: 0 4px 16px rgba(11, 12, 12, 0.35);
      overflow: hidden;
      overflow: clip;
    }

    .sen-chat__header {
      display: flex;
      align-items: flex-start;
      gap: 0.5em;
      padding: 0.5em 0.5em 0.5em 1em;
      color: var(--_brand-text);
      background: var(--_brand);
    }

    .sen-chat__heading {
      flex: 1;
      min-width: 0;
    }

    .sen-chat__title {
      margin: 0.25em 0 0;
      font-size: 1.1875em;
      font-weight: 700;
      line-height: 1.3;
    }

    .sen-chat__subtitle {
      margin: 0 0 0.25em;
      font-size: 0.875em;
    }

    .sen-chat__close {
      flex: none;
      color: var(--_brand-text);
      background: transparent;
      box-shadow: none;
      border-color: var(--_brand-text);
    }

    .sen-chat__close:hover {
      background: rgba(255, 255, 255, 0.15);
    }

    .sen-chat__help {
      margin: 0;
      padding: 0.25em 1em;
      border-bottom: 1px solid #b1b4b6;
    }

    .sen-chat__human {
      display: inline-flex;
      align-items: center;
      min-height: 2.75em;
      font-weight: 700;
    }

    .sen-chat__tools {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5em;
      margin: 1em 0 0;
      padding-top: 0.75em;
      border-top: 1px solid #b1b4b6;
    }

    .sen-chat__tools button {
      font-size: 0.875em;
      padding: 0.375em 0.625em;
      min-height: 2.75em;
    }

    .sen-chat__confirm {
      margin: 0.75em 0 0;
      padding: 0.75em;
      border: 2px solid #0b0c0c;
      background: #fff7bf;
    }

    .sen-chat__confirm p {
      margin: 0 0 0.5em;
      font-weight: 700;
    }

    .sen-chat__confirm-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5em;
    }

    .sen-chat__button--warning {
      color: #ffffff;
      background: var(--_error);
      box-shadow: 0 2px 0 #55150b;
    }

    .sen-chat__button--warning:hover {
      background: #aa2a16;
    }

    /* position: relative keeps the visually hidden "You said:" labels inside this scroller; without
       it they overflowed the panel, and scrolling to a new reply pushed the title bar off screen. */
    .sen-chat__body {
      position: relative;
      background: #ffffff;
      flex: 1 1 auto;
      min-height: 0;
      overflow-y: auto;
      overscroll-behavior: contain;
      padding: 0.75em 1em;
    }

    .sen-chat__notice {
      margin: 0 0 0.75em;
      padding-left: 0.75em;
      border-left: 4px solid #b1b4b6;
      color: var(--_secondary);
      font-size: 0.875em;
    }

    .sen-chat__intro {
      margin: 0 0 0.75em;
    }

    .sen-chat__status {
      margin: 0 0 0.75em;
      font-weight: 700;
    }

    .sen-chat__messages {
      list-style: none;
      margin: 0;
      padding: 0;
    }

    .sen-chat__message {
      margin: 0 0 0.75em;
      overflow-wrap: anywhere;
    }

    .sen-chat__bubble {
      display: block;
      max-width: 92%;
      padding: 0.5em 0.75em;
      border-radius: 0.75em;
    }

    .sen-chat__message--user .sen-chat__bubble {
      margin-left: auto;
      width: fit-content;
      color: var(--_brand-text);
      background: var(--_brand);
      border-bottom-right-radius: 0;
      white-space: pre-wrap;
    }

    .sen-chat__message--bot .sen-chat__bubble {
      background: var(--_surface);
      border-bottom-left-radius: 0;
    }

    .sen-chat__paragraph {
      margin: 0 0 0.5em;
    }

    .sen-chat__paragraph:last-child {
      margin-bottom: 0;
    }

    .sen-chat__list {
      margin: 0 0 0.5em;
      padding-left: 1.25em;
    }

    .sen-chat__list:last-child {
      margin-bottom: 0;
    }

    .sen-chat__list li {
      margin-bottom: 0.25em;
    }

    .sen-chat__quick-replies {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5em;
      margin: 0.5em 0 0;
      padding: 0;
      list-style: none;
    }

    .sen-chat__quick-reply {
      color: var(--_brand);
      background: #ffffff;
      border-color: var(--_brand);
      border-radius: 1.375em;
      box-shadow: none;
      text-align: left;
    }

    .sen-chat__quick-reply:hover {
      background: var(--_surface);
    }

    .sen-chat__quick-reply:focus-visible {
      border-radius: 1.375em;
    }

    .sen-chat__feedback {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5em;
      margin-top: 0.375em;
      font-size: 0.875em;
      color: var(--_secondary);
    }

    .sen-chat__feedback-question {
      margin: 0;
    }

    .sen-chat__feedback button {
      min-height: 2.5em;
      padding: 0.25em 0.625em;
      font-size: 1em;
    }

    .sen-chat__feedback button[aria-pressed="true"] {
      color: #ffffff;
      background: #00703c;
      box-shadow: 0 2px 0 #002d18;
    }

    .sen-chat__feedback-thanks {
      margin: 0;
      color: var(--_text);
    }

    .sen-chat__typing {
      display: flex;
      align-items: center;
      gap: 0.5em;
      margin: 0 0 0.75em;
      color: var(--_secondary);
    }

    .sen-chat__dots {
      display: inline-flex;
      gap: 0.25em;
    }

    .sen-chat__dots span {
      width: 0.5em;
      height: 0.5em;
      border-radius: 50%;
      background: var(--_secondary);
      animation: sen-chat-bounce 1.2s infinite ease-in-out;
    }

    .sen-chat__dots span:nth-child(2) {
      animation-delay: 0.15s;
    }

    .sen-chat__dots span:nth-child(3) {
      animation-delay: 0.3s;
    }

    @keyframes sen-chat-bounce {
      0%, 80%, 100% {
        opacity: 0.3;
        transform: translateY(0);
      }
      40% {
        opacity: 1;
        transform: translateY(-0.25em);
      }
    }

    .sen-chat__error:empty {
      display: none;
    }

    .sen-chat__error {
      margin: 0 0 0.75em;
      padding: 0.75em;
      border: 4px solid var(--_error);
    }

    .sen-chat__error-title {
      margin: 0 0 0.5em;
      font-size: 1em;
      font-weight: 700;
    }

    .sen-chat__error .sen-chat__paragraph, .sen-chat__error .sen-chat__list {
      margin-bottom: 0.5em;
    }

    .sen-chat__composer {
      padding: 0.75em 1em 1em;
      border-top: 1px solid #b1b4b6;
      background: #ffffff;
    }

    .sen-chat__label {
      display: block;
      margin-bottom: 0.25em;
      font-weight: 700;
    }

    .sen-chat__hint {
      margin: 0 0 0.25em;
      color: var(--_secondary);
      font-size: 0.875em;
    }

    .sen-chat__input-error {
      margin: 0 0 0.25em;
      color: var(--_error);
      font-weight: 700;
    }

    /* With large text the Send button wraps under the box instead of squeezing it. */
    .sen-chat__row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5em;
      align-items: flex-end;
    }

    .sen-chat__input {
      flex: 1 1 12em;
      min-width: 0;
      min-height: 2.75em;
      max-height: 10em;
      margin: 0;
      padding: 0.3125em;
      font: inherit;
      font-size: 1em;
      color: var(--_text);
      background: #ffffff;
      border: 2px solid var(--_text);
      border-radius: 0;
      resize: vertical;
    }

    .sen-chat__input:focus {
      outline: 3px solid var(--_focus);
      outline-offset: 0;
      box-shadow: inset 0 0 0 2px;
    }

    .sen-chat__input--error {
      border-color: var(--_error);
    }

    .sen-chat__input--error:focus {
      border-color: var(--_text);
    }

    .sen-chat__send {
      color: var(--_brand-text);
      background: var(--_brand);
      box-shadow: 0 2px 0 #0b0c0c;
      font-weight: 700;
    }

    .sen-chat__send:hover {
      background: var(--_brand);
      filter: brightness(0.9);
    }

    .sen-chat__send:focus-visible {
      filter: none;
    }

    .sen-chat__count {
      margin: 0.25em 0 0;
      color: var(--_secondary);
      font-size: 0.875em;
    }

    .sen-chat__count--error {
      color: var(--_error);
      font-weight: 700;
    }

    /* Phones, and desktops zoomed to 400% (1280px becomes 320 CSS px): take the whole viewport. */
    @media (max-width: 40em) {
      .sen-chat__panel {
        inset: 0;
        width: auto;
        height: auto;
        border: 0;
        box-shadow: none;
      }
      .sen-chat__launcher {
        right: 0.5em;
        bottom: 0.5em;
        max-width: calc(100vw - 1em);
      }
    }

    /* Short viewports (landscape phones, 400% zoom): one scrolling column instead of a squeezed
       message list, so nothing is clipped and the page only ever scrolls vertically. */
    @media (max-height: 32em) {
      .sen-chat__panel {
        inset: 0;
        width: auto;
        height: auto;
        overflow-y: auto;
        border: 0;
      }
      .sen-chat__body {
        flex: none;
        overflow: visible;
      }
    }

    @media (prefers-reduced-motion: reduce) {
      .sen-chat *, .sen-chat *::before, .sen-chat *::after {
        animation: none !important;
        transition: none !important;
        scroll-behavior: auto !important;
      }
      .sen-chat__dots span {
        opacity: 1;
      }
    }

    @media (forced-colors: active) {
      .sen-chat__bubble {
        border: 1px solid CanvasText;
      }
      .sen-chat__dots span {
        background: CanvasText;
      }
      .sen-chat__icon {
        fill: ButtonText;
      }
    }
  `;

  function applyStyles(root) {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (error) {
      root.appendChild(el('style', { text: CSS }));
    }
  }

  var CHAT_ICON =
    'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9.5L5 21.5V18H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 3 ' +
    '1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z';
  var CLOSE_ICON =
    'M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z';

  function icon(path) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'sen-chat__icon');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var shape = document.createElementNS(ns, 'path');
    shape.setAttribute('d', path);
    svg.appendChild(shape);
    return svg;
  }

  // ---------------------------------------------------------------------------------------------
  // Build the widget
  // ---------------------------------------------------------------------------------------------

  var state = loadState();
  var pending = false;
  var lastFailed = null;
  var slowTimers = [];
  var countTimer = null;

  // A custom element name, not a <div>, so host page rules such as `div { ... }` never match it.
  var host = document.createElement('sen-chat-widget');
  host.setAttribute('data-module', 'sen-chat');
  var root = host.attachShadow({ mode: 'open' });
  applyStyles(root);

  var launcherText = el('span', { className: 'sen-chat__launcher-text' });
  var launcher = el(
    'button',
    {
      className: 'sen-chat__launcher',
      type: 'button',
      'aria-haspopup': 'dialog',
      'aria-expanded': 'false',
    },
    [icon(CHAT_ICON), launcherText]
  );

  var closeButton = el(
    'button',
    { className: 'sen-chat__close', type: 'button', 'aria-label': 'Close ' + config.title },
    [icon(CLOSE_ICON)]
  );
  var header = el('div', { className: 'sen-chat__header' }, [
    el('div', { className: 'sen-chat__heading' }, [
      el('h2', { className: 'sen-chat__title', id: 'sen-chat-title', text: config.title }),
      config.council ? el('p', { className: 'sen-chat__subtitle', text: config.council }) : null,
    ]),
    closeButton,
  ]);

  var humanLink = config.helpUrl
    ? el('a', { className: 'sen-chat__human', href: config.helpUrl, text: config.helpLabel })
    : null;
  var restartButton = el('button', {
    type: 'button',
    className: 'sen-chat__restart',
    text: 'Start again',
  });
  var downloadButton = el('button', {
    type: 'button',
    className: 'sen-chat__download',
    text: 'Download transcript',
  });
  var deleteButton = el('button', {
    type: 'button',
    className: 'sen-chat__delete',
    text: 'Delete my conversation',
  });
  var helpBar = humanLink ? el('p', { className: 'sen-chat__help' }, [humanLink]) : null;
  var tools = el(
    'div',
    { className: 'sen-chat__tools', role: 'group', 'aria-label': 'Conversation options' },
    [restartButton, downloadButton, deleteButton]
  );

  var confirmYes = el('button', {
    type: 'button',
    className: 'sen-chat__button--warning sen-chat__confirm-yes',
    text: 'Yes, delete it',
  });
  var confirmNo = el('button', {
    type: 'button',
    className: 'sen-chat__confirm-no',
    text: 'Cancel',
  });
  var confirmBox = el(
    'div',
    {
      className: 'sen-chat__confirm',
      role: 'group',
      'aria-labelledby': 'sen-chat-confirm-text',
      hidden: true,
    },
    [
      el('p', {
        id: 'sen-chat-confirm-text',
        text:
          'Delete this conversation from this device and from our records? ' +
          'This cannot be undone.',
      }),
      el('div', { className: 'sen-chat__confirm-actions' }, [confirmYes, confirmNo]),
    ]
  );

  var notice = el('p', {
    className: 'sen-chat__notice',
    id: 'sen-chat-notice',
    text:
      'This is an automated guide, not a person. Please do not type names or other details that ' +
      'could identify you or your child.',
  });
  var intro = el('p', {
    className: 'sen-chat__intro',
    text:
      'Ask about support at school for children with special educational needs (SEN), in your ' +
      'own words. For example: "What is SEN support?" or "How often should the school meet me?"',
  });
  var statusLine = el('p', { className: 'sen-chat__status', tabindex: '-1', hidden: true });
  var messageList = el('ol', { className: 'sen-chat__messages', 'aria-label': 'Conversation' });
  var typingText = el('span', { className: 'sen-chat__typing-text' });
  var typing = el('div', { className: 'sen-chat__typing', hidden: true }, [
    el('span', { className: 'sen-chat__dots', 'aria-hidden': 'true' }, [
      el('span'),
      el('span'),
      el('span'),
    ]),
    typingText,
  ]);
  // role="alert" on an element that is always in the DOM (hidden by CSS while empty): filling it
  // is what asks screen readers to speak it at once. Not yet checked with NVDA, JAWS or VoiceOver.
  var errorBox = el('div', { className: 'sen-chat__error', role: 'alert' });
  var body = el('div', { className: 'sen-chat__body' }, [
    notice,
    intro,
    statusLine,
    messageList,
    typing,
    errorBox,
    tools,
    confirmBox,
  ]);

  var input = el('textarea', {
    className: 'sen-chat__input',
    id: 'sen-chat-input',
    name: 'message',
    rows: '2',
    autocomplete: 'off',
    spellcheck: 'true',
    'aria-describedby': 'sen-chat-hint sen-chat-count',
  });
  var inputError = el('p', {
    className: 'sen-chat__input-error',
    id: 'sen-chat-input-error',
    hidden: true,
  });
  var count = el('p', {
    className: 'sen-chat__count',
    id: 'sen-chat-count',
    'aria-hidden': 'true',
  });
  // GOV.UK character count pattern: the visible count changes on every key, the spoken one only
  // once the user pauses, so screen reader users are not interrupted at each character.
  var countSpoken = el('p', { className: 'sen-chat__visually-hidden', 'aria-live': 'polite' });
  var sendButton = el('button', { type: 'submit', className: 'sen-chat__send', text: 'Send' });
  var composer = el('form', { className: 'sen-chat__composer', novalidate: true }, [
    el('label', { className: 'sen-chat__label', for: 'sen-chat-input', text: 'Your question' }),
    el('p', {
      className: 'sen-chat__hint',
      id: 'sen-chat-hint',
      text: 'Press Enter to send, or Shift and Enter for a new line.',
    }),
    inputError,
    el('div', { className: 'sen-chat__row' }, [input, sendButton]),
    count,
    countSpoken,
  ]);

  var liveRegion = el('div', {
    className: 'sen-chat__visually-hidden sen-chat__live',
    'aria-live': 'polite',
    'aria-atomic': 'true',
  });

  var panel = el(
    'div',
    {
      className: 'sen-chat__panel',
      id: 'sen-chat-panel',
      role: 'dialog',
      'aria-modal': 'true',
      'aria-labelledby': 'sen-chat-title',
      'aria-describedby': 'sen-chat-notice',
      hidden: true,
    },
    [header, helpBar, body, composer, liveRegion]
  );

  // The guide speaks English even on a page in another language (a Welsh page, say), so screen
  // readers pick the right voice.
  var widget = el('div', { className: 'sen-chat', lang: 'en-GB' }, [launcher, panel]);
  root.appendChild(widget);

  // ---------------------------------------------------------------------------------------------
  // Rendering
  // ---------------------------------------------------------------------------------------------

  function newId() {
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
  }

  function updateLauncher() {
    // Nothing to restart, download or delete until there is a conversation.
    tools.hidden = state.log.length === 0;
    intro.hidden = !tools.hidden;
    if (tools.hidden) confirmBox.hidden = true;
    launcherText.textContent = state.log.length
      ? 'Continue your conversation'
      : 'Ask about SEN support';
  }

  function renderMessage(entry, isLastBot) {
    var item = el('li', {
      className: 'sen-chat__message sen-chat__message--' + entry.from,
      'data-message-id': entry.id,
    });
    var bubble = el('div', { className: 'sen-chat__bubble' }, [
      el('span', {
        className: 'sen-chat__visually-hidden',
        text: entry.from === 'user' ? 'You said: ' : config.title + ' said: ',
      }),
    ]);
    if (entry.from === 'user') bubble.appendChild(document.createTextNode(entry.text));
    else bubble.appendChild(renderRichText(entry.text));
    item.appendChild(bubble);

    if (entry.from === 'bot' && isLastBot && entry.buttons && entry.buttons.length) {
      var replies = el('ul', {
        className: 'sen-chat__quick-replies',
        'aria-label': 'Suggested replies',
      });
      entry.buttons.forEach(function (button) {
        var choice = el('button', {
          type: 'button',
          className: 'sen-chat__quick-reply',
          text: button.title,
        });
        choice.addEventListener('click', function () {
          // The buttons vanish once used; keep focus where the next action happens.
          input.focus();
          send(button.payload, button.title);
        });
        replies.appendChild(el('li', {}, [choice]));
      });
      item.appendChild(replies);
    }
    if (entry.from === 'bot' && entry.endOfReply) item.appendChild(renderFeedback(entry));
    return item;
  }

  function renderFeedback(entry) {
    var group = el('div', {
      className: 'sen-chat__feedback',
      role: 'group',
      'aria-label': 'Was this answer helpful?',
    });
    group.appendChild(
      el('p', {
        className: 'sen-chat__feedback-question',
        'aria-hidden': 'true',
        text: 'Was this helpful?',
      })
    );
    [
      ['helpful', 'Helpful'],
      ['not_helpful', 'Not helpful'],
    ].forEach(function (option) {
      var button = el('button', {
        type: 'button',
        className: 'sen-chat__feedback-' + option[0].replace('_', '-'),
        'aria-pressed': entry.feedback === option[0] ? 'true' : 'false',
        text: option[1],
      });
      button.addEventListener('click', function () {
        giveFeedback(entry, option[0]);
      });
      group.appendChild(button);
    });
    if (entry.feedback) {
      group.appendChild(
        el('p', { className: 'sen-chat__feedback-thanks', text: 'Thank you for your feedback.' })
      );
    }
    return group;
  }

  function lastBotIndex() {
    for (var i = state.log.length - 1; i >= 0; i -= 1) {
      if (state.log[i].from === 'bot') return i;
    }
    return -1;
  }

  function render() {
    var lastBot = lastBotIndex();
    // Quick replies belong to the latest turn only; once the user has answered they are stale.
    var answered = lastBot < state.log.length - 1;
    var focusedId = null;
    var active = root.activeElement;
    if (active && messageList.contains(active)) {
      var owner = active.closest('[data-message-id]');
      focusedId = owner && owner.getAttribute('data-message-id');
      var focusedClass = active.className;
    }
    messageList.textContent = '';
    state.log.forEach(function (entry, index) {
      messageList.appendChild(renderMessage(entry, index === lastBot && !answered));
    });
    if (focusedId) {
      // Re-rendering replaces nodes; put focus back on the same control (e.g. a feedback button).
      var again = messageList.querySelector(
        '[data-message-id="' + focusedId + '"] .' + String(focusedClass).split(' ')[0]
      );
      if (again) again.focus();
    }
    updateLauncher();
  }

  function scrollToMessage(id) {
    var item = messageList.querySelector('[data-message-id="' + id + '"]');
    if (!item) return;
    item.scrollIntoView({ block: 'start', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
  }

  // Polite announcements. Clearing first makes a repeated identical reply be spoken again.
  function announce(text) {
    liveRegion.textContent = '';
    window.setTimeout(function () {
      liveRegion.textContent = text;
    }, 50);
  }

  function showStatus(text) {
    statusLine.textContent = text;
    statusLine.hidden = !text;
  }

  function clearError() {
    errorBox.textContent = '';
  }

  function showTyping(on) {
    slowTimers.forEach(window.clearTimeout);
    slowTimers = [];
    typing.hidden = !on;
    if (!on) return;
    typingText.textContent = 'The guide is writing a reply…';
    typing.scrollIntoView({ block: 'nearest' });
    slowTimers.push(
      window.setTimeout(function () {
        typingText.textContent = 'Still working on your answer. Thank you for waiting.';
        announce(typingText.textContent);
      }, SLOW_REPLY_MS),
      window.setTimeout(function () {
        typingText.textContent =
          'This is taking longer than usual. You can keep waiting, or talk to a person instead.';
        announce(typingText.textContent);
      }, VERY_SLOW_REPLY_MS)
    );
  }

  // Resilience: the API's 503 body carries a fallback message with the council's human contacts;
  // when we cannot reach the API at all we fall back on the data-help-url link.
  function showError(kind, fallbackMessages) {
    clearError();
    var title =
      kind === 'offline'
        ? 'Sorry, we could not connect to the guide'
        : kind === 'busy'
          ? 'Sorry, too many messages'
          : 'The guide is not available right now';
    errorBox.appendChild(el('h3', { className: 'sen-chat__error-title', text: title }));
    if (kind === 'offline') {
      errorBox.appendChild(
        el('p', {
          className: 'sen-chat__paragraph',
          text: 'Check your internet connection, then try again. Your conversation has been kept.',
        })
      );
    } else if (kind === 'busy') {
      errorBox.appendChild(
        el('p', { className: 'sen-chat__paragraph', text: 'Please wait a minute, then try again.' })
      );
    }
    (fallbackMessages || []).forEach(function (message) {
      if (message && message.text) errorBox.appendChild(renderRichText(message.text));
    });
    if (config.helpUrl && (kind === 'offline' || !(fallbackMessages || []).length)) {
      errorBox.appendChild(
        el('p', { className: 'sen-chat__paragraph' }, [
          el('a', { className: 'sen-chat__link', href: config.helpUrl, text: config.helpLabel }),
        ])
      );
    }
    var retry = el('button', { type: 'button', className: 'sen-chat__retry', text: 'Try again' });
    retry.addEventListener('click', function () {
      if (!lastFailed) return;
      var failed = lastFailed;
      input.focus();
      send(failed.text, null);
    });
    errorBox.appendChild(retry);
    errorBox.scrollIntoView({ block: 'nearest' });
  }

  function showInputError(text) {
    inputError.textContent = text;
    inputError.hidden = !text;
    input.classList.toggle('sen-chat__input--error', Boolean(text));
    if (text) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    input.setAttribute(
      'aria-describedby',
      (text ? 'sen-chat-input-error ' : '') + 'sen-chat-hint sen-chat-count'
    );
  }

  function countMessage() {
    var remaining = config.messageLimit - input.value.length;
    if (remaining >= 0) {
      return (
        'You have ' +
        formatNumber(remaining) +
        ' character' +
        (remaining === 1 ? '' : 's') +
        ' remaining'
      );
    }
    var over = -remaining;
    return 'You have ' + formatNumber(over) + ' character' + (over === 1 ? '' : 's') + ' too many';
  }

  function updateCount() {
    var over = input.value.length > config.messageLimit;
    count.textContent = countMessage();
    count.classList.toggle('sen-chat__count--error', over);
    input.classList.toggle('sen-chat__input--error', over || !inputError.hidden);
    if (!over && !inputError.hidden) showInputError('');
    window.clearTimeout(countTimer);
    countTimer = window.setTimeout(function () {
      countSpoken.textContent = countMessage();
    }, 1000);
  }

  // ---------------------------------------------------------------------------------------------
  // Behaviour
  // ---------------------------------------------------------------------------------------------

  function addBotMessages(messages, turnId) {
    var added = messages.filter(function (message) {
      return message && typeof message.text === 'string' && message.text.trim() !== '';
    });
    added.forEach(function (message, index) {
      state.log.push({
        id: newId(),
        from: 'bot',
        text: message.text,
        buttons: Array.isArray(message.buttons)
          ? message.buttons.filter(function (button) {
              return button && button.title && button.payload;
            })
          : [],
        endOfReply: index === added.length - 1,
        turnId: typeof turnId === 'number' ? turnId : null,
      });
    });
    return added;
  }

  function send(text, displayText, retried) {
    if (pending) {
      showInputError('Please wait for the answer to your last message.');
      return Promise.resolve();
    }
    showInputError('');
    showStatus('');
    clearError();
    var firstNewIndex = state.log.length;
    var userEntry = null;
    if (displayText !== null) {
      // A button's title is the assistant's own words; typed words wait for the server's
      // redacted copy before anything is stored.
      userEntry = { id: newId(), from: 'user', text: displayText };
      if (displayText !== text) userEntry.stored = displayText;
      state.log.push(userEntry);
      render();
    } else {
      userEntry = lastUnstoredUserEntry();
    }
    pending = true;
    sendButton.setAttribute('aria-disabled', 'true');
    // No erasing while a reply is on its way: the erasure would wait for it anyway, and the
    // parent should see the answer's fate before choosing.
    deleteButton.disabled = true;
    confirmYes.disabled = true;
    showTyping(true);
    var bodyJson = { message: text };
    if (state.sessionId) bodyJson.session_id = state.sessionId;

    return request('POST', '/api/v1/chat', bodyJson)
      .then(function (response) {
        return readJson(response).then(function (data) {
          return { status: response.status, data: data };
        });
      })
      .then(
        function (result) {
          finishSending();
          // A 503 may still carry the session id: the question was kept and a retry continues it.
          if (typeof result.data.session_id === 'string') state.sessionId = result.data.session_id;
          if (userEntry && typeof result.data.user_text === 'string') {
            userEntry.stored = result.data.user_text;
            saveState();
          }
          if (result.status === 200 && Array.isArray(result.data.messages)) {
            lastFailed = null;
            var added = addBotMessages(result.data.messages, result.data.turn_id);
            if (!added.length) {
              // Rasa answers [] when something broke inside it; treat it as unavailable.
              lastFailed = { text: text };
              showError('unavailable', []);
              return;
            }
            saveState();
            render();
            var first = state.log[firstNewIndex + (displayText !== null ? 1 : 0)];
            if (first) scrollToMessage(first.id);
            announce(
              config.title +
                ' said: ' +
                added
                  .map(function (message) {
                    return plainText(message.text);
                  })
                  .join(' ')
            );
            return;
          }
          if (result.status === 404 && bodyJson.session_id && !retried) {
            // The API no longer knows this conversation (erased or past retention): carry on in
            // a new one rather than leave the parent stuck.
            state.sessionId = null;
            saveState();
            return send(text, null, true);
          }
          lastFailed = { text: text };
          if (result.status === 429 || result.status === 409) showError('busy', []);
          else if (result.status >= 400 && result.status < 500 && result.status !== 408) {
            // Our own checks should stop bad input first; if the API still refuses, say why.
            lastFailed = null;
            showInputError(
              typeof result.data.detail === 'string'
                ? 'Sorry, that message could not be sent: ' + result.data.detail
                : 'Sorry, that message could not be sent. Please try rewording it.'
            );
          } else showError('unavailable', result.data.messages);
        },
        function () {
          finishSending();
          lastFailed = { text: text };
          showError('offline', []);
        }
      );
  }

  function finishSending() {
    pending = false;
    sendButton.removeAttribute('aria-disabled');
    deleteButton.disabled = false;
    confirmYes.disabled = false;
    showTyping(false);
  }

  function lastUnstoredUserEntry() {
    for (var index = state.log.length - 1; index >= 0; index -= 1) {
      var entry = state.log[index];
      if (entry.from === 'user') return typeof entry.stored === 'string' ? null : entry;
    }
    return null;
  }

  function giveFeedback(entry, value) {
    entry.feedback = value;
    saveState();
    render();
    if (!state.sessionId) return;
    var feedback = { helpful: value === 'helpful' };
    if (entry.turnId) feedback.turn_id = entry.turnId;
    request(
      'POST',
      '/api/v1/sessions/' + encodeURIComponent(state.sessionId) + '/feedback',
      feedback
    )
      .then(function (response) {
        announce(
          response.ok ? 'Thank you for your feedback.' : 'Sorry, we could not save your feedback.'
        );
      })
      .catch(function () {
        announce('Sorry, we could not save your feedback.');
      });
  }

  function transcriptLines(data) {
    // The API's transcript is the redacted record; the local log is a fallback when it is gone.
    var turns = data && data.turns;
    if (!Array.isArray(turns)) {
      turns = state.log.map(function (entry) {
        return { sender: entry.from, text: entry.text, buttons: entry.buttons };
      });
    }
    var offered = [];
    return turns
      .filter(function (turn) {
        return turn && typeof turn.text === 'string';
      })
      .map(function (turn) {
        var name = turn.sender === 'user' ? 'You' : config.title;
        if (turn.sender === 'user') {
          // A quick reply is stored as its payload ("/inform{...}"); show the words chosen.
          var chosen = offered.filter(function (button) {
            return button.payload === turn.text;
          })[0];
          if (chosen) turn = { sender: 'user', text: chosen.title };
        } else if (turn.buttons && turn.buttons.length) {
          offered = turn.buttons;
        }
        var options = (turn.buttons || [])
          .map(function (button) {
            return button.title;
          })
          .join(' / ');
        return (
          name + ':\n' + plainText(turn.text) + (options ? '\nOptions: ' + options : '') + '\n'
        );
      });
  }

  function downloadTranscript() {
    var fetched = state.sessionId
      ? request('GET', '/api/v1/sessions/' + encodeURIComponent(state.sessionId) + '/transcript')
          .then(function (response) {
            return response.ok ? readJson(response) : null;
          })
          .catch(function () {
            return null;
          })
      : Promise.resolve(null);
    return fetched.then(function (data) {
      var today = new Date().toISOString().slice(0, 10);
      var lines = transcriptLines(data);
      if (!lines.length) {
        showStatus('There is nothing to download yet.');
        return;
      }
      var text = [
        config.title + (config.council ? ' – ' + config.council : ''),
        'Conversation transcript, downloaded ' + today,
        '',
      ]
        .concat(lines)
        .join('\n');
      var url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
      var link = el('a', {
        href: url,
        download: 'sen-support-conversation-' + today + '.txt',
        hidden: true,
      });
      root.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(function () {
        URL.revokeObjectURL(url);
      }, 10000);
      announce('Your conversation has been downloaded as a text file.');
    });
  }

  function resetConversation(message) {
    state = { version: STORAGE_VERSION, sessionId: null, log: [] };
    lastFailed = null;
    forgetState();
    clearError();
    render();
    showStatus(message);
    announce(message);
  }

  function askToDelete() {
    confirmBox.hidden = false;
    confirmNo.focus();
  }

  function closeConfirm(returnFocus) {
    confirmBox.hidden = true;
    if (returnFocus) deleteButton.focus();
  }

  function deleteConversation() {
    if (pending) return Promise.resolve(); // the buttons are disabled meanwhile
    var sessionId = state.sessionId;
    deleteButton.disabled = true;
    confirmYes.disabled = true;
    var erased = sessionId
      ? request('DELETE', '/api/v1/sessions/' + encodeURIComponent(sessionId)).then(
          function (response) {
            // The id is forgotten only once the API says the conversation is gone: 204, or 404
            // (it has nothing under this id any more: erased before, or past retention).
            if (response.status === 204 || response.status === 404) return { ok: true };
            return readJson(response).then(function (data) {
              return { ok: false, status: response.status, detail: data.detail };
            });
          }
        )
      : Promise.resolve({ ok: true });
    return erased
      .catch(function () {
        return { ok: false };
      })
      .then(function (result) {
        deleteButton.disabled = false;
        confirmYes.disabled = false;
        closeConfirm(false);
        if (result.ok) {
          resetConversation('Your conversation has been deleted.');
          statusLine.focus();
        } else {
          showStatus(
            result.status === 409 && typeof result.detail === 'string'
              ? result.detail
              : 'Sorry, we could not delete your conversation. Please try again later.'
          );
          announce(statusLine.textContent);
          deleteButton.focus();
        }
      });
  }

  function focusableElements() {
    return Array.prototype.filter.call(
      panel.querySelectorAll('a[href], button, textarea, [tabindex="0"]'),
      function (node) {
        return !node.disabled && node.getClientRects().length > 0;
      }
    );
  }

  function isOpen() {
    return !panel.hidden;
  }

  function open() {
    if (isOpen()) return;
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute('aria-expanded', 'true');
    var last = state.log[state.log.length - 1];
    if (last) scrollToMessage(last.id);
    input.focus();
  }

  function close() {
    if (!isOpen()) return;
    closeConfirm(false);
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  launcher.addEventListener('click', open);
  closeButton.addEventListener('click', close);
  restartButton.addEventListener('click', function () {
    resetConversation('You have started a new conversation.');
    input.focus();
  });
  downloadButton.addEventListener('click', downloadTranscript);
  deleteButton.addEventListener('click', askToDelete);
  confirmNo.addEventListener('click', function () {
    closeConfirm(true);
  });
  confirmYes.addEventListener('click', deleteConversation);
  // Council pages can open the guide from their own content: <button data-sen-chat-open>.
  document.addEventListener('click', function (event) {
    var trigger =
      event.target && event.target.closest && event.target.closest('[data-sen-chat-open]');
    if (!trigger) return;
    event.preventDefault();
    open();
  });
  if (humanLink) {
    humanLink.addEventListener('click', function () {
      // A link to a section of the same page would land behind the panel: get out of the way.
      var target = new URL(config.helpUrl);
      if (target.origin + target.pathname === window.location.origin + window.location.pathname)
        close();
    });
  }

  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      // Escape backs out of the delete question first, then closes the dialog.
      if (!confirmBox.hidden) closeConfirm(true);
      else close();
      return;
    }
    if (event.key !== 'Tab') return;
    // aria-modal dialog: keep Tab inside so focus never lands on page content hidden behind the
    // panel (WCAG 2.4.11 Focus Not Obscured). Escape or the close button leave it.
    var items = focusableElements();
    if (!items.length) return;
    var first = items[0];
    var lastItem = items[items.length - 1];
    var active = root.activeElement;
    if (event.shiftKey && (active === first || !panel.contains(active))) {
      event.preventDefault();
      lastItem.focus();
    } else if (!event.shiftKey && (active === lastItem || !panel.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  });

  input.addEventListener('input', updateCount);
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  composer.addEventListener('submit', function (event) {
    event.preventDefault();
    submit();
  });

  function submit() {
    var text = input.value.trim();
    if (!text) {
      showInputError('Enter your question');
      input.focus();
      return;
    }
    if (text.length > config.messageLimit) {
      showInputError(
        'Your question must be ' + formatNumber(config.messageLimit) + ' characters or fewer'
      );
      input.focus();
      return;
    }
    if (pending) {
      showInputError('Please wait for the answer to your last message.');
      return;
    }
    input.value = '';
    updateCount();
    send(text, text);
  }

  updateCount();
  countSpoken.textContent = '';
  render();

  // The message length limit is the API's setting (MAX_MESSAGE_CHARS), read once at load.
  request('GET', '/api/v1/widget-config')
    .then(function (response) {
      return response.ok ? readJson(response) : {};
    })
    .then(function (body) {
      if (typeof body.max_message_chars === 'number' && body.max_message_chars > 0) {
        config.messageLimit = body.max_message_chars;
        count.textContent = countMessage(); // shown, not announced: nobody has typed yet
      }
    })
    .catch(function () {});

  function mount() {
    document.body.appendChild(host);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);

  // A tiny public surface for council pages ("Open the chat" links) and for tests.
  window.senChatWidget = { open: open, close: close };
})();
