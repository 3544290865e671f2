import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAction, encodeAction, isDiscussButton } from '../../src/bot/chat-actions.js';
import { DISCUSS_ACTION } from '../../src/core/chat/discussions.js';

// A button's string comes back in a signed payload but is not ours until parsed: round trip, and refusal of
// anything else.

describe('button actions', () => {
  it('decodes what it encodes: the command and its option values with their types', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean());
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z-]{0,31}$/),
        fc.dictionary(fc.stringMatching(/^[a-z][a-z-]{0,15}$/), value),
        (command, options) => {
          const encoded = encodeAction({ id: 'x', label: 'X', command, options });
          expect(decodeAction(encoded)).toEqual({ command, values: options });
        },
      ),
    );
  });

  it('refuses strings it did not make', () => {
    for (const text of [
      '',
      'someone-elses-button',
      'tp1:',
      'tp1:{"command":"stats"}',
      'tp1:["stats"]',
      'tp1:["Stats",{}]',
      'tp1:["stats;rm",{}]',
      'tp1:["stats",[]]',
      'tp1:["stats",null]',
      'tp1:["stats",{"channel":{"nested":1}}]',
      'tp1:["stats",{"channel":null}]',
      'tp1:["stats",{}',
    ])
      expect(decodeAction(text), text).toBeNull();
  });

  it('knows its Discuss button by the exact string, which runs no command; anything near it is not one', () => {
    const discuss = encodeAction(DISCUSS_ACTION);
    expect(isDiscussButton(discuss)).toBe(true);
    expect(decodeAction(discuss)).toBeNull();
    for (const text of ['', 'discuss', `${discuss} `, `${discuss}:1`, discuss.toUpperCase(), 'tp1:["discuss",{}]'])
      expect(isDiscussButton(text), text).toBe(false);
  });
});
