import { existsSync } from 'node:fs';
import { z } from 'zod';

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

export const configSchema = z.object({
  DATABASE_URL: databaseUrl.describe(
    'unset: embedded PGlite under DATA_DIR; memory://: in-memory; postgres://…: a server',
  ),
  DATA_DIR: z.string().trim().min(1).default('./data').describe('where the embedded database keeps its files'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
});

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
        received === undefined ? 'missing' : `got "${received.length > 40 ? `${received.slice(0, 40)}…` : received}"`;
      return `${name}: ${issue.message} (${shown})`;
    }),
  );
}

/** Reads `.env` into process.env when it exists; variables already set in the environment win. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
