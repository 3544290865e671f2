// TubePilot as a team would run it, one simulated day at a time: its store learns what the channel did, then
// /script says what to make next, and the simulator publishes the script's first title at its length and hour.
// Two ways to fill the store: 'http' refreshes through the real YouTube client against the fake YouTube server
// (the whole path, ~0.7 s a day); 'store' writes what that refresh would store straight into the store
// (store-refresh.ts). tests/integration/closed-loop-paths.test.ts shows both give the same plans; the
// benchmark's fast mode uses 'store'.

import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { commandsFor } from '../../src/bot/commands/registry.js';
import { linkPublishedScripts } from '../../src/core/ai/script-store.js';
import { loadConfig } from '../../src/core/config.js';
import { type Db, openDatabase } from '../../src/core/db/database.js';
import { createLogger } from '../../src/core/logger.js';
import type { Reply } from '../../src/core/reply.js';
import { refreshChannel } from '../../src/core/youtube/refresh-channel.js';
import { encryptToken, parseEncryptionKey } from '../../src/core/youtube/token-crypto.js';
import type { ChannelSimulator, PublishInput } from '../../tests/fakes/channel-simulator.js';
import { FakeYouTube, fakeVideosOf } from '../../tests/fakes/fake-youtube.js';
import { fakeYouTubeConfig, testEncryptionKey } from '../../tests/support/youtube-channel.js';
import { StoreRefresher } from './store-refresh.js';

export type RefreshPath = 'http' | 'store';

const DAY_MS = 86_400_000;
/** The daily run happens at 06:00 UTC, before any video of the day goes out. */
const RUN_HOUR_MS = 6 * 3_600_000;

export interface PlannedVideo {
  input: PublishInput;
  youtubeId: string;
  /** Whether any choice of the plan explored (the script's "Why this video" lines). */
  explored: boolean;
  /** Each choice of the plan: its dimension, explore or exploit, and why (best, draw, challenger, retry). */
  choices: PlanChoice[];
  /** The pre-publication prediction /script made for it, when it made one. */
  prediction: { horizonDays: number; predicted: number; low: number; high: number } | null;
}

export interface TubePilotRun {
  videos: PlannedVideo[];
  /** /trends at the end of the run: rows with a confidence, and how many of them say medium or high. */
  trendRows: { total: number; confident: number };
}

export interface PlanChoice {
  dimension: string;
  mode: 'explore' | 'exploit';
  reason: 'best' | 'draw' | 'challenger' | 'retry';
}

interface ScriptData {
  words: { title_options: string[] };
  targetLengthS: number;
  postHour: number;
  choices: string[];
  choiceModes: PlanChoice[];
  prediction: { horizonDays: number; predicted: number; low: number; high: number } | { unavailable: string };
}

/** The same channel row on both paths (the fake's own channel), so nothing but the refresh differs. */
const CHANNEL = { title: 'Demo: Kitchen Science Shorts', youtubeId: 'UCfakeKitchenScience0001' };

/**
 * Runs TubePilot for `days` days from `start` on a simulator that already holds the channel's history.
 * `freeze`: the static baseline, TubePilot's first best-supported plan (no exploring) kept for every day.
 */
export interface RunOptions {
  freeze: boolean;
  path: RefreshPath;
  /** Ids for the run's team and channel: TubePilot's draws are seeded by the channel, so a run is reproducible. */
  ids: { team: number; channel: number };
  /** A database to run in (the store path reuses one per process: opening one costs seconds); else a fresh one. */
  db?: Db;
}

/**
 * Runs TubePilot for `days` days from `start` on a simulator that already holds the channel's history.
 * `freeze`: the static baseline, TubePilot's first best-supported plan (no exploring) kept for every day.
 */
