import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnalyticsVideo, DAY_MS } from '../../src/core/analytics/analytics-video.js';
import { MAX_GAP_PERIODS, periodTrend, TREND_MIN_VIDEOS } from '../../src/core/stats/period-trend.js';
import { blankVideo } from '../support/analytics-videos.js';

const now = new Date('2026-11-23T00:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);

function video(id: string, publishedDaysAgo: number, points: [number, number][], engaged = false): AnalyticsVideo {
  const snapshots = points.map(([ago, views]) => ({
    at: daysAgo(ago),
    views,
    engagedViews: engaged ? views / 2 : null,
  }));
  const last = snapshots.at(-1);
  return blankVideo({
    id,
    publishedAt: daysAgo(publishedDaysAgo),
    isShort: true,
    views: last?.views ?? null,
    engagedViews: engaged ? (last?.engagedViews ?? null) : null,
    statsAt: last?.at ?? null,
    snapshots,
  });
}

describe('period trend', () => {
  it('counts uploads and views gained in each period from the histories', () => {
    const videos = [
      video('old', 90, [
        [60, 1000],
        [30, 1500],
        [0, 1800],
      ]), // +500 previous, +300 current
      video('prev', 45, [
        [44, 0],
        [30, 2000],
        [0, 2600],
      ]), // uploaded in previous: +2000, then +600
      video('new', 10, [
        [9, 100],
        [0, 900],
      ]), // uploaded in current: +900
    ];
    const trend = periodTrend(videos, now, 30);
    expect(trend.metric).toBe('views');
    expect(trend.previous).toMatchObject({ uploads: 1, gained: 2500, videosCovered: 2 });
    expect(trend.current).toMatchObject({ uploads: 1, gained: 1800, videosCovered: 3 });
    // Two videos measure the period before: too few for a change (below, five do).
    expect(trend.change).toBeNull();
  });

  it('uses engaged views when every video has them, and warns across a counting change otherwise', () => {
    const engaged = periodTrend(
      [
        video(
          'a',
          50,
          [
            [49, 10],
            [0, 100],
          ],
          true,
        ),
      ],
      now,
      30,
    );
    expect(engaged.metric).toBe('engagedViews');
    expect(engaged.notes).toEqual([]);
    const plain = periodTrend(
      [
        video('a', 50, [
          [49, 10],
          [0, 100],
        ]),
      ],
      new Date('2026-09-10T00:00:00Z'),
      30,
    );
    expect(plain.notes[0]).toMatch(/2026-08-27/);
  });

  it('calls a period no history covers unknown, not zero, and makes no change of it', () => {
    const trend = periodTrend([], now, 30);
    expect(trend.change).toBeNull();
    expect(trend.current).toMatchObject({ uploads: 0, gained: null, videosCovered: 0 });
  });

  it('after the last reading, the periods are unknown rather than "0 gained, −100%"', () => {
    const videos = [
      video('a', 50, [
        [49, 10],
        [0, 100],
      ]),
    ];
    const later = new Date(now.getTime() + 40 * 86_400_000);
    const trend = periodTrend(videos, later, 30);
    expect(trend.current).toMatchObject({ gained: null, videosCovered: 0 });
    expect(trend.change).toBeNull();
  });
  it("reads a daily channel's newest videos from publication to a first reading at day 1, in both days", () => {
    // Published 1.5 and 0.5 days ago, first read at day 1 (as the demo and a daily export read them).
    const videos = [
      video('yesterday', 1.5, [
        [0.5, 1000],
        [0, 1200],
      ]),
      video('today', 0.5, [[0, 600]]),
    ];
    const day = periodTrend(videos, now, 1);
    // "yesterday" had 500 views at the day's turn (halfway to its first reading): 500 the day before, 700 since.
    expect(day.previous).toMatchObject({ uploads: 1, gained: 500, videosCovered: 1 });
    expect(day.current).toMatchObject({ uploads: 1, gained: 700 + 600, videosCovered: 2 });
    // A first reading long after publication is not read back: that video's periods stay unknown.
    const late = periodTrend([video('late', 40, [[0, 5000]])], now, 30);
    expect(late.current).toMatchObject({ gained: null, videosCovered: 0 });
  });

  it('counts a video only where readings at most 1.5 periods apart bracket each end of both periods', () => {
    // A history read at random moments (days before `now`, the last at `now` or before): the oracle is the rule
    // itself, read straight off the readings.
    const readings = fc.uniqueArray(fc.integer({ min: 0, max: 1_000 }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(fc.constantFrom(1, 7, 30), readings, (days, tenths) => {
        const agos = tenths.map((tenth) => (tenth / 1_000) * 3 * days).sort((a, b) => b - a);
        const trend = periodTrend(
          [
            video(
              'v',
              4 * days,
              agos.map((ago, k) => [ago, 1_000 + 10 * k]),
            ),
          ],
          now,
          days,
        );
        const bracketed = (boundaryAgo: number) =>
          agos.some((ago) => ago === boundaryAgo) ||
          agos.some(
            (ago, k) =>
              k + 1 < agos.length &&
              ago > boundaryAgo &&
              (agos[k + 1] as number) < boundaryAgo &&
              ago - (agos[k + 1] as number) <= days * MAX_GAP_PERIODS,
          );
        const counted = [2 * days, days, 0].every(bracketed);
        expect(trend.current.videosCovered).toBe(counted ? 1 : 0);
        expect(trend.previous.videosCovered).toBe(counted ? 1 : 0);
      }),
    );
  });

  it('gives no change between periods measured on fewer than 5 videos, and says how many were too sparse', () => {
    // Read daily: every video measures both days. Read every 3 days: none measures them.
    const daily = (id: string) =>
      video(
        id,
        10,
        [...Array(10).keys()].map((ago) => [9 - ago, 1_000 + 100 * ago]),
      );
    const sparse = video('sparse', 10, [
      [9, 1_000],
      [6, 1_300],
      [3, 1_600],
      [0, 1_900],
    ]);
    const few = periodTrend([daily('a'), daily('b'), daily('c'), daily('d'), sparse], now, 1);
    expect(few.current).toMatchObject({ gained: 400, videosCovered: TREND_MIN_VIDEOS - 1 });
    expect(few).toMatchObject({ change: null, readTooSparsely: 1 });
    const enough = periodTrend([daily('a'), daily('b'), daily('c'), daily('d'), daily('e'), sparse], now, 1);
    expect(enough).toMatchObject({ change: 0, readTooSparsely: 1 });
    // The week: readings 3 days apart are within 1.5 × 7 days, so all six measure it.
    expect(periodTrend([daily('a'), daily('b'), daily('c'), daily('d'), daily('e'), sparse], now, 7)).toMatchObject({
      readTooSparsely: 0,
      current: { videosCovered: 6 },
    });
  });
});
