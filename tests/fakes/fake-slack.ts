import { createHmac } from 'node:crypto';
import { type FakeRequest, parseMultipart, sendJson, startFakeServer, type UploadedFile } from './chat-fake-server.js';

// A fake Slack Web API on 127.0.0.1: the methods TubePilot calls, the files.uploadV2 upload URL, and
// response_url endpoints. It records every call; `failNext` makes the next call of a method fail (429 with a
// Retry-After header, 5xx, or a Slack error code). Like Slack it refuses over-limit messages (msg_too_long,
// invalid_blocks) and keeps each channel's messages for conversations.history, whose metadata it returns
// only when asked with include_all_metadata. Like Slack: a response_url takes at most 5 messages within 30
// minutes of its first use and no files; files.completeUploadExternal takes only file ids it issued whose
// bytes were uploaded; a channel the bot is not in (`notMember`) refuses its posts and files (not_in_channel).

export interface SlackCall {
  /** Web API method (`chat.postMessage`), or `upload` / `respond` for the non-API URLs. */
  method: string;
  body: Record<string, unknown>;
  files: UploadedFile[];
  at: number;
}

export interface SlackUser {
  is_admin?: boolean;
  is_owner?: boolean;
}

interface Failure {
  method: string;
  /** An HTTP error status (5xx, 429), or a Slack error code answered as `{ ok: false }`. */
  status?: number;
  error?: string;
  retryAfterS?: number;
}

export interface SlackMessage {
  ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  bot_id: string;
}

/** A response_url's limits: uses, and how long after the payload that carried it. */
export const SLACK_RESPONSE_URL_LIMITS = { uses: 5, windowMs: 30 * 60_000 } as const;

export const SLACK_MESSAGE_LIMITS = {
  text: 40_000,
  blocks: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
} as const;

type Button = { type?: string; action_id?: string; value?: string; text?: { type?: string; text?: string } };

/** Why Slack would refuse an actions block's buttons: limits, and action_ids repeated within a message. */
function buttonProblems(at: string, elements: Button[], actionIds: Set<string>): string[] {
  const L = SLACK_MESSAGE_LIMITS;
  const problems: string[] = [];
  if (elements.length === 0 || elements.length > L.actionsElements)
    problems.push(`${at} must have 1 to ${L.actionsElements} elements`);
  elements.forEach((button, j) => {
    if (button.type !== 'button') return;
    const where = `${at}.elements[${j}]`;
    if (button.text?.type !== 'plain_text' || !button.text.text) problems.push(`${where} needs plain_text text`);
    if ((button.text?.text?.length ?? 0) > L.buttonText) problems.push(`${where} text over ${L.buttonText}`);
    if ((button.action_id?.length ?? 0) > L.actionId) problems.push(`${where} action_id over ${L.actionId}`);
    if ((button.value?.length ?? 0) > L.buttonValue) problems.push(`${where} value over ${L.buttonValue}`);
    if (button.action_id !== undefined) {
      if (actionIds.has(button.action_id)) problems.push(`${where} repeats action_id ${button.action_id}`);
      actionIds.add(button.action_id);
    }
  });
  return problems;
}

/** Why Slack would answer `invalid_blocks` for these blocks, if it would. */
function blockProblems(blocks: unknown): string[] {
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return ['blocks must be an array'];
  const L = SLACK_MESSAGE_LIMITS;
  const problems: string[] = [];
  const actionIds = new Set<string>();
  if (blocks.length > L.blocks) problems.push(`more than ${L.blocks} blocks`);
  blocks.forEach(
    (block: { type?: string; text?: { text?: string }; fields?: { text?: string }[]; elements?: unknown[] }, i) => {
      const length = block.text?.text?.length ?? 0;
      if (block.type === 'header' && length > L.headerText)
        problems.push(`blocks[${i}] header text over ${L.headerText}`);
      if (block.type === 'section') {
        if (length > L.sectionText) problems.push(`blocks[${i}] section text over ${L.sectionText}`);
        if ((block.fields?.length ?? 0) > L.sectionFields)
          problems.push(`blocks[${i}] more than ${L.sectionFields} fields`);
        for (const field of block.fields ?? [])
          if ((field.text?.length ?? 0) > L.fieldText) problems.push(`blocks[${i}] field over ${L.fieldText}`);
        if (!block.text && !block.fields?.length) problems.push(`blocks[${i}] section without text or fields`);
      }
      if (block.type === 'context' && (block.elements?.length ?? 0) > L.contextElements)
        problems.push(`blocks[${i}] more than ${L.contextElements} context elements`);
      if (block.type === 'actions')
        problems.push(...buttonProblems(`blocks[${i}]`, (block.elements ?? []) as Button[], actionIds));
    },
  );
  return problems;
}

