// The bot under load for chat-latency.ts, in its own process so the load generator and the fake platform
// APIs do not share its event loop. Takes the environment as a JSON argument, prints `{"port":N}` once it
// listens, and stops when its standard input closes. A `cycle` line on standard input binds the cycle
// channels to new rooms, due a minute ago, and runs the daily cycle as its ticker would: it prints
// `{"cycleStarted":true}` at once and `{"cycleDone":{…}}` when the cycle has posted every digest. A `cpu`
// line prints `{"cpuMs":N}`, the process's CPU time (user + system) once the bot's queue has no work left, and
// after an `acks N` line (answered `{"acking":true}`) `ackCpuMs`, its CPU until N more responses went out, and
// `ackThreadCpuMs`, that of its main thread alone. With CHAT_BENCH_TRACE=<folder>, each cycle also writes
// `cycle-N.json` there: a CPU profile of the main thread from the cycle's start to its end, and when the burst
// began and each response went out, on the profile's clock (bench/cycle-trace.ts reads it); a burst without a
// cycle writes `burst-N.json`, the same from its `acks` line to the next `cpu` line (its work all done).

import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { startBotCycle, startChatBot } from '../src/bot/chat-bot.js';
import { createChatPosters } from '../src/bot/chat-posters.js';
import { ensureChatTeam } from '../src/core/channels/teams.js';
import { loadConfig } from '../src/core/config.js';
import type { Db } from '../src/core/db/database.js';
import { openDatabase } from '../src/core/db/database.js';
import { ensureDemoChannel } from '../src/core/demo/seed-demo.js';
import { createLogger } from '../src/core/logger.js';
import type { CycleReport } from '../src/jobs/daily-cycle.js';
import { ackCounter } from './chat-floor-child.js';
import { BENCH_TEAMS, CYCLE_CHANNELS } from './chat-latency.js';

const print = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);

/** Microseconds on the monotonic clock V8's CPU profiles are stamped with. */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** CPU ms of this process's threads by name (the main thread as "main"; others summed by name), ms. */
function threadCpuMs(): Record<string, number> {
  const byName: Record<string, number> = {};
  for (const task of readdirSync('/proc/self/task')) {
    try {
      const comm = readFileSync(`/proc/self/task/${task}/comm`, 'utf8').trim();
      const name = Number(task) === process.pid ? 'main' : comm;
      const ns = Number(readFileSync(`/proc/self/task/${task}/schedstat`, 'utf8').split(' ')[0]);
      byName[name] = (byName[name] ?? 0) + ns / 1e6;
    } catch {
      // a thread that ended meanwhile
    }
  }
  return byName;
}

/**
 * The main thread's CPU profile and marks (CHAT_BENCH_TRACE): started at a `cycle` line and saved at its end,
 * or, for a burst without a cycle, started at its `acks` line and saved at the next `cpu` line.
 */
function cycleTracer(folder: string | undefined) {
  if (!folder) return undefined;
  const session = new Session();
  session.connect();
  let marks: {
    /** When the trace began: the cycle's start, or the burst's. */
    startUs?: number;
    burstUs?: number;
    responsesUs: number[];
    threadsAtBurst?: Record<string, number>;
    /** [from, to] of each turn of the loop over 20 ms: a 1 ms timer fired that much late. */
    longTurnsUs: [number, number][];
  } = { responsesUs: [], longTurnsUs: [] };
  let ticker: NodeJS.Timeout | undefined;
  let tracing = false;
  return {
    get tracing() {
      return tracing;
    },
    async start() {
      tracing = true;
      marks = { responsesUs: [], longTurnsUs: [] };
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 250 });
      await session.post('Profiler.start');
      // After the profiler has started (which holds the loop itself).
      let last = nowUs();
      marks.startUs = last;
      ticker = setInterval(() => {
        const now = nowUs();
        if (now - last > 20_000) marks.longTurnsUs.push([last, now]);
        last = now;
      }, 1);
    },
    burst() {
      marks.burstUs = nowUs();
      marks.threadsAtBurst = threadCpuMs();
    },
    response() {
      if (marks.burstUs !== undefined) marks.responsesUs.push(nowUs());
    },
    async stop(name: string) {
      tracing = false;
      clearInterval(ticker);
      const { profile } = await session.post('Profiler.stop');
      await writeFile(join(folder, `${name}.json`), JSON.stringify({ ...marks, threadsAtEnd: threadCpuMs(), profile }));
    },
  };
}

