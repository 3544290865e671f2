import { type AnalyticsVideo, ageInDays } from '../analytics/analytics-video.js';
import { FACT_THRESHOLDS, type VideoScore } from '../analytics/video-analysis.js';

export interface RankedVideo {
  id: string;
  title: string;
  views: number;
  /** Its age when its views were read: the views and the outlier score stand at it. */
  ageDays: number;
  /** Its age at the channel's latest reading; null without a publish time. */
  ageNowDays: number | null;
  /** views ÷ median views of the channel's last videos of the same format at the same age. */
  outlierScore: number;
  /** Videos in that comparison. */
  baselineN: number;
}

export interface OutlierRanking {
  best: RankedVideo[];
  worst: RankedVideo[];
  /** Videos left out: compared with fewer than FACT_THRESHOLDS.minReferenceN videos (none, for the first). */
  tooFewToCompare: number;
}

/**
 * The videos furthest above and below what the channel's videos usually have at their age, as of `asOf`. Only
 * scores against at least FACT_THRESHOLDS.minReferenceN videos rank, the bar /analyze's headline and strengths
 * have: a median of one or two videos is no "usual", and the first videos of a channel topped it at 8.8× on it.
 */
export function rankByOutlierScore(
  videos: readonly Pick<AnalyticsVideo, 'id' | 'title' | 'publishedAt'>[],
  scores: readonly VideoScore[],
  asOf: Date,
  count = 5,
): OutlierRanking {
  const byId = new Map(videos.map((video) => [video.id, video]));
  let tooFewToCompare = 0;
  const ranked = scores
    .flatMap((score) => {
      if (score.baselineN < FACT_THRESHOLDS.minReferenceN) tooFewToCompare++;
      return score.outlierScore === null || score.baselineN < FACT_THRESHOLDS.minReferenceN
        ? []
        : [
            {
              id: score.id,
              title: byId.get(score.id)?.title ?? score.id,
              views: score.views,
              ageDays: score.ageDays,
              ageNowDays: ageInDays(byId.get(score.id) ?? { publishedAt: null }, asOf),
              outlierScore: score.outlierScore,
              baselineN: score.baselineN,
            },
          ];
    })
    .sort((a, b) => b.outlierScore - a.outlierScore || a.id.localeCompare(b.id));
  const best = ranked.slice(0, count);
  const worst = ranked.slice(Math.max(best.length, ranked.length - count)).reverse();
  return { best, worst, tooFewToCompare };
}
