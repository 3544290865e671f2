import { existsSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_EVIDENCE_HALF_LIFE_VIDEOS } from './analytics/evidence-history.js';

// Every environment variable TubePilot reads, declared once and validated at start (.env.example documents
// them). Later capabilities add their variables here, never by reading process.env elsewhere.

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const databaseUrl = optionalText.refine(
  (value) => value === undefined || value === 'memory://' || /^postgres(ql)?:\/\/.+/.test(value),
  'expected memory:// or a postgres://user@host:port/database URL (leave unset for the embedded database)',
);

/** Variables whose values are secrets: never echoed in an error, redacted in logs. */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'DISCORD_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'GROQ_API_KEY',
  'YOUTUBE_CLIENT_SECRET',
  'TOKEN_ENCRYPTION_KEY',
]);

const settings = z.object({
  DATABASE_URL: databaseUrl.describe(
    'unset: embedded PGlite under DATA_DIR; memory://: in-memory; postgres://…: a PostgreSQL 13 or later server (the change tracking uses xid8)',
  ),
  DATA_DIR: z
    .string()
    .trim()
    .min(1)
    .default('./data')
    .describe('the embedded database (one process at a time), its lock and CLI socket, console history, reply images'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino level; logs are JSON on stderr with secrets redacted'),
  DEMO_SEED: z.coerce.number().int('expected an integer').default(42).describe('seed of the demo channel'),
  IMPORT_MAX_FILE_MIB: z.coerce
    .number()
    .int('expected a whole number of MiB')
    .min(0)
    .default(0)
    .describe('CSV files larger than this are refused by import; 0: no limit (imports stream in flat memory)'),
  DISCORD_TOKEN: optionalText.describe('Discord bot token; set to run in Discord'),
  SLACK_BOT_TOKEN: optionalText.describe('Slack bot token (xoxb-…); set to run in Slack'),
  PUBLIC_URL: optionalText
    .refine((value) => value === undefined || /^https?:\/\/[^/]+/.test(value), 'expected an http(s):// URL')
    .describe("the bot's public base URL (OAuth callbacks, Slack and Discord HTTP endpoints)"),
  HTTP_PORT: z.coerce.number().int().min(0).max(65_535).default(3000).describe("port of the bot's HTTP server"),
  GROQ_API_KEY: optionalText.describe('Groq API key; unset: the offline writer (templates filled by the analytics)'),
  GROQ_BASE_URL: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^/]+/, 'expected an http(s):// URL')
    .default('https://api.groq.com')
    .describe('Groq API base URL (the SDK appends /openai/v1/…)'),
  GROQ_MODEL: z.string().trim().min(1).default('openai/gpt-oss-120b').describe('Groq model id'),
  GROQ_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000).describe('timeout of one Groq request'),
  GROQ_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2).describe('retries on 429/5xx/timeouts'),
  LLM_DAILY_TOKEN_BUDGET: z.coerce
    .number()
    .int()
    .min(0)
    .default(500_000)
    .describe('LLM tokens per UTC day; once spent, the offline writer answers until midnight UTC'),
  LLM_CACHE_HOURS: z.coerce.number().min(0).default(24).describe('reuse an LLM answer to the same prompt this long'),
  QUICKCHART_URL: optionalText
    .refine((value) => value === undefined || /^https?:\/\/[^/]+/.test(value), 'expected an http(s):// URL')
    .describe('QuickChart server for digest charts (e.g. https://quickchart.io); unset: render locally'),
  DIGEST_CATCHUP_HOURS: z.coerce
    .number()
    .min(0)
    .max(23)
    .default(6)
    .describe('a digest missed by downtime is still sent if the bot is back within this many hours'),
  DIGEST_LEASE_MINUTES: z.coerce
    .number()
    .min(1)
    .default(30)
    .describe('a digest claimed but not sent after this long (crashed process) is claimed again'),
  DIGEST_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(3).describe('attempts per room and day before giving up'),
  YOUTUBE_CLIENT_ID: optionalText.describe('OAuth client id of your Google Cloud project (YouTube connect)'),
  YOUTUBE_CLIENT_SECRET: optionalText.describe('OAuth client secret of that client (secret)'),
  TOKEN_ENCRYPTION_KEY: optionalText.describe(
    'secret, 32 bytes as base64 or hex: encrypts stored refresh tokens (checked when a token is stored or read)',
  ),
  YOUTUBE_API_ROOT_URL: optionalText
    .refine((value) => value === undefined || /^https?:\/\/[^/]+/.test(value), 'expected an http(s):// URL')
    .describe('one root URL for the Data, Analytics and Reporting APIs (tests point it at a fake)'),
  GOOGLE_OAUTH_TOKEN_URL: optionalText
    .refine((value) => value === undefined || /^https?:\/\/[^/]+/.test(value), 'expected an http(s):// URL')
    .describe("override of Google's OAuth token endpoint"),
  GOOGLE_OAUTH_AUTH_URL: optionalText
    .refine((value) => value === undefined || /^https?:\/\/[^/]+/.test(value), 'expected an http(s):// URL')
    .describe("override of Google's OAuth consent page"),
  YOUTUBE_DAILY_QUOTA: z.coerce
    .number()
    .int('expected an integer')
    .min(1)
    .default(10_000)
    .describe('Data API units per Pacific-time day that TubePilot may spend, across all channels'),
  YOUTUBE_STATS_MAX_AGE_HOURS: z.coerce
    .number()
    .min(0)
    .default(6)
    .describe('stats younger than this are never fetched again; older ones follow the age-based cadence'),
  DISCORD_APPLICATION_ID: optionalText.describe('Discord application id (command registration, HTTP interactions)'),
  DISCORD_PUBLIC_KEY: optionalText
    .refine((value) => value === undefined || /^[0-9a-f]{64}$/i.test(value), 'expected 64 hex characters')
    .describe('Discord application public key: verifies HTTP interactions (Ed25519)'),
  DISCORD_MODE: z
    .enum(['gateway', 'http'])
    .default('gateway')
    .describe('gateway: websocket, no public URL; http: interactions endpoint'),
  DISCORD_API_URL: optionalText.describe(
    'Discord REST base URL (default https://discord.com/api; tests point it at a fake)',
  ),
  SLACK_SIGNING_SECRET: optionalText.describe('Slack signing secret: verifies HTTP requests'),
  SLACK_APP_TOKEN: optionalText.describe('Slack app-level token (xapp-…) for Socket Mode'),
  SLACK_MODE: z
    .enum(['http', 'socket'])
    .default('http')
    .describe('http: signed requests to /slack/events; socket: Socket Mode'),
  SLACK_API_URL: optionalText.describe(
    'Slack Web API base URL (default https://slack.com/api/; tests point it at a fake)',
  ),
  GOOGLE_APP_TESTING: z
    .stringbool()
    .default(false)
    .describe(
      'true when the Google OAuth app is in "Testing" status: its grants end after 7 days, so rooms are warned 2 days before',
    ),
  WEBHOOK_MAX_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(10)
    .default(5)
    .describe('attempts per pipeline webhook delivery (retried on 5xx, 408, 429 and timeouts)'),
  WEBHOOK_RETRY_BASE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(2000)
    .describe('wait before the first webhook retry; doubled on each further retry'),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000).describe('timeout of one webhook request'),
  EVIDENCE_HALF_LIFE_VIDEOS: z.coerce
    .number()
    .min(0)
    .default(DEFAULT_EVIDENCE_HALF_LIFE_VIDEOS)
    .describe(
      'what a video says about its topic, length, hook… weighs half as much once this many newer videos exist; 0: never forget',
    ),
});

