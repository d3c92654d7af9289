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
 * cannot leak out.
 */

// The entry point: reads the script tag, builds one chat panel and puts it on the page.

import visuallyHiddenCss from '../common/visually-hidden.css';
import { ApiClient } from './api-client.mjs';
import baseCss from './base.css';
import chatPanelCss from './components/chat-panel/chat-panel.css';
import { ChatPanel } from './components/chat-panel/chat-panel.mjs';
import { isAssistantOrigin, readConfig, widgetScript } from './config.mjs';
import { ConversationStore } from './storage.mjs';

function start() {
  if (window.senChatWidget) {
    return; // embedded twice: keep the first, a second launcher would confuse everyone
  }
  const config = readConfig(widgetScript());
  const panel = new ChatPanel(config, {
    store: new ConversationStore(config.api, isAssistantOrigin(config)),
    api: new ApiClient(config.api),
    css: [baseCss, visuallyHiddenCss, chatPanelCss].join('\n'),
  });

  // Council pages can open the guide from their own content: <button data-sen-chat-open>.
  document.addEventListener('click', (event) => {
    const trigger =
      event.target && event.target.closest && event.target.closest('[data-sen-chat-open]');
    if (!trigger) return;
    event.preventDefault();
    panel.open();
  });

  if (document.body) panel.mount();
  else document.addEventListener('DOMContentLoaded', () => panel.mount());

  // A tiny public surface for council pages ("Open the chat" links) and for tests.
  window.senChatWidget = { open: () => panel.open(), close: () => panel.close() };
}

start();
