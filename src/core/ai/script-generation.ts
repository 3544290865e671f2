// /script: a Shorts script that follows the latest strategy, with the analytics engine's pre-publication
// prediction, stored as a draft (draft → approved → published, linked to its video once it appears).

import { analyzeChannel } from '../analytics/channel-analysis.js';
import { loadChannelData } from '../analytics/load-channel-data.js';
import { forecastPlannedVideo } from '../analytics/planned-video-prediction.js';
import { UserError } from '../errors.js';
import { recordPrediction } from '../predictions/prediction-store.js';
import { median } from '../stats/summary-statistics.js';
import type { AiDeps } from './groq-client.js';
import { type ScriptBrief, type ScriptWords, writeScriptWords } from './script-writer.js';
import { latestStrategy, type StoredStrategy } from './strategy-store.js';
import { updateChannelStrategy } from './update-strategy.js';
import type { Written } from './writer.js';

/** Scripts are predicted at the horizon /predict uses by default. */
export const SCRIPT_HORIZON_DAYS = 30;
const RECENT_TITLES = 20;
const DEFAULT_LENGTH_S = 30;

/** A length the script aims for within each length bucket (Shorts first). */
const BUCKET_TARGET_S: Record<string, number> = { '0-20s': 18, '21-40s': 30, '41-60s': 50, '61-180s': 90 };

export interface ScriptPrediction {
  id: number;
  horizonDays: number;
  predicted: number;
  low: number;
  high: number;
  basis: string[];
  notes: string[];
}

export interface GeneratedScriptResult {
  scriptId: number;
  strategy: { id: number; version: number };
  topic: string;
  targetLengthS: number;
  words: Written<ScriptWords>;
  /** Or why there is none (too few videos old enough). */
  prediction: ScriptPrediction | { unavailable: string };
}

/** The strategy to follow: the latest, written first when the channel has none. */
async function strategyToFollow(deps: AiDeps, channelId: number): Promise<StoredStrategy> {
  const existing = await latestStrategy(deps.db, channelId);
  if (existing) return existing;
  await updateChannelStrategy(deps, channelId);
  const created = await latestStrategy(deps.db, channelId);
  if (!created) throw new Error(`no strategy for channel ${channelId} after writing one`);
  return created;
}

function chooseTopic(strategy: StoredStrategy, asked: string | undefined): string {
  if (asked !== undefined) return asked;
  const best = strategy.recommendedTopics[0] ?? strategy.basis.testNext.find((test) => test.dimension === 'topic');
  if (!best) {
    throw new UserError(
      'Which topic?',
      'No topic stands out on this channel yet, so the strategy cannot choose one.',
      'Name one: /script topic:…',
    );
  }
  return best.id.replaceAll('-', ' ');
}

function targetLength(strategy: StoredStrategy, shortDurations: number[]): number {
  const bucket = strategy.basis.lengths[0]?.id;
  const fromBucket = bucket === undefined ? undefined : BUCKET_TARGET_S[bucket];
  return fromBucket ?? Math.round(median(shortDurations) ?? DEFAULT_LENGTH_S);
}

export async function generateScript(
  deps: AiDeps,
  channelId: number,
  askedTopic?: string,
): Promise<GeneratedScriptResult> {
  const now = deps.now();
  const strategy = await strategyToFollow(deps, channelId);
  const data = await loadChannelData(deps.db, channelId);
  const topic = chooseTopic(strategy, askedTopic);
  const targetLengthS = targetLength(
    strategy,
    data.videos.flatMap((video) => (video.isShort && video.durationS !== null ? [video.durationS] : [])),
  );
  const brief: ScriptBrief = {
    topic,
    targetLengthS,
    style: strategy.style,
    pacing: strategy.pacing,
    hookTemplates: strategy.hookTemplates,
    recentTitles: data.videos.slice(-RECENT_TITLES).map((video) => video.title),
  };
  const words = await writeScriptWords(deps, channelId, brief);
  const plan = { topic, lengthS: targetLengthS };
  const forecast = forecastPlannedVideo(
    data.videos,
    analyzeChannel(data, now).patterns,
    plan,
    now,
    SCRIPT_HORIZON_DAYS,
  );
  const expected = 'insufficient' in forecast.prediction ? null : forecast.prediction;

  return deps.db.$transaction(async (tx) => {
    const script = await tx.generatedScript.create({
      data: {
        channelId,
        strategyId: strategy.id,
        topic,
        hook: words.value.hook,
        body: { targetLengthS, beats: words.value.beats, cta: words.value.cta },
        titleOptions: words.value.title_options,
        predictedViews: expected?.predicted ?? null,
        predictedLow: expected?.low ?? null,
        predictedHigh: expected?.high ?? null,
        writer: words.writer,
        createdAt: now,
      },
      select: { id: true },
    });
    const prediction =
      expected === null
        ? { unavailable: 'insufficient' in forecast.prediction ? forecast.prediction.reason : '' }
        : {
            id: await recordPrediction(tx, {
              channelId,
              kind: 'pre_publish',
              scriptId: script.id,
              horizonDays: SCRIPT_HORIZON_DAYS,
              predicted: expected.predicted,
              low: expected.low,
              high: expected.high,
              madeAt: now,
              inputs: { plan, basis: expected.basis, notes: forecast.notes },
            }),
            horizonDays: SCRIPT_HORIZON_DAYS,
            predicted: expected.predicted,
            low: expected.low,
            high: expected.high,
            basis: expected.basis,
            notes: forecast.notes,
          };
    return {
      scriptId: script.id,
      strategy: { id: strategy.id, version: strategy.version },
      topic,
      targetLengthS,
      words,
      prediction,
    };
  });
}
