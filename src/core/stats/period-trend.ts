import { type AnalyticsVideo, DAY_MS } from '../analytics/analytics-video.js';
import { type ViewMetric, viewsAtAge } from '../analytics/views-at-age.js';

/** Dates on which YouTube changed what a public view is; engaged views kept the old rule. */
export const VIEW_COUNT_CHANGES = [
  { date: new Date('2025-03-31T00:00:00Z'), scope: 'Shorts' },
  { date: new Date('2026-08-27T00:00:00Z'), scope: 'all formats' },
] as const;

export interface PeriodFigures {
  from: Date;
  to: Date;
  uploads: number;
  /** Views (or engaged views) the channel gained within the period, over `videosCovered` videos. */
  gained: number;
  videosCovered: number;
}

export interface PeriodTrend {
  days: number;
  metric: ViewMetric;
  current: PeriodFigures;
  previous: PeriodFigures;
  /** current.gained ÷ previous.gained − 1; null when the previous period gained nothing. */
  change: number | null;
  notes: string[];
}

/**
 * The last `days` days against the `days` before them: uploads and views gained, read from each video's
 * history (a video counts only where its history covers both ends of a period). Engaged views are used
 * when every covered video has them, so periods on either side of a counting change compare fairly.
 */
export function periodTrend(videos: readonly AnalyticsVideo[], now: Date, days = 30): PeriodTrend {
  const end = now.getTime();
  const mid = end - days * DAY_MS;
  const start = mid - days * DAY_MS;
  const engagedEverywhere =
    videos.some((video) => video.engagedViews !== null) &&
    videos.every((video) => video.views === null || video.engagedViews !== null);
  const metric: ViewMetric = engagedEverywhere ? 'engagedViews' : 'views';
  const current = periodFigures(videos, mid, end, metric);
  const previous = periodFigures(videos, start, mid, metric);
  const notes: string[] = [];
  if (metric === 'views') {
    for (const change of VIEW_COUNT_CHANGES) {
      if (change.date.getTime() > start && change.date.getTime() <= end) {
        notes.push(
          `YouTube changed how views are counted for ${change.scope} on ${change.date.toISOString().slice(0, 10)}; these periods straddle it and engaged views are not in the data, so compare with care.`,
        );
      }
    }
  }
  return {
    days,
    metric,
    current,
    previous,
    change: previous.gained > 0 ? current.gained / previous.gained - 1 : null,
    notes,
  };
}

function periodFigures(videos: readonly AnalyticsVideo[], from: number, to: number, metric: ViewMetric): PeriodFigures {
  let gained = 0;
  let videosCovered = 0;
  let uploads = 0;
  for (const video of videos) {
    if (video.publishedAt === null) continue;
    const published = video.publishedAt.getTime();
    if (published >= to) continue;
    if (published >= from) uploads++;
    const atEnd = viewsAtAge(video, (to - published) / DAY_MS, metric);
    const atStart = published >= from ? 0 : viewsAtAge(video, (from - published) / DAY_MS, metric);
    if (atEnd === null || atStart === null) continue;
    gained += Math.max(0, atEnd - atStart);
    videosCovered++;
  }
  return { from: new Date(from), to: new Date(to), uploads, gained, videosCovered };
}
