// Channel reads: `/stats` end to end (command → database read → analysis → reply) on a stored 10,000-video
// channel, on PGlite and on PostgreSQL — the first answer after a write (the written video re-read, the analysis
// run again) and the next ones (the cache checks the channel's data version: one query) — and `/trends` for a
// channel in a team of 1, 10 and 100 channels, whose team-wide section pools every channel of the team, also
// after a restart. Storing the data is not timed.
// Each figure is written to stderr as it is measured, so a run stopped part-way still leaves what it measured.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CommandContext } from '../src/bot/commands/command.js';
import { executeCommand } from '../src/bot/commands/execute-command.js';
import { commandsFor } from '../src/bot/commands/registry.js';
import { channelCacheOf } from '../src/core/analytics/load-channel-data.js';
import { loadConfig } from '../src/core/config.js';
import { type Database, type Db, openDatabase } from '../src/core/db/database.js';
import { type DemoChannel, generateDemoChannel } from '../src/core/demo/demo-channel.js';
import { createLogger } from '../src/core/logger.js';
import { median as medianOrNull } from '../src/core/stats/summary-statistics.js';
import { saveVideos } from '../src/core/videos/video-store.js';
import { keepPooledSharesReady } from '../src/jobs/pooled-shares.js';
import type { Benchmark, BenchOptions, BenchTable } from './benchmark.js';
import { postgresBenchUrl } from './postgres-bench.js';

const END_DATE = new Date('2026-11-23T00:00:00Z');
const NOW = new Date('2026-11-24T09:00:00Z');
const median = (values: number[]) => medianOrNull(values) as number;
const GOALS = { cachedMs: 50, uncachedMs: 1_000, teamRatio: 1.3 };

let teams = 0;

async function team(db: Db): Promise<CommandContext> {
  const created = await db.team.create({
    data: { platform: 'console', externalId: `bench-reads-${process.pid}-${++teams}`, name: 'bench' },
    select: { id: true, name: true },
  });
  return {
    db,
    team: created,
    config: loadConfig({}),
    log: createLogger('silent'),
    surface: 'console',
    now: () => NOW,
    commands: commandsFor('console'),
  };
}

/** Demo channels by seed and size: the teams of 1, 10 and 100 share their first channels' seeds. */
const demos = new Map<string, DemoChannel>();

function demoChannel(seed: number, videoCount?: number): DemoChannel {
  const key = `${seed} ${videoCount}`;
  let demo = demos.get(key);
  if (demo === undefined) {
    demo = generateDemoChannel({ seed, endDate: END_DATE, ...(videoCount ? { videoCount } : {}) });
    demos.set(key, demo);
  }
  return demo;
}

function progress(message: string): void {
  console.error(`channel-reads: ${message}`);
}

async function storeChannel(ctx: CommandContext, name: string, seed: number, videoCount?: number): Promise<number> {
  const demo = demoChannel(seed, videoCount);
  const channel = await ctx.db.channel.create({
    data: { teamId: ctx.team.id, name, title: demo.title, timezone: demo.timezone, source: 'demo' },
  });
  await saveVideos(ctx.db, channel.id, demo.videos, END_DATE);
  return channel.id;
}

/** Wall and CPU milliseconds of one command; the CPU is this process's (all of PGlite's, none of a server's). */
interface Timing {
  ms: number;
  cpuMs: number;
}

const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function timed(run: () => Promise<unknown>): Promise<Timing> {
  const start = performance.now();
  const cpuStart = cpuNow();
  const reply = (await run()) as { kind: string; summary?: string };
  if (reply.kind === 'error') throw new Error(`command failed: ${reply.summary}`);
  return { ms: performance.now() - start, cpuMs: cpuNow() - cpuStart };
}

/** A table row of the medians of `timings`, written to stderr as soon as it is measured. */
function row(label: string, database: string, timings: Timing[], digits: number, goal: string): string[] {
  const cells = [
    label,
    database,
    median(timings.map((timing) => timing.ms)).toFixed(digits),
    median(timings.map((timing) => timing.cpuMs)).toFixed(digits),
    goal,
  ];
  progress(cells.join('  '));
  return cells;
}

