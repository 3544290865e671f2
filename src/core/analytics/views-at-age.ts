import { type AnalyticsVideo, DAY_MS } from './analytics-video.js';

/** Which count a history follows: public views, or engaged views (the pre-2025 way of counting). */
export type ViewMetric = 'views' | 'engagedViews';

/** A video's cumulative views over its age in days, oldest first: its snapshots plus its latest stats. */
export function viewHistory(video: AnalyticsVideo, metric: ViewMetric = 'views'): { ageDays: number; views: number }[] {
  if (video.publishedAt === null) return [];
  const published = video.publishedAt.getTime();
  const points: { ageDays: number; views: number }[] = [];
  for (const snapshot of video.snapshots) {
    const views = snapshot[metric];
    if (views !== null) points.push({ ageDays: (snapshot.at.getTime() - published) / DAY_MS, views });
  }
  const latest = video[metric];
  if (latest !== null && video.statsAt !== null) {
    points.push({ ageDays: (video.statsAt.getTime() - published) / DAY_MS, views: latest });
  }
  const sorted = points
    .filter((point) => point.ageDays >= 0 && Number.isFinite(point.views))
    .sort((a, b) => a.ageDays - b.ageDays);
  // Keep one point per age and make the series monotone: cumulative views never fall.
  const history: { ageDays: number; views: number }[] = [];
  for (const point of sorted) {
    const last = history.at(-1);
    if (last && point.ageDays === last.ageDays) last.views = Math.max(last.views, point.views);
    else history.push({ ageDays: point.ageDays, views: Math.max(point.views, last?.views ?? 0) });
  }
  return history;
}

/**
 * Views the video had at `ageDays`, read from its own history: exact at a snapshot, interpolated linearly
 * in log(age) between two (growth slows roughly with log age). Null when the history does not cover that
 * age: before the first point it would be a guess, after the last one the future.
 */
export function viewsAtAge(video: AnalyticsVideo, ageDays: number, metric: ViewMetric = 'views'): number | null {
  const history = viewHistory(video, metric);
  const first = history[0];
  const last = history.at(-1);
  if (!first || !last || ageDays > last.ageDays) return null;
  if (ageDays === last.ageDays) return last.views;
  if (ageDays < first.ageDays) return ageDays <= 0 ? 0 : null;
  for (let index = 1; index < history.length; index++) {
    const after = history[index] as { ageDays: number; views: number };
    const before = history[index - 1] as { ageDays: number; views: number };
    if (ageDays <= after.ageDays) {
      if (before.ageDays <= 0) return before.views + ((after.views - before.views) * ageDays) / after.ageDays;
      const position = Math.log(ageDays / before.ageDays) / Math.log(after.ageDays / before.ageDays);
      return before.views + (after.views - before.views) * position;
    }
  }
  return first.views;
}
