// Chat latency: from a signed Slack command or Discord HTTP interaction arriving at the bot's HTTP server
// to its acknowledgement (Slack wants it within 3 s, Discord's deferral too) and to the final answer
// arriving at the (fake) platform API. All commands are sent at once; the bot and an in-memory database run
// in one child process, as a small self-hosted bot would; the load generator and the fakes run here. A
// do-nothing node:http server in another child, hit by the same generator, gives this machine's floor.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { SnowflakeUtil } from 'discord.js';
import { quantile } from '../src/core/stats/summary-statistics.js';
import { discordSigningKeys, startFakeDiscord } from '../tests/fakes/fake-discord.js';
import { slackSignature, startFakeSlack } from '../tests/fakes/fake-slack.js';
import type { Benchmark, BenchOptions, BenchTable } from './benchmark.js';
import { nodeFlagsOf } from './bot-node-flags.js';

const SECRET = 'bench-signing-secret';
const APP = '900000000000000001';
/** The teams the load generator sends commands for; the child gives each the demo channel. */
export const BENCH_TEAMS = { slack: 'TBENCH', discord: 'GBENCH' } as const;
/** Demo channels, each bound to a room, whose digests a daily cycle posts while commands arrive. */
export const CYCLE_CHANNELS = 4;

/** A request built before its burst: its bytes, and when its answer reached the fake API (none for the floor). */
interface Built {
  bytes: Buffer;
  answered?: () => Promise<number>;
}

const BOT_SCRIPT = fileURLToPath(new URL('./chat-bot-child.ts', import.meta.url));
const FLOOR_SCRIPT = fileURLToPath(new URL('./chat-floor-child.ts', import.meta.url));

/** Starts a server child (the bot, or the floor): its HTTP port, the daily cycle on demand, and a stop function. */
async function startChild(script: string, env: Record<string, string>, nodeArgs: string[] = []) {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, JSON.stringify(env)], {
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
    /** The child's CPU time (user + system, ms) once it has no work left: answers posted, threads opened. */
    async cpuMs() {
      const reading = message('cpuMs');
      child.stdin.write('cpu\n');
      return (await reading).cpuMs as number;
    },
    /** Starts counting the child's CPU until `count` more responses have gone out; read by `ackCpuMs`. */
    async countAcks(count: number) {
      const ready = message('acking');
      child.stdin.write(`acks ${count}\n`);
      await ready;
    },
    /**
     * The CPU (ms) from `countAcks` until its last response, of the process and of its main thread (undefined
     * where the platform does not tell), read once the child has no work left.
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

/** A whole HTTP/1.1 POST to 127.0.0.1:`port`, as bytes. */
function postBytes(port: number, path: string, headers: Record<string, string>, body: string): Buffer {
  const fields = { host: `127.0.0.1:${port}`, ...headers, 'content-length': String(Buffer.byteLength(body)) };
  const head = Object.entries(fields).map(([name, value]) => `${name}: ${value}\r\n`);
  return Buffer.from(`POST ${path} HTTP/1.1\r\n${head.join('')}\r\n${body}`);
}

/**
 * The status of the response `data` (bytes as latin1) holds once it holds all of it, else undefined. Node's
 * server gives a length, or chunks when the handler set no length before writing a body (the bot's
 * `writeHead(200, {content-type})` then `end(text)` does).
 */
function completeResponse(data: string): number | undefined {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const head = data.slice(0, headEnd);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]);
  const bodyAt = headEnd + 4;
  const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
  if (length !== undefined) return data.length - bodyAt >= Number(length) ? status : undefined;
  if (!/\r\ntransfer-encoding: *chunked/i.test(head)) throw new Error(`a response without its length: ${head}`);
  for (let at = bodyAt; ; ) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(data.slice(at, lineEnd), 16);
    // The last chunk, then trailers (none from Node unless asked) and an empty line.
    if (size === 0) return data.indexOf('\r\n\r\n', lineEnd) >= 0 ? status : undefined;
    at = lineEnd + 2 + size + 2;
  }
}

/**
 * Sends a request on `connection`, or on a new connection (added to `open`) that it leaves open for the caller to
 * close. Resolves once the whole response has arrived: its status, when the request began (the connection's
 * opening, for a new one) and the response arrived (performance.now()), and the connection.
 */
