import { type AnalyticsVideo, DAY_MS } from '../analytics/analytics-video.js';
import { appendViewHistory, HistoryStore, storedViewsAtAge, type ViewMetric } from '../analytics/views-at-age.js';

/** Dates on which YouTube changed what a public view is; engaged views kept the old rule. */
export const VIEW_COUNT_CHANGES = [
  { date: new Date('2025-03-31T00:00:00Z'), scope: 'Shorts' },
  { date: new Date('2026-08-27T00:00:00Z'), scope: 'all formats' },
] as const;

export interface PeriodFigures {
  from: Date;
  to: Date;
  uploads: number;
  /**
   * Views (or engaged views) the channel gained within the period, over `videosCovered` videos; null when no
   * video's history covers the period, which says nothing about views, not that there were none.
   */
  gained: number | null;
  videosCovered: number;
}

/** What a reply says of a period no history covers, and how to get one that does. */
export const UNCOVERED_PERIOD =
  'unknown — no view history covers this period (import a later export, or connect YouTube and run /refresh)';

export interface PeriodTrend {
  days: number;
  metric: ViewMetric;
  current: PeriodFigures;
  previous: PeriodFigures;
  /** current.gained ÷ previous.gained − 1; null when either is unknown or the previous period gained nothing. */
  change: number | null;
  notes: string[];
}

/**
 * The last `days` days against the `days` before them: uploads and views gained, read from each video's
 * history (a video counts only where its history covers the three boundaries it was published by, so both
 * periods are read from the same videos). Engaged views are used
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
  const [previous, current] = periodFigures(videos, [start, mid, end], metric);
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
    change:
      current.gained !== null && previous.gained !== null && previous.gained > 0
        ? current.gained / previous.gained - 1
        : null,
    notes,
  };
}

/** How soon after publication a first reading is read back to 0 views at publication. */
const FIRST_READING_BRIDGE_DAYS = 2;

/** Both periods from one pass over the videos, reading each history once at the three boundaries. */
function periodFigures(
  videos: readonly AnalyticsVideo[],
  boundaries: [start: number, mid: number, end: number],
  metric: ViewMetric,
): [previous: PeriodFigures, current: PeriodFigures] {
  const [start, mid, end] = boundaries;
  const periods = [
    { from: start, to: mid, uploads: 0, gained: 0, videosCovered: 0 },
    { from: mid, to: end, uploads: 0, gained: 0, videosCovered: 0 },
  ];
  // One scratch store, refilled per video: a history read four times is built once, and no point is an object.
  const store = new HistoryStore();
  // Index loops and no closure per video: this one pass over 10,000 videos runs too rarely to be optimised, and
  // each iterator step and closure was garbage.
  const viewsAt = (published: number, count: number, at: number) => {
    if (at <= published) return 0;
    const ageDays = (at - published) / DAY_MS;
    const read = storedViewsAtAge(store, 0, count, ageDays);
    if (!Number.isNaN(read) || count === 0) return read;
    // Before a first reading taken soon after publication (the demo's and a daily export's at day 1): a straight
    // line from 0 views at publication, as from a reading at publication. Without it a daily channel's newest
    // videos, most of a day's views, dropped out of the 24-hour trend. A later first reading stays unknown.
    const firstAge = store.ages[0] as number;
    return ageDays < firstAge && firstAge <= FIRST_READING_BRIDGE_DAYS
      ? ((store.views[0] as number) * ageDays) / firstAge
      : Number.NaN;
  };
  for (let position = 0; position < videos.length; position++) {
    const video = videos[position] as AnalyticsVideo;
    if (video.publishedAt === null) continue;
    const published = video.publishedAt.getTime();
    if (published >= end) continue;
    store.truncate(0);
    const count = appendViewHistory(store, video, video.statsAt, metric);
    const atStart = viewsAt(published, count, start);
    const atMid = viewsAt(published, count, mid);
    const atEnd = viewsAt(published, count, end);
    // Like for like: a video counts in both periods or in neither. Counted only where its history reached, an
    // old video read monthly (the refresh cadence) or whose readings stopped adds to the earlier period only,
    // and the later one read as a fall ("−50%") that was the readings', not the channel's.
    const covered = !Number.isNaN(atStart) && !Number.isNaN(atMid) && !Number.isNaN(atEnd);
    const views = [atStart, atMid, atEnd];
    for (let index = 0; index < periods.length; index++) {
      const period = periods[index] as (typeof periods)[number];
      if (published >= period.to) continue;
      if (published >= period.from) period.uploads++;
      if (!covered) continue;
      period.gained += Math.max(0, (views[index + 1] as number) - (views[index] as number));
      period.videosCovered++;
    }
  }
  const [previous, current] = periods.map(({ from, to, gained, ...figures }) => ({
    from: new Date(from),
    to: new Date(to),
    ...figures,
    gained: figures.videosCovered > 0 ? gained : null,
  }));
  return [previous as PeriodFigures, current as PeriodFigures];
}
