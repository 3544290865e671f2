import type { App } from '@slack/bolt';
import { afterEach, expect, it } from 'vitest';
import { startHttpServer } from '../../src/bot/http/http-server.js';
import { ReplayGuard } from '../../src/bot/http/replay-guard.js';
import { SlackRouteReceiver } from '../../src/bot/slack/slack-receiver.js';
import type { Db } from '../../src/core/db/database.js';
import { WorkQueue } from '../../src/core/work-queue.js';
import { slackSignature } from '../fakes/fake-slack.js';
import { memoryLog } from '../support/command-context.js';

// A Slack request is acknowledged once its signature and timestamp are checked, without waiting for the replay
// guard's insert (which gathers a burst and holds the thread for a statement), and Bolt sees it only once that
// insert has recorded it as the first copy: a replayed copy is acknowledged and never run.

const SECRET = 'receiver-secret';

/** The guard's table; with `hold`, each insert is held until the test lets it through. */
function gatedDatabase(hold: boolean) {
  const stored = new Set<string>();
  const held: (() => void)[] = [];
  let inserts = 0;
  const db = {
    seenRequest: { deleteMany: async () => ({ count: 0 }) },
    async $queryRawUnsafe(_sql: string, json: string) {
      inserts++;
      if (hold) await new Promise<void>((resolve) => held.push(resolve));
      const rows = JSON.parse(json) as { platform: string; key: string }[];
      return rows.filter((row) => {
        const id = `${row.platform} ${row.key}`;
        if (stored.has(id)) return false;
        stored.add(id);
        return true;
      });
    },
  };
  return {
    db: db as unknown as Db,
    inserts: () => inserts,
    /** Lets the inserts waiting so far finish. */
    release: () => {
      for (const resolve of held.splice(0)) resolve();
    },
  };
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function receiverServer({ hold = true } = {}) {
  const database = gatedDatabase(hold);
  const queue = new WorkQueue();
  const log = memoryLog();
  const receiver = new SlackRouteReceiver({
    signingSecret: SECRET,
    guard: new ReplayGuard(database.db, { queue }),
    log: log.log,
    queue,
    ackReply: (body) => `working on ${String(body.text)}`,
  });
  const processed: unknown[] = [];
  let onProcessed = () => {};
  receiver.init({
    processEvent: async (event: { body: unknown }) => {
      processed.push(event.body);
      onProcessed();
    },
  } as unknown as App);
  const server = await startHttpServer([receiver.route], { port: 0, host: '127.0.0.1', log: log.log });
  queue.watchArrivals(server.server);
  stops.push(async () => {
    database.release();
    await queue.close();
    await server.close();
  });
  const post = async (body: string, headers: Record<string, string>) => {
    const response = await fetch(`http://127.0.0.1:${server.port}/slack/events`, { method: 'POST', headers, body });
    return { status: response.status, text: await response.text() };
  };
  const nextProcessed = () => new Promise<void>((resolve) => (onProcessed = resolve));
  return { database, queue, processed, post, nextProcessed, log };
}

const slash = (text: string) => {
  const body = new URLSearchParams({ command: '/tubepilot', text, team_id: 'T1', channel_id: 'C1' }).toString();
  return { body, headers: slackSignature(SECRET, body) };
};

it('acknowledges a command while its replay record is still being written, and runs it once recorded', async () => {
  const { database, processed, post, nextProcessed } = await receiverServer();
  const { body, headers } = slash('stats');
  // On the old receiver this response waited for the insert, which the test has not let through.
  expect(await post(body, headers)).toEqual({ status: 200, text: 'working on stats' });
  expect(processed).toEqual([]);
  const ran = nextProcessed();
  // The insert may not have started when the acknowledgement arrived: it gathers the requests arriving first.
  while (database.inserts() === 0) await new Promise(setImmediate);
  database.release();
  await ran;
  expect(processed).toEqual([expect.objectContaining({ command: '/tubepilot', text: 'stats' })]);
});

it('acknowledges a copy of a request already received and never runs it', async () => {
  const { queue, processed, post, log } = await receiverServer({ hold: false });
  const { body, headers } = slash('help');
  const answers = await Promise.all([post(body, headers), post(body, headers)]);
  expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
  await queue.settled();
  expect(processed).toHaveLength(1);
  expect(log.lines.filter((line) => line.msg === 'Slack request received again: acknowledged, not run')).toHaveLength(
    1,
  );
});

it('refuses a copy of a URL verification (answered with content) once the first is recorded', async () => {
  const { database, post } = await receiverServer();
  const body = JSON.stringify({ type: 'url_verification', challenge: 'abc' });
  const headers = { ...slackSignature(SECRET, body), 'content-type': 'application/json' };
  const first = post(body, headers);
  while (database.inserts() === 0) await new Promise(setImmediate);
  database.release();
  expect(await first).toEqual({ status: 200, text: JSON.stringify({ challenge: 'abc' }) });
  const copy = post(body, headers);
  while (database.inserts() < 2) await new Promise(setImmediate);
  database.release();
  expect((await copy).status).toBe(401);
});

it('starts no job while an acknowledged request’s replay record is still being written', async () => {
  const { database, queue, post } = await receiverServer();
  const { body, headers } = slash('stats');
  expect((await post(body, headers)).status).toBe(200);
  let started = false;
  const job = queue.run(async () => {
    started = true;
  });
  while (database.inserts() === 0) await new Promise(setImmediate);
  // Acknowledged and not yet recorded: without the hold, the job ran one turn after it was queued.
  expect(started).toBe(false);
  database.release();
  await job;
  expect(started).toBe(true);
});
