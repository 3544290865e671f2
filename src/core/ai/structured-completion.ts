// One structured answer from Groq: the zod schema becomes `response_format` (strict where the model supports
// it), every reply is parsed and validated with zod and with the caller's checks (grounded numbers, titles not
// repeated…), one repair attempt is made with the problems spelled out, and then it fails clearly — a
// half-valid object is never returned. Answers are cached and every call is written to the token ledger.

import Groq from 'groq-sdk';
import type { ChatCompletionMessageParam } from 'groq-sdk/resources/chat/completions';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { type AiDeps, groqClient, llmEnabled, supportsStrictSchema } from './groq-client.js';
import { cacheKey, readCache, writeCache } from './llm-cache.js';
import { recordUsage, usageOn } from './llm-ledger.js';

export interface StructuredRequest<T> {
  /** What the answer is for, in the ledger: "video-analysis", "strategy"… */
  purpose: string;
  channelId?: number;
  /** Name of the JSON schema sent to the model. */
  schemaName: string;
  schema: z.ZodType<T>;
  system: string;
  user: string;
  /** Problems the schema cannot see (ungrounded numbers, repeated titles); empty when the answer is usable. */
  problems: (value: T) => string[];
}

export interface StructuredAnswer<T> {
  value: T;
  model: string;
  /** Paid requests made (0 on a cache hit, 2 after a repair). */
  calls: number;
  cacheHit: boolean;
}

/** The day's token budget is spent: callers fall back to the offline writer. */
export class LlmBudgetExhausted extends Error {
  constructor(
    readonly budget: number,
    readonly spent: number,
  ) {
    super(`LLM daily token budget spent (${spent} of ${budget} tokens)`);
    this.name = 'LlmBudgetExhausted';
  }
}

/** Groq could not be asked (unreachable, failing, slow, rate-limiting, key or model refused), as opposed to
 * answering badly: a writer whose figures stand on their own can still answer with the offline words. */
export class GroqUnavailable extends UserError {
  constructor(title: string, message: string, hint?: string) {
    super(title, message, hint);
    this.name = 'GroqUnavailable';
  }
}

/** Keywords Groq's strict mode may reject; zod still enforces them on the reply. */
const UNSENT_KEYWORDS = new Set([
  '$schema',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
]);

function withoutKeywords(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutKeywords);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => !UNSENT_KEYWORDS.has(key))
      .map(([key, value]) => [key, key === 'properties' ? mapValues(value, withoutKeywords) : withoutKeywords(value)]),
  );
}

function mapValues(record: unknown, map: (value: unknown) => unknown): unknown {
  return Object.fromEntries(Object.entries(record as Record<string, unknown>).map(([key, value]) => [key, map(value)]));
}

/** The JSON schema of a zod schema as sent to Groq: every property required, no additional properties. */
function responseSchema(schema: z.ZodType): Record<string, unknown> {
  return withoutKeywords(z.toJSONSchema(schema)) as Record<string, unknown>;
}

/** Problems with a reply's text, or its value: JSON, then the schema, then the caller's checks. */
function judge<T>(request: StructuredRequest<T>, content: string): { value: T } | { problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(content.replace(/^\s*```(?:json)?\s*|\s*```\s*$/g, ''));
  } catch {
    return { problems: ['the reply is not valid JSON'] };
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    };
  }
  const problems = request.problems(parsed.data);
  return problems.length ? { problems } : { value: parsed.data };
}

async function tokensSpentToday({ db, now }: AiDeps): Promise<number> {
  const today = await usageOn(db, now());
  return today.promptTokens + today.completionTokens;
}

/** Whether an LLM call may be made now: a key, and tokens left in today's budget. */
export async function llmAvailable(deps: AiDeps): Promise<boolean> {
  return llmEnabled(deps.config) && (await tokensSpentToday(deps)) < deps.config.LLM_DAILY_TOKEN_BUDGET;
}