export async function runTubePilot(
  simulator: ChannelSimulator,
  start: Date,
  days: number,
  options: RunOptions,
): Promise<TubePilotRun> {
  const fake = options.path === 'http' ? await FakeYouTube.start({ videoCount: 1 }) : null;
  const database = options.db ? null : await openDatabase({ databaseUrl: 'memory://', dataDir: 'unused' });
  try {
    const db = options.db ?? (database as NonNullable<typeof database>).prisma;
    // The evidence half-life is the learning setting the family is run to choose: passed through when set.
    const halfLife = process.env.EVIDENCE_HALF_LIFE_VIDEOS;
    const extra = { YOUTUBE_STATS_MAX_AGE_HOURS: '1', ...(halfLife ? { EVIDENCE_HALF_LIFE_VIDEOS: halfLife } : {}) };
    const config = fake ? fakeYouTubeConfig(fake, extra) : loadConfig(extra);
    const log = createLogger('silent');
    const refreshTokenEnc = fake ? encryptToken(fake.issueRefreshToken(), parseEncryptionKey(testEncryptionKey)) : null;
    const team = await db.team.create({
      data: { id: options.ids.team, platform: 'console', externalId: `sim-${options.ids.team}`, name: 'YouTube team' },
      select: { id: true, name: true },
    });
    // The team sets the channel's timezone to its audience's, as /settings lets it.
    const channel = await db.channel.create({
      data: {
        id: options.ids.channel,
        teamId: team.id,
        name: 'sim',
        source: 'youtube',
        refreshTokenEnc,
        timezone: simulator.world.timezone,
        ...CHANNEL,
      },
    });
    const command = (now: Date, name: string, words: string[]) =>
      executeCommand(
        { db, team, config, log, surface: 'cli' as const, now: () => now, commands: commandsFor('cli') },
        name,
        { words },
      );
    const store = fake ? null : new StoreRefresher(db, channel.id, config.YOUTUBE_STATS_MAX_AGE_HOURS);
    const refresh = async (now: Date) => {
      if (fake) {
        fake.videos = fakeVideosOf(simulator.videosAt(now));
        await refreshChannel({ db, config, log, now: () => now }, channel.id);
      } else {
        await store?.refresh(simulator, now);
      }
      // As the product's daily cycle does after each refresh (src/jobs/cycle-steps.ts): scripts become the videos
      // published under their titles, so their predictions are scored and later intervals calibrated on them.
      await linkPublishedScripts(db, channel.id);
    };
    const videos: PlannedVideo[] = [];
    let frozen: ScriptData | null = null;
    for (let d = 0; d < days; d++) {
      const day = new Date(start.getTime() + d * DAY_MS);
      const now = new Date(day.getTime() + RUN_HOUR_MS);
      let plan: ScriptData | null = frozen;
      if (plan === null) {
        await refresh(now);
        plan = resultData(await command(now, 'script', options.freeze ? ['--best'] : []));
        if (options.freeze) frozen = plan;
      }
      const input = {
        title: plan.words.title_options[0] as string,
        durationS: plan.targetLengthS,
        publishedAt: simulator.instantOf(day, plan.postHour),
      };
      const prediction = 'unavailable' in plan.prediction ? null : plan.prediction;
      const explored = plan.choices.some((choice) => choice.startsWith('explore'));
      videos.push({ input, youtubeId: simulator.publish(input), explored, choices: plan.choiceModes, prediction });
    }
    const end = new Date(start.getTime() + days * DAY_MS + RUN_HOUR_MS);
    if (!options.freeze) await refresh(end);
    const trendRows = options.freeze ? { total: 0, confident: 0 } : confidentRows(await command(end, 'trends', []));
    return { videos, trendRows };
  } finally {
    await database?.close();
    await fake?.close();
  }
}

function resultData(reply: Reply): ScriptData {
  if (reply.kind !== 'result') throw new Error(`script failed: ${reply.title}: ${reply.summary}`);
  return reply.data as ScriptData;
}

/** Rows of /trends' tables that carry a confidence, and those at medium or high. */
function confidentRows(reply: Reply): { total: number; confident: number } {
  if (reply.kind !== 'result') throw new Error(`trends failed: ${reply.title}: ${reply.summary}`);
  let total = 0;
  let confident = 0;
  for (const section of reply.sections ?? []) {
    const column = section.table?.columns.indexOf('Confidence') ?? -1;
    if (column < 0) continue;
    for (const row of section.table?.rows ?? []) {
      total++;
      if (row[column] === 'medium' || row[column] === 'high') confident++;
    }
  }
  return { total, confident };
}
