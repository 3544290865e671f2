import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DATA_CLOSE, DATA_OPEN } from '../../src/core/ai/prompt-data.js';

// A fake of Groq's OpenAI-compatible chat completions API on 127.0.0.1, for the real groq-sdk to talk to.
// Each test scripts what it answers: a JSON object (or a function of the request), raw text such as broken
// JSON, an HTTP error with headers (429 + retry-after, 5xx), or a delay. Every request is recorded.

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; schema: unknown; strict?: boolean } };
  [key: string]: unknown;
}

export type FakeAnswer =
  /** A completion whose content is this value as JSON. */
  | { json: unknown; delayMs?: number }
  /** A completion whose content is this text as it is (e.g. malformed JSON). */
  | { content: string; delayMs?: number }
  /** An HTTP error. */
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };

export type Responder = (request: ChatRequest) => FakeAnswer;

export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: ChatRequest;
  at: number;
}

export interface FakeGroq {
  /** The groq-sdk baseURL (the SDK appends /openai/v1/chat/completions). */
  baseURL: string;
  requests: RecordedRequest[];
  /** Answers for the next requests, in order; after them the default responder answers. */
  queue(...answers: (FakeAnswer | Responder)[]): void;
  /** How requests are answered once the queue is empty. */
  setDefault(responder: Responder): void;
  reset(): void;
  close(): Promise<void>;
}

/** The data block of a request's last user message, parsed back from its JSON. */
export function promptData(request: ChatRequest): unknown {
  const user = [...request.messages]
    .reverse()
    .find((message) => message.role === 'user' && message.content.includes(DATA_OPEN));
  if (!user) throw new Error('no data block in the request');
  const start = user.content.lastIndexOf(`${DATA_OPEN}\n`) + DATA_OPEN.length + 1;
  const end = user.content.lastIndexOf(`\n${DATA_CLOSE}`);
  return JSON.parse(user.content.slice(start, end));
}

/** The schema name the request asked for, to answer each writer differently. */
export function schemaName(request: ChatRequest): string {
  return request.response_format?.json_schema?.name ?? '';
}

let completionCounter = 0;

function completion(request: ChatRequest, content: string) {
  const promptTokens = Math.ceil(request.messages.reduce((sum, message) => sum + message.content.length, 0) / 4);
  const completionTokens = Math.ceil(content.length / 4);
  return {
    id: `chatcmpl-fake-${++completionCounter}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_time: 0.01,
      completion_time: 0.02,
      queue_time: 0.001,
      total_time: 0.03,
    },
    system_fingerprint: 'fp_fake',
    x_groq: { id: `req_fake_${completionCounter}` },
  };
}

const RATE_LIMIT_HEADERS = {
  'x-ratelimit-limit-requests': '1000',
  'x-ratelimit-limit-tokens': '250000',
  'x-ratelimit-remaining-requests': '999',
  'x-ratelimit-remaining-tokens': '249000',
  'x-ratelimit-reset-requests': '1m26.4s',
  'x-ratelimit-reset-tokens': '240ms',
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json', ...RATE_LIMIT_HEADERS, ...headers });
  response.end(JSON.stringify(body));
}

const noDefault: Responder = () => ({
  status: 500,
  body: { error: { message: 'fake-groq: no answer scripted', type: 'internal_error' } },
  headers: { 'x-should-retry': 'false' },
});

export async function startFakeGroq(): Promise<FakeGroq> {
  const requests: RecordedRequest[] = [];
  let queued: (FakeAnswer | Responder)[] = [];
  let fallback: Responder = noDefault;

  const server = createServer(async (request, response) => {
    const raw = await readBody(request);
    if (request.method !== 'POST' || request.url !== '/openai/v1/chat/completions') {
      send(response, 404, { error: { message: `Unknown request URL: ${request.url}`, type: 'invalid_request_error' } });
      return;
    }
    const body = JSON.parse(raw) as ChatRequest;
    requests.push({ path: request.url, authorization: request.headers.authorization, body, at: Date.now() });
    const next = queued.shift() ?? fallback;
    const answer = typeof next === 'function' ? next(body) : next;
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if ('status' in answer)
      send(response, answer.status, answer.body ?? { error: { message: 'error' } }, answer.headers);
    else send(response, 200, completion(body, 'json' in answer ? JSON.stringify(answer.json) : answer.content));
  });
  // Tests run with GROQ_MAX_RETRIES=0, so a kept-alive socket that the server closes (after Node's default 5 s)
  // just as the client reuses it would read as "Groq is unreachable" on a loaded machine. Groq's own servers keep
  // connections far longer; so does the fake, and a refused connection stays something a test asks for.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    queue: (...answers) => {
      queued.push(...answers);
    },
    setDefault: (responder) => {
      fallback = responder;
    },
    reset: () => {
      requests.length = 0;
      queued = [];
      fallback = noDefault;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A 429 as Groq sends it. */
export function rateLimited(retryAfterSeconds: number): FakeAnswer {
  return {
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: {
      error: {
        message: `Rate limit reached for model on tokens per minute (TPM): Limit 15000, Used 14900, Requested 800. Please try again in ${retryAfterSeconds}s.`,
        type: 'tokens',
        code: 'rate_limit_exceeded',
      },
    },
  };
}
