import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

// The Web API client's transport for its form-encoded POSTs (chat.postMessage and every other method call):
// node:http(s) on kept-alive sockets instead of the platform's fetch. fetch cost the bot 1–2 ms of CPU per call
// (web streams, Request/Response objects, the AbortSignal plumbing; two calls per answered /stats), node:http
// about a third of it. Only what the client sends for its calls is handled here (text bodies, plain headers,
// `redirect: 'error'`: a redirect rejects as fetch's does); anything else — multipart file uploads — goes to the
// platform's fetch unchanged.

/** What the Web API client reads of a response (WebClient.makeRequest, buildResult). */
interface SlackResponse {
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null; entries(): IterableIterator<[string, string]> };
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A fetch for the Slack Web API client (WebClientOptions.fetch), with its own kept-alive sockets. */
export function slackFetch(platformFetch: typeof fetch = globalThis.fetch): typeof fetch {
  const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };
  const send = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : '';
    const protocol = url.startsWith('https:') ? 'https:' : url.startsWith('http:') ? 'http:' : undefined;
    const { method = 'GET', headers = {}, body = '', redirect, signal } = init;
    if (
      !protocol ||
      redirect !== 'error' ||
      (method !== 'POST' && method !== 'GET') ||
      !isPlainObject(headers) ||
      typeof (body ?? '') !== 'string'
    )
      return platformFetch(input, init);
    const text = (body ?? '') as string;
    const options: RequestOptions = {
      method,
      agent: agents[protocol],
      headers: { ...headers, 'content-length': String(Buffer.byteLength(text)) },
      ...(signal ? { signal } : {}),
    };
    return new Promise<Response>((resolve, reject) => {
      const sent = (protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', reject);
        response.once('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 300 && status < 400 && response.headers.location !== undefined)
            reject(new TypeError('fetch failed', { cause: new Error('unexpected redirect') }));
          else resolve(slackResponse(url, response, Buffer.concat(chunks)) as unknown as Response);
        });
      });
      sent.once('error', reject);
      sent.end(text);
    });
  };
  return send as typeof fetch;
}

function isPlainObject(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function slackResponse(url: string, response: IncomingMessage, body: Buffer): SlackResponse {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(response.headers))
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  return {
    status: response.statusCode ?? 0,
    statusText: response.statusMessage ?? '',
    url,
    headers: { get: (name) => headers.get(name.toLowerCase()) ?? null, entries: () => headers.entries() },
    text: async () => body.toString('utf8'),
    json: async () => JSON.parse(body.toString('utf8')),
    arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
  };
}