/** Demo channels (each its own team) whose digests the cycle posts: half to Slack rooms, half to Discord. */
async function seedCycleChannels(db: Db, endDate: Date) {
  const channels: { teamId: number; channelId: number; platform: 'slack' | 'discord' }[] = [];
  for (let index = 0; index < CYCLE_CHANNELS; index++) {
    const platform = index % 2 === 0 ? 'slack' : 'discord';
    const team = await ensureChatTeam(db, platform, `CYCLE${index}`, `cycle ${index}`);
    const { channelId } = await ensureDemoChannel(db, team.id, { seed: 100 + index, endDate });
    channels.push({ teamId: team.id, channelId, platform });
  }
  return channels;
}

async function main(): Promise<void> {
  const env = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
  const dataDir = await mkdtemp(join(tmpdir(), 'tubepilot-bench-'));
  // On disk, as the bot's default store: in memory (memory://) PGlite grows a file by copying it whole, and
  // starting a WAL segment (16 MB) held the bot's thread 300–380 ms, a stall a bot on disk does not have.
  const database = await openDatabase({ dataDir });
  const db = database.prisma;
  const endDate = new Date();
  for (const [platform, id] of Object.entries(BENCH_TEAMS) as ['slack' | 'discord', string][]) {
    const team = await ensureChatTeam(db, platform, id, 'bench');
    await ensureDemoChannel(db, team.id, { seed: 42, endDate });
  }
  const cycleChannels = await seedCycleChannels(db, endDate);
  const config = loadConfig(env);
  const deps = { db, config, log: createLogger('silent'), now: () => new Date() };
  const bot = await startChatBot(deps, { host: '127.0.0.1' });
  // Only the `cycle` line runs it: a ticker firing between rows would claim the digests early.
  let report: CycleReport | undefined;
  const cycle = startBotCycle(deps, bot, createChatPosters(config), {
    expression: '0 0 1 1 *',
    onReport: (done) => {
      report = done;
    },
  });
  print({ port: bot.http?.port });

  const tracer = cycleTracer(process.env.CHAT_BENCH_TRACE);
  // `acks N`: the CPU the bot spends from now until N more responses have gone out (printed with the next
  // `cpu` reading), counted as the floor server counts its own.
  if (!bot.http) throw new Error('the bot serves no HTTP: HTTP_PORT unset');
  const acks = ackCounter(bot.http.server, () => tracer?.response());

  let cycles = 0;
  let bursts = 0;
  /** Whether this burst's trace is its own (no cycle's trace running): saved at the next `cpu` line. */
  let burstTraced = false;
  const commands = createInterface({ input: process.stdin });
  commands.on('line', async (line) => {
    if (line.startsWith('acks ')) {
      burstTraced = tracer !== undefined && !tracer.tracing;
      if (burstTraced) await tracer?.start();
      acks.start(Number(line.slice(5)));
      tracer?.burst();
      print({ acking: true });
      return;
    }
    if (line === 'cpu') {
      await bot.queue.settled();
      if (burstTraced) await tracer?.stop(`burst-${++bursts}`);
      burstTraced = false;
      print(acks.reading());
      return;
    }
    if (line !== 'cycle') return;
    cycles++;
    const digestTime = new Date(Date.now() - 60_000).toISOString().slice(11, 16);
    for (const { teamId, channelId, platform } of cycleChannels) {
      await db.roomBinding.create({
        data: { teamId, channelId, platform, roomId: `CYCLE-${cycles}-${channelId}`, digestTime, timezone: 'UTC' },
      });
    }
    await tracer?.start();
    const started = performance.now();
    print({ cycleStarted: true });
    await cycle.execute();
    await tracer?.stop(`cycle-${cycles}`);
    const rooms = report?.channels.flatMap((channel) => channel.rooms) ?? [];
    print({
      cycleDone: {
        seconds: (performance.now() - started) / 1000,
        sent: rooms.filter((room) => room.outcome === 'sent').length,
      },
    });
  });
  await new Promise((resolve) => commands.once('close', resolve));
  await cycle.destroy();
  await bot.stop();
  await database.close();
  await rm(dataDir, { recursive: true, force: true });
}

await main();
