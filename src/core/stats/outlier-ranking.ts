import { type AnalyticsVideo, ageInDays } from '../analytics/analytics-video.js';
import type { VideoScore } from '../analytics/video-analysis.js';

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

/** The videos furthest above and below what the channel's videos usually have at their age, as of `asOf`. */
export function rankByOutlierScore(
  videos: readonly Pick<AnalyticsVideo, 'id' | 'title' | 'publishedAt'>[],
  scores: readonly VideoScore[],
  asOf: Date,
  count = 5,
): { best: RankedVideo[]; worst: RankedVideo[] } {
  const byId = new Map(videos.map((video) => [video.id, video]));
  const ranked = scores
    .flatMap((score) =>
      score.outlierScore === null
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
          ],
    )
    .sort((a, b) => b.outlierScore - a.outlierScore || a.id.localeCompare(b.id));
  const best = ranked.slice(0, count);
  const worst = ranked.slice(Math.max(best.length, ranked.length - count)).reverse();
  return { best, worst };
}
