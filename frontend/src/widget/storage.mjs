// Storage: one record per tab and API in sessionStorage, nothing else is kept on the device.
//
// The host page's sessionStorage is readable by every script on the page. The conversation id,
// the parent's only credential, goes there only when that page is the assistant's own origin;
// on a council's page it stays in memory (a reload then starts a new conversation). A parent's
// message is kept only as the server stored it (redacted), never as it was typed.

export const STORAGE_VERSION = 1;

export function emptyConversation() {
  return { version: STORAGE_VERSION, sessionId: null, log: [] };
}

function storedEntry(entry) {
  // A parent's message is kept as the server stored it (redacted), once the server said so.
  if (entry.from !== 'user') return entry;
  if (typeof entry.stored !== 'string') return null;
  return { id: entry.id, from: 'user', text: entry.stored, stored: entry.stored };
}

export class ConversationStore {
  /**
   * @param {string} api the API's base URL: one record per API
   * @param {boolean} keepId whether the conversation id may be written to sessionStorage
   */
  constructor(api, keepId) {
    this.key = 'sen-chat:v' + STORAGE_VERSION + ':' + api;
    this.keepId = keepId;
  }

  load() {
    try {
      const saved = JSON.parse(window.sessionStorage.getItem(this.key) || 'null');
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
    return emptyConversation();
  }

  save(conversation) {
    if (!this.keepId) return; // nothing to keep without the id
    try {
      window.sessionStorage.setItem(
        this.key,
        JSON.stringify({
          version: STORAGE_VERSION,
          sessionId: conversation.sessionId,
          log: conversation.log.map(storedEntry).filter(Boolean),
        })
      );
    } catch (error) {
      // storage full or blocked: the conversation still works, it just won't survive a reload
    }
  }

  forget() {
    try {
      window.sessionStorage.removeItem(this.key);
    } catch (error) {
      // nothing stored
    }
  }
}
