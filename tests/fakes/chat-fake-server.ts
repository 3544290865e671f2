import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// The HTTP plumbing the fake chat APIs share: a server on 127.0.0.1 (port 0), the raw request body, and
// multipart bodies parsed by the platform's own Fetch implementation.

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  raw: Buffer;
}

export interface FakeServer {
  url: string;
  close(): Promise<void>;
}

export async function startFakeServer(
  handle: (request: FakeRequest, response: ServerResponse) => void | Promise<void>,
): Promise<FakeServer> {
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    try {
      await handle(
        {
          method: request.method ?? 'GET',
          path: decodeURIComponent(url.pathname),
          query: url.searchParams,
          headers: request.headers,
          raw: Buffer.concat(chunks),
        },
        response,
      );
    } catch (error) {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: String(error) }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface UploadedFile {
  field: string;
  name: string;
  size: number;
  contentType: string;
  /** The uploaded bytes. */
  data: Buffer;
}

/** A multipart/form-data body: its text fields and its files. */
export async function parseMultipart(request: FakeRequest) {
  const form = await new Response(new Uint8Array(request.raw), {
    headers: { 'content-type': String(request.headers['content-type']) },
  }).formData();
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') fields[field] = value;
    else
      files.push({
        field,
        name: value.name,
        size: value.size,
        contentType: value.type,
        data: Buffer.from(await value.arrayBuffer()),
      });
  }
  return { fields, files };
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/**
 * Resolves once `check` returns a value (a call the fake received, a row the bot wrote), checking between turns of
 * the event loop. No deadline of its own: on a loaded machine it waits as long as the work takes, and a condition
 * that never comes true fails by the test's timeout, not by a guess of how long the work should take.
 */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined | null>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
