import type { ServerResponse } from 'node:http';
import { type App, isValidSlackRequest, type Receiver, ReceiverMultipleAckError } from '@slack/bolt';
import { parseJsonObject, type Route, readBody, sendJson } from '../http/http-server.js';
import { FRESHNESS_MS, isFresh, type ReplayGuard } from '../http/replay-guard.js';

// Slack's HTTP endpoint as a route of the bot's server. It verifies the signature (HMAC-SHA256 over
// `v0:timestamp:body` with the signing secret; forged → 401) with Bolt's own check, refuses a timestamp
// older than 5 minutes or more than a minute ahead, and a signature already seen (a replayed copy), then
// hands the parsed body to Bolt. Unlike Bolt's HTTPReceiver, everything up to the listener's
// ack() runs in the turn the body arrives in, so a command is acknowledged even while earlier commands keep
// the event loop busy.

export const SLACK_EVENTS_PATH = '/slack/events';

/** Slack retries an unacknowledged event three times, the last about 5 minutes on: its id is kept longer. */
const EVENT_ID_KEPT_MS = 60 * 60_000;

export class SlackRouteReceiver implements Receiver {
  private app: App | undefined;

  constructor(
    private readonly signingSecret: string,
    private readonly guard: ReplayGuard,
  ) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  readonly route: Route = {
    method: 'POST',
    path: SLACK_EVENTS_PATH,
    handle: async (request, response) => {
      const raw = await readBody(request);
      const signature = String(request.headers['x-slack-signature'] ?? '');
      const timestampS = Number(request.headers['x-slack-request-timestamp']);
      const valid = isValidSlackRequest({
        signingSecret: this.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestampS },
      });
      if (!valid) return sendJson(response, 401, { error: 'invalid request signature' });
      // Bolt's check only refuses old timestamps; one far ahead would stay replayable until it ages out.
      if (!isFresh(timestampS * 1000, this.guard.now()))
        return sendJson(response, 401, { error: 'request timestamp out of range' });
      if (!(await this.guard.firstSeen('slack', signature, timestampS * 1000 + FRESHNESS_MS)))
        return sendJson(response, 401, { error: 'request already received' });
      const body = parseSlackBody(raw, String(request.headers['content-type'] ?? ''));
      if (body.ssl_check) return sendJson(response, 200, {});
      if (body.type === 'url_verification') return sendJson(response, 200, { challenge: body.challenge });
      // A retry (X-Slack-Retry-Num) is signed anew, so only its event id tells it apart. Already received:
      // acknowledged, not run again. Never received (the first delivery was lost): run now.
      if (
        body.type === 'event_callback' &&
        typeof body.event_id === 'string' &&
        !(await this.guard.firstSeen('slack', `event:${body.event_id}`, this.guard.now() + EVENT_ID_KEPT_MS))
      )
        return sendAck(response, undefined);
      let acknowledged = false;
      const retryNum = Number(request.headers['x-slack-retry-num']);
      await this.app?.processEvent({
        body,
        ...(Number.isFinite(retryNum)
          ? { retryNum, retryReason: String(request.headers['x-slack-retry-reason']) }
          : {}),
        ack: async (reply?: unknown) => {
          if (acknowledged) throw new ReceiverMultipleAckError();
          acknowledged = true;
          sendAck(response, reply);
        },
      });
      // No listener acknowledged it: Slack shows the user that the app did not respond.
      if (!acknowledged) sendJson(response, 404, { error: 'unhandled' });
    },
  };
}

/** Commands and interactivity come form-encoded (interactivity as a JSON `payload` field), events as JSON. */
export function parseSlackBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.startsWith('application/json')) return parseJsonObject(raw);
  const fields = Object.fromEntries(new URLSearchParams(raw));
  return typeof fields.payload === 'string' ? parseJsonObject(fields.payload) : fields;
}

function sendAck(response: ServerResponse, reply: unknown): void {
  if (reply === undefined || reply === '') {
    response.writeHead(200);
    response.end();
  } else if (typeof reply === 'string') {
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(reply);
  } else sendJson(response, 200, reply);
}
