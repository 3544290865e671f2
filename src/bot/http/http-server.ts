import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../core/logger.js';

// The bot's one HTTP server. Each capability contributes routes (Slack events, Discord interactions,
// OAuth callbacks, health) to a small table instead of owning a server of its own.

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  /** Also serves every path under `path` (which then ends in "/"): for APIs with ids in their paths. */
  prefix?: boolean;
  handle(request: IncomingMessage, response: ServerResponse): void | Promise<void>;
}

export interface RunningHttpServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export const MAX_BODY_BYTES = 1_000_000;

/**
 * How long an idle connection stays open: longer than the idle timeout of the TLS proxies that put the bot on
 * HTTPS (nginx's upstream keep-alive 60 s, Caddy's 2 min), so the proxy closes an idle connection first and reuses
 * the others. With Node's default of 5 s the bot closed connections the proxy was about to send on (an error for
 * that user) and a burst of commands paid for new connections: a burst of 200 acknowledged on kept-alive
 * connections costs the server a fraction of 200 new ones (docs/benchmarks.md).
 */
export const KEEP_ALIVE_MS = 130_000;

export class BodyTooLargeError extends Error {}

/** A request whose body is not what the platform sends (signed, yet broken): 400, never a 500. */
export class MalformedBodyError extends Error {}

/** The body as a JSON object; anything else is a MalformedBodyError. */
export function parseJsonObject(raw: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new MalformedBodyError('the body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new MalformedBodyError('the body is not a JSON object');
  return value as Record<string, unknown>;
}

/**
 * The raw request body (signatures are computed over the exact bytes). Read with 'data'/'end' listeners, not
 * `for await`: with the stream's async iterator, a server doing nothing else spent 23–28 ms of CPU on a burst
 * of 200 POSTs, 19–23 ms with listeners (medians of 10 bursts each), all of it before the last acknowledgement.
 */
export function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Left attached once the promise is settled, which ignores the rest: removing the four listeners (and the
    // function that did it) made reading a 150-byte body 7.6 µs of CPU instead of 3.1 (best of 8 × 20,000).
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (!request.destroyed) {
        request.destroy();
        reject(new BodyTooLargeError(`body over ${limit} bytes`));
      }
    });
    request.on('end', () =>
      resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8')),
    );
    request.on('error', reject);
    // Aborted before its end: nothing more will come.
    request.on('close', () => {
      if (!request.complete) reject(new Error('request aborted'));
    });
  });
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

export const healthRoute: Route = {
  method: 'GET',
  path: '/health',
  handle: (_request, response) => sendJson(response, 200, { ok: true }),
};

/** A path the WHATWG URL parser reads as it is: segments without dots, escapes or backslashes. */
const PLAIN_PATH = /^(?:\/[\w-]+)*\/$|^(?:\/[\w-]+)+$/;

/**
 * The path of a request's target, as `new URL(target, base).pathname` reads it (the parser only for unusual
 * targets: it was ~2 ms of a 200-request burst's main-thread profile); undefined for a target it refuses
 * ("//", which threw out of the request listener and ended the process).
 */
export function pathOf(target: string): string | undefined {
  const query = target.indexOf('?');
  const path = query < 0 ? target : target.slice(0, query);
  if (PLAIN_PATH.test(path)) return path;
  try {
    return new URL(target, 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

function serves(route: Route, path: string): boolean {
  return route.path === path || (route.prefix === true && path.startsWith(route.path));
}

/** A handler's failure: 400 for a malformed body, 413 for one too large, 500 otherwise. */
function answerFailure(response: ServerResponse, error: unknown, path: string, log: Logger): void {
  const tooLarge = error instanceof BodyTooLargeError;
  const malformed = error instanceof MalformedBodyError;
  if (malformed) log.warn({ path, reason: error.message }, 'malformed request body');
  else if (!tooLarge) log.error({ err: error, path }, 'HTTP handler failed');
  if (response.headersSent) response.end();
  else if (malformed) sendJson(response, 400, { error: `malformed body: ${error.message}` });
  else sendJson(response, tooLarge ? 413 : 500, { error: tooLarge ? 'too large' : 'failed' });
}

/** Starts the server on `port` (0: any free port) on `host`; unknown (or unreadable) paths get 404, malformed
 * bodies 400, handler failures 500. */
export async function startHttpServer(
  routes: readonly Route[],
  options: { port: number; host?: string; log: Logger },
): Promise<RunningHttpServer> {
  const server = createServer((request, response) => {
    const path = pathOf(request.url ?? '/');
    const route =
      path === undefined
        ? undefined
        : routes.find((candidate) => serves(candidate, path) && candidate.method === request.method);
    if (path === undefined || !route) {
      const elsewhere = path !== undefined && routes.some((candidate) => serves(candidate, path));
      sendJson(response, elsewhere ? 405 : 404, { error: 'not found' });
      return;
    }
    // In a microtask, as `Promise.resolve().then(handle).catch(…)` ran it, with one promise instead of three.
    queueMicrotask(() => {
      let handled: void | Promise<void>;
      try {
        handled = route.handle(request, response);
      } catch (error) {
        handled = Promise.reject(error);
      }
      handled?.catch((error: unknown) => answerFailure(response, error, path, options.log));
    });
  });
  // Node 20's headers and request timeouts time requests only, not idle connections: left as they are.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', resolve);
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
