import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnalyticsVideo, DAY_MS } from '../../src/core/analytics/analytics-video.js';
import {
  appendViewHistory,
  HistoryStore,
  interpolationPoint,
  storedViewsAtAge,
  viewHistory,
  viewsAtAge,
  viewsBetweenPoints,
} from '../../src/core/analytics/views-at-age.js';
import { blankVideo } from '../support/analytics-videos.js';

const publishedAt = new Date('2026-01-01T00:00:00Z');
const at = (days: number) => new Date(publishedAt.getTime() + Math.round(days * DAY_MS));

function video(
  snapshots: { days: number; views: number }[],
  latest: { days: number; views: number } | null = null,
): AnalyticsVideo {
  return blankVideo({
    id: 'v',
    publishedAt,
    views: latest?.views ?? null,
    statsAt: latest ? at(latest.days) : null,
    snapshots: snapshots.map((point) => ({ at: at(point.days), views: point.views, engagedViews: null })),
  });
}

const points = fc.array(
  fc.record({ days: fc.double({ min: 0, max: 400, noNaN: true }), views: fc.integer({ min: 0, max: 1e7 }) }),
  {
    maxLength: 10,
  },
);

describe('views at age', () => {
  it('reads exact values at readings, log-log interpolation between them, nothing past the last', () => {
    const subject = video(
      [
        { days: 1, views: 100 },
        { days: 4, views: 300 },
      ],
      { days: 16, views: 500 },
    );
    expect(viewsAtAge(subject, 1)).toBe(100);
    // Half way from 1 to 4 days in log(age) is half way in log(1 + views): the geometric mean of 101 and 301.
    expect(viewsAtAge(subject, 2)).toBeCloseTo(Math.sqrt(101 * 301) - 1, 9);
    expect(viewsAtAge(subject, 8)).toBeCloseTo(Math.sqrt(301 * 501) - 1, 9);
    expect(viewsAtAge(subject, 16)).toBe(500);
    expect(viewsAtAge(subject, 17)).toBeNull();
    expect(viewsAtAge(subject, 0)).toBe(0);
    expect(viewsAtAge(subject, 0.5)).toBeNull();
  });

  it('builds the same history whatever order the readings come in, and never lets views fall', () => {
    fc.assert(
      fc.property(points, (readings) => {
        const forward = viewHistory(video(readings));
        expect(viewHistory(video([...readings].reverse()))).toEqual(forward);
        for (let index = 1; index < forward.length; index++) {
          expect(forward[index]?.ageDays).toBeGreaterThan(forward[index - 1]?.ageDays as number);
          expect(forward[index]?.views).toBeGreaterThanOrEqual(forward[index - 1]?.views as number);
        }
      }),
    );
  });

  it('is non-decreasing in age wherever the history covers it', () => {
    fc.assert(
      fc.property(
        points,
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        (readings, a, b) => {
          const subject = video(readings);
          const [younger, older] = a <= b ? [a, b] : [b, a];
          const early = viewsAtAge(subject, younger);
          const late = viewsAtAge(subject, older);
          if (early !== null && late !== null) expect(late).toBeGreaterThanOrEqual(early - 1e-9);
        },
      ),
    );
  });

  it('is exact at every reading, and between two lies on the line of log(1 + views) against log(age)', () => {
    // Irregular periodic snapshots: a reading every 1–4 days at any hour, views never falling.
    const snapshots = fc
      .array(
        fc.record({ gap: fc.double({ min: 0.05, max: 4, noNaN: true }), gain: fc.integer({ min: 0, max: 1e6 }) }),
        {
          minLength: 2,
          maxLength: 12,
        },
      )
      .map((steps) => {
        let days = 0;
        let views = 0;
        return steps.map(({ gap, gain }) => {
          days += gap;
          views += gain;
          return { days, views };
        });
      });
    fc.assert(
      fc.property(snapshots, fc.double({ min: 0, max: 1, noNaN: true }), (readings, fraction) => {
        const subject = video(readings);
        const history = viewHistory(subject);
        for (const point of history) expect(viewsAtAge(subject, point.ageDays)).toBe(point.views);
        for (let index = 1; index < history.length; index++) {
          const before = history[index - 1] as { ageDays: number; views: number };
          const after = history[index] as { ageDays: number; views: number };
          // Clamped: rounding must not carry the age past the later reading.
          const age = Math.min(after.ageDays, before.ageDays * (after.ageDays / before.ageDays) ** fraction);
          const views = viewsAtAge(subject, age) as number;
          expect(views).toBeGreaterThanOrEqual(before.views);
          expect(views).toBeLessThanOrEqual(after.views);
          const position = Math.log(age / before.ageDays) / Math.log(after.ageDays / before.ageDays);
          const expected = Math.log1p(before.views) + (Math.log1p(after.views) - Math.log1p(before.views)) * position;
          expect(Math.log1p(views)).toBeCloseTo(expected, 6);
        }
      }),
    );
  });

  it('reads each history exactly as the formula says, however often its store is refilled with others', () => {
    // viewsAtAge refills one shared store per call and caches its logarithms per point: a stale cache would read
    // one video's views through another's. The formula is written out, so the figures must match to the bit.
    const formula = (history: { ageDays: number; views: number }[], age: number) => {
      const after = history.findIndex((point) => point.ageDays >= age);
      const { ageDays: afterAge, views: afterViews } = history[after] as { ageDays: number; views: number };
      if (after === 0 || afterAge === age) return afterViews;
      const { ageDays: beforeAge, views: beforeViews } = history[after - 1] as { ageDays: number; views: number };
      if (beforeAge <= 0) return beforeViews + ((afterViews - beforeViews) * age) / afterAge;
      const position = Math.log(age / beforeAge) / Math.log(afterAge / beforeAge);
      const logBefore = Math.log1p(beforeViews);
      const interpolated = Math.expm1(logBefore + (Math.log1p(afterViews) - logBefore) * position);
      return Math.min(afterViews, Math.max(beforeViews, interpolated));
    };
    fc.assert(
      fc.property(
        fc.array(points, { minLength: 2, maxLength: 4 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
        (videos, fractions) => {
          const subjects = videos.map((readings) => video(readings));
          for (const fraction of fractions)
            for (const subject of subjects) {
              const history = viewHistory(subject);
              const last = history[history.length - 1];
              if (last === undefined) continue;
              const age = (history[0]?.ageDays as number) + fraction * (last.ageDays - (history[0]?.ageDays as number));
              expect(viewsAtAge(subject, age)).toBe(formula(history, age));
            }
        },
      ),
    );
  });

  it('names the two readings it interpolates between in log-log exactly when it does, and the read lies between them', () => {
    // Baselines rank peers by these two readings' views before reading them (age-matched-baseline.ts): a read
    // outside them, or one interpolationPoint misses, would give a wrong median.
    fc.assert(
      fc.property(
        points,
        fc.array(fc.double({ min: -1, max: 401, noNaN: true }), { maxLength: 8 }),
        (readings, ages) => {
          const store = new HistoryStore(1);
          store.push(3, 7); // another history before this one: positions are the store's, not the history's
          const start = store.length;
          const end = start + appendViewHistory(store, video(readings), null);
          const history = viewHistory(video(readings));
          for (const age of [...ages, ...history.map((point) => point.ageDays)]) {
            const after = interpolationPoint(store, start, end, age);
            const read = storedViewsAtAge(store, start, end, age);
            const between = history.findIndex((point, index) => index > 0 && point.ageDays > age);
            const logLog =
              between > 0 &&
              age > (history[between - 1]?.ageDays as number) &&
              (history[between - 1]?.ageDays as number) > 0;
            expect(after).toBe(logLog ? start + between : -1);
            if (after < 0) continue;
            expect(viewsBetweenPoints(store, after, age)).toBe(read);
            expect(read).toBeGreaterThanOrEqual(store.views[after - 1] as number);
            expect(read).toBeLessThanOrEqual(store.views[after] as number);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
