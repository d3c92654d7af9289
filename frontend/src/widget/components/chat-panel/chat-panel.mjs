// The chat panel: the launcher button, the dialog, the conversation and the composer. One
// ChatPanel owns the conversation (its state), the elements and every event on them; the
// storage and the API reach it as objects passed in.

import { el, prefersReducedMotion, svgIcon } from '../../../common/dom.mjs';
import { readJson } from '../../api-client.mjs';
import { renderRichText, plainText } from '../../rich-text.mjs';
import { emptyConversation } from '../../storage.mjs';
import { transcriptLines } from '../../transcript.mjs';

// When a reply is slow we say so, twice, rather than leave a spinner running in silence.
const SLOW_REPLY_MS = 5000;
const VERY_SLOW_REPLY_MS = 15000;

const CHAT_ICON =
  'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9.5L5 21.5V18H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 3 ' +
  '1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z';
const CLOSE_ICON =
  'M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z';

function icon(path) {
  return svgIcon('sen-chat__icon', path);
}

function formatNumber(value) {
  return value.toLocaleString('en-GB');
}

function newId() {
  return Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
}

/**
 * Styles are applied as a constructed stylesheet, which a `style-src 'self'` Content Security
 * Policy allows; a <style> element is only used by browsers without constructable stylesheets
 * (they then need `style-src 'unsafe-inline'`).
 */
function applyStyles(root, css) {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch (error) {
    root.appendChild(el('style', { text: css }));
  }
}

export class ChatPanel {
  /**
   * @param {object} config from readConfig() (config.mjs)
   * @param {object} services
   * @param {import('../../storage.mjs').ConversationStore} services.store
   * @param {import('../../api-client.mjs').ApiClient} services.api
   * @param {string} services.css the stylesheet drawn inside the Shadow DOM
   */
  constructor(config, { store, api, css }) {
    this.config = config;
    this.store = store;
    this.api = api;
    this.state = store.load();
    this.pending = false;
    this.lastFailed = null;
    this.slowTimers = [];
    this.countTimer = null;

    // A custom element name, not a <div>, so host page rules such as `div { ... }` never match
    // it.
    this.host = document.createElement('sen-chat-widget');
    this.host.setAttribute('data-module', 'sen-chat');
    this.root = this.host.attachShadow({ mode: 'open' });
    applyStyles(this.root, css);
    this.build();
    this.listen();

    this.updateCount();
    this.countSpoken.textContent = '';
    this.render();
    this.readLimitFromApi();
  }

  // The message length limit is the API's setting (MAX_MESSAGE_CHARS), read once at load.
  readLimitFromApi() {
    this.api
      .request('GET', '/api/v1/widget-config')
      .then((response) => (response.ok ? readJson(response) : {}))
      .then((body) => {
        if (body && typeof body.max_message_chars === 'number' && body.max_message_chars > 0) {
          this.config.messageLimit = body.max_message_chars;
          this.count.textContent = this.countMessage(); // shown, not announced: nobody has typed
        }
      })
      .catch(() => {});
  }

  // -------------------------------------------------------------------------------------------
  // Building the elements
  // -------------------------------------------------------------------------------------------

