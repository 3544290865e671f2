import { createRequire } from 'node:module';
import type { pino } from 'pino';

// pino is CommonJS: required when a logger is made, not imported with this module (see lazyLogger).
const require = createRequire(import.meta.url);

export type Logger = pino.Logger;

// Secrets must never reach a log line, whatever object carries them.
export const redactedPaths = [
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.apiKey',
  '*.password',
  '*.authorization',
  '*.headers.authorization',
  'DISCORD_TOKEN',
  'SLACK_BOT_TOKEN',
  '*.DISCORD_TOKEN',
  '*.SLACK_BOT_TOKEN',
  'GROQ_API_KEY',
  '*.GROQ_API_KEY',
  'YOUTUBE_CLIENT_SECRET',
  'TOKEN_ENCRYPTION_KEY',
  '*.YOUTUBE_CLIENT_SECRET',
  '*.TOKEN_ENCRYPTION_KEY',
  '*.refresh_token',
  '*.access_token',
  '*.refreshTokenEnc',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  '*.SLACK_SIGNING_SECRET',
  '*.SLACK_APP_TOKEN',
  '*.signingSecret',
  '*.appToken',
];

/** Logs go to stderr so that stdout carries only replies (the console and `--json` depend on it). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const { pino } = require('pino') as typeof import('pino');
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' } }, destination ?? pino.destination(2));
}

/**
 * A logger made at its first use: a CLI command that logs nothing does not load and set up pino (~0.03 s CPU of
 * a command's ~1 s).
 */
export function lazyLogger(level: string, destination?: pino.DestinationStream): Logger {
  let logger: Logger | undefined;
  const made = () => {
    logger ??= createLogger(level, destination);
    return logger;
  };
  return new Proxy({} as Logger, {
    get(_, key) {
      const value = Reflect.get(made(), key);
      return typeof value === 'function' ? value.bind(made()) : value;
    },
    set: (_, key, value) => Reflect.set(made(), key, value),
  });
}