type Settings = z.infer<typeof settings>;

/** Settings that only make sense together: each missing partner is one clear problem, never a later stack trace. */
function checkDependencies(config: Settings, ctx: z.RefinementCtx): void {
  const need = (key: keyof Settings, when: string) => {
    if (config[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `required when ${when}` });
  };
  if (config.DISCORD_TOKEN && config.DISCORD_MODE === 'http') {
    need('DISCORD_PUBLIC_KEY', 'DISCORD_MODE=http (it verifies the interactions Discord signs)');
    need('DISCORD_APPLICATION_ID', 'DISCORD_MODE=http');
  }
  if (config.SLACK_BOT_TOKEN && config.SLACK_MODE === 'http')
    need('SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN is set in SLACK_MODE=http (it verifies what Slack sends)');
  if (config.SLACK_BOT_TOKEN && config.SLACK_MODE === 'socket')
    need('SLACK_APP_TOKEN', 'SLACK_MODE=socket (the app-level xapp- token opens the socket)');
  if (config.YOUTUBE_CLIENT_ID && !config.YOUTUBE_CLIENT_SECRET)
    need('YOUTUBE_CLIENT_SECRET', 'YOUTUBE_CLIENT_ID is set');
  if (config.YOUTUBE_CLIENT_SECRET && !config.YOUTUBE_CLIENT_ID)
    need('YOUTUBE_CLIENT_ID', 'YOUTUBE_CLIENT_SECRET is set');
}

export const configSchema = settings.superRefine(checkDependencies);

/** The variables, each with its description and default: what docs/configuration.md is generated from. */
export const configShape = settings.shape;

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; on failure one error lists every missing or malformed variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const received = env[name];
      const shown =
        received === undefined || received === ''
          ? 'missing'
          : SECRET_KEYS.has(name)
            ? 'value hidden: it is a secret'
            : `got "${received.length > 40 ? `${received.slice(0, 40)}…` : received}"`;
      return `${name}: ${issue.message} (${shown})`;
    }),
  );
}

/** Reads `.env` into process.env when it exists; variables already set in the environment win. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
