import type { ServerResponse } from 'node:http';
import type { App, Receiver } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';
import { handOff, QueueClosedError, type WorkQueue } from '../../core/work-queue.js';
import { parseJsonObject, type Route, readBody, sendJson } from '../http/http-server.js';
import { FRESHNESS_MS, isFresh, type ReplayGuard } from '../http/replay-guard.js';
import { verifySlackSignature } from './verify-slack-request.js';

// Slack's HTTP endpoint as a route of the bot's server. It verifies the signature (HMAC-SHA256 over
// `v0:timestamp:body` with the signing secret; forged → 401; verify-slack-request.ts), refuses a timestamp
// older than 5 minutes or more than a minute ahead, and a signature already seen (a replayed copy), then
// acknowledges the request itself and hands the parsed body to Bolt in a later turn of the loop, with an ack
// that sends nothing (Bolt's Receiver contract: processEvent with the body and an ack function). Bolt's
// dispatch costs 3–5 ms of CPU per request; run before the ack, in the turn the request arrived in, it held
// back the acknowledgements of the rest of a burst (200 commands: ack p95 0.4–0.7 s).

export const SLACK_EVENTS_PATH = '/slack/events';

/** Slack retries an unacknowledged event three times, the last about 5 minutes on: its id is kept longer. */
const EVENT_ID_KEPT_MS = 60 * 60_000;

export interface SlackReceiverOptions {
  signingSecret: string;
  guard: ReplayGuard;
  log: Logger;
  /** The bot's queue: Bolt gets each body through its hand-off, after the requests arriving are acknowledged. */
  queue?: WorkQueue;
  /** What the acknowledgement carries for a request (a slash command's "working on it"); nothing by default. */
  ackReply?: (body: Record<string, unknown>) => unknown;
}

export class SlackRouteReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly options: SlackReceiverOptions) {}

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
      const timestamp = String(request.headers['x-slack-request-timestamp'] ?? '');
      const timestampS = Number(timestamp);
      const { guard, signingSecret, queue, log, ackReply } = this.options;
      if (!verifySlackSignature(signingSecret, signature, timestamp, raw))
        return sendJson(response, 401, { error: 'invalid request signature' });
      // Refuses old timestamps and, as Bolt's check did not, ones far ahead (replayable until they age out).
      if (!isFresh(timestampS * 1000, guard.now()))
        return sendJson(response, 401, { error: 'request timestamp out of range' });
      if (!(await guard.firstSeen('slack', signature, timestampS * 1000 + FRESHNESS_MS)))
        return sendJson(response, 401, { error: 'request already received' });
      const body = parseSlackBody(raw, String(request.headers['content-type'] ?? ''));
      if (body.ssl_check) return sendJson(response, 200, {});
      if (body.type === 'url_verification') return sendJson(response, 200, { challenge: body.challenge });
      // A retry (X-Slack-Retry-Num) is signed anew, so only its event id tells it apart. Already received:
      // acknowledged, not run again. Never received (the first delivery was lost): run now.
      if (
        body.type === 'event_callback' &&
        typeof body.event_id === 'string' &&
        !(await guard.firstSeen('slack', `event:${body.event_id}`, guard.now() + EVENT_ID_KEPT_MS))
      )
        return sendAck(response, undefined);
      const retryNum = Number(request.headers['x-slack-retry-num']);
      const event = {
        body,
        ...(Number.isFinite(retryNum)
          ? { retryNum, retryReason: String(request.headers['x-slack-retry-reason']) }
          : {}),
        // Acknowledged below; the listeners' own ack() calls send nothing.
        ack: async () => {},
      };
      try {
        handOff(queue, () =>
          (this.app?.processEvent(event) ?? Promise.resolve()).catch((error: unknown) =>
            log.error({ err: error }, 'Slack event failed'),
          ),
        );
      } catch (error) {
        // Shutting down: not acknowledged, so Slack tells the user (and retries an event) rather than lose it.
        if (error instanceof QueueClosedError) return sendJson(response, 503, { error: 'shutting down' });
        throw error;
      }
      sendAck(response, ackReply?.(body));
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
