import { generateKeyPairSync, sign } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type FakeRequest, parseMultipart, sendJson, startFakeServer, type UploadedFile } from './chat-fake-server.js';

// A fake Discord REST API (v10) on 127.0.0.1, enough for interactions, messages, threads and command
// registration. It records every call; `failNext` makes the next matching call fail (5xx or 429).

export interface DiscordCall {
  method: string;
  /** Path after /api/v10, e.g. /channels/123/messages. */
  route: string;
  query: URLSearchParams;
  authorization?: string;
  /** JSON body, or the multipart `payload_json`. */
  body: Record<string, unknown> | undefined;
  files: UploadedFile[];
}

interface Failure {
  method: string;
  route: RegExp;
  status: number;
  retryAfterS?: number;
}

export interface FakeDiscord {
  /** The `api` option for @discordjs/rest (it appends /v10). */
  apiUrl: string;
  calls: DiscordCall[];
  /** Application commands Discord "has", by scope key ('global' or a guild id). */
  commands: Map<string, Record<string, unknown>[]>;
  failNext(failure: Failure): void;
  close(): Promise<void>;
}

const PREFIX = '/api/v10';

export async function startFakeDiscord(): Promise<FakeDiscord> {
  const calls: DiscordCall[] = [];
  const commands = new Map<string, Record<string, unknown>[]>();
  const failures: Failure[] = [];
  let nextId = 1_000_000_000_000_000n;
  const snowflake = () => String(nextId++);
  const message = (channelId: string, body: Record<string, unknown> | undefined) => ({
    id: snowflake(),
    type: 0,
    channel_id: channelId,
    content: '',
    embeds: body?.embeds ?? [],
    attachments: [],
    author: { id: '42', username: 'TubePilot', discriminator: '0', avatar: null, bot: true },
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
    flags: body?.flags ?? 0,
  });

  const server = await startFakeServer(async (request: FakeRequest, response: ServerResponse) => {
    const route = request.path.startsWith(PREFIX) ? request.path.slice(PREFIX.length) : request.path;
    const multipart = String(request.headers['content-type'] ?? '').startsWith('multipart/form-data');
    const parsed = multipart ? await parseMultipart(request) : undefined;
    const text = parsed ? parsed.fields.payload_json : request.raw.toString('utf8');
    const call: DiscordCall = {
      method: request.method,
      route,
      query: request.query,
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
      files: parsed?.files ?? [],
    };
    calls.push(call);
    const failure = failures.findIndex((f) => f.method === request.method && f.route.test(route));
    if (failure >= 0) {
      const [{ status, retryAfterS }] = failures.splice(failure, 1) as [Failure];
      if (status === 429) {
        const after = retryAfterS ?? 0.05;
        sendJson(
          response,
          429,
          { message: 'You are being rate limited.', retry_after: after, global: false },
          {
            'retry-after': String(after),
            'x-ratelimit-scope': 'user',
          },
        );
      } else sendJson(response, status, { message: 'fake outage', code: 0 });
      return;
    }
    let match: RegExpMatchArray | null;
    if (request.method === 'POST' && /^\/interactions\/[^/]+\/[^/]+\/callback$/.test(route)) {
      // No JSON content type on 204: @discordjs/rest would try to parse an empty body.
      response.writeHead(204);
      response.end();
    } else if ((match = route.match(/^\/webhooks\/[^/]+\/[^/]+\/messages\/@original$/))) {
      if (request.method === 'DELETE') {
        response.writeHead(204);
        response.end();
      } else sendJson(response, 200, message('interaction-channel', call.body));
    } else if (request.method === 'POST' && /^\/webhooks\/[^/]+\/[^/]+$/.test(route)) {
      sendJson(response, 200, message('interaction-channel', call.body));
    } else if (request.method === 'POST' && (match = route.match(/^\/channels\/([^/]+)\/messages$/))) {
      sendJson(response, 200, message(match[1] as string, call.body));
    } else if (
      request.method === 'POST' &&
      (match = route.match(/^\/channels\/([^/]+)\/messages\/([^/]+)\/threads$/))
    ) {
      // A thread started on a message takes the message's id.
      sendJson(response, 201, { id: match[2], type: 11, parent_id: match[1], name: call.body?.name });
    } else if ((match = route.match(/^\/applications\/[^/]+(?:\/guilds\/([^/]+))?\/commands$/))) {
      const scope = match[1] ?? 'global';
      if (request.method === 'PUT') {
        const stored = (call.body as unknown as Record<string, unknown>[]).map((command) => ({
          id: snowflake(),
          application_id: '1',
          version: snowflake(),
          default_member_permissions: null,
          ...command,
        }));
        commands.set(scope, stored);
      }
      sendJson(response, 200, commands.get(scope) ?? []);
    } else sendJson(response, 404, { message: `fake Discord has no ${request.method} ${route}`, code: 0 });
  });
  return {
    apiUrl: `${server.url}/api`,
    calls,
    commands,
    failNext: (failure) => failures.push(failure),
    close: server.close,
  };
}

/** An Ed25519 key pair like a Discord application's: the public key as hex, and a signer for payloads. */
export function discordSigningKeys() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  return {
    publicKeyHex,
    sign(timestamp: string, body: string) {
      return sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
    },
  };
}
