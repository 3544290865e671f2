import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnalyticsVideo,
  type ChannelData,
  channelData,
  DAY_MS,
} from '../../src/core/analytics/analytics-video.js';
import { backtest } from '../../src/core/analytics/backtest.js';
import type { EffectEstimate } from '../../src/core/analytics/effect-estimate.js';
import {
  fitGrowthModel,
  fitPlainSzaboHuberman,
  type GrowthModel,
  PRIOR_SPREAD_VIDEOS,
  predictFromEarlyViews,
  predictVideo,
} from '../../src/core/analytics/post-publish-prediction.js';
import { predictPlanned } from '../../src/core/analytics/pre-publish-prediction.js';
import { scorePredictions } from '../../src/core/analytics/prediction-accuracy.js';
import { quantile } from '../../src/core/stats/summary-statistics.js';
import { blankVideo, withViewsChangedAfter } from '../support/analytics-videos.js';

const START = new Date('2026-01-01T00:00:00Z');
const AGES = { earlyAgeDays: 3, horizonDays: 30 };

/** A video whose cumulative views are known at the given ages (days after `publishedAt`). */
function videoWithHistory(
  id: string,
  publishedAt: Date | null,
  history: [ageDays: number, views: number][],
): AnalyticsVideo {
  const published = publishedAt ?? START;
  return blankVideo({
    id,
    title: id,
    durationS: 40,
    publishedAt,
    isShort: true,
    snapshots: history.map(([ageDays, views]) => ({
      at: new Date(published.getTime() + ageDays * DAY_MS),
      views,
      engagedViews: null,
    })),
  });
}

/** Views known only at the early age and the horizon, one video a day. */
function pairVideos(pairs: [early: number, horizon: number][]): AnalyticsVideo[] {
  return pairs.map(([early, horizon], i) =>
    videoWithHistory(`v${i}`, new Date(START.getTime() + i * DAY_MS), [
      [AGES.earlyAgeDays, early],
      [AGES.horizonDays, horizon],
    ]),
  );
}

/** Saturating growth, the same shape for every video: views(t) = finalViews · (1 − e^(−t/4)). */
function saturatingHistory(finalViews: number, days: number): [number, number][] {
  return Array.from({ length: days }, (_, i) => [i + 1, Math.round(finalViews * (1 - Math.exp(-(i + 1) / 4)))]);
}

function expectModel(result: ReturnType<typeof fitGrowthModel>): GrowthModel {
  if ('insufficient' in result) throw new Error(`expected a model: ${result.reason}`);
  return result;
}

function expectAllFinite(values: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'number') expect(Number.isFinite(value), `${key} = ${value}`).toBe(true);
  }
}

