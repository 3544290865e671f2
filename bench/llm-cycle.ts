// LLM cost of the daily cycle: per channel, the strategy step (updateChannelStrategy) plus the words of each
// video of the last DIGEST_DAYS days (what the digest reports on, via /analyze), against the fake Groq
// server with the real groq-sdk. Four cycles: the first; the same cycle run again (a restart, a second
// worker); the next day with no new video; and the day after, with new videos. Token counts are the fake's
// (characters ÷ 4), close to but not Groq's tokenizer.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CommandContext } from '../src/bot/commands/command.js';
import { executeCommand } from '../src/bot/commands/execute-command.js';
import { commandsFor } from '../src/bot/commands/registry.js';
import { usageOn } from '../src/core/ai/llm-ledger.js';
import { updateChannelStrategy } from '../src/core/ai/update-strategy.js';
import { type Config, loadConfig } from '../src/core/config.js';
import { type Database, openDatabase } from '../src/core/db/database.js';
import { ensureDemoChannel } from '../src/core/demo/seed-demo.js';
import { createLogger } from '../src/core/logger.js';
import { startFakeGroq } from '../tests/fakes/fake-groq.js';
import { goodAnswer } from '../tests/support/groq-writer.js';
import type { Benchmark, BenchOptions, BenchTable } from './benchmark.js';

const DAY_MS = 86_400_000;
const END_DATE = new Date('2026-11-23T00:00:00Z');
const NEW_VIDEOS = 3;
/** Videos this young are still launching: the digest reports on each. */
const DIGEST_DAYS = 3;

interface Channel {
  ctx: CommandContext;
  channelId: number;
}

async function setUpChannel(db: Database['prisma'], config: Config, seed: number): Promise<Channel> {
  const team = await db.team.create({
    data: { platform: 'console', externalId: `bench-llm-${seed}`, name: `Bench ${seed}` },
    select: { id: true, name: true },
  });
  const { channelId } = await ensureDemoChannel(db, team.id, { seed, endDate: END_DATE });
  const ctx: CommandContext = {
    db,
    team,
    config,
    log: createLogger('silent'),
    surface: 'cli',
    now: () => END_DATE,
    commands: commandsFor('cli'),
  };
  return { ctx, channelId };
}

/** One channel's daily cycle at `now`: the strategy step, then the words for each video the digest reports on. */
async function cycle({ ctx, channelId }: Channel, now: Date): Promise<void> {
  const at = { ...ctx, now: () => now };
  await updateChannelStrategy(at, channelId);
  const fresh = await ctx.db.video.findMany({
    where: { channelId, publishedAt: { gt: new Date(now.getTime() - DIGEST_DAYS * DAY_MS), lte: now } },
    select: { youtubeId: true },
  });
  for (const video of fresh) {
    const reply = await executeCommand(at, 'analyze', { words: [video.youtubeId] });
    if (reply.kind !== 'result') throw new Error(`analyze failed: ${reply.summary}`);
  }
}

async function addVideos(db: Database['prisma'], channelId: number, day: Date): Promise<void> {
  for (let index = 0; index < NEW_VIDEOS; index++) {
    const publishedAt = new Date(day.getTime() - (index + 1) * 3 * 3_600_000);
    await db.video.create({
      data: {
        channelId,
        youtubeId: `bench-new-${channelId}-${index}`,
        title: `New experiment number ${index + 1}`,
        tags: [],
        durationS: 30,
        isShort: true,
        publishedAt,
        views: 2000n,
        likes: 100,
        comments: 10,
        statsUpdatedAt: day,
      },
    });
  }
}

async function run({ quick }: BenchOptions): Promise<BenchTable> {
  const fake = await startFakeGroq();
  fake.setDefault(goodAnswer);
  const dataDir = mkdtempSync(join(tmpdir(), 'tubepilot-bench-llm-'));
  const database = await openDatabase({ databaseUrl: 'memory://', dataDir });
  try {
    const config = loadConfig({ GROQ_API_KEY: 'gsk_bench', GROQ_BASE_URL: fake.baseURL, DATABASE_URL: 'memory://' });
    const channelCount = quick ? 1 : 3;
    const channels: Channel[] = [];
    for (let seed = 1; seed <= channelCount; seed++) channels.push(await setUpChannel(database.prisma, config, seed));

    const day1 = new Date(END_DATE.getTime() + 12 * 3_600_000);
    const day2 = new Date(day1.getTime() + DAY_MS);
    const day3 = new Date(day2.getTime() + DAY_MS);
    const runs: { name: string; now: Date; before?: () => Promise<void> }[] = [
      { name: 'first cycle', now: day1 },
      { name: 'same cycle again', now: day1 },
      { name: 'next day, no new video', now: day2 },
      {
        name: `${NEW_VIDEOS} new videos`,
        now: day3,
        before: async () => {
          for (const channel of channels) await addVideos(database.prisma, channel.channelId, day3);
        },
      },
    ];
    const rows: string[][] = [];
    for (const { name, now, before } of runs) {
      await before?.();
      const requestsBefore = fake.requests.length;
      const usageBefore = await usageOn(database.prisma, now);
      const start = performance.now();
      for (const channel of channels) await cycle(channel, now);
      const seconds = (performance.now() - start) / 1000;
      const usage = await usageOn(database.prisma, now);
      const perChannel = (value: number) => (value / channelCount).toFixed(1);
      rows.push([
        name,
        String(channelCount),
        perChannel(fake.requests.length - requestsBefore),
        perChannel(usage.cacheHits - usageBefore.cacheHits),
        perChannel(usage.promptTokens - usageBefore.promptTokens),
        perChannel(usage.completionTokens - usageBefore.completionTokens),
        (seconds / channelCount).toFixed(2),
      ]);
    }
    return {
      title: `LLM cost of the daily cycle (strategy step + words for each video of the last ${DIGEST_DAYS} days), fake Groq, per channel`,
      columns: ['run', 'channels', 'LLM calls', 'cache hits', 'prompt tok', 'completion tok', 's/channel'],
      rows,
      notes: [
        'Tokens are the fake server’s estimate (characters ÷ 4). Cache window 24 h; strategy rewritten only when its basis changes.',
      ],
    };
  } finally {
    await database.close();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const llmCycle: Benchmark = { name: 'llm-cycle', run };
