import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, lazyLogger } from '../../src/core/logger.js';

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

describe('logger and chat secrets', () => {
  it('redacts the Slack signing secret and app token, also when a client logs its options', () => {
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
    log.info({ config: { SLACK_SIGNING_SECRET: 'sign-secret', SLACK_APP_TOKEN: 'xapp-secret' } }, 'config');
    log.info({ receiver: { signingSecret: 'sign-secret-2' }, socket: { appToken: 'xapp-2' } }, 'slack');
    for (const secret of ['sign-secret', 'xapp-secret', 'sign-secret-2', 'xapp-2'])
      expect(written).not.toContain(secret);
    expect(written.match(/\[redacted\]/g)).toHaveLength(4);
  });
});

describe('a logger made at its first use (the CLI)', () => {
  it('logs, redacts and makes children as createLogger does', () => {
    const lines: string[] = [];
    const sink = () =>
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      });
    const log = lazyLogger('info', sink());
    log.debug('below the level');
    log.child({ command: 'predict' }).warn({ config: { DISCORD_TOKEN: 'discord-secret' } }, 'slow');
    log.level = 'error';
    log.warn('now below the level');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 40,
      command: 'predict',
      config: { DISCORD_TOKEN: '[redacted]' },
      msg: 'slow',
    });
  });
});
