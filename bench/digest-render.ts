// Digest speed: building and rendering one channel's digest (figures, ledgers, four charts rendered locally)
// on the embedded database, then whole cycles of the daily job over many channels with recording posters
// (no network). Seeding the channels is not timed.

import { performance } from 'node:perf_hooks';
import { localChartRenderer } from '../src/core/charts/local-chart-renderer.js';
import type { ChatPlatform, ChatPoster } from '../src/core/chat/chat-poster.js';
import { type Database, openDatabase } from '../src/core/db/database.js';
import { ensureDemoChannel } from '../src/core/demo/seed-demo.js';
import { buildDigest } from '../src/core/digest/build-digest.js';
import { createLogger } from '../src/core/logger.js';
import { median } from '../src/core/stats/summary-statistics.js';
import { runDailyCycle } from '../src/jobs/daily-cycle.js';
import { type BindingSchedule, dueDigests, splitUnitBudget } from '../src/jobs/digest-plan.js';
import type { Benchmark, BenchOptions, BenchTable } from './benchmark.js';

const END_DATE = new Date('2026-11-23T00:00:00Z');
/** 09:00 in UTC rooms, one minute after it. */
const CYCLE_AT = new Date('2026-11-23T09:01:00Z');

function countingPoster(platform: ChatPlatform): ChatPoster & { posts: number } {
  const poster = {
    platform,
    posts: 0,
    async postToRoom() {
      poster.posts++;
      return { messageRef: `m${poster.posts}` };
    },
    async findPosted() {
      return undefined;
    },
    async openThread() {
      return 't';
    },
    threadKey: (_roomId: string, threadRef: string) => threadRef,
  };
  return poster;
}

async function seedChannels(database: Database, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let index = 0; index < count; index++) {
    const team = await database.prisma.team.create({
      data: { platform: 'discord', externalId: `bench-${index}`, name: `Bench ${index}` },
    });
    const { channelId } = await ensureDemoChannel(database.prisma, team.id, { seed: index, endDate: END_DATE });
    await database.prisma.roomBinding.create({
      data: { teamId: team.id, channelId, platform: 'discord', roomId: `room-${index}`, digestTime: '09:00' },
    });
    ids.push(channelId);
  }
  return ids;
}

const TIMEZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney'];

/** The pure planning step alone (which rooms are due, the unit split) for many rooms: what every tick costs. */
function planningRow(count: number): string[] {
  const bindings: BindingSchedule[] = Array.from({ length: count }, (_, id) => ({
    id,
    channelId: id,
    digestTime: `${String(id % 24).padStart(2, '0')}:${String((id * 7) % 60).padStart(2, '0')}`,
    timezone: TIMEZONES[id % TIMEZONES.length] as string,
  }));
  const policy = { catchupHours: 6, leaseMinutes: 30, maxAttempts: 3 };
  dueDigests(bindings, [], CYCLE_AT, policy);
  const start = performance.now();
  const { due } = dueDigests(bindings, [], CYCLE_AT, policy);
  const budgets = splitUnitBudget(10_000, 0, [...new Set(due.map((digest) => digest.channelId))]);
  const ms = performance.now() - start;
  return [
    'planning one tick',
    String(count),
    `${due.length} due, ${budgets.size} budgets`,
    `${ms.toFixed(1)} ms`,
    `${((ms * 1000) / count).toFixed(1)} µs per room`,
    rssMiB().toFixed(0),
  ];
}

const rssMiB = () => process.memoryUsage().rss / 1_048_576;

async function run({ quick }: BenchOptions): Promise<BenchTable> {
  const renderer = localChartRenderer();
  const rows: string[][] = [];
  const sizes = quick ? [1, 5] : [1, 20];
  for (const channels of sizes) {
    const database = await openDatabase({ databaseUrl: 'memory://', dataDir: 'unused' });
    try {
      const ids = await seedChannels(database, channels);
      if (channels === 1) {
        const times: number[] = [];
        let images = 0;
        for (let runIndex = 0; runIndex < (quick ? 3 : 8); runIndex++) {
          const start = performance.now();
          const reply = await buildDigest(database.prisma, { channelId: ids[0] as number, now: CYCLE_AT, renderer });
          times.push(performance.now() - start);
          images = reply.images?.length ?? 0;
        }
        rows.push([
          'digest, demo channel',
          '1',
          `${images} charts`,
          `${(median(times.slice(1)) as number).toFixed(0)} ms median`,
          `${times[0]?.toFixed(0)} ms first`,
          rssMiB().toFixed(0),
        ]);
      }
      const poster = countingPoster('discord');
      const start = performance.now();
      const report = await runDailyCycle(
        {
          db: database.prisma,
          log: createLogger('silent'),
          renderer,
          posters: { discord: poster },
          dailyUnitBudget: 10_000,
          dailyTokenBudget: 30_000,
          policy: { catchupHours: 6, leaseMinutes: 30, maxAttempts: 3 },
        },
        CYCLE_AT,
      );
      const seconds = (performance.now() - start) / 1000;
      const sent = report.channels.flatMap((channel) => channel.rooms).filter((room) => room.outcome === 'sent');
      rows.push([
        'daily cycle',
        String(channels),
        `${sent.length} digests posted`,
        `${seconds.toFixed(2)} s total`,
        `${((seconds * 1000) / channels).toFixed(0)} ms per channel`,
        rssMiB().toFixed(0),
      ]);
    } finally {
      await database.close();
    }
  }
  for (const count of quick ? [1000] : [1000, 10_000]) rows.push(planningRow(count));
  return {
    title: 'Digest build and render (demo channels, ~140 videos each; 4 charts rendered locally; embedded database)',
    columns: ['workload', 'channels', 'output', 'time', 'detail', 'RSS MiB'],
    rows,
    notes: [
      'The cycle runs without refresh/strategy steps (they come from the YouTube and AI capabilities); each channel',
      'is analysed, its digest built with four charts, claimed and posted to one recording room. "first" includes',
      'loading Chart.js and the font.',
    ],
  };
}

export const digestRender: Benchmark = { name: 'digest-render', run };