/** A write that changes nothing a reader sees but bumps the channel's data version, as any write does. */
async function touch(db: Db, channelId: number): Promise<void> {
  const video = await db.video.findFirstOrThrow({ where: { channelId }, select: { id: true } });
  await db.video.update({ where: { id: video.id }, data: { topic: null } });
}

/**
 * `/stats` on the stored channel, first after a write (the written video patched in), cached, and — where
 * `reopen` gives a fresh handle on the same database, as a new process would have — with nothing in memory.
 */
async function statsRows(
  database: Database,
  label: string,
  videoCount: number,
  runs: number,
  reopen?: () => Promise<Database>,
): Promise<string[][]> {
  const ctx = await team(database.prisma);
  const channelId = await storeChannel(ctx, 'big', 7, videoCount);
  const stats = () => executeCommand(ctx, 'stats', { words: ['big'] });
  progress(`/stats on ${label}: warm-up and ${runs} runs…`);
  await timed(stats); // warm-up: JIT
  const first: Timing[] = [];
  const cached: Timing[] = [];
  for (let run = 0; run < runs; run++) {
    await touch(ctx.db, channelId);
    first.push(await timed(stats));
    for (let again = 0; again < 5; again++) cached.push(await timed(stats));
  }
  const { bytes } = channelCacheOf(ctx.db).stats();
  const cold: Timing[] = [];
  for (let run = 0; reopen !== undefined && run < runs; run++) {
    const fresh = await reopen();
    try {
      cold.push(await timed(() => executeCommand({ ...ctx, db: fresh.prisma }, 'stats', { words: ['big'] })));
    } finally {
      await fresh.close();
    }
  }
  return [
    row(`/stats ${videoCount} videos, first after a write`, label, first, 0, `≤ ${GOALS.uncachedMs}`),
    row(`/stats ${videoCount} videos, cached`, label, cached, 1, `≤ ${GOALS.cachedMs}`),
    ...(cold.length > 0
      ? [row(`/stats ${videoCount} videos, nothing in memory`, label, cold, 0, `≤ ${GOALS.uncachedMs}`)]
      : []),
    [`  cache size (approx.)`, label, `${(bytes / 1_048_576).toFixed(0)} MiB`, '', ''],
  ];
}

const trendsIn = (ctx: CommandContext) => () => executeCommand(ctx, 'trends', { words: ['c0'] });

async function trendsRows(
  dataDir: string,
  sizes: number[],
  runs: number,
): Promise<{ rows: string[][]; ratio: string }> {
  const rows: string[][] = [];
  const repeated = new Map<number, Timing[]>();
  let database = await openDatabase({ dataDir });
  try {
    const contexts = new Map<number, CommandContext>();
    for (const size of sizes) {
      const ctx = await team(database.prisma);
      for (let index = 0; index < size; index++) {
        await storeChannel(ctx, `c${index}`, 200 + index);
        if ((index + 1) % 10 === 0) progress(`team of ${size}: ${index + 1} channels stored`);
      }
      rows.push(row(`/trends, team of ${size}, first`, 'PGlite', [await timed(trendsIn(ctx))], 0, ''));
      contexts.set(size, ctx);
      repeated.set(size, []);
    }
    // The next answers of a few ms each, the teams taken in turn: each round meets the machine in the same state
    // (collector, JIT, load) for every size, so their ratio is the team's cost and not the minute's.
    for (let round = 0; round < runs; round++) {
      for (const size of sizes) repeated.get(size)?.push(await timed(trendsIn(contexts.get(size) as CommandContext)));
    }
    for (const size of sizes) {
      const again = repeated.get(size) as Timing[];
      rows.push(
        row(`/trends, team of ${size}, again`, 'PGlite', again, 1, size > 1 ? `≤ ${GOALS.teamRatio}× team of 1` : ''),
      );
    }
    const largest = contexts.get(Math.max(...sizes)) as CommandContext;
    // A restart: nothing in memory, the other channels' pooled shares read from the database (one query).
    await database.close();
    database = await openDatabase({ dataDir });
    const restarted = { ...largest, db: database.prisma };
    const first = await timed(trendsIn(restarted));
    rows.push(row(`/trends, team of ${Math.max(...sizes)}, first after a restart`, 'PGlite', [first], 0, ''));
    // A brand-new team as large, whose shares one pass of the cycle's ticker stored before its first /trends.
    const fresh = await team(database.prisma);
    const size = Math.max(...sizes);
    for (let index = 0; index < size; index++) await storeChannel(fresh, `c${index}`, 500 + index);
    progress(`new team of ${size}: channels stored, ticker pass…`);
    await keepPooledSharesReady({ db: database.prisma, log: fresh.log });
    const afterTicker = await timed(trendsIn(fresh));
    rows.push(row(`/trends, new team of ${size}, first after a ticker pass`, 'PGlite', [afterTicker], 0, ''));
  } finally {
    await database.close();
  }
  const largest = Math.max(...sizes);
  const ratioOf = (of: (timing: Timing) => number) =>
    (median((repeated.get(largest) as Timing[]).map(of)) / median((repeated.get(1) as Timing[]).map(of))).toFixed(2);
  const ratio = `team of ${largest} ÷ team of 1 (again): ${ratioOf((timing) => timing.ms)}× wall, ${ratioOf((timing) => timing.cpuMs)}× CPU (goal ≤ ${GOALS.teamRatio}×)`;
  progress(ratio);
  return { rows, ratio };
}