  build() {
    const config = this.config;
    this.launcherText = el('span', { className: 'sen-chat__launcher-text' });
    this.launcher = el(
      'button',
      {
        className: 'sen-chat__launcher',
        type: 'button',
        'aria-haspopup': 'dialog',
        'aria-expanded': 'false',
      },
      [icon(CHAT_ICON), this.launcherText]
    );

    this.closeButton = el(
      'button',
      { className: 'sen-chat__close', type: 'button', 'aria-label': 'Close ' + config.title },
      [icon(CLOSE_ICON)]
    );
    const header = el('div', { className: 'sen-chat__header' }, [
      el('div', { className: 'sen-chat__heading' }, [
        el('h2', { className: 'sen-chat__title', id: 'sen-chat-title', text: config.title }),
        config.council ? el('p', { className: 'sen-chat__subtitle', text: config.council }) : null,
      ]),
      this.closeButton,
    ]);

    this.humanLink = config.helpUrl
      ? el('a', { className: 'sen-chat__human', href: config.helpUrl, text: config.helpLabel })
      : null;
    this.restartButton = el('button', {
      type: 'button',
      className: 'sen-chat__restart',
      text: 'Start again',
    });
    this.downloadButton = el('button', {
      type: 'button',
      className: 'sen-chat__download',
      text: 'Download transcript',
    });
    this.deleteButton = el('button', {
      type: 'button',
      className: 'sen-chat__delete',
      text: 'Delete my conversation',
    });
    const helpBar = this.humanLink
      ? el('p', { className: 'sen-chat__help' }, [this.humanLink])
      : null;
    this.tools = el(
      'div',
      { className: 'sen-chat__tools', role: 'group', 'aria-label': 'Conversation options' },
      [this.restartButton, this.downloadButton, this.deleteButton]
    );

    this.confirmYes = el('button', {
      type: 'button',
      className: 'sen-chat__button--warning sen-chat__confirm-yes',
      text: 'Yes, delete it',
    });
    this.confirmNo = el('button', {
      type: 'button',
      className: 'sen-chat__confirm-no',
      text: 'Cancel',
    });
    this.confirmBox = el(
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
        el('div', { className: 'sen-chat__confirm-actions' }, [this.confirmYes, this.confirmNo]),
      ]
    );

    const notice = el('p', {
      className: 'sen-chat__notice',
      id: 'sen-chat-notice',
      text:
        'This is an automated guide, not a person. Please do not type names or other details ' +
        'that could identify you or your child.',
    });
    this.intro = el('p', {
      className: 'sen-chat__intro',
      text:
        'Ask about support at school for children with special educational needs (SEN), in ' +
        'your own words. For example: "What is SEN support?" or "How often should the school ' +
        'meet me?"',
    });
    this.statusLine = el('p', { className: 'sen-chat__status', tabindex: '-1', hidden: true });
    this.messageList = el('ol', { className: 'sen-chat__messages', 'aria-label': 'Conversation' });
    this.typingText = el('span', { className: 'sen-chat__typing-text' });
    this.typing = el('div', { className: 'sen-chat__typing', hidden: true }, [
      el('span', { className: 'sen-chat__dots', 'aria-hidden': 'true' }, [
        el('span'),
        el('span'),
        el('span'),
      ]),
      this.typingText,
    ]);
    // role="alert" on an element that is always in the DOM (hidden by CSS while empty): filling
    // it is what asks screen readers to speak it at once. Not yet checked with NVDA, JAWS or
    // VoiceOver.
    this.errorBox = el('div', { className: 'sen-chat__error', role: 'alert' });
    const body = el('div', { className: 'sen-chat__body' }, [
      notice,
      this.intro,
      this.statusLine,
      this.messageList,
      this.typing,
      this.errorBox,
      this.tools,
      this.confirmBox,
    ]);

    this.input = el('textarea', {
      className: 'sen-chat__input',
      id: 'sen-chat-input',
      name: 'message',
      rows: '2',
      autocomplete: 'off',
      spellcheck: 'true',
      'aria-describedby': 'sen-chat-hint sen-chat-count',
    });
    this.inputError = el('p', {
      className: 'sen-chat__input-error',
      id: 'sen-chat-input-error',
      hidden: true,
    });
    this.count = el('p', {
      className: 'sen-chat__count',
      id: 'sen-chat-count',
      'aria-hidden': 'true',
    });
    // GOV.UK character count pattern: the visible count changes on every key, the spoken one
    // only once the user pauses, so screen reader users are not interrupted at each character.
    this.countSpoken = el('p', { className: 'sen-visually-hidden', 'aria-live': 'polite' });
    this.sendButton = el('button', { type: 'submit', className: 'sen-chat__send', text: 'Send' });
    this.composer = el('form', { className: 'sen-chat__composer', novalidate: true }, [
      el('label', { className: 'sen-chat__label', for: 'sen-chat-input', text: 'Your question' }),
      el('p', {
        className: 'sen-chat__hint',
        id: 'sen-chat-hint',
        text: 'Press Enter to send, or Shift and Enter for a new line.',
      }),
      this.inputError,
      el('div', { className: 'sen-chat__row' }, [this.input, this.sendButton]),
      this.count,
      this.countSpoken,
    ]);

