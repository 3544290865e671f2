import Groq from 'groq-sdk';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';

/** What every AI function needs: the same four things the daily cycle and the commands hold. */
export interface AiDeps {
  db: Db;
  config: Config;
  log: Logger;
  now: () => Date;
}

/** Structured Outputs with `strict: true` (constrained decoding) exist only on these Groq models. */
const STRICT_SCHEMA_MODELS = new Set(['openai/gpt-oss-20b', 'openai/gpt-oss-120b']);

export function supportsStrictSchema(model: string): boolean {
  return STRICT_SCHEMA_MODELS.has(model);
}

/** Whether an LLM may be asked at all: a key, and a budget above zero. */
export function llmEnabled(config: Config): boolean {
  return config.GROQ_API_KEY !== undefined && config.LLM_DAILY_TOKEN_BUDGET > 0;
}

/**
 * The one Groq client. Everything comes from the configuration (the SDK would otherwise read GROQ_BASE_URL
 * from the environment itself). The SDK retries 408/409/429/5xx and connection errors `maxRetries` times,
 * waiting what `retry-after`/`retry-after-ms` say, else backing off exponentially from 0.5 s.
 */
export function groqClient(config: Config): Groq {
  if (config.GROQ_API_KEY === undefined) throw new Error('groqClient needs GROQ_API_KEY');
  return new Groq({
    apiKey: config.GROQ_API_KEY,
    baseURL: config.GROQ_BASE_URL,
    timeout: config.GROQ_TIMEOUT_MS,
    maxRetries: config.GROQ_MAX_RETRIES,
  });
}
