import { type AnalyticsVideo, DAY_MS } from './analytics-video.js';

/** Which count a history follows: public views, or engaged views (the pre-2025 way of counting). */
export type ViewMetric = 'views' | 'engagedViews';

export interface HistoryPoint {
  ageDays: number;
  views: number;
}

/** A video's cumulative views by age, oldest first, one point per age, never falling. */
export type ViewHistory = HistoryPoint[];

/**
 * A video's cumulative views over its age in days: its snapshots plus its latest stats, one point per age,
 * never falling (a later reading below an earlier one is a recount). Readings normally arrive oldest first
 * and go straight into the history; only out-of-order input pays for a sort. Large channels build hundreds
 * of thousands of these, so this allocates one object per point.
 */
export function viewHistory(video: AnalyticsVideo, metric: ViewMetric = 'views'): ViewHistory {
  if (video.publishedAt === null) return [];
  const published = video.publishedAt.getTime();
  const history: ViewHistory = [];
  let outOfOrder: HistoryPoint[] | null = null;
  const add = (atMs: number, views: number | null) => {
    if (views === null || !Number.isFinite(views)) return;
    const ageDays = (atMs - published) / DAY_MS;
    if (!(ageDays >= 0)) return;
    if (outOfOrder) {
      outOfOrder.push({ ageDays, views });
      return;
    }
    const last = history[history.length - 1];
    if (!last || ageDays > last.ageDays) history.push({ ageDays, views: Math.max(views, last?.views ?? 0) });
    else if (ageDays === last.ageDays) last.views = Math.max(last.views, views);
    else outOfOrder = [{ ageDays, views }];
  };
  for (const snapshot of video.snapshots) add(snapshot.at.getTime(), snapshot[metric]);
  if (video.statsAt !== null) add(video.statsAt.getTime(), video[metric]);
  return outOfOrder ? rebuiltInOrder([...history, ...(outOfOrder as HistoryPoint[])]) : history;
}

function rebuiltInOrder(points: HistoryPoint[]): ViewHistory {
  points.sort((a, b) => a.ageDays - b.ageDays);
  const history: ViewHistory = [];
  for (const point of points) {
    const last = history[history.length - 1];
    if (last && point.ageDays === last.ageDays) last.views = Math.max(last.views, point.views);
    else history.push({ ageDays: point.ageDays, views: Math.max(point.views, last?.views ?? 0) });
  }
  return history;
}

/**
 * Views at `ageDays` read from a history: exact at a point, interpolated linearly in log(age) between two
 * (growth slows roughly with log age). Null when the history does not cover that age: before the first
 * point it would be a guess, after the last one the future.
 */
export function viewsInHistoryAtAge(history: ViewHistory, ageDays: number): number | null {
  const first = history[0];
  const last = history[history.length - 1];
  if (!first || !last || ageDays > last.ageDays) return null;
  if (ageDays === last.ageDays) return last.views;
  if (ageDays < first.ageDays) return ageDays <= 0 ? 0 : null;
  let low = 0;
  let high = history.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((history[middle] as HistoryPoint).ageDays < ageDays) low = middle + 1;
    else high = middle;
  }
  if (low === 0) return first.views;
  const after = history[low] as HistoryPoint;
  const before = history[low - 1] as HistoryPoint;
  if (before.ageDays <= 0) return before.views + ((after.views - before.views) * ageDays) / after.ageDays;
  const position = Math.log(ageDays / before.ageDays) / Math.log(after.ageDays / before.ageDays);
  return before.views + (after.views - before.views) * position;
}

/** Views the video had at `ageDays`, from its own history (see `viewsInHistoryAtAge`). */
export function viewsAtAge(video: AnalyticsVideo, ageDays: number, metric: ViewMetric = 'views'): number | null {
  return viewsInHistoryAtAge(viewHistory(video, metric), ageDays);
}
