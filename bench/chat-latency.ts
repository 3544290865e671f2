// Chat latency: from a signed Slack command or Discord HTTP interaction arriving at the bot's HTTP server
// to its acknowledgement (Slack wants it within 3 s, Discord's deferral too) and to the final answer
// arriving at the (fake) platform API. All commands are sent at once; the bot, the fakes and an in-memory
// database run in one child process, as a small self-hosted bot would; the load and the fakes run here.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { SnowflakeUtil } from 'discord.js';
import { quantile } from '../src/core/stats/summary-statistics.js';
import { discordSigningKeys, startFakeDiscord } from '../tests/fakes/fake-discord.js';
import { slackSignature, startFakeSlack } from '../tests/fakes/fake-slack.js';
import type { Benchmark, BenchOptions, BenchTable } from './benchmark.js';

const SECRET = 'bench-signing-secret';
const APP = '900000000000000001';
/** The teams the load generator sends commands for; the child gives each the demo channel. */
export const BENCH_TEAMS = { slack: 'TBENCH', discord: 'GBENCH' } as const;
/** Demo channels, each bound to a room, whose digests a daily cycle posts while commands arrive. */
export const CYCLE_CHANNELS = 4;

interface Timing {
  ackMs: number;
  /** From when this process sent the request (its socket assigned) rather than began building it. */
  ackFromSendMs: number;
  answerMs: number;
}

const CHILD_SCRIPT = fileURLToPath(new URL('./chat-bot-child.ts', import.meta.url));

/** Starts the bot in a child process: its HTTP port, the daily cycle on demand, and a stop function. */
async function startBotProcess(env: Record<string, string>) {
  // CHAT_BENCH_NODE_ARGS: Node flags for the bot's process only (`--cpu-prof` is refused in NODE_OPTIONS).
  const nodeArgs = process.env.CHAT_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', CHILD_SCRIPT, JSON.stringify(env)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  /** The next line the child prints that carries `key`. */
  const message = (key: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const read = (line: string) => {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (!(key in parsed)) return;
        lines.off('line', read);
        resolve(parsed);
      };
      lines.on('line', read);
    });
  const { port } = (await message('port')) as { port: number };
  return {
    port,
    /** The bot process's CPU time (user + system, ms) once it has no work left: answers posted, threads opened. */
    async cpuMs() {
      const reading = message('cpuMs');
      child.stdin.write('cpu\n');
      return (await reading).cpuMs as number;
    },
    /** Starts counting the bot's CPU until `count` more responses have gone out; read by `ackCpuMs`. */
    async countAcks(count: number) {
      const ready = message('acking');
      child.stdin.write(`acks ${count}\n`);
      await ready;
    },
    /**
     * The CPU (ms) from `countAcks` until its last response, of the process and of its main thread (undefined
     * where the platform does not tell), read once the bot has no work left.
     */
    async ackCpuMs() {
      const reading = message('cpuMs');
      child.stdin.write('cpu\n');
      const { ackCpuMs, ackThreadCpuMs } = await reading;
      return { process: ackCpuMs as number, thread: ackThreadCpuMs as number | undefined };
    },
    /**
     * Starts a daily cycle in the bot; resolves once it runs, with `done`, its end, still to come (wrapped: an
     * async function returning the promise itself would wait for the end, and the burst would follow the cycle).
     */
    async startCycle() {
      const started = message('cycleStarted');
      const done = message('cycleDone').then((line) => line.cycleDone as { seconds: number; sent: number });
      child.stdin.write('cycle\n');
      await started;
      return { done };
    },
    async stop() {
      child.stdin.end();
      await once(child, 'exit');
    },
  };
}

/**
 * When each answer reached the fake API, by key. One poller reads the fake's call log incrementally: a
 * poll per command would load this process enough to delay reading the bot's acknowledgements.
 */
function arrivals<C extends { at: number }>(calls: C[], keyOf: (call: C) => string | undefined) {
  const seen = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  let read = 0;
  const timer = setInterval(() => {
    for (; read < calls.length; read++) {
      const call = calls[read] as C;
      const key = keyOf(call);
      if (key === undefined || seen.has(key)) continue;
      seen.set(key, call.at);
      waiting.get(key)?.(call.at);
      waiting.delete(key);
    }
  }, 10);
  return {
    arrival: (key: string) =>
      new Promise<number>((resolve) => {
        const at = seen.get(key);
        if (at !== undefined) resolve(at);
        else waiting.set(key, resolve);
      }),
    stop: () => clearInterval(timer),
  };
}

