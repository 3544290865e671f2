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

// The statements of this module are SQL, not Prisma model queries: `predict` runs four of them, and a CLI
// command that runs no model query never has Prisma's query compiler compile one (~0.05 s CPU for these).

/** Every prediction TubePilot shows is stored, so it can be scored when the actual arrives. */
export async function recordPrediction(db: DbClient, input: PredictionInput): Promise<number> {
  const [row] = await db.$queryRaw<{ id: number }[]>`
    INSERT INTO "Prediction"
      ("channelId", "kind", "videoId", "scriptId", "horizonDays", "predicted", "low", "high", "inputs", "madeAt")
    VALUES (${input.channelId}::integer, ${input.kind}::"PredictionKind", ${input.videoId ?? null}::integer,
      ${input.scriptId ?? null}::integer, ${input.horizonDays}::integer, ${input.predicted}::double precision,
      ${input.low}::double precision, ${input.high}::double precision, ${JSON.stringify(input.inputs)}::jsonb,
      ${input.madeAt}::timestamp(3))
    RETURNING "id"`;
  return (row as { id: number }).id;
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
  const due = await db.$queryRaw<(Omit<ScoredPrediction, 'actual'> & { youtubeId: string })[]>`
    SELECT p."id", p."horizonDays", p."predicted", p."low", p."high", v."youtubeId"
    FROM "Prediction" p JOIN "Video" v ON v."id" = p."videoId"
    WHERE p."channelId" = ${channelId}::integer AND p."actual" IS NULL`;
  const byYoutubeId = new Map(videos.map((video) => [video.id, video]));
  const scored: ScoredPrediction[] = [];
  for (const prediction of due) {
    const video = byYoutubeId.get(prediction.youtubeId);
    if (!video) continue;
    const actual = viewsAtAge(video, prediction.horizonDays);
    if (actual === null) continue;
    await db.$executeRaw`
      UPDATE "Prediction" SET "actual" = ${actual}::double precision, "scoredAt" = ${now}::timestamp(3)
      WHERE "id" = ${prediction.id}::integer`;
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

export interface ScoredRecord extends Interval {
  actual: number;
  horizonDays: number;
  kind: PredictionInput['kind'];
}

/** All scored predictions of a channel, newest first, for accuracy reports. */
export async function scoredPredictions(db: DbClient, channelId: number): Promise<ScoredRecord[]> {
  return db.$queryRaw<ScoredRecord[]>`
    SELECT "predicted", "low", "high", "actual", "horizonDays", "kind"::text AS "kind" FROM "Prediction"
    WHERE "channelId" = ${channelId}::integer AND "actual" IS NOT NULL
    ORDER BY "scoredAt" DESC`;
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
  const rows = await db.$queryRaw<(Omit<ScoredForecast, 'raw'> & Interval & { inputs: Prisma.JsonValue })[]>`
    SELECT p."channelId", p."horizonDays", p."madeAt", p."scoredAt", p."predicted", p."low", p."high", p."actual",
      p."inputs"
    FROM "Prediction" p JOIN "Channel" c ON c."id" = p."channelId"
    WHERE c."teamId" = (SELECT "teamId" FROM "Channel" WHERE "id" = ${channelId}::integer)
      AND p."kind" = 'pre_publish' AND p."horizonDays" = ${horizonDays}::integer
      AND p."actual" IS NOT NULL AND p."scoredAt" IS NOT NULL
    ORDER BY p."scoredAt" DESC, p."id" DESC`;
  return rows.map((row) => ({
    channelId: row.channelId,
    horizonDays: row.horizonDays,
    madeAt: row.madeAt,
    scoredAt: row.scoredAt,
    raw: storedUncalibrated(row.inputs) ?? { predicted: row.predicted, low: row.low, high: row.high },
    actual: row.actual,
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
