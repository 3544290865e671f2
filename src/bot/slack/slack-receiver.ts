import type { ServerResponse } from 'node:http';
import type { App, Receiver } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';
import { handOff, QueueClosedError, type WorkQueue } from '../../core/work-queue.js';
import { parseJsonObject, type Route, readBody, sendJson } from '../http/http-server.js';
import { FRESHNESS_MS, isFresh, type ReplayGuard } from '../http/replay-guard.js';
import { verifySlackSignature } from './verify-slack-request.js';

// Slack's HTTP endpoint as a route of the bot's server. It verifies the signature (HMAC-SHA256 over
// `v0:timestamp:body` with the signing secret; forged → 401; verify-slack-request.ts), refuses a timestamp
// older than 5 minutes or more than a minute ahead, then acknowledges the request itself and hands the parsed
// body to Bolt in a later turn of the loop, with an ack that sends nothing (Bolt's Receiver contract:
// processEvent with the body and an ack function). Bolt's dispatch costs 3–5 ms of CPU per request; run before
// the ack, in the turn the request arrived in, it held back the acknowledgements of the rest of a burst.
//
// A signature already seen (a replayed copy) is never run: the replay guard records each signature as its
// request arrives, and the hand-off waits for that record before Bolt sees the body. The acknowledgement does
// not wait for it: the guard's insert gathers a burst (up to GATHER_MAX_MS) and holds this thread for one
// statement, and the burst's acknowledgements then all went out in the turn after it — 200 new connections
// came in two or three such batches, each holding back the acceptance of the next (ack p95 117 ms on a quiet
// machine against 45 ms on kept-alive ones). A replayed copy of a command is thus answered 200 with the
// "working on" line its sender already has, and nothing runs; Slack itself never resends a signed request
// (an event's retry is signed anew: its event id tells it apart). Requests answered with content (the URL
// check, the SSL check) still wait for the guard and refuse a copy (401).

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
      const body = parseSlackBody(raw, String(request.headers['content-type'] ?? ''));
      const firstCopy = guard.firstSeen('slack', signature, timestampS * 1000 + FRESHNESS_MS);
      if (body.ssl_check || body.type === 'url_verification') {
        if (!(await firstCopy)) return sendJson(response, 401, { error: 'request already received' });
        return sendJson(response, 200, body.ssl_check ? {} : { challenge: body.challenge });
      }
      // A retry (X-Slack-Retry-Num) is signed anew, so only its event id tells it apart: one already received
      // is acknowledged and not run again; one never received (the first delivery was lost) runs now.
      const firstEvent =
        body.type === 'event_callback' && typeof body.event_id === 'string'
          ? guard.firstSeen('slack', `event:${body.event_id}`, guard.now() + EVENT_ID_KEPT_MS)
          : Promise.resolve(true);
      const recorded = Promise.all([firstCopy, firstEvent]);
      // Awaited in the hand-off, a later turn: a failed insert must not count as unhandled meanwhile.
      recorded.catch(() => {});
      queue?.holdUntil(recorded);
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
        handOff(queue, async () => {
          try {
            const [first, firstOfEvent] = await recorded;
            if (!first) log.warn({ timestamp }, 'Slack request received again: acknowledged, not run');
            else if (firstOfEvent) await this.app?.processEvent(event);
          } catch (error) {
            log.error({ err: error }, 'Slack event failed');
          }
        });
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
