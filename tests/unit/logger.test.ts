import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';

describe('logger', () => {
  it('redacts tokens and keys wherever they sit in a logged object', () => {
    let written = '';
    const log = createLogger(
      'info',
      new Writable({
        write(chunk, _encoding, done) {
          written += chunk;
          done();
        },
      }),
    );
    log.info(
      {
        config: { DISCORD_TOKEN: 'discord-secret', SLACK_BOT_TOKEN: 'xoxb-secret' },
        oauth: { refreshToken: '1//refresh' },
        groq: { apiKey: 'gsk_key' },
      },
      'started',
    );
    expect(written).toContain('"started"');
    for (const secret of ['discord-secret', 'xoxb-secret', '1//refresh', 'gsk_key'])
      expect(written).not.toContain(secret);
    expect(written.match(/\[redacted\]/g)).toHaveLength(4);
  });
});
