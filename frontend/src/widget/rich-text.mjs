// Rich text: the assistant may use **bold**, "- " or "1. " lists, [links](https://...), bare URLs
// and e-mail addresses. We build DOM nodes ourselves instead of using innerHTML, so any markup in
// a reply is shown as text, and links are kept only for http(s), mailto and tel.

import { el } from '../common/dom.mjs';

const SAFE_LINK_PROTOCOLS = ['http:', 'https:', 'mailto:', 'tel:'];

const INLINE_PATTERN = new RegExp(
  [
    /\*\*([^*]+?)\*\*/.source, // **bold**
    /\[([^\]]+)\]\(([^)\s]+)\)/.source, // [label](href)
    /(https?:\/\/[^\s<>()]*[^\s<>().,;:!?'"])/.source, // bare URL
    /([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/.source, // email address
  ].join('|'),
  'g'
);
// The API writes phone numbers in bold ("call **0800 1111**"); they become tap-to-call links.
const PHONE_NUMBER = /^\+?[0-9][0-9 ()-]{1,18}[0-9]$/;
const BULLET = /^\s*[-*•]\s+/;
const NUMBERED = /^\s*\d+[.)]\s+/;

function safeHref(raw) {
  try {
    const url = new URL(raw, document.baseURI);
    return SAFE_LINK_PROTOCOLS.indexOf(url.protocol) >= 0 ? url.href : null;
  } catch (error) {
    return null;
  }
}

function appendInline(parent, text, allowBold) {
  let last = 0;
  // replace() is used for its walk over every match (with offsets); its result is not needed.
  text.replace(INLINE_PATTERN, (match, bold, label, href, bare, email, offset) => {
    if (offset > last) parent.appendChild(document.createTextNode(text.slice(last, offset)));
    last = offset + match.length;
    if (bold !== undefined) {
      if (!allowBold) {
        parent.appendChild(document.createTextNode(match));
        return match;
      }
      const strong = el('strong', { className: 'sen-chat__bold' });
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
    const target = safeHref(href !== undefined ? href : bare);
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

/** A reply as a fragment of paragraphs and lists. */
export function renderRichText(text) {
  const fragment = document.createDocumentFragment();
  const blocks = String(text || '')
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/);
  for (const block of blocks) {
    const lines = block.split('\n').filter((line) => line.trim() !== '');
    let paragraph = null;
    let list = null;
    for (const line of lines) {
      const kind = BULLET.test(line) ? 'ul' : NUMBERED.test(line) ? 'ol' : null;
      if (kind) {
        paragraph = null;
        if (!list || list.tagName.toLowerCase() !== kind) {
          list = el(kind, { className: 'sen-chat__list sen-chat__list--' + kind });
          fragment.appendChild(list);
        }
        const item = el('li');
        appendInline(item, line.replace(kind === 'ul' ? BULLET : NUMBERED, ''), true);
        list.appendChild(item);
        continue;
      }
      list = null;
      if (paragraph) paragraph.appendChild(el('br'));
      else {
        paragraph = el('p', { className: 'sen-chat__paragraph' });
        fragment.appendChild(paragraph);
      }
      appendInline(paragraph, line.trim(), true);
    }
  }
  return fragment;
}

/** A reply as plain text, for announcements and the downloaded transcript. */
export function plainText(text) {
  return String(text || '')
    .replace(/\*\*([^*]+?)\*\*/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1 ($2)');
}