export async function completeStructured<T>(deps: AiDeps, request: StructuredRequest<T>): Promise<StructuredAnswer<T>> {
  const { db, config, log } = deps;
  const model = config.GROQ_MODEL;
  const key = cacheKey(model, JSON.stringify([request.schemaName, request.system, request.user]));
  const ledger = { channelId: request.channelId, model, purpose: request.purpose };

  const cached = await readCache(db, key, deps.now(), config.LLM_CACHE_HOURS);
  if (cached) {
    const verdict = judge(request, JSON.stringify(cached.response));
    if ('value' in verdict) {
      await recordUsage(db, { ...ledger, promptTokens: 0, completionTokens: 0, cacheHit: true }, deps.now());
      return { value: verdict.value, model, calls: 0, cacheHit: true };
    }
  }

  const spent = await tokensSpentToday(deps);
  if (spent >= config.LLM_DAILY_TOKEN_BUDGET) throw new LlmBudgetExhausted(config.LLM_DAILY_TOKEN_BUDGET, spent);

  const client = groqClient(config);
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: request.system },
    { role: 'user', content: request.user },
  ];
  let problems: string[] = [];
  for (let attempt = 1; attempt <= 2; attempt++) {
    const { content, promptTokens, completionTokens } = await ask(deps, client, request, messages);
    await recordUsage(db, { ...ledger, promptTokens, completionTokens, cacheHit: false }, deps.now());
    const verdict = judge(request, content);
    if ('value' in verdict) {
      await writeCache(
        db,
        { key, model, purpose: request.purpose, response: verdict.value as object, promptTokens, completionTokens },
        deps.now(),
      );
      return { value: verdict.value, model, calls: attempt, cacheHit: false };
    }
    problems = verdict.problems;
    log.warn({ purpose: request.purpose, model, attempt, problems }, 'llm reply rejected');
    messages.push(
      { role: 'assistant', content: content.slice(0, 8000) },
      {
        role: 'user',
        content: `That reply cannot be used: ${problems.join('; ')}. Reply again with the complete, corrected JSON object only, using only numbers that appear in the data block.`,
      },
    );
  }
  throw new UserError(
    'The AI writer failed',
    `Groq's answer (${request.purpose}) was unusable twice: ${problems.slice(0, 3).join('; ')}. Nothing was saved.`,
    'Try again. If it keeps failing, use GROQ_MODEL=openai/gpt-oss-120b (strict JSON), or unset GROQ_API_KEY for the offline writer.',
  );
}

async function ask<T>(
  deps: AiDeps,
  client: Groq,
  request: StructuredRequest<T>,
  messages: ChatCompletionMessageParam[],
): Promise<{ content: string; promptTokens: number; completionTokens: number }> {
  const model = deps.config.GROQ_MODEL;
  try {
    const { data, response } = await client.chat.completions
      .create({
        model,
        messages,
        temperature: 0.4,
        ...(model.startsWith('openai/gpt-oss') ? { reasoning_effort: 'low' as const } : {}),
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: request.schemaName,
            schema: responseSchema(request.schema),
            strict: supportsStrictSchema(model),
          },
        },
      })
      .withResponse();
    const remaining = response.headers.get('x-ratelimit-remaining-tokens');
    deps.log.info(
      {
        purpose: request.purpose,
        model,
        promptTokens: data.usage?.prompt_tokens,
        completionTokens: data.usage?.completion_tokens,
        remainingTokens: remaining === null ? undefined : Number(remaining),
        remainingRequests: response.headers.get('x-ratelimit-remaining-requests') ?? undefined,
      },
      'llm call',
    );
    return {
      content: data.choices[0]?.message.content ?? '',
      promptTokens: data.usage?.prompt_tokens ?? 0,
      completionTokens: data.usage?.completion_tokens ?? 0,
    };
  } catch (error) {
    throw groqUserError(error, deps);
  }
}

/** Groq's failures in words a team can act on; the API key never appears in them. */
function groqUserError(error: unknown, { config, log }: AiDeps): unknown {
  if (!(error instanceof Groq.GroqError)) return error;
  log.warn({ err: { name: error.name, message: error.message } }, 'groq request failed');
  const tries = `${config.GROQ_MAX_RETRIES + 1} attempt${config.GROQ_MAX_RETRIES ? 's' : ''}`;
  const tryLater = 'Try again later, or unset GROQ_API_KEY to use the offline writer.';
  if (error instanceof Groq.RateLimitError) {
    const wait = error.headers?.get('retry-after');
    return new GroqUnavailable(
      'Groq is rate-limiting TubePilot',
      `Groq answered 429 (rate limit) after ${tries}${wait ? `; it asks to wait ${wait} s` : ''}.`,
      tryLater,
    );
  }
  if (error instanceof Groq.APIConnectionTimeoutError) {
    return new GroqUnavailable(
      'Groq did not answer in time',
      `No answer within ${config.GROQ_TIMEOUT_MS} ms (${tries}).`,
      tryLater,
    );
  }
  if (error instanceof Groq.AuthenticationError || error instanceof Groq.PermissionDeniedError) {
    return new GroqUnavailable('Groq rejected the API key', `Groq answered ${error.status}.`, 'Check GROQ_API_KEY.');
  }
  if (error instanceof Groq.NotFoundError) {
    return new GroqUnavailable(
      'Unknown Groq model',
      `Groq does not serve the model "${config.GROQ_MODEL}" (it may have been retired).`,
      'Set GROQ_MODEL to a current model, e.g. openai/gpt-oss-120b.',
    );
  }
  if (error instanceof Groq.APIError && error.status !== undefined) {
    return new GroqUnavailable('Groq failed', `Groq answered ${error.status} after ${tries}.`, tryLater);
  }
  return new GroqUnavailable('Groq is unreachable', `Could not reach ${config.GROQ_BASE_URL} (${tries}).`, tryLater);
}