async function run({ quick }: BenchOptions): Promise<BenchTable> {
  const videoCount = quick ? 1_000 : 10_000;
  const runs = quick ? 2 : 5;
  const rows: string[][] = [];
  const notes: string[] = [];
  const pglite = await openDatabase({ databaseUrl: 'memory://', dataDir: 'unused' });
  try {
    progress(`storing a ${videoCount}-video channel in PGlite…`);
    rows.push(...(await statsRows(pglite, 'PGlite', videoCount, runs)));
  } finally {
    await pglite.close();
  }
  const url = await postgresBenchUrl();
  if (url === null) rows.push([`/stats ${videoCount} videos`, 'PostgreSQL', 'skipped: no server']);
  else {
    const postgres = await openDatabase({ databaseUrl: url.url, dataDir: 'unused' });
    try {
      progress(`storing a ${videoCount}-video channel in PostgreSQL…`);
      rows.push(
        ...(await statsRows(postgres, 'PostgreSQL', videoCount, runs, () =>
          openDatabase({ databaseUrl: url.url, dataDir: 'unused' }),
        )),
      );
    } finally {
      await postgres.close();
      await url.drop();
    }
  }
  // The teams get a PGlite of their own: next to the 10,000-video channel, storing them stalled after 70 channels
  // of the team of 100 (PGlite busy-waiting inside PostgreSQL; docs/benchmarks.md). On disk, so it can restart.
  const teams = await mkdtemp(join(tmpdir(), 'tubepilot-bench-teams-'));
  try {
    progress('/trends in teams of growing size…');
    // Answers of a few ms: 25 rounds, so that no single pause decides a median.
    const trends = await trendsRows(teams, quick ? [1, 10] : [1, 10, 100], quick ? runs : 25);
    rows.push(...trends.rows);
    notes.push(trends.ratio);
  } finally {
    await rm(teams, { recursive: true, force: true });
  }
  return {
    title: '/stats and /trends end to end, database read included (ms, median)',
    columns: ['case', 'database', 'ms', 'CPU ms', 'goal'],
    rows,
    notes: [
      'CPU ms: this process only — all of PGlite’s work, none of the PostgreSQL server’s; the figure to compare on a loaded machine.',
      `"First after a write": a write to one video bumped the channel's data version, so that video is read again, patched into the cached channel, and the analysis runs again; "cached": the next ${5} answers, each checking the version (one query); "nothing in memory": a fresh database handle, as a new process has: the whole channel is read.`,
      '/trends channels: demo channels of 140 videos; "again": the next answers, the teams taken in turn (25 rounds), the team-wide section pooled once per team state (every other channel’s data version, timezone and name, checked as one digest the database computes); "first after a restart": the database reopened, the other channels’ pooled shares read back from it (stored per data version); "new team … after a ticker pass": a second team as large, stored, then one pass of the cycle’s pooled-shares ticker (keepPooledSharesReady, untimed) before its first /trends.',
      ...notes,
    ],
  };
}

export const channelReads: Benchmark = { name: 'channel-reads', run };
