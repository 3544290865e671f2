import { z } from 'zod';
import type { Prisma } from '../../generated/prisma/client.js';
import type { AnalyticsVideo } from '../analytics/analytics-video.js';
import { viewsAtAge } from '../analytics/views-at-age.js';
import type { DbClient } from '../videos/video-store.js';
import type { CalibrationBasis, Interval, ScoredForecast } from './interval-calibration.js';

export interface PredictionInput {
  channelId: number;
  kind: 'post_publish' | 'pre_publish';
  /** Database id of the video a post-publication prediction is about. */
  videoId?: number;
  /** The generated script a pre-publication prediction is about. */
  scriptId?: number;
  horizonDays: number;
  predicted: number;
  low: number;
  high: number;
  /** What the prediction was made from, so it can be explained and audited later. */
  inputs: Prisma.InputJsonValue;
  madeAt: Date;
}

/** Every prediction TubePilot shows is stored, so it can be scored when the actual arrives. */
export async function recordPrediction(db: DbClient, input: PredictionInput): Promise<number> {
  const row = await db.prediction.create({ data: input, select: { id: true } });
  return row.id;
}

export interface ScoredPrediction {
  id: number;
  youtubeId: string;
  horizonDays: number;
  predicted: number;
  low: number;
  high: number;
  actual: number;
}

/**
 * Fills in the actual views of predictions whose horizon has passed (post-publication ones, and pre-publication
 * ones once their script is linked to the video it became) and whose video's
 * history reaches it. Returns those scored now; the rest wait for more data.
 */
export async function scoreDuePredictions(
  db: DbClient,
  channelId: number,
  videos: readonly AnalyticsVideo[],
  now: Date,
): Promise<ScoredPrediction[]> {
  const due = await db.prediction.findMany({
    where: { channelId, actual: null, videoId: { not: null } },
    include: { video: { select: { youtubeId: true } } },
  });
  const byYoutubeId = new Map(videos.map((video) => [video.id, video]));
  const scored: ScoredPrediction[] = [];
  for (const prediction of due) {
    const video = prediction.video && byYoutubeId.get(prediction.video.youtubeId);
    if (!video) continue;
    const actual = viewsAtAge(video, prediction.horizonDays);
    if (actual === null) continue;
    await db.prediction.update({ where: { id: prediction.id }, data: { actual, scoredAt: now } });
    scored.push({
      id: prediction.id,
      youtubeId: video.id,
      horizonDays: prediction.horizonDays,
      predicted: prediction.predicted,
      low: prediction.low,
      high: prediction.high,
      actual,
    });
  }
  return scored;
}

/** All scored predictions of a channel, newest first, for accuracy reports. */
export async function scoredPredictions(db: DbClient, channelId: number) {
  return db.prediction.findMany({
    where: { channelId, actual: { not: null } },
    orderBy: { scoredAt: 'desc' },
    select: { predicted: true, low: true, high: true, actual: true, horizonDays: true, kind: true },
  });
}

/**
 * The team's scored pre-publication predictions at a horizon, most recently scored first, each with the
 * model's uncalibrated interval (stored in `inputs.uncalibrated`; predictions stored before calibration existed
 * were shown uncalibrated, so their columns are it). interval-calibration.ts picks what a new prediction may use.
 */
export async function scoredPrePublishLedger(
  db: DbClient,
  channelId: number,
  horizonDays: number,
): Promise<ScoredForecast[]> {
  const { teamId } = await db.channel.findUniqueOrThrow({ where: { id: channelId }, select: { teamId: true } });
  const rows = await db.prediction.findMany({
    where: { kind: 'pre_publish', horizonDays, actual: { not: null }, scoredAt: { not: null }, channel: { teamId } },
    orderBy: [{ scoredAt: 'desc' }, { id: 'desc' }],
    select: {
      channelId: true,
      horizonDays: true,
      madeAt: true,
      scoredAt: true,
      predicted: true,
      low: true,
      high: true,
      actual: true,
      inputs: true,
    },
  });
  return rows.map((row) => ({
    channelId: row.channelId,
    horizonDays: row.horizonDays,
    madeAt: row.madeAt,
    scoredAt: row.scoredAt as Date,
    raw: storedUncalibrated(row.inputs) ?? { predicted: row.predicted, low: row.low, high: row.high },
    actual: row.actual as number,
  }));
}

const storedInputs = z.looseObject({
  uncalibrated: z.object({ predicted: z.number(), low: z.number(), high: z.number() }).optional(),
  calibration: z
    .object({
      source: z.enum(['channel', 'team', 'none']),
      n: z.number().int(),
      ownN: z.number().int(),
      shift: z.number(),
    })
    .optional(),
});

function storedUncalibrated(inputs: Prisma.JsonValue): Interval | null {
  return storedInputs.safeParse(inputs).data?.uncalibrated ?? null;
}

/** What a stored pre-publication prediction was calibrated on; null for one stored before calibration existed. */
export function storedCalibration(inputs: Prisma.JsonValue): CalibrationBasis | null {
  return storedInputs.safeParse(inputs).data?.calibration ?? null;
}