/**
 * POSTs `body` and resolves with the status once the whole response has arrived. node:http rather than
 * fetch: undici spent about 1 ms of this process's CPU per request of a burst (a trivial server answered 200
 * concurrent fetches at p95 245 ms, the same requests through node:http at p95 67 ms), which counted as the
 * bot's acknowledgement time. Connections are kept alive between requests, as fetch keeps them, and dropped
 * after 2 s idle: well before the bot's server closes them (5 s), so a request never goes out on a socket
 * the server is closing ("socket hang up").
 */
function post(agent: Agent, url: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; sentAt: number }>((resolve, reject) => {
    let sentAt = Number.NaN;
    const sent = request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (response) => {
        response.resume();
        response.once('end', () => resolve({ status: response.statusCode ?? 0, sentAt }));
      },
    );
    // A request built in a burst goes out only after the whole burst is built (its socket is assigned, its
    // connection opened or its bytes written, in a later tick): 200 ClientRequests cost this process tens of ms,
    // more on a loaded machine, which `ackMs` counts and a burst from 200 separate senders would not.
    sent.once('socket', () => {
      sentAt = performance.now();
    });
    sent.once('error', reject);
    sent.end(body);
  });
}

async function run({ quick }: BenchOptions): Promise<BenchTable> {
  const count = quick ? 50 : 200;
  const slack = await startFakeSlack();
  const discord = await startFakeDiscord();
  const keys = discordSigningKeys();
  const bot = await startBotProcess({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    DISCORD_TOKEN: 'bench',
    DISCORD_MODE: 'http',
    DISCORD_APPLICATION_ID: APP,
    DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    DISCORD_API_URL: discord.apiUrl,
    HTTP_PORT: '0',
  });
  const base = `http://127.0.0.1:${bot.port}`;
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, timeout: 2000 });
  let sequence = 0;
  const slackAnswers = arrivals(slack.calls, (call) =>
    call.method === 'chat.postMessage' && !call.body.thread_ts ? String(call.body.channel) : undefined,
  );
  const discordAnswers = arrivals(discord.calls, (call) =>
    call.method === 'PATCH' ? call.route.split('/')[3] : undefined,
  );

  async function slackCommand(text: string): Promise<Timing> {
    const channel = `C${++sequence}`;
    const body = new URLSearchParams({
      command: '/tubepilot',
      text,
      team_id: BENCH_TEAMS.slack,
      team_domain: 'bench',
      channel_id: channel,
      user_id: 'U1',
      response_url: slack.responseUrl(channel),
      trigger_id: 't',
      api_app_id: 'A1',
    }).toString();
    const start = performance.now();
    const { status, sentAt } = await post(agent, `${base}/slack/events`, slackSignature(SECRET, body), body);
    const acked = performance.now();
    if (status !== 200) throw new Error(`Slack ack failed: ${status}`);
    return {
      ackMs: acked - start,
      ackFromSendMs: acked - sentAt,
      answerMs: (await slackAnswers.arrival(channel)) - start,
    };
  }

  async function discordCommand(name: string): Promise<Timing> {
    // A fresh snowflake: the bot refuses interactions created more than 5 minutes ago, and repeated ids.
    const id = String(SnowflakeUtil.generate());
    const user = { id: '5', username: 'bench', discriminator: '0', avatar: null, global_name: null };
    const body = JSON.stringify({
      id,
      application_id: APP,
      type: 2,
      token: `token-${id}`,
      version: 1,
      guild_id: BENCH_TEAMS.discord,
      channel: { id: `7${id}`, type: 0 },
      member: { user, roles: [], permissions: '0', joined_at: '2025-01-01T00:00:00Z', deaf: false, mute: false },
      data: { id: '6', name, type: 1, options: [] },
    });
    discord.interaction(`token-${id}`, `7${id}`);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const start = performance.now();
    const headers = {
      'content-type': 'application/json',
      'x-signature-ed25519': keys.sign(timestamp, body),
      'x-signature-timestamp': timestamp,
    };
    const { status, sentAt } = await post(agent, `${base}/discord/interactions`, headers, body);
    const acked = performance.now();
    if (status !== 200) throw new Error(`Discord deferral failed: ${status}`);
    return {
      ackMs: acked - start,
      ackFromSendMs: acked - sentAt,
      answerMs: (await discordAnswers.arrival(`token-${id}`)) - start,
    };
  }

  const rows: string[][] = [];
  const cycleNotes: string[] = [];
  /** `count` commands at once (after a warm-up), optionally while a daily cycle runs in the bot. */
  const measure = async (label: string, send: () => Promise<Timing>, withCycle = false) => {
    for (let i = 0; i < 10; i++) await send(); // warm-up, one at a time: JIT, connections, database caches
    const cpuBefore = await bot.cpuMs();
    const cycle = withCycle ? await bot.startCycle() : undefined;
    // CHAT_BENCH_BURST_DELAY_MS: the burst lands that long into the cycle (where it lands decides which part
    // of the cycle it meets); at once by default.
    if (cycle) await sleep(Number(process.env.CHAT_BENCH_BURST_DELAY_MS ?? 0));
    await bot.countAcks(count);
    const started = performance.now();
    const timings = await Promise.all(Array.from({ length: count }, send));
    const wall = performance.now() - started;
    const cycleDone = cycle && (await cycle.done);
    const ackCpu = await bot.ackCpuMs();
    const cpuPerCommand = ((await bot.cpuMs()) - cpuBefore) / count;
    if (cycleDone) {
      const { seconds, sent } = cycleDone;
      const lastAck = Math.max(...timings.map((timing) => timing.ackMs)) / 1000;
      cycleNotes.push(
        `${label}: the cycle (${CYCLE_CHANNELS} channels, ${sent} digests with charts posted) ran ${seconds.toFixed(1)} s from just before the burst; the last ack came ${lastAck.toFixed(1)} s after the burst began.`,
      );
    }
    const cell = (values: number[], p: number) => (quantile(values, p) as number).toFixed(0);
    const acks = timings.map((timing) => timing.ackMs);
    const answers = timings.map((timing) => timing.answerMs);
    rows.push([
      label,
      String(count),
      cell(acks, 0.5),
      cell(acks, 0.95),
      cell(
        timings.map((timing) => timing.ackFromSendMs),
        0.95,
      ),
      cell(answers, 0.5),
      cell(answers, 0.95),
      (wall / 1000).toFixed(1),
      cpuPerCommand.toFixed(1),
      ackCpu.process.toFixed(0),
      ackCpu.thread === undefined ? '–' : ackCpu.thread.toFixed(0),
    ]);
  };
  try {
    await measure('Slack /tubepilot help', () => slackCommand('help'));
    await measure('Slack /tubepilot stats', () => slackCommand('stats'));
    await measure('Slack stats, daily cycle running', () => slackCommand('stats'), true);
    await measure('Discord /help (HTTP)', () => discordCommand('help'));
    await measure('Discord /stats (HTTP)', () => discordCommand('stats'));
    await measure('Discord /stats, daily cycle running', () => discordCommand('stats'), true);
  } finally {
    slackAnswers.stop();
    discordAnswers.stop();
    agent.destroy();
    await bot.stop();
    await Promise.all([slack.close(), discord.close()]);
  }
  return {
    title: `Chat latency: ${count} concurrent commands, signed request → ack and → final answer at the fake API (ms)`,
    columns: [
      'command',
      'n',
      'ack p50',
      'ack p95',
      'ack p95 from send',
      'answer p50',
      'answer p95',
      'all done (s)',
      'bot CPU/cmd',
      'CPU to last ack',
      'thread CPU to last ack',
    ],
    rows,
    notes: [
      'Bot and its in-memory PGlite database in one child process (load generator and fake APIs in another); demo channel.',
      'Requests are acknowledged once verified and recorded (on Slack before Bolt runs); commands and cycle steps then run one at a time, each after the arriving requests are acknowledged, waiting commands before the cycle.',
      'Load generator: node:http, kept-alive sockets (fetch cost ~1 ms of its CPU per request, which counted as ack time).',
      'ack p95 from send: each ack timed from when the load generator sent its request (the socket assigned: its connection opened or its bytes written) instead of from when it began building it; the generator builds the whole burst before any of it goes out, and the other columns count that time.',
      'bot CPU/cmd: the bot process’s CPU time (ms) from just before the burst until every answer arrived and the bot had no work left (discussion threads opened; with the cycle, its CPU included), ÷ commands — less sensitive to machine load than the times.',
      'CPU to last ack: the bot process’s CPU time (ms, all its threads: Discord signatures are checked on a worker thread) from just before the burst until its last acknowledgement went out (what ran meanwhile included: the cycle, answers already under way). On a quiet machine the last ack comes about this long after the burst starts; on a loaded one, later.',
      'thread CPU to last ack: the same for the bot’s main thread alone, which accepts, reads and acknowledges every request (Linux only).',
      ...cycleNotes,
    ],
  };
}

export const chatLatency: Benchmark = { name: 'chat-latency', run };