describe('fitGrowthModel and fitPlainSzaboHuberman', () => {
  it('recover a = ln c, b = 1 and zero residuals exactly when 1 + N_h = c · (1 + N_e)', () => {
    // The model is fitted on ln(1 + views), so this is the exact form of "N_h = c · N_e".
    const c = 3.5;
    const videos = pairVideos([10, 250, 4_000, 70_000, 1_200_000, 9].map((early) => [early, c * (early + 1) - 1]));
    for (const model of [expectModel(fitGrowthModel(videos, AGES)), expectModel(fitPlainSzaboHuberman(videos, AGES))]) {
      expect(model.a).toBeCloseTo(Math.log(c), 10);
      expect(model.b).toBeCloseTo(1, 10);
      expect(model.residualSd).toBeCloseTo(0, 10);
      expect(model.n).toBe(6);
      const prediction = predictFromEarlyViews(model, 999);
      if ('insufficient' in prediction) throw new Error(prediction.reason);
      expect(prediction.predicted).toBeCloseTo(c * 1000 - 1, 6);
      // No misses, yet six videos do not make a certainty: the interval is the prior spread alone, under t.
      expect(model.interval).toMatchObject({ method: 't-distribution', errors: 6, priorVideos: PRIOR_SPREAD_VIDEOS });
      const alone = model.interval.priorSd * Math.sqrt(PRIOR_SPREAD_VIDEOS / model.interval.degreesOfFreedom);
      expect(model.interval.high).toBeGreaterThan(alone);
      expect(Math.log1p(prediction.high) - Math.log1p(prediction.predicted)).toBeCloseTo(model.interval.high, 9);
      expect(Math.log1p(prediction.predicted) - Math.log1p(prediction.low)).toBeCloseTo(model.interval.high, 9);
    }
    expect(expectModel(fitGrowthModel(videos, AGES)).kind).toBe('log-linear');
    expect(expectModel(fitPlainSzaboHuberman(videos, AGES)).kind).toBe('plain-sh');
  });

  it('recover a ≈ ln c and b ≈ 1 when N_h = c · N_e at realistic view counts', () => {
    const c = 4;
    const videos = pairVideos([2_000, 15_000, 80_000, 400_000, 3_000_000].map((early) => [early, c * early]));
    const model = expectModel(fitGrowthModel(videos, AGES));
    expect(model.a).toBeCloseTo(Math.log(c), 3);
    expect(model.b).toBeCloseTo(1, 4);
    expect(model.residualSd).toBeLessThan(1e-3);
  });

  it('shrinks the slope toward 1 by b = (n · b_ols + 10) / (n + 10)', () => {
    // True slope 0.5: 1 + N_h = 1000 · (1 + N_e)^0.5, above N_e over the range used (cumulative views never fall).
    const pairsWithSlopeHalf = (count: number) =>
      pairVideos(
        Array.from({ length: count }, (_, i) => {
          const early = 100 * 1.05 ** i;
          return [early, 1_000 * Math.sqrt(early + 1) - 1] as [number, number];
        }),
      );
    const few = expectModel(fitGrowthModel(pairsWithSlopeHalf(5), AGES));
    expect(few.bOls).toBeCloseTo(0.5, 8);
    expect(few.b).toBeCloseTo((5 * 0.5 + 10) / 15, 8);
    const many = expectModel(fitGrowthModel(pairsWithSlopeHalf(90), AGES));
    expect(many.b).toBeCloseTo((90 * 0.5 + 10) / 100, 8);
    // Shrinkage leaves residuals, so the interval no longer collapses.
    expect(few.residualSd).toBeGreaterThan(0);
  });

  it('uses a t interval below 20 training videos and empirical residual quantiles from 20', () => {
    const noisyPairs = (count: number) =>
      pairVideos(
        Array.from({ length: count }, (_, i) => [1_000 * (i + 1), 5_000 * (i + 1) * (i % 2 === 0 ? 1.2 : 0.8)]),
      );
    const small = expectModel(fitGrowthModel(noisyPairs(19), AGES));
    expect(small.interval.method).toBe('t-distribution');
    expect(small.interval.high).toBeCloseTo(-small.interval.low, 12);
    const large = expectModel(fitGrowthModel(noisyPairs(20), AGES));
    expect(large.interval.method).toBe('empirical-quantiles');
    expect(large.interval.low).toBeLessThanOrEqual(0);
    expect(large.interval.high).toBeGreaterThanOrEqual(0);
  });

  it('fixes the slope at 1 when every video had the same early views', () => {
    const model = expectModel(
      fitGrowthModel(
        pairVideos([
          [500, 1_000],
          [500, 2_000],
          [500, 4_000],
        ]),
        AGES,
      ),
    );
    expect(model.kind).toBe('plain-sh');
    expect(model.bOls).toBeNull();
    expect(model.b).toBe(1);
  });

  it('say why, without NaN or throwing, for degenerate data', () => {
    const cases: [string, AnalyticsVideo[], RegExp][] = [
      ['no videos', [], /only 0 video/],
      ['one video', pairVideos([[100, 500]]), /only 1 video/],
      [
        'all-zero views',
        pairVideos([
          [0, 0],
          [0, 0],
          [0, 0],
          [0, 0],
        ]),
        /no training video had any views/,
      ],
      [
        'histories too short',
        [1, 2, 3, 4].map((i) =>
          videoWithHistory(`v${i}`, START, [
            [1, 10 * i],
            [5, 50 * i],
          ]),
        ),
        /only 0 video/,
      ],
      ['no snapshots', [1, 2, 3].map((i) => videoWithHistory(`v${i}`, START, [])), /only 0 video/],
      [
        'no publish time',
        [1, 2, 3].map((i) => videoWithHistory(`v${i}`, null, saturatingHistory(1_000, 40))),
        /only 0 video/,
      ],
    ];
    for (const [label, videos, reason] of cases) {
      for (const result of [fitGrowthModel(videos, AGES), fitPlainSzaboHuberman(videos, AGES)]) {
        expect(result, label).toMatchObject({ insufficient: true, reason: expect.stringMatching(reason) });
        expectAllFinite(result as unknown as Record<string, unknown>);
      }
    }
  });

  it('reject a horizon that does not come after the early age', () => {
    const videos = pairVideos([
      [100, 500],
      [200, 900],
      [300, 1_500],
    ]);
    expect(fitGrowthModel(videos, { earlyAgeDays: 7, horizonDays: 7 })).toMatchObject({ insufficient: true, n: 0 });
    expect(fitGrowthModel(videos, { earlyAgeDays: 0, horizonDays: 7 })).toMatchObject({ insufficient: true, n: 0 });
  });
});