export interface FakeSlack {
  /** The `slackApiUrl` WebClient option. */
  apiUrl: string;
  calls: SlackCall[];
  users: Map<string, SlackUser>;
  userGroups: Map<string, string[]>;
  /** A response URL, as a payload carries it; its 30 minutes start now. */
  responseUrl(id: string): string;
  /** Channels the bot is not a member of. */
  notMember: Set<string>;
  /** Moves the fake's clock on (response URLs expire). */
  advance(ms: number): void;
  failNext(failure: Failure): void;
  callsOf(method: string): SlackCall[];
  /** A channel's messages (thread replies included), oldest first. */
  messages(channel: string): SlackMessage[];
  close(): Promise<void>;
}

/** Web API arguments: JSON bodies, or form fields whose structured values (blocks, files) are JSON text. */
function readArguments(request: FakeRequest): Record<string, unknown> {
  const type = String(request.headers['content-type'] ?? '');
  const text = request.raw.toString('utf8');
  if (type.startsWith('application/json')) return text ? JSON.parse(text) : {};
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    body[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return body;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const users = new Map<string, SlackUser>();
  const userGroups = new Map<string, string[]>();
  const failures: Failure[] = [];
  let fileCounter = 0;
  /** Issued upload file ids, and whether their bytes arrived. */
  const uploads = new Map<string, boolean>();
  const notMember = new Set<string>();
  const responseUrls = new Map<string, { issuedAt: number; uses: number }>();
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  const history = new Map<string, SlackMessage[]>();
  // Message ts values follow the wall clock, as Slack's do (conversations.history filters on them).
  let lastTs = 0;
  const nextTs = () => {
    lastTs = Math.max(lastTs + 1, Date.now() * 1000);
    return `${Math.floor(lastTs / 1e6)}.${String(lastTs % 1e6).padStart(6, '0')}`;
  };
  const server = await startFakeServer(async (request, response) => {
    const upload = request.path.match(/^\/upload\/(.+)$/);
    if (upload) {
      const { files } = String(request.headers['content-type']).startsWith('multipart/')
        ? await parseMultipart(request)
        : {
            files: [
              {
                field: 'body',
                name: upload[1] as string,
                size: request.raw.length,
                contentType: '',
                data: request.raw,
              },
            ],
          };
      calls.push({ method: 'upload', body: { fileId: upload[1] }, files, at: performance.now() });
      if (!uploads.has(upload[1] as string)) {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('file_not_found');
        return;
      }
      uploads.set(upload[1] as string, true);
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(`OK - ${request.raw.length}`);
      return;
    }
    if (request.path.startsWith('/respond/')) {
      const id = request.path.slice(9);
      const refuse = (status: number, error: string) => {
        response.writeHead(status, { 'content-type': 'text/plain' });
        response.end(error);
      };
      // A response URL posts messages, never files: those go through files.uploadV2.
      if (String(request.headers['content-type'] ?? '').startsWith('multipart/')) return refuse(400, 'invalid_payload');
      const body = readArguments(request);
      calls.push({ method: 'respond', body: { id, ...body }, files: [], at: performance.now() });
      const url = responseUrls.get(id);
      if (!url) return refuse(404, 'no_such_url');
      if (now() - url.issuedAt > SLACK_RESPONSE_URL_LIMITS.windowMs) return refuse(404, 'expired_url');
      if (++url.uses > SLACK_RESPONSE_URL_LIMITS.uses) return refuse(404, 'used_url');
      if ('file' in body || 'files' in body || 'attachments_files' in body) return refuse(400, 'invalid_payload');
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('ok');
      return;
    }
    const method = request.path.replace(/^\/api\//, '');
    const body = readArguments(request);
    calls.push({ method, body, files: [], at: performance.now() });
    const failure = failures.findIndex((f) => f.method === method);
    if (failure >= 0) {
      const [f] = failures.splice(failure, 1) as [Failure];
      if (f.status === 429)
        sendJson(response, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(f.retryAfterS ?? 1) });
      else if (f.status) sendJson(response, f.status, { ok: false, error: 'fake_outage' });
      else sendJson(response, 200, { ok: false, error: f.error });
      return;
    }
    switch (method) {
      case 'auth.test':
        return sendJson(response, 200, { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'tubepilot' });
      case 'chat.postMessage': {
        if (!body.channel) return sendJson(response, 200, { ok: false, error: 'channel_not_found' });
        if (notMember.has(String(body.channel))) return sendJson(response, 200, { ok: false, error: 'not_in_channel' });
        if (!body.text && !body.blocks) return sendJson(response, 200, { ok: false, error: 'no_text' });
        if (typeof body.text === 'string' && body.text.length > SLACK_MESSAGE_LIMITS.text)
          return sendJson(response, 200, { ok: false, error: 'msg_too_long' });
        const problems = blockProblems(body.blocks);
        if (problems.length) return sendJson(response, 200, { ok: false, error: 'invalid_blocks', errors: problems });
        const message: SlackMessage = {
          ts: nextTs(),
          bot_id: 'BBOT',
          ...(typeof body.text === 'string' ? { text: body.text } : {}),
          ...(body.blocks ? { blocks: body.blocks as unknown[] } : {}),
          ...(typeof body.thread_ts === 'string' ? { thread_ts: body.thread_ts } : {}),
          ...(body.metadata ? { metadata: body.metadata as SlackMessage['metadata'] } : {}),
        };
        const channel = String(body.channel);
        history.set(channel, [...(history.get(channel) ?? []), message]);
        return sendJson(response, 200, { ok: true, channel, ts: message.ts, message });
      }
      case 'conversations.history': {
        if (!body.channel) return sendJson(response, 200, { ok: false, error: 'channel_not_found' });
        const all = history.get(String(body.channel)) ?? [];
        const limit = Math.min(Number(body.limit ?? 100) || 100, 999);
        const oldest = Number(body.oldest ?? 0);
        // The channel's messages, newest first; thread replies are not part of the channel's history.
        const listed = all
          .filter((message) => (!message.thread_ts || message.thread_ts === message.ts) && Number(message.ts) > oldest)
          .reverse();
        const start = Number(body.cursor ?? 0);
        const page = listed.slice(start, start + limit).map(({ metadata, ...message }) => ({
          type: 'message',
          ...message,
          ...(body.include_all_metadata === true || body.include_all_metadata === 'true' ? { metadata } : {}),
        }));
        const hasMore = start + limit < listed.length;
        return sendJson(response, 200, {
          ok: true,
          messages: page,
          has_more: hasMore,
          response_metadata: { next_cursor: hasMore ? String(start + limit) : '' },
        });
      }
      case 'files.getUploadURLExternal': {
        if (!body.filename || !(Number(body.length) > 0))
          return sendJson(response, 200, { ok: false, error: 'invalid_arguments' });
        const fileId = `F${++fileCounter}`;
        uploads.set(fileId, false);
        return sendJson(response, 200, { ok: true, file_id: fileId, upload_url: `${server.url}/upload/${fileId}` });
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(body.files) ? (body.files as { id?: unknown }[]) : [];
        // Only files whose upload URL was issued and whose bytes arrived; each completed once.
        if (files.length === 0 || files.some(({ id }) => uploads.get(String(id)) !== true))
          return sendJson(response, 200, { ok: false, error: 'file_not_found' });
        if (body.channel_id !== undefined && notMember.has(String(body.channel_id)))
          return sendJson(response, 200, { ok: false, error: 'not_in_channel' });
        for (const { id } of files) uploads.delete(String(id));
        return sendJson(response, 200, { ok: true, files: files.map(({ id }) => ({ id })) });
      }
      case 'users.info': {
        const user = users.get(String(body.user));
        return user
          ? sendJson(response, 200, { ok: true, user: { id: body.user, is_admin: false, is_owner: false, ...user } })
          : sendJson(response, 200, { ok: false, error: 'user_not_found' });
      }
      case 'usergroups.users.list':
        return sendJson(response, 200, { ok: true, users: userGroups.get(String(body.usergroup)) ?? [] });
      default:
        return sendJson(response, 200, { ok: false, error: 'unknown_method' });
    }
  });
  return {
    apiUrl: `${server.url}/api/`,
    calls,
    users,
    userGroups,
    responseUrl: (id) => {
      if (!responseUrls.has(id)) responseUrls.set(id, { issuedAt: now(), uses: 0 });
      return `${server.url}/respond/${id}`;
    },
    notMember,
    advance: (ms) => {
      offsetMs += ms;
    },
    failNext: (failure) => failures.push(failure),
    callsOf: (method) => calls.filter((call) => call.method === method),
    messages: (channel) => [...(history.get(channel) ?? [])],
    close: server.close,
  };
}

/** Headers Slack sends with a request: `v0=` HMAC-SHA256 of `v0:timestamp:body` under the signing secret. */
export function slackSignature(secret: string, body: string, timestampS = Math.floor(Date.now() / 1000)) {
  const signature = createHmac('sha256', secret).update(`v0:${timestampS}:${body}`).digest('hex');
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestampS),
    'x-slack-signature': `v0=${signature}`,
  };
}
