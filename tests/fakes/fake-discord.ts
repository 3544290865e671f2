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
  /** performance.now() when the call arrived. */
  at: number;
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
      at: performance.now(),
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
    const noContent = () => {
      // No JSON content type on 204: @discordjs/rest would try to parse an empty body.
      response.writeHead(204);
      response.end();
    };
    const routes: [string, RegExp, (match: RegExpMatchArray) => void][] = [
      ['POST', /^\/interactions\/[^/]+\/[^/]+\/callback$/, noContent],
      [
        'PATCH',
        /^\/webhooks\/[^/]+\/[^/]+\/messages\/@original$/,
        () => sendJson(response, 200, message('interaction-channel', call.body)),
      ],
      ['DELETE', /^\/webhooks\/[^/]+\/[^/]+\/messages\/@original$/, noContent],
      ['POST', /^\/webhooks\/[^/]+\/[^/]+$/, () => sendJson(response, 200, message('interaction-channel', call.body))],
      [
        'POST',
        /^\/channels\/([^/]+)\/messages$/,
        (match) => sendJson(response, 200, message(match[1] as string, call.body)),
      ],
      // A thread started on a message takes the message's id.
      [
        'POST',
        /^\/channels\/([^/]+)\/messages\/([^/]+)\/threads$/,
        (match) => sendJson(response, 201, { id: match[2], type: 11, parent_id: match[1], name: call.body?.name }),
      ],
      [
        'GET',
        /^\/applications\/[^/]+(?:\/guilds\/([^/]+))?\/commands$/,
        (match) => sendJson(response, 200, commands.get(match[1] ?? 'global') ?? []),
      ],
      [
        'PUT',
        /^\/applications\/[^/]+(?:\/guilds\/([^/]+))?\/commands$/,
        (match) => {
          const stored = (call.body as unknown as Record<string, unknown>[]).map((command) => ({
            id: snowflake(),
            application_id: '1',
            version: snowflake(),
            default_member_permissions: null,
            ...command,
          }));
          commands.set(match[1] ?? 'global', stored);
          sendJson(response, 200, stored);
        },
      ],
    ];
    for (const [method, pattern, answer] of routes) {
      const match = request.method === method ? route.match(pattern) : null;
      if (match) return answer(match);
    }
    sendJson(response, 404, { message: `fake Discord has no ${request.method} ${route}`, code: 0 });
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
