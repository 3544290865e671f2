import { generateKeyPairSync, sign } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { SnowflakeUtil } from 'discord.js';
import { type FakeRequest, parseMultipart, sendJson, startFakeServer, type UploadedFile } from './chat-fake-server.js';

// A fake Discord REST API (v10) on 127.0.0.1, enough for interactions, messages, threads and command
// registration. It records every call; `failNext` makes the next matching call fail (5xx or 429 with
// Discord's JSON `retry_after`). Like Discord it refuses what breaks its rules: message and embed limits
// (400 Invalid Form Body, 50035), a second thread on a message (160004), a thread on an unknown message
// (10008), webhooks of interactions it does not know (10015), over 10 attachments (50035) or one over
// 10 MiB (413, 40005); it keeps each channel's messages (GET returns them without their nonce) and answers
// a repeated enforced nonce with the first message.

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
  /** Tells the fake which channel an interaction (by token) was invoked in, as Discord knows. */
  interaction(token: string, channelId: string): void;
  /** The channel's messages as GET /channels/:id/messages returns them, oldest first. */
  messages(channelId: string): FakeMessage[];
  /** Moves the fake's clock (message times and snowflakes, the nonce window) forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  author: { id: string; username: string; bot: boolean };
  /** Action rows of buttons. */
  components: unknown[];
  /** The thread started on it: one per message. */
  thread?: string;
}

const PREFIX = '/api/v10';
/** Discord checks an enforced nonce "in the past few minutes". */
export const NONCE_WINDOW_MS = 3 * 60_000;
const BOT = { id: '42', username: 'TubePilot', discriminator: '0', avatar: null, bot: true };

export const DISCORD_MESSAGE_LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  /** Characters of all embeds of a message together. */
  embedsTotal: 6000,
  nonce: 25,
  threadName: 100,
  actionRows: 5,
  componentsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  attachments: 10,
  /** Bytes per file in a server without boosts; over it Discord answers 413 (40005). */
  attachmentBytes: 10 * 1024 * 1024,
} as const;

type Component = { type?: number; custom_id?: string; label?: string; style?: number; components?: Component[] };

/** What Discord refuses in a message's action rows of buttons (the only components TubePilot sends). */
function componentProblems(components: unknown): Problem[] {
  if (components === undefined) return [];
  const L = DISCORD_MESSAGE_LIMITS;
  const rows = components as Component[];
  const problems: Problem[] = [];
  const max = (path: string, n: number) =>
    problems.push([path, 'BASE_TYPE_MAX_LENGTH', `Must be ${n} or fewer in length.`]);
  if (rows.length > L.actionRows) max('components', L.actionRows);
  const customIds = new Set<string>();
  rows.forEach((row, r) => {
    if (row.type !== 1) problems.push([`components.${r}.type`, 'UNION_TYPE_CHOICES', 'Expected an action row']);
    const buttons = row.components ?? [];
    if (buttons.length === 0 || buttons.length > L.componentsPerRow)
      max(`components.${r}.components`, L.componentsPerRow);
    buttons.forEach((button, b) => {
      const at = `components.${r}.components.${b}`;
      if (button.type !== 2) return;
      if (!button.custom_id) problems.push([`${at}.custom_id`, 'BASE_TYPE_REQUIRED', 'This field is required']);
      else if (button.custom_id.length > L.customId) max(`${at}.custom_id`, L.customId);
      else if (customIds.has(button.custom_id))
        problems.push([
          `${at}.custom_id`,
          'COMPONENT_CUSTOM_ID_DUPLICATED',
          'Component custom id cannot be duplicated',
        ]);
      customIds.add(button.custom_id ?? '');
      if ((button.label?.length ?? 0) > L.buttonLabel) max(`${at}.label`, L.buttonLabel);
      if (![1, 2, 3, 4].includes(button.style ?? 0))
        problems.push([`${at}.style`, 'BASE_TYPE_CHOICES', 'Value must be one of (1, 2, 3, 4, 5, 6).']);
    });
  });
  return problems;
}

type Problem = [path: string, code: string, message: string];

