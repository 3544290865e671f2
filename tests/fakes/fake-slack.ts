import { createHmac } from 'node:crypto';
import { type FakeRequest, parseMultipart, sendJson, startFakeServer, type UploadedFile } from './chat-fake-server.js';

// A fake Slack Web API on 127.0.0.1: the methods TubePilot calls, the files.uploadV2 upload URL, and
// response_url endpoints. It records every call; `failNext` makes the next call of a method fail.

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

export interface FakeSlack {
  /** The `slackApiUrl` WebClient option. */
  apiUrl: string;
  calls: SlackCall[];
  users: Map<string, SlackUser>;
  userGroups: Map<string, string[]>;
  responseUrl(id: string): string;
  failNext(failure: Failure): void;
  callsOf(method: string): SlackCall[];
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
  let ts = 1_700_000_000;
  let fileCounter = 0;
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
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(`OK - ${request.raw.length}`);
      return;
    }
    if (request.path.startsWith('/respond/')) {
      calls.push({
        method: 'respond',
        body: { id: request.path.slice(9), ...readArguments(request) },
        files: [],
        at: performance.now(),
      });
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
      case 'chat.postMessage':
        ts += 1;
        return sendJson(response, 200, {
          ok: true,
          channel: body.channel,
          ts: `${ts}.000100`,
          message: { text: body.text },
        });
      case 'files.getUploadURLExternal': {
        const fileId = `F${++fileCounter}`;
        return sendJson(response, 200, { ok: true, file_id: fileId, upload_url: `${server.url}/upload/${fileId}` });
      }
      case 'files.completeUploadExternal':
        return sendJson(response, 200, { ok: true, files: (body.files as { id: string }[]).map(({ id }) => ({ id })) });
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
    responseUrl: (id) => `${server.url}/respond/${id}`,
    failNext: (failure) => failures.push(failure),
    callsOf: (method) => calls.filter((call) => call.method === method),
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
