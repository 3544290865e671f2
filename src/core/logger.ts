import { pino } from 'pino';

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
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' } }, destination);
}
