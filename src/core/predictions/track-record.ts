import type { AnalyticsVideo } from '../analytics/analytics-video.js';
import { type PredictionScore, scorePredictions } from '../analytics/prediction-accuracy.js';
import type { DbClient } from '../videos/video-store.js';
import { scoreDuePredictions, scoredPredictions } from './prediction-store.js';

/** Scores what has come due, then measures the channel's stored predictions against what happened. */
export async function predictionTrackRecord(
  db: DbClient,
  channelId: number,
  videos: readonly AnalyticsVideo[],
  now: Date,
): Promise<PredictionScore> {
  await scoreDuePredictions(db, channelId, videos, now);
  const scored = await scoredPredictions(db, channelId);
  return scorePredictions(scored.map((row) => ({ ...row, actual: row.actual as number })));
}

/** "12 past predictions: typically off by ×1.22, 83% inside their intervals", or that none has come due. */
export function describeTrackRecord(score: PredictionScore): string {
  return score.n === 0 || score.medianAbsLog10Error === null || score.coverage === null
    ? 'no past prediction of this channel has come due yet'
    : `${score.n} past predictions: typically off by ×${(10 ** score.medianAbsLog10Error).toFixed(2)}, ${(score.coverage * 100).toFixed(0)}% inside their intervals`;
}
