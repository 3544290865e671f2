import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnalyticsVideo, DAY_MS } from '../../src/core/analytics/analytics-video.js';
import { genericGrowthSpread } from '../../src/core/analytics/generic-growth.js';
import {
  fitGrowthModel,
  fitPlainSzaboHuberman,
  type GrowthModel,
  MIN_VIDEOS_FOR_EMPIRICAL_INTERVAL,
  PRIOR_SPREAD_VIDEOS,
  predictFromEarlyViews,
} from '../../src/core/analytics/post-publish-prediction.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import { blankVideo } from '../support/analytics-videos.js';

// Post-publication 80 % intervals with few histories: the channel's out-of-sample misses pooled with a prior
// spread under Student's t (post-publish-prediction.ts, intervalFrom).

const START = new Date('2026-01-01T00:00:00Z');
const AGES = { earlyAgeDays: 3, horizonDays: 30 };

function pairVideos(pairs: readonly [early: number, horizon: number][]): AnalyticsVideo[] {
  return pairs.map(([early, horizon], i) => {
    const publishedAt = new Date(START.getTime() + i * DAY_MS);
    return blankVideo({
      id: `v${i}`,
      title: `v${i}`,
      durationS: 600,
      publishedAt,
      isShort: false,
      snapshots: [
        { at: new Date(publishedAt.getTime() + AGES.earlyAgeDays * DAY_MS), views: early, engagedViews: null },
        { at: new Date(publishedAt.getTime() + AGES.horizonDays * DAY_MS), views: horizon, engagedViews: null },
      ],
    });
  });
}

function expectModel(fitted: GrowthModel | { insufficient: true; reason: string }): GrowthModel {
  if ('insufficient' in fitted) throw new Error(fitted.reason);
  return fitted;
}

describe('post-publication intervals', () => {
  it('contain the estimate by construction, for any few or many histories', () => {
    const histories = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 1e7 }), fc.double({ min: 1, max: 1_000, noNaN: true })),
      { minLength: 3, maxLength: 30 },
    );
    fc.assert(
      fc.property(histories, fc.integer({ min: 0, max: 1e8 }), (pairs, earlyViews) => {
        const videos = pairVideos(pairs.map(([early, growth]) => [early, Math.round(early * growth)]));
        for (const fitted of [fitGrowthModel(videos, AGES), fitPlainSzaboHuberman(videos, AGES)]) {
          if ('insufficient' in fitted) continue;
          expect(fitted.interval.low).toBeLessThanOrEqual(0);
          expect(fitted.interval.high).toBeGreaterThanOrEqual(0);
          const prediction = predictFromEarlyViews(fitted, earlyViews);
          if ('insufficient' in prediction) return false;
          expect(prediction.low).toBeLessThanOrEqual(prediction.predicted);
          expect(prediction.predicted).toBeLessThanOrEqual(prediction.high);
        }
        return true;
      }),
      { seed: 15 },
    );
  });

  it('lean on the prior spread with few histories and on the channel as they accumulate', () => {
    // Every video grows by exactly ×10 ± 1 %: the channel's own misses are tiny.
    const steady = (count: number) =>
      pairVideos(Array.from({ length: count }, (_, i) => [1_000 * (i + 1), 10_000 * (i + 1) * (i % 2 ? 1.01 : 0.99)]));
    const widths = [3, 5, 10, 19].map((count) => {
      const model = expectModel(fitPlainSzaboHuberman(steady(count), AGES));
      expect(model.interval).toMatchObject({
        method: 't-distribution',
        errors: count,
        priorVideos: PRIOR_SPREAD_VIDEOS,
        degreesOfFreedom: PRIOR_SPREAD_VIDEOS + count - 1,
      });
      return model.interval.high;
    });
    // Each history added dilutes the prior: the interval narrows as the channel proves consistent.
    for (let i = 1; i < widths.length; i++) expect(widths[i]).toBeLessThan(widths[i - 1] as number);
    const many = expectModel(fitPlainSzaboHuberman(steady(MIN_VIDEOS_FOR_EMPIRICAL_INTERVAL), AGES));
    expect(many.interval).toMatchObject({ method: 'empirical-quantiles', priorVideos: 0 });
    expect(many.interval.high).toBeLessThan(0.05);
  });

  it('cover about 80 % of new videos on channels drawn from the model’s own assumptions', () => {
    // Each channel: a spread σ drawn from the prior (σ² = ν₀ σ₀² / χ²_ν₀), a growth factor, 3–19 histories whose
    // ln growth is normal around it; a new video drawn the same way is predicted from its early views.
    const random = new SeededRandom('post-publication coverage');
    const trials = 3_000;
    let covered = 0;
    for (let trial = 0; trial < trials; trial++) {
      let chiSquare = 0;
      for (let k = 0; k < PRIOR_SPREAD_VIDEOS; k++) chiSquare += random.normal() ** 2;
      const sd = genericGrowthSpread(AGES.earlyAgeDays, AGES.horizonDays) * Math.sqrt(PRIOR_SPREAD_VIDEOS / chiSquare);
      // A large growth factor keeps the fitted values above the early views, where nothing is clamped.
      const lnGrowth = random.uniform(12, 14);
      const draw = () => {
        const early = Math.round(random.uniform(100, 100_000));
        return [early, Math.expm1(Math.log1p(early) + lnGrowth + random.normal(0, sd))] as [number, number];
      };
      const count = random.int(3, MIN_VIDEOS_FOR_EMPIRICAL_INTERVAL - 1);
      const model = expectModel(fitPlainSzaboHuberman(pairVideos(Array.from({ length: count }, draw)), AGES));
      const [early, actual] = draw();
      const prediction = predictFromEarlyViews(model, early);
      if ('insufficient' in prediction) throw new Error(prediction.reason);
      if (prediction.low <= actual && actual <= prediction.high) covered++;
    }
    // Three binomial standard deviations around the nominal level.
    const tolerance = 3 * Math.sqrt((0.8 * 0.2) / trials);
    expect(Math.abs(covered / trials - 0.8)).toBeLessThanOrEqual(tolerance);
  });
});