describe('predictFromEarlyViews', () => {
  const arbitraryModel = fc
    .record({
      a: fc.double({ min: -5, max: 8, noNaN: true }),
      b: fc.double({ min: 0.01, max: 2, noNaN: true }),
      low: fc.double({ min: -3, max: 0, noNaN: true }),
      high: fc.double({ min: 0, max: 3, noNaN: true }),
      n: fc.integer({ min: 3, max: 500 }),
    })
    .map(
      ({ a, b, low, high, n }): GrowthModel => ({
        kind: 'log-linear',
        earlyAgeDays: 1,
        horizonDays: 30,
        a,
        b,
        shape: [],
        bOls: b,
        prior: null,
        residualSd: (high - low) / 2.56,
        residualQuantiles: { q10: low, q90: high },
        interval: {
          method: 'empirical-quantiles',
          low,
          high,
          errors: n,
          priorVideos: 0,
          degreesOfFreedom: 0,
          priorSd: 0,
        },
        n,
      }),
    );
  const arbitraryViews = fc.integer({ min: 0, max: 1e9 });

  it('gives an interval that contains the point, never below the early views, never NaN', () => {
    fc.assert(
      fc.property(arbitraryModel, arbitraryViews, (model, earlyViews) => {
        const prediction = predictFromEarlyViews(model, earlyViews);
        if ('insufficient' in prediction) return false;
        expectAllFinite(prediction as unknown as Record<string, unknown>);
        return (
          prediction.low <= prediction.predicted &&
          prediction.predicted <= prediction.high &&
          prediction.predicted >= earlyViews &&
          prediction.low >= earlyViews
        );
      }),
    );
  });

  it('is monotone in early views when b > 0', () => {
    fc.assert(
      fc.property(arbitraryModel, arbitraryViews, arbitraryViews, (model, first, second) => {
        const [smaller, larger] = first <= second ? [first, second] : [second, first];
        const atSmaller = predictFromEarlyViews(model, smaller);
        const atLarger = predictFromEarlyViews(model, larger);
        if ('insufficient' in atSmaller || 'insufficient' in atLarger) return false;
        return (
          atSmaller.predicted <= atLarger.predicted && atSmaller.low <= atLarger.low && atSmaller.high <= atLarger.high
        );
      }),
    );
  });

  it('holds for models fitted on arbitrary histories too', () => {
    const arbitraryPairs = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 1e8 }), fc.double({ min: 1, max: 100, noNaN: true })),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(arbitraryPairs, arbitraryViews, (pairs, earlyViews) => {
        const videos = pairVideos(pairs.map(([early, growth]) => [early, Math.round(early * growth)]));
        for (const fitted of [fitGrowthModel(videos, AGES), fitPlainSzaboHuberman(videos, AGES)]) {
          expectAllFinite(fitted as unknown as Record<string, unknown>);
          if ('insufficient' in fitted) {
            expect(fitted.reason.length).toBeGreaterThan(0);
            continue;
          }
          const prediction = predictFromEarlyViews(fitted, earlyViews);
          if ('insufficient' in prediction) return false;
          expectAllFinite(prediction as unknown as Record<string, unknown>);
          expect(prediction.low).toBeLessThanOrEqual(prediction.predicted);
          expect(prediction.predicted).toBeLessThanOrEqual(prediction.high);
          expect(prediction.predicted).toBeGreaterThanOrEqual(earlyViews);
        }
        return true;
      }),
    );
  });

  it('raises a fitted value below the early views to them, and says so', () => {
    const model = expectModel(
      fitGrowthModel(
        pairVideos([
          [10, 100],
          [100, 300],
          [1_000, 1_100],
          [5_000, 5_200],
        ]),
        AGES,
      ),
    );
    expect(model.b).toBeLessThan(1);
    const prediction = predictFromEarlyViews(model, 1e9);
    expect(prediction).toMatchObject({ predicted: 1e9, low: 1e9, clampedToEarlyViews: true });
    const ordinary = predictFromEarlyViews(model, 50);
    expect(ordinary).toMatchObject({ clampedToEarlyViews: false, level: 0.8, n: 4 });
  });

  it('refuses early views that are not a count', () => {
    const model = expectModel(
      fitGrowthModel(
        pairVideos([
          [10, 100],
          [100, 300],
          [1_000, 1_100],
        ]),
        AGES,
      ),
    );
    for (const earlyViews of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(predictFromEarlyViews(model, earlyViews)).toMatchObject({ insufficient: true, n: 3 });
    }
  });
});