function exchange(port: number, bytes: Buffer, open: Socket[], connection?: Socket) {
  return new Promise<{ status: number; startedAt: number; ackedAt: number; socket: Socket }>((resolve, reject) => {
    const startedAt = performance.now();
    let socket = connection;
    if (!socket) {
      socket = connect(port, '127.0.0.1');
      open.push(socket);
      socket.setEncoding('latin1');
      // After its response a connection may close or fail (the server's 5 s keep-alive timeout in a long cycle
      // row): no harm once its exchange is over.
      socket.on('error', () => {});
    }
    const on = socket;
    let received = '';
    const settle = () => {
      on.off('data', read);
      on.off('error', fail);
      on.off('close', closed);
    };
    const read = (chunk: string) => {
      const at = performance.now();
      received += chunk;
      const status = completeResponse(received);
      if (status === undefined) return;
      settle();
      resolve({ status, startedAt, ackedAt: at, socket: on });
    };
    const fail = (error: Error) => {
      settle();
      reject(error);
    };
    const closed = () => fail(new Error(`connection closed after ${JSON.stringify(received)}`));
    on.on('data', read);
    on.on('error', fail);
    on.on('close', closed);
    on.write(bytes);
  });
}

/**
 * The load generator: every request at once, each on its own new connection, as many senders would, or on
 * `kept[i]` when given (connections kept alive between bursts, as a TLS proxy keeps its connections to the bot:
 * each request on a connection the previous burst opened and left open, which then stays open for the next);
 * each request's bytes built beforehand, so building them is not timed; every new connection kept open until the
 * last response has arrived, so closing them (in the server too) is not timed either. Raw sockets rather than
 * node:http's client, which spent twice this process's CPU (67–153 ms per burst of 200 against 37–69, load 8)
 * on the cores the server runs on, CPU real Slack or Discord traffic does not cost the bot's machine: a
 * do-nothing server answered 200 at p95 69–121 ms through it, 46–93 ms through raw sockets. Throws on any
 * status but 200, and when a kept connection was closed before its burst (the row would time a new one).
 */
async function burst(port: number, requests: Built[], what: string, kept?: Socket[]) {
  const open: Socket[] = [];
  const reused = kept?.filter((socket) => socket !== undefined) ?? [];
  const lost = reused.filter((socket) => socket.destroyed || socket.readyState !== 'open').length;
  if (lost > 0) throw new Error(`${what}: ${lost} kept-alive connections closed before the burst`);
  let keep = kept !== undefined;
  try {
    const exchanges = await Promise.all(requests.map(({ bytes }, i) => exchange(port, bytes, open, kept?.[i])));
    const refused = exchanges.find(({ status }) => status !== 200);
    if (refused) throw new Error(`${what}: answered ${refused.status}`);
    if (kept) for (const [i, { socket }] of exchanges.entries()) kept[i] = socket;
    return exchanges;
  } catch (error) {
    keep = false;
    throw error;
  } finally {
    if (!keep) for (const socket of open) socket.destroy();
  }
}

