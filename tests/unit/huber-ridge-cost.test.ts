import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type AnalyticsVideo, DAY_MS } from '../../src/core/analytics/analytics-video.js';
import { fitGrowthModel } from '../../src/core/analytics/post-publish-prediction.js';
import { fitHuberRidge, HUBER_SOLVES } from '../../src/core/stats/huber-ridge.js';
import { fitRidge } from '../../src/core/stats/ridge-regression.js';
import { blankVideo } from '../support/analytics-videos.js';

// The robust fit's cost is bounded by construction: every ridge solve is counted (the real solver, wrapped),
// and no input may need more than HUBER_SOLVES per robust fit; fitGrowthModel makes two (without and with the
// growth-curve prior). An open-ended iteration once spent over ten minutes of CPU on one property-test draw.

vi.mock('../../src/core/stats/ridge-regression.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/core/stats/ridge-regression.js')>();
  return { ...actual, fitRidge: vi.fn(actual.fitRidge) };
});

const SOLVES_PER_MODEL = 2 * HUBER_SOLVES;
const START = new Date('2026-01-01T00:00:00Z');
const AGES = { earlyAgeDays: 3, horizonDays: 6 };

/** A video read once a day from day 0.5 to day 7.5, its views at each reading given by `viewsAt(age)`. */
function video(index: number, viewsAt: (ageDays: number) => number): AnalyticsVideo {
  const publishedAt = new Date(START.getTime() + index * DAY_MS);
  const snapshots = Array.from({ length: 8 }, (_, day) => ({
    at: new Date(publishedAt.getTime() + (day + 0.5) * DAY_MS),
    views: viewsAt(day + 0.5),
    engagedViews: null,
  }));
  return blankVideo({ id: `v${index}`, publishedAt, isShort: false, snapshots });
}

function solvesFor(videos: AnalyticsVideo[]): number {
  vi.mocked(fitRidge).mockClear();
  fitGrowthModel(videos, AGES);
  return vi.mocked(fitRidge).mock.calls.length;
}

const channel = (count: number, viewsAt: (index: number, ageDays: number) => number) =>
  Array.from({ length: count }, (_, index) => video(index, (age) => viewsAt(index, age)));

beforeEach(() => {
  vi.mocked(fitRidge).mockClear();
});

describe('the robust growth-model fit', () => {
  it.each([
    ['every video with the same views', channel(30, (_, age) => Math.round(1_000 * age))],
    ['every view count zero', channel(30, () => 0)],
    [
      'an exact power law (no scale to clamp by: the ten-minute draw)',
      channel(40, (i, age) => Math.round(10 ** (3 + (i % 7) / 3) * age ** (0.1 + (i % 5) / 6))),
    ],
    [
      'one video a billion times the others',
      channel(30, (i, age) => Math.round((i === 7 ? 1e12 : 1_000 + 37 * i) * age ** (0.3 + (i % 4) / 10))),
    ],
    ['two videos', channel(2, (i, age) => Math.round(100 * (i + 1) * age))],
    ['three videos', channel(3, (i, age) => Math.round(100 * (i + 1) * age ** (0.2 + i / 5)))],
  ])('stays within two robust fits of solves on %s', (_name, videos) => {
    expect(solvesFor(videos)).toBeLessThanOrEqual(SOLVES_PER_MODEL);
  });

  it('solves at most HUBER_SOLVES times on any rows, extreme or degenerate', () => {
    const value = fc.oneof(fc.constant(0), fc.double({ min: -1e12, max: 1e12, noNaN: true }));
    const data = fc.integer({ min: 1, max: 30 }).chain((n) =>
      fc.record({
        rows: fc.array(fc.array(value, { minLength: 2, maxLength: 2 }), { minLength: n, maxLength: n }),
        y: fc.array(value, { minLength: n, maxLength: n }),
      }),
    );
    fc.assert(
      fc.property(data, ({ rows, y }) => {
        vi.mocked(fitRidge).mockClear();
        fitHuberRidge(rows, y, { lambda: 10 });
        expect(vi.mocked(fitRidge).mock.calls.length).toBeLessThanOrEqual(HUBER_SOLVES);
      }),
      { numRuns: 200 },
    );
  });

  it('makes a fixed number of solves on any channel, however its views grow', () => {
    // Each draw costs at most SOLVES_PER_MODEL solves of ≤ 40 rows: bounded on every draw by construction.
    const growth = fc.record({
      base: fc.oneof(
        fc.constant(0),
        fc.integer({ min: 0, max: 12 }).map((e) => 10 ** e),
      ),
      exponent: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3, noNaN: true })),
    });
    fc.assert(
      fc.property(fc.array(growth, { minLength: 3, maxLength: 40 }), (specs) => {
        const videos = specs.map(({ base, exponent }, index) =>
          video(index, (age) => Math.round(base * age ** exponent)),
        );
        const solves = solvesFor(videos);
        expect(solves).toBeLessThanOrEqual(SOLVES_PER_MODEL);
        // Where a model is fitted, both robust fits run their fixed steps (or fall back to one plain solve each).
        if ('insufficient' in fitGrowthModel(videos, AGES)) expect(solves).toBe(0);
      }),
      { numRuns: 60 },
    );
  });
});