describe('predictVideo', () => {
  // 30 videos a day apart, each with 40 days of daily history; the last one is the video to predict.
  const historyVideos = Array.from({ length: 30 }, (_, i) =>
    videoWithHistory(`old${i}`, new Date(START.getTime() + i * DAY_MS), saturatingHistory(1_000 * (i + 1), 40)),
  );
  const newPublishedAt = new Date(START.getTime() + 80 * DAY_MS);
  const newVideo = videoWithHistory('new', newPublishedAt, saturatingHistory(50_000, 40));
  const channel: ChannelData = channelData('UTC', [...historyVideos, newVideo]);
  const atAge = (days: number) => new Date(newPublishedAt.getTime() + days * DAY_MS);

  it('predicts from the latest reading of the video, seeing only what is known by then', () => {
    const result = predictVideo(channel, 'new', atAge(5.5), 30);
    if ('insufficient' in result || result.kind !== 'prediction') throw new Error('expected a prediction');
    // Read daily, so at 5.5 days old its latest reading is day 5.
    expect(result.earlyAgeDays).toBe(5);
    expect(result.earlyViews).toBe(saturatingHistory(50_000, 5)[4]?.[1]);
    expect(result.model.n).toBe(30);
    // Every video grows alike, so the prediction is close to the truth and its interval is narrow.
    const actual = saturatingHistory(50_000, 30)[29]?.[1] as number;
    expect(result.predicted / actual).toBeCloseTo(1, 2);
    expect(result.low).toBeLessThanOrEqual(result.predicted);
    expect(result.high).toBeGreaterThanOrEqual(result.predicted);
  });

  it('starts from day 8 once the video is 8 days old', () => {
    const result = predictVideo(channel, 'new', atAge(8), 30);
    expect(result).toMatchObject({ kind: 'prediction', earlyAgeDays: 8, horizonDays: 30 });
  });

  it('returns the recorded views, labelled, once the horizon has passed', () => {
    expect(predictVideo(channel, 'new', atAge(35), 30)).toMatchObject({
      kind: 'actual',
      views: saturatingHistory(50_000, 30)[29]?.[1],
    });
  });

  it('says why when it cannot predict', () => {
    expect(predictVideo(channel, 'new', atAge(0.5), 30)).toMatchObject({
      insufficient: true,
      reason: expect.stringMatching(/0\.5 days old; a prediction needs day 1/),
    });
    expect(predictVideo(channel, 'missing', atAge(5), 30)).toMatchObject({
      insufficient: true,
      reason: expect.stringMatching(/no video/),
    });
    const lonely: ChannelData = channelData('UTC', [newVideo, historyVideos[0] as AnalyticsVideo]);
    const result = predictVideo(lonely, 'new', atAge(5.5), 30);
    expect(result).toMatchObject({ insufficient: true, n: 1, reason: expect.stringMatching(/day 3: only 1 video/) });
    expect(predictVideo(channel, 'new', atAge(0.2), 0.5)).toMatchObject({
      insufficient: true,
      reason: expect.stringMatching(/horizon must be later than day 1/),
    });
    const unknownTime = { ...newVideo, publishedAt: null };
    expect(predictVideo(channelData('UTC', [unknownTime]), 'new', atAge(5), 30)).toMatchObject({
      insufficient: true,
      reason: expect.stringMatching(/publish time/),
    });
  });
});

