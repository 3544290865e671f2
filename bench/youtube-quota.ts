// YouTube quota use: Data API units TubePilot spends to read a whole channel, next to the least any client
// can spend and to a naive client; then a simulated fortnight of age-based refreshes of a 200-video channel,
// to see how many such channels one day's 10,000 units keeps fresh. Runs the real refresh, the real Google
// clients and an in-memory database against the fake YouTube from tests/fakes.

import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/core/config.js';
import { openDatabase } from '../src/core/db/database.js';
import { createLogger } from '../src/core/logger.js';
import { DATA_API_BATCH_SIZE, minimumFullRefreshUnits } from '../src/core/youtube/quota-costs.js';
import { refreshChannel } from '../src/core/youtube/refresh-channel.js';
import { encryptToken, parseEncryptionKey } from '../src/core/youtube/token-crypto.js';
import { FakeYouTube } from '../tests/fakes/fake-youtube.js';
import type { Benchmark, BenchOptions, BenchTable } from './benchmark.js';

const START = new Date('2026-11-23T12:00:00Z');
const HOUR_MS = 3_600_000;
const DAILY_UNITS = 10_000;
const RUNS_PER_DAY = 4;

interface Rig {
  fake: FakeYouTube;
  refresh(at: Date): ReturnType<typeof refreshChannel>;
  close(): Promise<void>;
}

async function rig(videoCount: number): Promise<Rig> {
  const fake = await FakeYouTube.start({ videoCount, endDate: new Date('2026-11-23T00:00:00Z') });
  const database = await openDatabase({ databaseUrl: 'memory://', dataDir: 'unused' });
  const key = randomBytes(32).toString('base64');
  const config = loadConfig({ ...fake.env(), TOKEN_ENCRYPTION_KEY: key, YOUTUBE_DAILY_QUOTA: '1000000' });
  const team = await database.prisma.team.create({ data: { platform: 'console', externalId: 'bench', name: 'bench' } });
  const channel = await database.prisma.channel.create({
    data: {
      teamId: team.id,
      name: 'bench',
      title: fake.channel.title,
      youtubeId: fake.channel.id,
      source: 'youtube',
      refreshTokenEnc: encryptToken(fake.issueRefreshToken(), parseEncryptionKey(key)),
    },
  });
  const log = createLogger('silent');
  return {
    fake,
    refresh: (at) => refreshChannel({ db: database.prisma, config, log, now: () => at }, channel.id),
    close: async () => {
      await database.close();
      await fake.close();
    },
  };
}

async function fullRefreshRow(videoCount: number): Promise<string[]> {
  const { fake, refresh, close } = await rig(videoCount);
  try {
    const started = performance.now();
    const report = await refresh(START);
    const seconds = (performance.now() - started) / 1000;
    const naive = 1 + Math.ceil(videoCount / DATA_API_BATCH_SIZE) + videoCount;
    return [
      String(videoCount),
      String(report.unitsSpent),
      String(fake.unitsSpent),
      String(minimumFullRefreshUnits(videoCount)),
      String(naive),
      String(report.calls),
      seconds.toFixed(1),
    ];
  } finally {
    await close();
  }
}

/** Data API units a day, averaged over the second week of refreshes every 6 hours with one upload a day. */
async function steadyStateUnitsPerDay(days: number): Promise<{ perDay: number; calls: number }> {
  const { fake, refresh, close } = await rig(200);
  try {
    await refresh(START);
    const template = fake.videos[0];
    let unitsBefore = 0;
    let callsBefore = 0;
    let calls = 0;
    const measureFrom = Math.floor(days / 2);
    for (let day = 1; day <= days; day++) {
      if (day === measureFrom + 1) {
        unitsBefore = fake.unitsSpent;
        callsBefore = calls;
      }
      if (template) {
        fake.addVideo({
          ...template,
          id: randomBytes(8).toString('base64url').slice(0, 11),
          publishedAt: new Date(START.getTime() + (day - 1) * 24 * HOUR_MS + 3 * HOUR_MS),
        });
      }
      for (let run = 0; run < RUNS_PER_DAY; run++) {
        fake.grow(1.01);
        const report = await refresh(
          new Date(START.getTime() + ((day - 1) * 24 + (run * 24) / RUNS_PER_DAY) * HOUR_MS),
        );
        calls += report.calls;
      }
    }
    const measuredDays = days - measureFrom;
    return { perDay: (fake.unitsSpent - unitsBefore) / measuredDays, calls: (calls - callsBefore) / measuredDays };
  } finally {
    await close();
  }
}

async function run({ quick }: BenchOptions): Promise<BenchTable> {
  const sizes = quick ? [50, 200] : [50, 200, 1000];
  const rows: string[][] = [];
  for (const size of sizes) {
    console.error(`bench: full refresh of ${size} videos…`);
    rows.push(await fullRefreshRow(size));
  }
  const days = quick ? 4 : 14;
  console.error(`bench: ${days} simulated days of a 200-video channel, refreshed every ${24 / RUNS_PER_DAY} h…`);
  const steady = await steadyStateUnitsPerDay(days);
  const naiveDaily = RUNS_PER_DAY * (1 + 200 + Math.ceil(200 / DATA_API_BATCH_SIZE));
  return {
    title: 'YouTube quota: Data API units to read a whole channel (first refresh)',
    columns: [
      'videos',
      'TubePilot units',
      'fake charged',
      'API minimum 1+2⌈N/50⌉',
      'naive (1 videos.list/video)',
      'calls, all APIs',
      'seconds',
    ],
    rows,
    notes: [
      '',
      `Steady state, one 200-video channel refreshed every ${24 / RUNS_PER_DAY} h with the age-based cadence and one new upload a day`,
      `(average of days ${Math.floor(days / 2) + 1}–${days} of ${days}): ${steady.perDay.toFixed(1)} Data API units a day (${steady.calls.toFixed(0)} calls to all APIs).`,
      `One ${DAILY_UNITS.toLocaleString('en-US')}-unit day keeps ${Math.floor(DAILY_UNITS / steady.perDay).toLocaleString('en-US')} such channels fresh;`,
      `re-reading every video at every run (even batched) would cost ${RUNS_PER_DAY * (1 + 2 * Math.ceil(200 / DATA_API_BATCH_SIZE))} units a day per channel (${Math.floor(DAILY_UNITS / (RUNS_PER_DAY * (1 + 2 * Math.ceil(200 / DATA_API_BATCH_SIZE))))} channels),`,
      `a naive client ${naiveDaily.toLocaleString('en-US')} (${Math.floor(DAILY_UNITS / naiveDaily)} channels).`,
      'Analytics and Reporting API calls are not charged in Data API units (their own quotas are not published).',
    ],
  };
}

export const youtubeQuota: Benchmark = { name: 'youtube-quota', run };