    this.liveRegion = el('div', {
      className: 'sen-visually-hidden sen-chat__live',
      'aria-live': 'polite',
      'aria-atomic': 'true',
    });

    this.panel = el(
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
      [header, helpBar, body, this.composer, this.liveRegion]
    );

    // The guide speaks English even on a page in another language (a Welsh page, say), so
    // screen readers pick the right voice.
    this.root.appendChild(
      el('div', { className: 'sen-chat', lang: 'en-GB' }, [this.launcher, this.panel])
    );
  }

  listen() {
    this.launcher.addEventListener('click', () => this.open());
    this.closeButton.addEventListener('click', () => this.close());
    this.restartButton.addEventListener('click', () => {
      this.resetConversation('You have started a new conversation.');
      this.input.focus();
    });
    this.downloadButton.addEventListener('click', () => this.downloadTranscript());
    this.deleteButton.addEventListener('click', () => this.askToDelete());
    this.confirmNo.addEventListener('click', () => this.closeConfirm(true));
    this.confirmYes.addEventListener('click', () => this.deleteConversation());
    if (this.humanLink) {
      this.humanLink.addEventListener('click', () => {
        // A link to a section of the same page would land behind the panel: get out of the way.
        const target = new URL(this.config.helpUrl);
        if (target.origin + target.pathname === window.location.origin + window.location.pathname)
          this.close();
      });
    }
    this.panel.addEventListener('keydown', (event) => this.onPanelKeydown(event));
    this.input.addEventListener('input', () => this.updateCount());
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.composer.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  /** Puts the widget on the page (once the page has a body). */
  mount() {
    document.body.appendChild(this.host);
  }

  // -------------------------------------------------------------------------------------------
  // Rendering
  // -------------------------------------------------------------------------------------------

  save() {
    this.store.save(this.state);
  }

  updateLauncher() {
    // Nothing to restart, download or delete until there is a conversation.
    const log = this.state.log;
    this.tools.hidden = log.length === 0;
    this.intro.hidden = !this.tools.hidden;
    if (this.tools.hidden) this.confirmBox.hidden = true;
    this.launcherText.textContent = log.length
      ? 'Continue your conversation'
      : 'Ask about SEN support';
  }

  renderMessage(entry, isLastBot) {
    const item = el('li', {
      className: 'sen-chat__message sen-chat__message--' + entry.from,
      'data-message-id': entry.id,
    });
    const bubble = el('div', { className: 'sen-chat__bubble' }, [
      el('span', {
        className: 'sen-visually-hidden',
        text: entry.from === 'user' ? 'You said: ' : this.config.title + ' said: ',
      }),
    ]);
    if (entry.from === 'user') bubble.appendChild(document.createTextNode(entry.text));
    else bubble.appendChild(renderRichText(entry.text));
    item.appendChild(bubble);

    if (entry.from === 'bot' && isLastBot && entry.buttons && entry.buttons.length) {
      const replies = el('ul', {
        className: 'sen-chat__quick-replies',
        'aria-label': 'Suggested replies',
      });
      for (const button of entry.buttons) {
        const choice = el('button', {
          type: 'button',
          className: 'sen-chat__quick-reply',
          text: button.title,
        });
        choice.addEventListener('click', () => {
          // The buttons vanish once used; keep focus where the next action happens.
          this.input.focus();
          this.send(button.payload, button.title);
        });
        replies.appendChild(el('li', {}, [choice]));
      }
      item.appendChild(replies);
    }
    if (entry.from === 'bot' && entry.endOfReply) item.appendChild(this.renderFeedback(entry));
    return item;
  }

  renderFeedback(entry) {
    const group = el('div', {
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
    const options = [
      ['helpful', 'Helpful'],
      ['not_helpful', 'Not helpful'],
    ];
    for (const [value, label] of options) {
      const button = el('button', {
        type: 'button',
        className: 'sen-chat__feedback-' + value.replace('_', '-'),
        'aria-pressed': entry.feedback === value ? 'true' : 'false',
        text: label,
      });
      button.addEventListener('click', () => this.giveFeedback(entry, value));
      group.appendChild(button);
    }
    if (entry.feedback) {
      group.appendChild(
        el('p', { className: 'sen-chat__feedback-thanks', text: 'Thank you for your feedback.' })
      );
    }
    return group;
  }

  lastBotIndex() {
    const log = this.state.log;
    for (let i = log.length - 1; i >= 0; i -= 1) {
      if (log[i].from === 'bot') return i;
    }
    return -1;
  }

  render() {
    const log = this.state.log;
    const lastBot = this.lastBotIndex();
    // Quick replies belong to the latest turn only; once the user has answered they are stale.
    const answered = lastBot < log.length - 1;
    let focusedId = null;
    let focusedClass = null;
    const active = this.root.activeElement;
    if (active && this.messageList.contains(active)) {
      const owner = active.closest('[data-message-id]');
      focusedId = owner && owner.getAttribute('data-message-id');
      focusedClass = active.className;
    }
    this.messageList.textContent = '';
    log.forEach((entry, index) => {
      this.messageList.appendChild(this.renderMessage(entry, index === lastBot && !answered));
    });
    if (focusedId) {
      // Re-rendering replaces nodes; put focus back on the same control (e.g. a feedback
      // button).
      const again = this.messageList.querySelector(
        '[data-message-id="' + focusedId + '"] .' + String(focusedClass).split(' ')[0]
      );
      if (again) again.focus();
    }
    this.updateLauncher();
  }

  scrollToMessage(id) {
    const item = this.messageList.querySelector('[data-message-id="' + id + '"]');
    if (!item) return;
    item.scrollIntoView({ block: 'start', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
  }

  /** A polite announcement. Clearing first makes a repeated identical reply be spoken again. */
  announce(text) {
    this.liveRegion.textContent = '';
    window.setTimeout(() => {
      this.liveRegion.textContent = text;
    }, 50);
  }

  showStatus(text) {
    this.statusLine.textContent = text;
    this.statusLine.hidden = !text;
  }

  clearError() {
    this.errorBox.textContent = '';
  }

  showTyping(on) {
    this.slowTimers.forEach((timer) => window.clearTimeout(timer));
    this.slowTimers = [];
    this.typing.hidden = !on;
    if (!on) return;
    const typingText = this.typingText;
    typingText.textContent = 'The guide is writing a reply…';
    this.typing.scrollIntoView({ block: 'nearest' });
    this.slowTimers.push(
      window.setTimeout(() => {
        typingText.textContent = 'Still working on your answer. Thank you for waiting.';
        this.announce(typingText.textContent);
      }, SLOW_REPLY_MS),
      window.setTimeout(() => {
        typingText.textContent =
          'This is taking longer than usual. You can keep waiting, or talk to a person instead.';
        this.announce(typingText.textContent);
      }, VERY_SLOW_REPLY_MS)
    );
  }

  /**
   * Resilience: the API's 503 body carries a fallback message with the council's human
   * contacts; when we cannot reach the API at all we fall back on the data-help-url link.
   */
  showError(kind, fallbackMessages) {
    const config = this.config;
    const errorBox = this.errorBox;
    this.clearError();
    const title =
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
    for (const message of fallbackMessages || []) {
      if (message && message.text) errorBox.appendChild(renderRichText(message.text));
    }
    if (config.helpUrl && (kind === 'offline' || !(fallbackMessages || []).length)) {
      errorBox.appendChild(
        el('p', { className: 'sen-chat__paragraph' }, [
          el('a', { className: 'sen-chat__link', href: config.helpUrl, text: config.helpLabel }),
        ])
      );
    }
    const retry = el('button', { type: 'button', className: 'sen-chat__retry', text: 'Try again' });
    retry.addEventListener('click', () => {
      if (!this.lastFailed) return;
      const failed = this.lastFailed;
      this.input.focus();
      this.send(failed.text, null);
    });
    errorBox.appendChild(retry);
    errorBox.scrollIntoView({ block: 'nearest' });
  }

  showInputError(text) {
    const input = this.input;
    this.inputError.textContent = text;
    this.inputError.hidden = !text;
    input.classList.toggle('sen-chat__input--error', Boolean(text));
    if (text) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    input.setAttribute(
      'aria-describedby',
      (text ? 'sen-chat-input-error ' : '') + 'sen-chat-hint sen-chat-count'
    );
  }

  countMessage() {
    const remaining = this.config.messageLimit - this.input.value.length;
    if (remaining >= 0) {
      return (
        'You have ' +
        formatNumber(remaining) +
        ' character' +
        (remaining === 1 ? '' : 's') +
        ' remaining'
      );
    }
    const over = -remaining;
    return 'You have ' + formatNumber(over) + ' character' + (over === 1 ? '' : 's') + ' too many';
  }

  updateCount() {
    const over = this.input.value.length > this.config.messageLimit;
    this.count.textContent = this.countMessage();
    this.count.classList.toggle('sen-chat__count--error', over);
    this.input.classList.toggle('sen-chat__input--error', over || !this.inputError.hidden);
    if (!over && !this.inputError.hidden) this.showInputError('');
    window.clearTimeout(this.countTimer);
    this.countTimer = window.setTimeout(() => {
      this.countSpoken.textContent = this.countMessage();
    }, 1000);
  }

  // -------------------------------------------------------------------------------------------
  // Behaviour
  // -------------------------------------------------------------------------------------------

  addBotMessages(messages, turnId) {
    const added = messages.filter(
      (message) => message && typeof message.text === 'string' && message.text.trim() !== ''
    );
    added.forEach((message, index) => {
      this.state.log.push({
        id: newId(),
        from: 'bot',
        text: message.text,
        buttons: Array.isArray(message.buttons)
          ? message.buttons.filter((button) => button && button.title && button.payload)
          : [],
        endOfReply: index === added.length - 1,
        turnId: typeof turnId === 'number' ? turnId : null,
      });
    });
    return added;
  }

  /**
   * Sends a message: `text` to the API, `displayText` into the conversation (a quick reply's
   * title; null when retrying a message already shown).
   */
  send(text, displayText, retried) {
    if (this.pending) {
      this.showInputError('Please wait for the answer to your last message.');
      return Promise.resolve();
    }
    this.showInputError('');
    this.showStatus('');
    this.clearError();
    const firstNewIndex = this.state.log.length;
    let userEntry = null;
    if (displayText !== null) {
      // A button's title is the assistant's own words; typed words wait for the server's
      // redacted copy before anything is stored.
      userEntry = { id: newId(), from: 'user', text: displayText };
      if (displayText !== text) userEntry.stored = displayText;
      this.state.log.push(userEntry);
      this.render();
    } else {
      userEntry = this.lastUnstoredUserEntry();
    }
    this.pending = true;
    this.sendButton.setAttribute('aria-disabled', 'true');
    // No erasing while a reply is on its way: the erasure would wait for it anyway, and the
    // parent should see the answer's fate before choosing.
    this.deleteButton.disabled = true;
    this.confirmYes.disabled = true;
    this.showTyping(true);
    const bodyJson = { message: text };
    if (this.state.sessionId) bodyJson.session_id = this.state.sessionId;

    return this.api
      .request('POST', '/api/v1/chat', bodyJson)
      .then((response) => readJson(response).then((data) => ({ status: response.status, data })))
      .then(
        (result) => {
          this.finishSending();
          const state = this.state;
          // A 503 may still carry the session id: the question was kept and a retry continues
          // it.
          if (typeof result.data.session_id === 'string') state.sessionId = result.data.session_id;
          if (userEntry && typeof result.data.user_text === 'string') {
            userEntry.stored = result.data.user_text;
            this.save();
          }
          if (result.status === 200 && Array.isArray(result.data.messages)) {
            this.lastFailed = null;
            const added = this.addBotMessages(result.data.messages, result.data.turn_id);
            if (!added.length) {
              // Rasa answers [] when something broke inside it; treat it as unavailable.
              this.lastFailed = { text };
              this.showError('unavailable', []);
              return undefined;
            }
            this.save();
            this.render();
            const first = state.log[firstNewIndex + (displayText !== null ? 1 : 0)];
            if (first) this.scrollToMessage(first.id);
            this.announce(
              this.config.title +
                ' said: ' +
                added.map((message) => plainText(message.text)).join(' ')
            );
            return undefined;
          }
          if (result.status === 404 && bodyJson.session_id && !retried) {
            // The API no longer knows this conversation (erased or past retention): carry on in
            // a new one rather than leave the parent stuck.
            state.sessionId = null;
            this.save();
            return this.send(text, null, true);
          }
          this.lastFailed = { text };
          if (result.status === 429 || result.status === 409) this.showError('busy', []);
          else if (result.status >= 400 && result.status < 500 && result.status !== 408) {
            // Our own checks should stop bad input first; if the API still refuses, say why.
            this.lastFailed = null;
            this.showInputError(
              typeof result.data.detail === 'string'
                ? 'Sorry, that message could not be sent: ' + result.data.detail
                : 'Sorry, that message could not be sent. Please try rewording it.'
            );
          } else this.showError('unavailable', result.data.messages);
          return undefined;
        },
        () => {
          this.finishSending();
          this.lastFailed = { text };
          this.showError('offline', []);
        }
      );
  }

  finishSending() {
    this.pending = false;
    this.sendButton.removeAttribute('aria-disabled');
    this.deleteButton.disabled = false;
    this.confirmYes.disabled = false;
    this.showTyping(false);
  }

  lastUnstoredUserEntry() {
    const log = this.state.log;
    for (let index = log.length - 1; index >= 0; index -= 1) {
      const entry = log[index];
      if (entry.from === 'user') return typeof entry.stored === 'string' ? null : entry;
    }
    return null;
  }

  giveFeedback(entry, value) {
    entry.feedback = value;
    this.save();
    this.render();
    const sessionId = this.state.sessionId;
    if (!sessionId) return;
    const feedback = { helpful: value === 'helpful' };
    if (entry.turnId) feedback.turn_id = entry.turnId;
    this.api
      .request('POST', '/api/v1/sessions/' + encodeURIComponent(sessionId) + '/feedback', feedback)
      .then((response) => {
        this.announce(
          response.ok ? 'Thank you for your feedback.' : 'Sorry, we could not save your feedback.'
        );
      })
      .catch(() => {
        this.announce('Sorry, we could not save your feedback.');
      });
  }

  downloadTranscript() {
    const config = this.config;
    const sessionId = this.state.sessionId;
    const fetched = sessionId
      ? this.api
          .request('GET', '/api/v1/sessions/' + encodeURIComponent(sessionId) + '/transcript')
          .then((response) => (response.ok ? readJson(response) : null))
          .catch(() => null)
      : Promise.resolve(null);
    return fetched.then((data) => {
      const today = new Date().toISOString().slice(0, 10);
      // The API's transcript is the redacted record; the local log is a fallback when it is
      // gone.
      let turns = data && data.turns;
      if (!Array.isArray(turns)) {
        turns = this.state.log.map((entry) => ({
          sender: entry.from,
          text: entry.text,
          buttons: entry.buttons,
        }));
      }
      const lines = transcriptLines(turns, config.title);
      if (!lines.length) {
        this.showStatus('There is nothing to download yet.');
        return;
      }
      const text = [
        config.title + (config.council ? ' – ' + config.council : ''),
        'Conversation transcript, downloaded ' + today,
        '',
      ]
        .concat(lines)
        .join('\n');
      const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
      const link = el('a', {
        href: url,
        download: 'sen-support-conversation-' + today + '.txt',
        hidden: true,
      });
      this.root.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10000);
      this.announce('Your conversation has been downloaded as a text file.');
    });
  }

  resetConversation(message) {
    this.state = emptyConversation();
    this.lastFailed = null;
    this.store.forget();
    this.clearError();
    this.render();
    this.showStatus(message);
    this.announce(message);
  }

  askToDelete() {
    this.confirmBox.hidden = false;
    this.confirmNo.focus();
  }

  closeConfirm(returnFocus) {
    this.confirmBox.hidden = true;
    if (returnFocus) this.deleteButton.focus();
  }

  deleteConversation() {
    if (this.pending) return Promise.resolve(); // the buttons are disabled meanwhile
    const sessionId = this.state.sessionId;
    this.deleteButton.disabled = true;
    this.confirmYes.disabled = true;
    const erased = sessionId
      ? this.api
          .request('DELETE', '/api/v1/sessions/' + encodeURIComponent(sessionId))
          .then((response) => {
            // The id is forgotten only once the API says the conversation is gone: 204, or 404
            // (it has nothing under this id any more: erased before, or past retention).
            if (response.status === 204 || response.status === 404) return { ok: true };
            return readJson(response).then((data) => ({
              ok: false,
              status: response.status,
              detail: data.detail,
            }));
          })
      : Promise.resolve({ ok: true });
    return erased
      .catch(() => ({ ok: false }))
      .then((result) => {
        this.deleteButton.disabled = false;
        this.confirmYes.disabled = false;
        this.closeConfirm(false);
        if (result.ok) {
          this.resetConversation('Your conversation has been deleted.');
          this.statusLine.focus();
        } else {
          this.showStatus(
            result.status === 409 && typeof result.detail === 'string'
              ? result.detail
              : 'Sorry, we could not delete your conversation. Please try again later.'
          );
          this.announce(this.statusLine.textContent);
          this.deleteButton.focus();
        }
      });
  }

  focusableElements() {
    return Array.prototype.filter.call(
      this.panel.querySelectorAll('a[href], button, textarea, [tabindex="0"]'),
      (node) => !node.disabled && node.getClientRects().length > 0
    );
  }

  isOpen() {
    return !this.panel.hidden;
  }

  open() {
    if (this.isOpen()) return;
    this.panel.hidden = false;
    this.launcher.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'true');
    const last = this.state.log[this.state.log.length - 1];
    if (last) this.scrollToMessage(last.id);
    this.input.focus();
  }

  close() {
    if (!this.isOpen()) return;
    this.closeConfirm(false);
    this.panel.hidden = true;
    this.launcher.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.focus();
  }

  onPanelKeydown(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      // Escape backs out of the delete question first, then closes the dialog.
      if (!this.confirmBox.hidden) this.closeConfirm(true);
      else this.close();
      return;
    }
    if (event.key !== 'Tab') return;
    // aria-modal dialog: keep Tab inside so focus never lands on page content hidden behind the
    // panel (WCAG 2.4.11 Focus Not Obscured). Escape or the close button leave it.
    const items = this.focusableElements();
    if (!items.length) return;
    const first = items[0];
    const lastItem = items[items.length - 1];
    const active = this.root.activeElement;
    if (event.shiftKey && (active === first || !this.panel.contains(active))) {
      event.preventDefault();
      lastItem.focus();
    } else if (!event.shiftKey && (active === lastItem || !this.panel.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }

  submit() {
    const limit = this.config.messageLimit;
    const text = this.input.value.trim();
    if (!text) {
      this.showInputError('Enter your question');
      this.input.focus();
      return;
    }
    if (text.length > limit) {
      this.showInputError('Your question must be ' + formatNumber(limit) + ' characters or fewer');
      this.input.focus();
      return;
    }
    if (this.pending) {
      this.showInputError('Please wait for the answer to your last message.');
      return;
    }
    this.input.value = '';
    this.updateCount();
    this.send(text, text);
  }
}
