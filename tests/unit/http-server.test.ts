import { IncomingMessage } from 'node:http';
import { connect, Socket } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BodyTooLargeError,
  healthRoute,
  KEEP_ALIVE_MS,
  MalformedBodyError,
  pathOf,
  type RunningHttpServer,
  readBody,
  startHttpServer,
} from '../../src/bot/http/http-server.js';
import { createLogger } from '../../src/core/logger.js';

/** The path `new URL` reads in `target`; undefined where it throws. */
function urlPath(target: string): string | undefined {
  try {
    return new URL(target, 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

describe('pathOf', () => {
  it('reads a request target as new URL(target, base).pathname does', () => {
    // Targets from characters that decide the parse: separators, dot segments, escapes, backslashes, spaces.
    const target = fc
      .array(fc.constantFrom('/', '/', 'a', 'Z', '0', '_', '-', '.', '%', '2e', '?', '#', '\\', ' ', '~', 'é', '+'), {
        maxLength: 12,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(target, (rest) => {
        for (const candidate of [`/${rest}`, rest]) expect(pathOf(candidate)).toBe(urlPath(candidate));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the usual paths as they are', () => {
    expect(pathOf('/slack/events')).toBe('/slack/events');
    expect(pathOf('/api/pipeline/runs/12?wait=1')).toBe('/api/pipeline/runs/12');
    expect(pathOf('/')).toBe('/');
    expect(pathOf('/a/../b')).toBe('/b');
    expect(pathOf('//host/x')).toBe('/x');
    expect(pathOf('//')).toBeUndefined();
  });
});

describe('readBody', () => {
  /** A request as the server's parser feeds it: `chunks`, then its end unless `aborted`. */
  function fed(chunks: Buffer[], aborted = false) {
    const request = new IncomingMessage(new Socket());
    return {
      request,
      feed() {
        for (const chunk of chunks) request.push(chunk);
        if (aborted) request.destroy();
        else {
          request.complete = true;
          request.push(null);
        }
      },
    };
  }

  it('gives the body’s exact text however it is cut into chunks, and refuses one over the limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (text, cuts) => {
          const bytes = Buffer.from(text, 'utf8');
          // Cut anywhere, inside a character's bytes too.
          const at = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...at].map((start, index) => bytes.subarray(start, at[index] ?? bytes.length));
          const { request, feed } = fed(chunks.filter((chunk) => chunk.length > 0));
          const body = readBody(request, 60);
          feed();
          if (bytes.length <= 60) expect(await body).toBe(text);
          else await expect(body).rejects.toBeInstanceOf(BodyTooLargeError);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a request aborted before its end', async () => {
    const { request, feed } = fed([Buffer.from('partial')], true);
    const body = readBody(request);
    feed();
    await expect(body).rejects.toThrow('request aborted');
  });
});

/** The raw HTTP response (status line and body) to `request` sent as it is. */
function rawExchange(port: number, request: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => {
      received += data;
    });
    socket.on('end', () => {
      const [head = '', body = ''] = received.split('\r\n\r\n');
      resolve({ status: Number(head.slice(9, 12)), body });
    });
    socket.on('error', reject);
  });
}

describe('startHttpServer', () => {
  let server: RunningHttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers unknown paths 404, known paths with another method 405, and handler failures by their kind', async () => {
    const failures: Record<string, () => void | Promise<void>> = {
      '/throws': () => {
        throw new Error('boom');
      },
      '/rejects': async () => {
        throw new Error('boom');
      },
      '/malformed': async () => {
        throw new MalformedBodyError('the body is not valid JSON');
      },
      '/large': () => {
        throw new BodyTooLargeError('body over 1 bytes');
      },
    };
    server = await startHttpServer(
      [
        ...Object.entries(failures).map(([path, fail]) => ({ method: 'POST' as const, path, handle: fail })),
        {
          method: 'POST',
          path: '/echo',
          handle: async (request, response) => {
            const body = await readBody(request);
            response.end(`${request.method} ${body}`);
          },
        },
      ],
      { port: 0, host: '127.0.0.1', log: createLogger('silent') },
    );
    const post = (path: string, body = '') =>
      rawExchange(
        (server as RunningHttpServer).port,
        `POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
      );
    expect(await post('/nowhere')).toEqual({ status: 404, body: '{"error":"not found"}' });
    // A target the URL parser refuses: 404, not an exception out of the request listener (the process's end).
    expect(await post('//')).toEqual({ status: 404, body: '{"error":"not found"}' });
    expect(await rawExchange(server.port, 'GET /echo HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n')).toEqual({
      status: 405,
      body: '{"error":"not found"}',
    });
    expect(await post('/throws')).toEqual({ status: 500, body: '{"error":"failed"}' });
    expect(await post('/rejects')).toEqual({ status: 500, body: '{"error":"failed"}' });
    expect(await post('/malformed')).toEqual({
      status: 400,
      body: '{"error":"malformed body: the body is not valid JSON"}',
    });
    expect(await post('/large')).toEqual({ status: 413, body: '{"error":"too large"}' });
    expect(await post('/echo?x=1', 'a=b')).toEqual({ status: 200, body: 'POST a=b' });
    expect(await post('/x/../echo', 'c')).toEqual({ status: 200, body: 'POST c' });
  });
});

describe('startHttpServer’s connections', () => {
  let server: RunningHttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** The responses to `requests`, sent one after another on one connection (the next once the last has come). */
  function onOneConnection(port: number, requests: string[]): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const responses: string[] = [];
      let received = '';
      const socket = connect(port, '127.0.0.1', () => socket.write(requests[0] as string));
      socket.setEncoding('latin1');
      socket.on('data', (data: string) => {
        received += data;
        const length = Number(/\r\ncontent-length: (\d+)/i.exec(received)?.[1]);
        const headEnd = received.indexOf('\r\n\r\n');
        if (headEnd < 0 || received.length < headEnd + 4 + length) return;
        responses.push(received);
        received = '';
        const next = requests[responses.length];
        if (next === undefined) {
          socket.destroy();
          resolve(responses);
        } else socket.write(next);
      });
      socket.on('close', () => responses.length < requests.length && reject(new Error('closed early')));
      socket.on('error', reject);
    });
  }

  it('keeps a connection open for longer than a TLS proxy keeps it idle, and says so, so the proxy reuses it', async () => {
    server = await startHttpServer([healthRoute], { port: 0, host: '127.0.0.1', log: createLogger('silent') });
    const health = 'GET /health HTTP/1.1\r\nhost: x\r\n\r\n';
    const responses = await onOneConnection(server.port, [health, health]);
    expect(responses.map((response) => response.slice(0, 15))).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 200 OK']);
    // Node times an idle connection out by the value it announces here; Caddy keeps its idle ones 120 s, nginx 60 s.
    const announced = Number(/\r\nkeep-alive: timeout=(\d+)/i.exec(responses[0] as string)?.[1]);
    expect(announced).toBe(KEEP_ALIVE_MS / 1000);
    expect(announced).toBeGreaterThan(120);
  });
});
