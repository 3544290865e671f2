import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnalyticsVideo, DAY_MS } from '../../src/core/analytics/analytics-video.js';
import {
  fitGrowthModel,
  type GrowthModel,
  predictFromHistory,
  SLOPE_PRIOR_WEIGHT,
} from '../../src/core/analytics/post-publish-prediction.js';
import { blankVideo } from '../support/analytics-videos.js';

// The multivariate model on every early reading (Pinto et al. in log form): it must find a planted linear
// relation between the growth to the horizon and the growth over the early halvings.

const START = new Date('2026-01-01T00:00:00Z');
const AGES = { earlyAgeDays: 8, horizonDays: 30 };

function video(id: string, index: number, history: [ageDays: number, views: number][]): AnalyticsVideo {
  const publishedAt = new Date(START.getTime() + index * DAY_MS);
  return blankVideo({
    id,
    publishedAt,
    isShort: false,
    snapshots: history.map(([ageDays, views]) => ({
      at: new Date(publishedAt.getTime() + ageDays * DAY_MS),
      views,
      engagedViews: null,
    })),
  });
}

interface EarlyHistory {
  x: number;
  lastHalving: number;
  before: number;
  earliest: number;
}

/** ln(1 + views) at ages 1, 2, 4, 8 from x = ln(1 + N(8)) and the growth over each halving. */
const earlyHistory = fc.record({
  x: fc.double({ min: 5, max: 10, noNaN: true }),
  lastHalving: fc.double({ min: 0, max: 1.5, noNaN: true }),
  before: fc.double({ min: 0, max: 1, noNaN: true }),
  earliest: fc.double({ min: 0, max: 1, noNaN: true }),
});

// Planted: ln(1 + N(30)) = 1 + 0.9 · ln(1 + N(8)) + 0.6 · [ln(1 + N(8)) − ln(1 + N(4))]; the older halvings add nothing.
const planted = (x: number, s1: number) => 1 + 0.9 * x + 0.6 * s1;

function plantedVideo(id: string, index: number, { x, lastHalving, before, earliest }: EarlyHistory): AnalyticsVideo {
  const at4 = x - lastHalving;
  const at2 = at4 - before;
  const at1 = at2 - earliest;
  const y = planted(x, lastHalving);
  return video(id, index, [
    [1, Math.expm1(at1)],
    [2, Math.expm1(at2)],
    [4, Math.expm1(at4)],
    [8, Math.expm1(x)],
    [30, Math.expm1(y)],
  ]);
}

function expectModel(result: ReturnType<typeof fitGrowthModel>): GrowthModel {
  if ('insufficient' in result) throw new Error(result.reason);
  return result;
}

describe('the early-readings model', () => {
  const samples = fc.sample(earlyHistory, { seed: 15, numRuns: 2_000 });
  const videos = samples.map((sample, index) => plantedVideo(`v${index}`, index, sample));
  const model = expectModel(fitGrowthModel(videos, AGES));

  it('recovers a planted linear relation on the early halvings, up to the ridge shrinkage', () => {
    // With 2,000 videos the ridge keeps about n / (n + 10) of each coefficient, a little less for correlated ones.
    const keep = 2_000 / (2_000 + SLOPE_PRIOR_WEIGHT);
    expect(model.n).toBe(2_000);
    expect(model.shape.map((term) => term.fromAgeDays)).toEqual([4, 2, 1]);
    expect(model.b - 1).toBeCloseTo(-0.1, 2);
    expect(model.shape[0]?.coefficient).toBeGreaterThan(0.58);
    expect(model.shape[0]?.coefficient).toBeLessThanOrEqual(0.6 * keep);
    expect(Math.abs(model.shape[1]?.coefficient as number)).toBeLessThan(0.02);
    expect(Math.abs(model.shape[2]?.coefficient as number)).toBeLessThan(0.02);
    expect(model.residualSd).toBeLessThan(0.02);
  });

  it('predicts a new video from its own readings, higher when it is still gaining fast', () => {
    const [steady, rising] = [0.1, 1.4].map((lastHalving, index) =>
      plantedVideo(`new${index}`, 3_000, { x: 8, lastHalving, before: 0.5, earliest: 0.5 }),
    );
    for (const [subject, lastHalving] of [
      [steady, 0.1],
      [rising, 1.4],
    ] as const) {
      const prediction = predictFromHistory(model, subject as AnalyticsVideo);
      if ('insufficient' in prediction) throw new Error(prediction.reason);
      expect(Math.log1p(prediction.predicted)).toBeCloseTo(planted(8, lastHalving), 1);
      expect(prediction.low).toBeLessThanOrEqual(prediction.predicted);
      expect(prediction.high).toBeGreaterThanOrEqual(prediction.predicted);
    }
  });

  it('takes a video without a reading at a halving as typical there instead of refusing it', () => {
    const partial = video('partial', 3_000, [
      [8, Math.expm1(8)],
      [9, Math.expm1(8.1)],
    ]);
    const prediction = predictFromHistory(model, partial);
    if ('insufficient' in prediction) throw new Error(prediction.reason);
    expect(Number.isFinite(prediction.predicted)).toBe(true);
    expect(prediction.predicted).toBeGreaterThanOrEqual(Math.expm1(8));
  });

  it('leaves the growth of a channel with few histories to those histories, and pulls a larger noisy one toward its curve', () => {
    // Below 10 training videos the curve is read from those same videos (5 spanning a step) or is the hand-set
    // generic shape: no evidence of its own, so the intercept is the histories' (robust) mean growth, here 0.9.
    const noisyChannel = (growths: readonly number[]) =>
      growths.map((growth, index) =>
        video(`n${index}`, index, [
          [8, 1_000],
          [30, 1_001 * Math.exp(growth) - 1],
        ]),
      );
    const few = expectModel(fitGrowthModel(noisyChannel([0.5, 0.9, 1.3]), AGES));
    expect(few.prior).toBeNull();
    expect(few.a).toBeCloseTo(0.9, 9);
    const many = expectModel(fitGrowthModel(noisyChannel([0.2, 1.8, 0.9, 0.5, 1.4, 0.7, 1.1, 0.3, 1.6, 1.0]), AGES));
    expect(many.prior?.weight).toBeGreaterThan(0);
    const exact = Array.from({ length: 10 }, (_, index) =>
      video(`e${index}`, index, [
        [8, 1_000 * (index + 1)],
        [30, (1_000 * (index + 1) + 1) * Math.exp(0.9) - 1],
      ]),
    );
    const consistent = expectModel(fitGrowthModel(exact, AGES));
    expect(consistent.prior?.weight).toBeCloseTo(0, 12);
    expect(consistent.a).toBeCloseTo(0.9, 9);
  });
});
