// The downloadable transcript, as plain text.

import { plainText } from './rich-text.mjs';

/**
 * One block of text per turn: who spoke, what they said, the options offered.
 *
 * @param {Array<{sender: string, text: string, buttons?: Array}>} turns the API's redacted
 *   transcript, or the widget's own log when the API no longer has one
 * @param {string} assistantName how the assistant's turns are headed
 */
export function transcriptLines(turns, assistantName) {
  let offered = [];
  return turns
    .filter((turn) => turn && typeof turn.text === 'string')
    .map((turn) => {
      const name = turn.sender === 'user' ? 'You' : assistantName;
      if (turn.sender === 'user') {
        // A quick reply is stored as its payload ("/inform{...}"); show the words chosen.
        const chosen = offered.filter((button) => button.payload === turn.text)[0];
        if (chosen) turn = { sender: 'user', text: chosen.title };
      } else if (turn.buttons && turn.buttons.length) {
        offered = turn.buttons;
      }
      const options = (turn.buttons || []).map((button) => button.title).join(' / ');
      return name + ':\n' + plainText(turn.text) + (options ? '\nOptions: ' + options : '') + '\n';
    });
}