/** What Discord's form validation would refuse in a message body, as [path, code, message]. */
function messageProblems(body: Record<string, unknown> | undefined): Problem[] {
  const L = DISCORD_MESSAGE_LIMITS;
  const problems: Problem[] = [];
  const tooLong = (path: string, value: unknown, max: number) => {
    if (typeof value === 'string' && value.length > max)
      problems.push([path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`]);
  };
  tooLong('content', body?.content, L.content);
  problems.push(...componentProblems(body?.components));
  const nonce = body?.nonce;
  if (nonce !== undefined && String(nonce).length > L.nonce)
    problems.push(['nonce', 'BASE_TYPE_MAX_LENGTH', `Must be ${L.nonce} or fewer in length.`]);
  const embeds = (body?.embeds ?? []) as Record<string, unknown>[];
  if (embeds.length > L.embeds)
    problems.push(['embeds', 'BASE_TYPE_MAX_LENGTH', `Must be ${L.embeds} or fewer in length.`]);
  let total = 0;
  embeds.forEach((embed, index) => {
    const at = `embeds.${index}`;
    const text = (value: unknown) => (typeof value === 'string' ? value.length : 0);
    tooLong(`${at}.title`, embed.title, L.title);
    tooLong(`${at}.description`, embed.description, L.description);
    const footer = embed.footer as { text?: string } | undefined;
    const author = embed.author as { name?: string } | undefined;
    tooLong(`${at}.footer.text`, footer?.text, L.footer);
    tooLong(`${at}.author.name`, author?.name, L.authorName);
    const fields = (embed.fields ?? []) as { name?: string; value?: string }[];
    if (fields.length > L.fields)
      problems.push([`${at}.fields`, 'BASE_TYPE_MAX_LENGTH', `Must be ${L.fields} or fewer in length.`]);
    fields.forEach((field, f) => {
      for (const [key, max] of [
        ['name', L.fieldName],
        ['value', L.fieldValue],
      ] as const) {
        if (!field[key]) problems.push([`${at}.fields.${f}.${key}`, 'BASE_TYPE_REQUIRED', 'This field is required']);
        tooLong(`${at}.fields.${f}.${key}`, field[key], max);
      }
    });
    total +=
      text(embed.title) +
      text(embed.description) +
      text(footer?.text) +
      text(author?.name) +
      fields.reduce((sum, field) => sum + text(field.name) + text(field.value), 0);
  });
  if (total > L.embedsTotal)
    problems.push(['embeds', 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${L.embedsTotal}`]);
  return problems;
}

/** Discord's 400 Invalid Form Body: the problems nested by path, each under `_errors`. */
function invalidFormBody(problems: Problem[]) {
  const errors: Record<string, unknown> = {};
  for (const [path, code, message] of problems) {
    let node = errors;
    for (const key of path.split('.')) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node._errors ??= [];
    (node._errors as unknown[]).push({ code, message });
  }
  return { code: 50035, message: 'Invalid Form Body', errors };
}

export async function startFakeDiscord(): Promise<FakeDiscord> {
  const calls: DiscordCall[] = [];
  const commands = new Map<string, Record<string, unknown>[]>();
  const failures: Failure[] = [];
  const interactions = new Map<string, string>();
  /** Every message by id; ephemeral ones are nobody's channel history. */
  const messages = new Map<string, FakeMessage & { ephemeral: boolean; at: number; nonce?: string }>();
  /** The original response message of each interaction token. */
  const originals = new Map<string, string>();
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  const snowflake = () => String(SnowflakeUtil.generate({ timestamp: now() }));
  const apiMessage = (stored: FakeMessage & { ephemeral: boolean }, nonce?: string) => ({
    id: stored.id,
    type: 0,
    channel_id: stored.channel_id,
    content: stored.content,
    embeds: stored.embeds,
    components: stored.components,
    attachments: [],
    author: { ...BOT, ...stored.author },
    timestamp: new Date(SnowflakeUtil.timestampFrom(stored.id)).toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
    flags: stored.ephemeral ? 64 : 0,
    // Only the answer to the create carries the nonce; fetched messages do not.
    ...(nonce !== undefined ? { nonce } : {}),
  });
  const create = (channelId: string, body: Record<string, unknown> | undefined) => {
    const stored = {
      id: snowflake(),
      channel_id: channelId,
      content: String(body?.content ?? ''),
      embeds: (body?.embeds ?? []) as unknown[],
      components: (body?.components ?? []) as unknown[],
      author: { id: BOT.id, username: BOT.username, bot: true },
      ephemeral: ((Number(body?.flags) || 0) & 64) !== 0,
      at: now(),
      ...(body?.nonce !== undefined ? { nonce: String(body.nonce) } : {}),
    };
    messages.set(stored.id, stored);
    return stored;
  };

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
    const unknown = (what: 'Message' | 'Webhook' | 'Channel') =>
      sendJson(response, 404, {
        message: `Unknown ${what}`,
        code: { Message: 10008, Webhook: 10015, Channel: 10003 }[what],
      });
    /** Creates (or edits) a message after Discord's validation of its body. */
    const write = (make: () => ReturnType<typeof create>, status = 200) => {
      const problems = messageProblems(call.body);
      if (!call.body?.content && !(call.body?.embeds as unknown[] | undefined)?.length && call.files.length === 0)
        return sendJson(response, 400, { message: 'Cannot send an empty message', code: 50006 });
      if (problems.length) return sendJson(response, 400, invalidFormBody(problems));
      if (call.files.length > DISCORD_MESSAGE_LIMITS.attachments)
        return sendJson(
          response,
          400,
          invalidFormBody([['attachments', 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.']]),
        );
      if (call.files.some((file) => file.size > DISCORD_MESSAGE_LIMITS.attachmentBytes))
        return sendJson(response, 413, { message: 'Request entity too large', code: 40005 });
      const stored = make();
      sendJson(response, status, apiMessage(stored, stored.nonce));
    };
    const interactionChannel = (token: string) => interactions.get(token);
    const routes: [string, RegExp, (match: RegExpMatchArray) => void][] = [
      [
        'POST',
        /^\/interactions\/[^/]+\/([^/]+)\/callback$/,
        (match) => {
          const channelId = interactionChannel(match[1] as string);
          if (!channelId) return unknown('Webhook');
          const data = (call.body?.data ?? {}) as Record<string, unknown>;
          // A reply (4) or a deferral (5, the "thinking…" message) is the interaction's original message.
          if (call.body?.type === 4 || call.body?.type === 5) {
            const problems = call.body?.type === 4 ? messageProblems(data) : [];
            if (problems.length) return sendJson(response, 400, invalidFormBody(problems));
            originals.set(
              match[1] as string,
              create(channelId, call.body?.type === 4 ? data : { flags: data.flags }).id,
            );
          }
          noContent();
        },
      ],
      [
        'PATCH',
        /^\/webhooks\/[^/]+\/([^/]+)\/messages\/@original$/,
        (match) => {
          const token = match[1] as string;
          const channelId = interactionChannel(token);
          if (!channelId) return unknown('Webhook');
          write(() => {
            const existing = messages.get(originals.get(token) ?? '');
            if (!existing) {
              // Over HTTP the deferral was the endpoint's response, which this fake does not see.
              const stored = create(channelId, call.body);
              originals.set(token, stored.id);
              return stored;
            }
            existing.content = String(call.body?.content ?? existing.content);
            existing.embeds = (call.body?.embeds ?? existing.embeds) as unknown[];
            existing.components = (call.body?.components ?? existing.components) as unknown[];
            return existing;
          });
        },
      ],
      [
        'DELETE',
        /^\/webhooks\/[^/]+\/([^/]+)\/messages\/@original$/,
        (match) => {
          if (!interactionChannel(match[1] as string)) return unknown('Webhook');
          messages.delete(originals.get(match[1] as string) ?? '');
          noContent();
        },
      ],
      [
        'POST',
        /^\/webhooks\/[^/]+\/([^/]+)$/,
        (match) => {
          const channelId = interactionChannel(match[1] as string);
          if (!channelId) return unknown('Webhook');
          write(() => create(channelId, call.body));
        },
      ],
      [
        'GET',
        /^\/channels\/([^/]+)\/messages$/,
        (match) => {
          const limit = Number(call.query.get('limit') ?? 50);
          if (!Number.isInteger(limit) || limit < 1 || limit > 100)
            return sendJson(
              response,
              400,
              invalidFormBody([['limit', 'NUMBER_TYPE_MAX', 'Must be between 1 and 100.']]),
            );
          const newestFirst = [...messages.values()]
            .filter((stored) => stored.channel_id === match[1] && !stored.ephemeral)
            .reverse()
            .slice(0, limit);
          sendJson(
            response,
            200,
            newestFirst.map((stored) => apiMessage(stored)),
          );
        },
      ],
      [
        'POST',
        /^\/channels\/([^/]+)\/messages$/,
        (match) => {
          const channelId = match[1] as string;
          write(() => {
            const nonce = call.body?.nonce === undefined ? undefined : String(call.body.nonce);
            // enforce_nonce: the same author's message with this nonce in the last few minutes is the answer.
            const repeated =
              call.body?.enforce_nonce === true && nonce !== undefined
                ? [...messages.values()].find(
                    (stored) =>
                      stored.channel_id === channelId && stored.nonce === nonce && now() - stored.at <= NONCE_WINDOW_MS,
                  )
                : undefined;
            return repeated ?? create(channelId, call.body);
          });
        },
      ],
      [
        'POST',
        /^\/channels\/([^/]+)\/messages\/([^/]+)\/threads$/,
        (match) => {
          const stored = messages.get(match[2] as string);
          if (!stored || stored.channel_id !== match[1] || stored.ephemeral) return unknown('Message');
          if (stored.thread)
            return sendJson(response, 400, {
              message: 'A thread has already been created for this message',
              code: 160004,
            });
          const name = String(call.body?.name ?? '');
          if (name.length < 1 || name.length > DISCORD_MESSAGE_LIMITS.threadName)
            return sendJson(
              response,
              400,
              invalidFormBody([['name', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.']]),
            );
          // A thread started on a message takes the message's id.
          stored.thread = stored.id;
          sendJson(response, 201, { id: stored.id, type: 11, parent_id: match[1], name });
        },
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
    interaction: (token, channelId) => interactions.set(token, channelId),
    messages: (channelId) =>
      [...messages.values()]
        .filter((stored) => stored.channel_id === channelId && !stored.ephemeral)
        .map(({ id, channel_id, content, embeds, components, author, thread }) => ({
          id,
          channel_id,
          content,
          embeds,
          components,
          author,
          ...(thread ? { thread } : {}),
        })),
    advance: (ms) => {
      offsetMs += ms;
    },
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
