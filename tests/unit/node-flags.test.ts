import { describe, expect, it } from 'vitest';
import { nodeFlagsOf } from '../../bench/bot-node-flags.js';

// The bot's young generation is set on `node`'s command line (V8 sizes the heap as it starts; a flag set from
// code later is ignored): the worker and the benches must get what `npm start` gives the bot.
describe('the Node heap flags of the npm scripts', () => {
  it('npm start gives the bot a larger young generation, and the worker and the benches the same', () => {
    const start = nodeFlagsOf('start');
    expect(start).toContainEqual(expect.stringMatching(/^--max-semi-space-size=\d+$/));
    expect(nodeFlagsOf('worker')).toEqual(start);
    expect(nodeFlagsOf('bench')).toEqual(start);
  });
});