describe('predictPlanned', () => {
  const baseline = [100, 200, 300, 400, 500];
  const effect = (overrides: Partial<EffectEstimate>): EffectEstimate => ({
    dimension: 'topic',
    group: 'eggs',
    n: 20,
    rawEffect: Math.log(2),
    effect: Math.log(2),
    low: Math.log(1.5),
    high: Math.log(2.5),
    sd: 0.2,
    multiplier: 2,
    confidence: 'medium',
    ...overrides,
  });

  it('is the baseline median with the baseline spread of log views when no effect applies', () => {
    const result = predictPlanned({ baselineViewsAtHorizon: baseline, effects: [] });
    if ('insufficient' in result) throw new Error(result.reason);
    const logViews = baseline.map(Math.log1p);
    const center = Math.log1p(300);
    expect(result.predicted).toBe(300);
    expect(result.low).toBeCloseTo(300 * Math.exp(-(center - (quantile(logViews, 0.1) as number))), 8);
    expect(result.high).toBeCloseTo(300 * Math.exp((quantile(logViews, 0.9) as number) - center), 8);
    expect(result).toMatchObject({ level: 0.8, n: 5 });
  });

  it('multiplies in the effects and adds their half-widths in quadrature', () => {
    const withoutEffects = predictPlanned({ baselineViewsAtHorizon: baseline, effects: [] });
    const result = predictPlanned({ baselineViewsAtHorizon: baseline, effects: [effect({})] });
    if ('insufficient' in result || 'insufficient' in withoutEffects) throw new Error('expected predictions');
    expect(result.predicted).toBeCloseTo(600, 8);
    const baselineLow = Math.log(300 / withoutEffects.low);
    expect(Math.log(result.predicted / result.low)).toBeCloseTo(Math.hypot(baselineLow, Math.log(2 / 1.5)), 8);
    expect(result.basis).toHaveLength(2);
    expect(result.basis[1]).toBe('topic = eggs: +100% [+50%, +150%], n=20, medium confidence');
  });

  it('applies an effect of too few videos to rate, with its interval, and says so', () => {
    const result = predictPlanned({
      baselineViewsAtHorizon: baseline,
      effects: [effect({ confidence: 'insufficient', n: 2 })],
    });
    expect(result).toMatchObject({
      predicted: expect.closeTo(600, 8),
      basis: [expect.any(String), 'topic = eggs: +100% [+50%, +150%], n=2, too few videos to rate'],
    });
  });

  it('leaves out an effect that is not a number, and says so', () => {
    const result = predictPlanned({ baselineViewsAtHorizon: baseline, effects: [effect({ effect: Number.NaN })] });
    expect(result).toMatchObject({
      predicted: 300,
      basis: [expect.any(String), 'topic = eggs: not a number, not applied'],
    });
  });

  it('needs at least 5 baseline videos', () => {
    expect(predictPlanned({ baselineViewsAtHorizon: [100, 200, 300, Number.NaN, 400], effects: [] })).toMatchObject({
      insufficient: true,
      n: 4,
    });
  });

  it('always gives an interval around a finite point', () => {
    const arbitraryEffect = fc
      .record({
        effect: fc.double({ min: -3, max: 3, noNaN: true }),
        low: fc.double({ min: 0, max: 2, noNaN: true }),
        high: fc.double({ min: 0, max: 2, noNaN: true }),
      })
      .map(({ effect: value, low, high }) => effect({ effect: value, low: value - low, high: value + high }));
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e9 }), { maxLength: 40 }),
        fc.array(arbitraryEffect, { maxLength: 5 }),
        (views, effects) => {
          const result = predictPlanned({ baselineViewsAtHorizon: views, effects });
          if ('insufficient' in result) return result.n < 5;
          expectAllFinite(result as unknown as Record<string, unknown>);
          return result.low <= result.predicted && result.predicted <= result.high;
        },
      ),
    );
  });
});