async function run({ quick }: BenchOptions): Promise<BenchTable> {
  const count = quick ? 50 : 200;
  const slack = await startFakeSlack();
  const discord = await startFakeDiscord();
  const keys = discordSigningKeys();
  const floor = await startChild(FLOOR_SCRIPT, {});
  // The bot runs with npm start's Node flags; CHAT_BENCH_NODE_ARGS adds more for its process only (`--cpu-prof`
  // is refused in NODE_OPTIONS).
  const bot = await startChild(
    BOT_SCRIPT,
    {
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: 'bench',
      DISCORD_MODE: 'http',
      DISCORD_APPLICATION_ID: APP,
      DISCORD_PUBLIC_KEY: keys.publicKeyHex,
      DISCORD_API_URL: discord.apiUrl,
      HTTP_PORT: '0',
    },
    [...nodeFlagsOf('start'), ...(process.env.CHAT_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
  );
  let sequence = 0;
  const slackAnswers = arrivals(slack.calls, (call) =>
    call.method === 'chat.postMessage' && !call.body.thread_ts ? String(call.body.channel) : undefined,
  );
  const discordAnswers = arrivals(discord.calls, (call) =>
    call.method === 'PATCH' ? call.route.split('/')[3] : undefined,
  );

  /** A signed `/tubepilot <text>` for `port` (the bot, or the floor, which has no answer to wait for). */
  function slackCommand(port: number, text: string): Built {
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
    return {
      bytes: postBytes(port, '/slack/events', slackSignature(SECRET, body), body),
      ...(port === bot.port ? { answered: () => slackAnswers.arrival(channel) } : {}),
    };
  }

  function discordCommand(name: string): Built {
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
    const headers = {
      'content-type': 'application/json',
      'x-signature-ed25519': keys.sign(timestamp, body),
      'x-signature-timestamp': timestamp,
    };
    return {
      bytes: postBytes(bot.port, '/discord/interactions', headers, body),
      answered: () => discordAnswers.arrival(`token-${id}`),
    };
  }

  const rows: string[][] = [];
  const cycleNotes: string[] = [];
  const cell = (values: number[], p: number) => (quantile(values, p) as number).toFixed(0);
  type Target = typeof bot;
  /**
   * `count` commands at once, optionally while a daily cycle runs in the bot. Before it, 10 commands one at a
   * time (JIT, database caches), then — unless `cold` — one untimed burst of the same size, whose connections
   * are closed and whose work is done before the timed one: a bot in production has served many bursts, and
   * the first burst after start (JIT of the accept, read and ack paths) was the slowest row every time (Slack
   * /help p95 184–211 ms, 118–132 after one untimed burst, load 1; the main thread's CPU to the last ack
   * 94–239 against 65–119 ms, load 7–13). With `warmCycle` (the process's first cycle row), that untimed
   * burst runs during an untimed cycle, whose ack figures go in a note: with it the Slack cycle row's p95 was
   * 143–638 ms (median 288, 4 runs, load 7–13) and its main thread's CPU to the last ack 79–122 (median 83),
   * without it 310–762 (513) and 82–124 (102), 7 runs, alternated over the same 40 minutes: the cycle's first run
   * paid one-time costs (JIT, first query plans), as the first burst does — though not in two runs at load 3
   * (first cycle p95 93 and 110 ms, the rehearsed row 121 and 146), hence the note.
   */
  const measure = async (
    label: string,
    target: Target,
    send: () => Built,
    { cycle = false, cold = false, warmCycle = false, keptAlive = false } = {},
  ) => {
    // CHAT_BENCH_ROWS: a pattern; only the rows whose label it matches run (to profile one).
    if (!new RegExp(process.env.CHAT_BENCH_ROWS ?? '').test(label)) return;
    for (let i = 0; i < 10; i++) await burst(target.port, [send()], label);
    // With `keptAlive`, the untimed burst opens the connections the timed one reuses.
    const kept: Socket[] | undefined = keptAlive && !cold ? [] : undefined;
    if (!cold) {
      const requests = Array.from({ length: count }, send);
      const warming = warmCycle ? await target.startCycle() : undefined;
      const untimed = await burst(target.port, requests, `${label} (untimed)`, kept);
      await warming?.done;
      if (warming) {
        const acks = untimed.map(({ startedAt, ackedAt }) => ackedAt - startedAt);
        cycleNotes.push(
          `${label}: in the untimed cycle before it (the process’s first), ack p50 ${cell(acks, 0.5)}, p95 ${cell(acks, 0.95)} ms.`,
        );
      }
    }
    // Built before the cycle starts and before the burst: signing is the platforms' work, not the bot's.
    const requests = Array.from({ length: count }, send);
    const cpuBefore = await target.cpuMs();
    const running = cycle ? await target.startCycle() : undefined;
    // CHAT_BENCH_BURST_DELAY_MS: the burst lands that long into the cycle (where it lands decides which part
    // of the cycle it meets); at once by default.
    if (running) await sleep(Number(process.env.CHAT_BENCH_BURST_DELAY_MS ?? 0));
    await target.countAcks(count);
    const generatorFrom = process.cpuUsage();
    const started = performance.now();
    const exchanges = await burst(target.port, requests, label, kept);
    for (const socket of kept ?? []) socket.destroy();
    const generator = process.cpuUsage(generatorFrom);
    const answers = await Promise.all(
      requests.map(({ answered }, i) => answered?.().then((at) => at - (exchanges[i]?.startedAt ?? 0))),
    );
    const wall = performance.now() - started;
    const cycleDone = running && (await running.done);
    const ackCpu = await target.ackCpuMs();
    const cpuPerCommand = ((await target.cpuMs()) - cpuBefore) / count;
    const acks = exchanges.map(({ startedAt, ackedAt }) => ackedAt - startedAt);
    if (cycleDone) {
      const { seconds, sent } = cycleDone;
      const lastAck = (Math.max(...exchanges.map(({ ackedAt }) => ackedAt)) - started) / 1000;
      cycleNotes.push(
        `${label}: the cycle (${CYCLE_CHANNELS} channels, ${sent} digests with charts posted) ran ${seconds.toFixed(1)} s from just before the burst; the last ack came ${lastAck.toFixed(1)} s after the burst began.`,
      );
    }
    const answered = answers.filter((ms) => ms !== undefined);
    rows.push([
      label,
      String(count),
      cell(acks, 0.5),
      cell(acks, 0.95),
      answered.length > 0 ? cell(answered, 0.5) : '–',
      answered.length > 0 ? cell(answered, 0.95) : '–',
      (wall / 1000).toFixed(1),
      cpuPerCommand.toFixed(1),
      ackCpu.process.toFixed(0),
      ackCpu.thread === undefined ? '–' : ackCpu.thread.toFixed(0),
      ((generator.user + generator.system) / 1000).toFixed(0),
    ]);
  };
  const slackHelp = () => slackCommand(bot.port, 'help');
  const slackStats = () => slackCommand(bot.port, 'stats');
  try {
    // First, so this process's own code is warm before the bot's first burst.
    await measure('node:http server doing nothing (floor)', floor, () => slackCommand(floor.port, 'help'));
    await measure('Slack /tubepilot help, first burst after start', bot, slackHelp, { cold: true });
    await measure('Slack /tubepilot help', bot, slackHelp);
    await measure('Slack /tubepilot stats', bot, slackStats);
    await measure('Slack stats, daily cycle running', bot, slackStats, { cycle: true, warmCycle: true });
    await measure('Discord /help (HTTP)', bot, () => discordCommand('help'));
    await measure('Discord /stats (HTTP)', bot, () => discordCommand('stats'));
    await measure('Discord /stats, daily cycle running', bot, () => discordCommand('stats'), { cycle: true });
    // As behind a TLS proxy that keeps its connections to the bot alive (Slack and Discord call HTTPS only).
    const keptAlive = { keptAlive: true };
    await measure('floor, kept-alive connections', floor, () => slackCommand(floor.port, 'help'), keptAlive);
    await measure('Slack /tubepilot help, kept-alive', bot, slackHelp, keptAlive);
    await measure('Slack /tubepilot stats, kept-alive', bot, slackStats, keptAlive);
    await measure('Slack stats, cycle running, kept-alive', bot, slackStats, { cycle: true, keptAlive: true });
    await measure('Discord /stats (HTTP), kept-alive', bot, () => discordCommand('stats'), keptAlive);
    await measure('Discord /stats, cycle running, kept-alive', bot, () => discordCommand('stats'), {
      cycle: true,
      keptAlive: true,
    });
  } finally {
    slackAnswers.stop();
    discordAnswers.stop();
    await Promise.all([bot.stop(), floor.stop()]);
    await Promise.all([slack.close(), discord.close()]);
  }
  return {
    title: `Chat latency: ${count} concurrent commands, signed request → ack and → final answer at the fake API (ms)`,
    columns: [
      'command',
      'n',
      'ack p50',
      'ack p95',
      'answer p50',
      'answer p95',
      'all done (s)',
      'bot CPU/cmd',
      'CPU to last ack',
      'thread CPU to last ack',
      'generator CPU to last ack',
    ],
    rows,
    notes: [
      'Bot and its embedded PGlite database (on disk, in a temporary folder, as by default) in one child process (load generator and fake APIs in another); demo channel.',
      'Requests are acknowledged once verified and recorded (on Slack before Bolt runs); commands and cycle steps then run one at a time, each after the arriving requests are acknowledged, waiting commands before the cycle.',
      'Load generator: raw sockets, one new connection per request, all opened at once, each request’s bytes built before the burst, every connection closed only once the last ack has arrived. ack: from opening the connection to the whole response; answer: from the same moment to the answer’s arrival at the fake API. node:http’s client took twice the CPU on the cores the bot runs on. generator CPU to last ack: this process’s CPU (ms: the generator, and the fake APIs taking answers meanwhile) from the first connection opened to the last ack arrived.',
      'Before each row: 10 commands one at a time, then one untimed burst of the same size (a bot in production has served many); the "first burst after start" row has no untimed burst, to show the cold figure. Before the Slack cycle row, that untimed burst runs during an untimed cycle, the process’s first (its figures in a note below).',
      'kept-alive rows: each request on a connection the untimed burst before it opened and left open, as a TLS proxy in front of the bot keeps its connections (Slack and Discord call HTTPS only); ack: from writing the request to the whole response. The bot keeps idle connections 130 s, the floor likewise.',
      'node:http server doing nothing (floor): a child process whose server reads each request’s body and answers 200, hit by the same generator with Slack /help requests: what a burst of new connections costs this machine before the bot does any work. Its CPU columns are its own.',
      'bot CPU/cmd: the bot process’s CPU time (ms) from just before the burst until every answer arrived and the bot had no work left (discussion threads opened, the burst’s connections closed; with the cycle, its CPU included), ÷ commands — less sensitive to machine load than the times.',
      'CPU to last ack: the bot process’s CPU time (ms, all its threads: Discord signatures are checked on a worker thread) from just before the burst until its last acknowledgement went out (what ran meanwhile included: the cycle, answers already under way). On a quiet machine the last ack comes about this long after the burst starts; on a loaded one, later.',
      'thread CPU to last ack: the same for the bot’s main thread alone, which accepts, reads and acknowledges every request (Linux only).',
      ...cycleNotes,
    ],
  };
}

export const chatLatency: Benchmark = { name: 'chat-latency', run };
