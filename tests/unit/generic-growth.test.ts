// Generic growth knowledge for channels with few histories (generic-growth.ts): the two shipped constants are what
// their derivations give on the real series they were measured on, and a few-history channel uses them.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnalyticsVideo, channelData, DAY_MS } from '../../src/core/analytics/analytics-video.js';
import { backtest } from '../../src/core/analytics/backtest.js';
import {
  GENERIC_GROWTH_SPREAD,
  GENERIC_SLOPE_PERSISTENCE,
  genericGrowthSpread,
  genericHalvingCoefficient,
  growthSpreadPerLnAge,
  slopePersistence,
  TRENDING_AGE_PAIRS,
} from '../../src/core/analytics/generic-growth.js';
import { fitGrowthModel } from '../../src/core/analytics/post-publish-prediction.js';
import { blankVideo } from '../support/analytics-videos.js';
import { usTrendingVideos } from '../support/real-histories.js';

const START = new Date('2026-01-01T00:00:00Z');
const NOW = new Date(START.getTime() + 400 * DAY_MS);
const AGES = { earlyAgeDays: 3, horizonDays: 30 };

/** A video read once a day from day 1 to day 40 (as Adele's are), its views growing as scale · age^exponent. */
function powerLawVideo(index: number, scale: number, exponent: number): AnalyticsVideo {
  const publishedAt = new Date(START.getTime() + index * DAY_MS);
  const snapshots = Array.from({ length: 40 }, (_, day) => ({
    at: new Date(publishedAt.getTime() + (day + 1) * DAY_MS),
    views: Math.round(scale * (day + 1) ** exponent),
    engagedViews: null,
  }));
  return blankVideo({ id: `v${index}`, publishedAt, isShort: false, snapshots });
}

const channelOf = (count: { minLength: number; maxLength: number }) =>
  fc.array(
    fc.record({
      logScale: fc.double({ min: 3, max: 6, noNaN: true }),
      exponent: fc.double({ min: 0.3, max: 1.5, noNaN: true }),
    }),
    count,
  );

describe('generic growth constants', () => {
  it('are what their derivations give on the 259 US trending videos', () => {
    const videos = usTrendingVideos();
    expect(slopePersistence(videos, TRENDING_AGE_PAIRS)?.toFixed(2)).toBe(GENERIC_SLOPE_PERSISTENCE.toFixed(2));
    expect(growthSpreadPerLnAge(videos, TRENDING_AGE_PAIRS)?.toFixed(2)).toBe(GENERIC_GROWTH_SPREAD.toFixed(2));
  });

  it('recover a persistence and a spread planted in power-law histories', () => {
    // Exponents persist unchanged (κ = 1) and every pair's growth is γ · ln(t_h ÷ t_e).
    const videos = [0.4, 0.6, 0.8, 1.0, 1.2].map((exponent, index) => powerLawVideo(index, 1e6, exponent));
    const pairs: [number, number][] = [
      [4, 8],
      [4, 32],
    ];
    expect(slopePersistence(videos, pairs)).toBeCloseTo(1, 2);
    // The exponents' standard deviation, 0.316: a spread of γ is a spread of ln growth per unit of ln age.
    expect(growthSpreadPerLnAge(videos, pairs)).toBeCloseTo(Math.sqrt(0.1), 2);
  });
});

describe('a channel with too few histories to fit the early-growth term', () => {
  it('takes it from other channels, and is closer than plain Szabo–Huberman when videos keep their pace', () => {
    // Each video grows as a power of its age with an exponent of its own: one still growing fast at day 3 keeps
    // growing fast. Four to nine histories: too few for a fitted halving term (from 10), enough for the generic one.
    fc.assert(
      fc.property(channelOf({ minLength: 5, maxLength: 9 }), (specs) => {
        const videos = specs.map((spec, index) => powerLawVideo(index, 10 ** spec.logScale, spec.exponent));
        const result = backtest(channelData('UTC', videos), {
          ...AGES,
          now: NOW,
          crossValidate: true,
          minEarlierVideos: 3,
        });
        if ('insufficient' in result) throw new Error(result.reason);
        expect(result.n).toBe(videos.length);
        const ours = result.methods.tubepilot.score.meanAbsLog10Error as number;
        const plain = result.methods['plain-szabo-huberman'].score.meanAbsLog10Error as number;
        expect(ours).toBeLessThan(0.8 * plain);
      }),
      { numRuns: 10, seed: 15 },
    );
  });

  it('names the generic term, fits its own from 10 histories, and widens its prior spread with the horizon', () => {
    const videos = Array.from({ length: 12 }, (_, index) => powerLawVideo(index, 1e4 * (index + 1), 0.4 + index / 15));
    const few = fitGrowthModel(videos.slice(0, 6), AGES);
    const many = fitGrowthModel(videos, AGES);
    if ('insufficient' in few || 'insufficient' in many) throw new Error('expected models');
    expect(few.shape).toEqual([
      expect.objectContaining({
        fromAgeDays: 1.5,
        coefficient: genericHalvingCoefficient(3, 30),
        source: 'generic',
      }),
    ]);
    expect(many.shape.length).toBeGreaterThan(0);
    expect(many.shape.every((term) => term.source === undefined)).toBe(true);
    expect(few.interval).toMatchObject({ method: 't-distribution', priorSd: genericGrowthSpread(3, 30) });
    const near = fitGrowthModel(videos.slice(0, 6), { earlyAgeDays: 3, horizonDays: 6 });
    if ('insufficient' in near) throw new Error(near.reason);
    expect(near.interval.priorSd).toBeCloseTo(GENERIC_GROWTH_SPREAD * Math.LN2, 12);
  });
});
