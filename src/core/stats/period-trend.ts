import { type AnalyticsVideo, DAY_MS } from '../analytics/analytics-video.js';
import { FACT_THRESHOLDS } from '../analytics/video-analysis.js';
import {
  appendViewHistory,
  HistoryStore,
  storedBracketDays,
  storedViewsAtAge,
  type ViewMetric,
} from '../analytics/views-at-age.js';

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

/**
 * Readings around each end of the periods may be at most this many periods apart for a video to count: a read
 * between them is drawn, not measured, and across 8 days a "last 24 hours" is a straight line's. 1.5, not 1: a
 * channel read once a period a little late (the refresh reads a video under 30 days old every 24 h, at its next
 * hourly turn: 24–25 h apart; an export downloaded at another hour) is still measured.
 */
export const MAX_GAP_PERIODS = 1.5;

/** No change between periods measured on fewer videos: the bar every comparison with other videos has. */
export const TREND_MIN_VIDEOS = FACT_THRESHOLDS.minReferenceN;

export interface PeriodTrend {
  days: number;
  metric: ViewMetric;
  current: PeriodFigures;
  previous: PeriodFigures;
  /**
   * current.gained ÷ previous.gained − 1; null when either is unknown, the previous period gained nothing, or fewer
   * than TREND_MIN_VIDEOS videos measure it.
   */
  change: number | null;
  /** Videos read across both periods but with readings more than MAX_GAP_PERIODS apart at an end: in neither. */
  readTooSparsely: number;
  notes: string[];
}

/**
 * The last `days` days against the `days` before them: uploads and views gained, read from each video's
 * history (a video counts only where its history covers the three boundaries it was published by, each between
 * readings at most MAX_GAP_PERIODS periods apart, so both periods are read from the same videos, as measured).
 * Engaged views are used
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
  const { previous, current, readTooSparsely } = periodFigures(videos, [start, mid, end], days, metric);
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
      current.gained !== null &&
      previous.gained !== null &&
      previous.gained > 0 &&
      previous.videosCovered >= TREND_MIN_VIDEOS
        ? current.gained / previous.gained - 1
        : null,
    readTooSparsely,
    notes,
  };
}

/** How soon after publication a first reading is read back to 0 views at publication. */
const FIRST_READING_BRIDGE_DAYS = 2;

/** Both periods from one pass over the videos, reading each history once at the three boundaries. */
function periodFigures(
  videos: readonly AnalyticsVideo[],
  boundaries: [start: number, mid: number, end: number],
  days: number,
  metric: ViewMetric,
): { previous: PeriodFigures; current: PeriodFigures; readTooSparsely: number } {
  const [start, mid, end] = boundaries;
  const periods = [
    { from: start, to: mid, uploads: 0, gained: 0, videosCovered: 0 },
    { from: mid, to: end, uploads: 0, gained: 0, videosCovered: 0 },
  ];
  // One scratch store, refilled per video: a history read four times is built once, and no point is an object.
  const store = new HistoryStore();
  const maxGapDays = days * MAX_GAP_PERIODS;
  let readTooSparsely = 0;
  // The widest gap between the readings the current video's boundary views were read from.
  let widestGap = 0;
  // Index loops and no closure per video: this one pass over 10,000 videos runs too rarely to be optimised, and
  // each iterator step and closure was garbage.
  const viewsAt = (published: number, count: number, at: number) => {
    if (at <= published) return 0;
    const ageDays = (at - published) / DAY_MS;
    const read = storedViewsAtAge(store, 0, count, ageDays);
    if (!Number.isNaN(read)) widestGap = Math.max(widestGap, storedBracketDays(store, 0, count, ageDays));
    if (!Number.isNaN(read) || count === 0) return read;
    // Before a first reading taken soon after publication (the demo's and a daily export's at day 1): a straight
    // line from 0 views at publication, as from a reading at publication. Without it a daily channel's newest
    // videos, most of a day's views, dropped out of the 24-hour trend. A later first reading stays unknown.
    const firstAge = store.ages[0] as number;
    if (!(ageDays < firstAge && firstAge <= FIRST_READING_BRIDGE_DAYS)) return Number.NaN;
    widestGap = Math.max(widestGap, firstAge);
    return ((store.views[0] as number) * ageDays) / firstAge;
  };
  for (let position = 0; position < videos.length; position++) {
    const video = videos[position] as AnalyticsVideo;
    if (video.publishedAt === null) continue;
    const published = video.publishedAt.getTime();
    if (published >= end) continue;
    store.truncate(0);
    const count = appendViewHistory(store, video, video.statsAt, metric);
    widestGap = 0;
    const atStart = viewsAt(published, count, start);
    const atMid = viewsAt(published, count, mid);
    const atEnd = viewsAt(published, count, end);
    // Like for like: a video counts in both periods or in neither. Counted only where its history reached, an
    // old video read monthly (the refresh cadence) or whose readings stopped adds to the earlier period only,
    // and the later one read as a fall ("−50%") that was the readings', not the channel's.
    // Read across wide gaps (an export every 8 days, for the last 24 hours), it counts in neither too.
    const spanned = !Number.isNaN(atStart) && !Number.isNaN(atMid) && !Number.isNaN(atEnd);
    const covered = spanned && widestGap <= maxGapDays;
    if (spanned && !covered) readTooSparsely++;
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
  return { previous: previous as PeriodFigures, current: current as PeriodFigures, readTooSparsely };
}
