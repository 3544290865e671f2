import type { AnalyticsVideo } from '../analytics/analytics-video.js';
import type { VideoScore } from '../analytics/video-analysis.js';

export interface RankedVideo {
  id: string;
  title: string;
  views: number;
  ageDays: number;
  /** views ÷ median views of the channel's last videos of the same format at the same age. */
  outlierScore: number;
  /** Videos in that comparison. */
  baselineN: number;
}

/** The videos furthest above and below what the channel's videos usually have at their age. */
export function rankByOutlierScore(
  videos: readonly Pick<AnalyticsVideo, 'id' | 'title'>[],
  scores: readonly VideoScore[],
  count = 5,
): { best: RankedVideo[]; worst: RankedVideo[] } {
  const titles = new Map(videos.map((video) => [video.id, video.title]));
  const ranked = scores
    .flatMap((score) =>
      score.outlierScore === null
        ? []
        : [
            {
              id: score.id,
              title: titles.get(score.id) ?? score.id,
              views: score.views,
              ageDays: score.ageDays,
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