describe('scorePredictions', () => {
  it('gives 0 error, coverage 1 and no bias for perfect predictions', () => {
    const arbitraryPair = fc
      .tuple(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }))
      .map(([actual, below, above]) => ({
        predicted: actual,
        low: Math.max(0, actual - below),
        high: actual + above,
        actual,
      }));
    fc.assert(
      fc.property(fc.array(arbitraryPair, { minLength: 1 }), (pairs) => {
        const score = scorePredictions(pairs);
        return score.n === pairs.length && score.medianAbsLog10Error === 0 && score.coverage === 1 && score.bias === 0;
      }),
    );
  });

  it('measures errors as log10 of views + 1', () => {
    const score = scorePredictions([
      { predicted: 99, low: 50, high: 200, actual: 999 },
      { predicted: 999, low: 500, high: 2_000, actual: 999 },
      { predicted: 0, low: 0, high: 10, actual: 9 },
    ]);
    expect(score.n).toBe(3);
    expect(score.medianAbsLog10Error).toBeCloseTo(1, 12);
    expect(score.coverage).toBeCloseTo(2 / 3, 12);
    expect(score.bias).toBeCloseTo(-1, 12);
  });

  it('skips pairs that are not counts and reports nothing for none', () => {
    expect(scorePredictions([])).toEqual({ n: 0, medianAbsLog10Error: null, coverage: null, bias: null });
    const score = scorePredictions([
      { predicted: Number.NaN, low: 0, high: 1, actual: 1 },
      { predicted: 10, low: 5, high: 20, actual: -1 },
      { predicted: 10, low: 5, high: 20, actual: 10 },
    ]);
    expect(score).toEqual({ n: 1, medianAbsLog10Error: 0, coverage: 1, bias: 0 });
  });
});

describe('backtest on synthetic histories', () => {
  // 40 videos a day apart, 40 days of daily history each, final views spread over two orders of magnitude.
  const videos = Array.from({ length: 40 }, (_, i) =>
    videoWithHistory(`v${i}`, new Date(START.getTime() + i * DAY_MS), saturatingHistory(1_000 * 1.12 ** i, 40)),
  );
  const now = new Date(START.getTime() + 100 * DAY_MS);
  const options = { earlyAgeDays: 2, horizonDays: 7, now };

  it('scores all four methods on the same videos, in publish order', () => {
    const result = backtest(channelData('UTC', videos), options);
    if ('insufficient' in result) throw new Error(result.reason);
    // Video i is predicted at its day 2 from the videos whose day 7 had passed by then (i − 4 of them), once
    // there are 10: from video 14 on.
    expect(result.n).toBe(26);
    expect(result.methods.tubepilot.predictions.map((prediction) => prediction.id)).toEqual(
      videos.slice(14).map((video) => video.id),
    );
    for (const method of Object.values(result.methods)) expect(method.score.n).toBe(26);
    // Every video grows alike: the growth models are near exact, the channel median and persistence are not.
    expect(result.methods.tubepilot.score.medianAbsLog10Error).toBeLessThan(0.01);
    expect(result.methods['plain-szabo-huberman'].score.medianAbsLog10Error).toBeLessThan(0.01);
    expect(result.methods['channel-median'].score.medianAbsLog10Error).toBeGreaterThan(0.2);
    expect(result.methods.persistence.score.medianAbsLog10Error).toBeGreaterThan(0.2);
    // Persistence is a point forecast: no interval to score.
    expect(result.methods.persistence.score).toMatchObject({ coverage: null, meanIntervalWidthLog10: null });
    expect(result.methods.tubepilot.score.meanIntervalWidthLog10).toBeGreaterThanOrEqual(0);
    expect(result.skipped).toHaveLength(14);
    expect(result.skipped[0]?.reason).toBe(
      'only 0 earlier video(s) had views at both day 2 and day 7 by then (need 10)',
    );
  });

  it('does not look ahead: changing what happened later leaves a prediction unchanged', () => {
    const target = videos[20] as AnalyticsVideo;
    const cutoff = (target.publishedAt as Date).getTime() + options.earlyAgeDays * DAY_MS;
    // Every view count recorded after the target's day 2 is multiplied by 10.
    const futureChanged = withViewsChangedAfter(videos, null, cutoff, 10);
    const original = backtest(channelData('UTC', videos), options);
    const changed = backtest(channelData('UTC', futureChanged), options);
    if ('insufficient' in original || 'insufficient' in changed) throw new Error('expected backtests');
    for (const method of ['tubepilot', 'plain-szabo-huberman', 'persistence', 'channel-median'] as const) {
      const before = original.methods[method].predictions.find((prediction) => prediction.id === target.id);
      const after = changed.methods[method].predictions.find((prediction) => prediction.id === target.id);
      expect(after?.predicted).toBe(before?.predicted);
      expect(after?.low).toBe(before?.low);
      expect(after?.high).toBe(before?.high);
      expect(after?.actual).toBe((before?.actual as number) * 10);
    }
  });

  it('cross-validates every video from all the others, still without reading its own future', () => {
    const crossValidated = { ...options, crossValidate: true };
    const result = backtest(channelData('UTC', videos), crossValidated);
    if ('insufficient' in result) throw new Error(result.reason);
    // The first videos, which a replay cannot predict, are predicted from the later ones.
    expect(result.n).toBe(40);
    expect(result.skipped).toEqual([]);
    expect(result.methods.tubepilot.score.medianAbsLog10Error).toBeLessThan(0.01);
    // The video's own views after its day 2 change only what it is scored against.
    const target = videos[0] as AnalyticsVideo;
    const cutoff = (target.publishedAt as Date).getTime() + options.earlyAgeDays * DAY_MS;
    const ownFutureChanged = withViewsChangedAfter(videos, target, cutoff, 10);
    const changed = backtest(channelData('UTC', ownFutureChanged), crossValidated);
    if ('insufficient' in changed) throw new Error(changed.reason);
    const before = result.methods.tubepilot.predictions[0];
    const after = changed.methods.tubepilot.predictions[0];
    expect(after?.id).toBe(target.id);
    expect(after?.predicted).toBe(before?.predicted);
    expect(after?.actual).toBe((before?.actual as number) * 10);
    // Too few videos: the reason names the cross-validation, not a replay.
    const few = backtest(channelData('UTC', videos.slice(0, 3)), { ...crossValidated, minEarlierVideos: 3 });
    expect(few).toMatchObject({
      insufficient: true,
      reason: expect.stringMatching(/^no video could be backtested: 3 of 3 videos .*a cross-validation needs 4/),
    });
  });

  it('says why when nothing can be backtested', () => {
    expect(backtest(channelData('UTC', []), { now })).toMatchObject({ insufficient: true, n: 0 });
    expect(backtest(channelData('UTC', videos.slice(0, 8)), { now })).toMatchObject({
      insufficient: true,
      reason: expect.stringMatching(
        /^no video could be backtested: 8 of 8 videos have views recorded around both day 1 and day 30 .*a replay needs 11/,
      ),
    });
    expect(backtest(channelData('UTC', videos), { earlyAgeDays: 7, horizonDays: 3, now })).toMatchObject({
      insufficient: true,
      reason: expect.stringMatching(/must come after/),
    });
  });
});
