// Histories that start days after upload (a video first read when it joins a trending list, or when tracking
// began): the early growth is read back from the first readings, and a video that cannot say how fast it was
// growing gets an interval drawn from videos that could not either.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnalyticsVideo, channelData, DAY_MS } from '../../src/core/analytics/analytics-video.js';
import { backtest } from '../../src/core/analytics/backtest.js';
import { fitGrowthModel } from '../../src/core/analytics/post-publish-prediction.js';
import { blankVideo, withViewsChangedAfter } from '../support/analytics-videos.js';
import { usTrendingVideos } from '../support/real-histories.js';

const START = new Date('2026-01-01T00:00:00Z');
const NOW = new Date(START.getTime() + 200 * DAY_MS);
const AGES = { earlyAgeDays: 3, horizonDays: 6 };

/** A video read once a day from `firstAgeDays` for a week, its views growing as scale · age^exponent. */
function lateVideo(index: number, scale: number, exponent: number, firstAgeDays: number): AnalyticsVideo {
  const publishedAt = new Date(START.getTime() + index * DAY_MS);
  const snapshots = Array.from({ length: 8 }, (_, day) => {
    const ageDays = firstAgeDays + day;
    return {
      at: new Date(publishedAt.getTime() + ageDays * DAY_MS),
      views: Math.round(scale * ageDays ** exponent),
      engagedViews: null,
    };
  });
  return blankVideo({ id: `v${index}`, publishedAt, isShort: false, snapshots });
}

const lateChannel = fc.array(
  fc.record({
    logScale: fc.double({ min: 3, max: 6, noNaN: true }),
    exponent: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
    firstAgeDays: fc.double({ min: 0.5, max: 2.5, noNaN: true }),
  }),
  { minLength: 30, maxLength: 40 },
);

/**
 * Channels where the early growth can be read: a halving term enters the model only when two thirds of the training
 * videos have it, and the growth from day 1.5 to day 3 needs a reading by day 1.5. Without this, fast-check's draws
 * at the bounds (a third or more of the videos first read at day 2.5) left TubePilot plain Szabo–Huberman on 1–2
 * of 40 seeds, with least squares and the robust fit alike.
 */
const visibleGrowthChannel = lateChannel.filter(
  (specs) => specs.filter((spec) => spec.firstAgeDays <= AGES.earlyAgeDays / 2).length >= (2 / 3) * specs.length + 1,
);

describe('histories that start days after upload', () => {
  it('read how fast each video was growing from its first readings, which plain Szabo–Huberman cannot', () => {
    // Every video grows as a power of its age with an exponent of its own, and none was read before half a day:
    // the growth from day 3 to day 6 is the exponent × ln 2, visible only in how the first readings rose.
    fc.assert(
      fc.property(visibleGrowthChannel, (specs) => {
        const videos = specs.map((spec, index) =>
          lateVideo(index, 10 ** spec.logScale, spec.exponent, spec.firstAgeDays),
        );
        const result = backtest(channelData('UTC', videos), { ...AGES, now: NOW, crossValidate: true });
        if ('insufficient' in result) throw new Error(result.reason);
        expect(result.n).toBe(videos.length);
        const ours = result.methods.tubepilot.score.medianAbsLog10Error as number;
        const plain = result.methods['plain-szabo-huberman'].score.medianAbsLog10Error as number;
        expect(ours).toBeLessThan(plain / 2);
      }),
      { numRuns: 8 },
    );
  });

  it('are predicted from what was read by the early age: a later reading changes only what is scored', () => {
    // Readings at odd hours: the one after day 3 sits between day 3 and the next reading, where an early age read
    // back between readings would lean on it.
    fc.assert(
      fc.property(lateChannel, fc.nat(29), (specs, pick) => {
        const videos = specs.map((spec, index) =>
          lateVideo(index, 10 ** spec.logScale, spec.exponent, spec.firstAgeDays),
        );
        const target = videos[pick % videos.length] as AnalyticsVideo;
        const cutoff = (target.publishedAt as Date).getTime() + AGES.earlyAgeDays * DAY_MS;
        const changed = withViewsChangedAfter(videos, target, cutoff, 3);
        const options = { ...AGES, now: NOW, crossValidate: true };
        const before = backtest(channelData('UTC', videos), options);
        const after = backtest(channelData('UTC', changed), options);
        if ('insufficient' in before || 'insufficient' in after) throw new Error('expected backtests');
        for (const method of ['tubepilot', 'plain-szabo-huberman', 'persistence'] as const) {
          const was = before.methods[method].predictions.find((prediction) => prediction.id === target.id);
          const is = after.methods[method].predictions.find((prediction) => prediction.id === target.id);
          expect(is?.predicted).toBe(was?.predicted);
          expect(is?.low).toBe(was?.low);
          expect(is?.high).toBe(was?.high);
          expect((is?.actual as number) / (was?.actual as number)).toBeCloseTo(3, 3);
        }
      }),
      { numRuns: 8 },
    );
  });

  it('leave out, for a video first read at the early age, the early growth it cannot supply', () => {
    const training = Array.from({ length: 30 }, (_, index) =>
      lateVideo(index, 10 ** (3 + (index % 4)), 0.1 + ((index * 7) % 9) / 10, 0.5 + (index % 5) / 2),
    );
    const firstReadAtDay3 = lateVideo(99, 5_000, 0.5, AGES.earlyAgeDays);
    const general = fitGrowthModel(training, AGES);
    const forLateVideo = fitGrowthModel(training, AGES, firstReadAtDay3);
    if ('insufficient' in general || 'insufficient' in forLateVideo) throw new Error('expected models');
    expect(general.shape.length).toBeGreaterThan(0);
    expect(forLateVideo.shape).toEqual([]);
    // Without the early growth the model misses more, and its interval says so.
    expect(forLateVideo.interval.high - forLateVideo.interval.low).toBeGreaterThan(
      general.interval.high - general.interval.low,
    );
  });
});

describe('US trending videos of November 2017, each predicted from all the others', () => {
  // Observed at day 2 → day 4 (66 videos): median |log10 error| TubePilot 0.047, plain Szabo–Huberman 0.061,
  // persistence 0.107; 80 % of the actuals inside TubePilot's 80 % intervals (77 % for plain Szabo–Huberman).
  it('predicts day 4 from day 2 closer than plain Szabo–Huberman, with honest intervals', () => {
    const result = backtest(channelData('UTC', usTrendingVideos()), {
      earlyAgeDays: 2,
      horizonDays: 4,
      now: NOW,
      crossValidate: true,
    });
    if ('insufficient' in result) throw new Error(result.reason);
    expect(result.n).toBeGreaterThan(50);
    const ours = result.methods.tubepilot.score;
    expect(ours.medianAbsLog10Error as number).toBeLessThan(
      result.methods['plain-szabo-huberman'].score.medianAbsLog10Error as number,
    );
    expect(ours.medianAbsLog10Error as number).toBeLessThan(
      (result.methods.persistence.score.medianAbsLog10Error as number) / 1.5,
    );
    expect(ours.coverage).toBeGreaterThanOrEqual(0.7);
    expect(ours.coverage).toBeLessThanOrEqual(0.9);
  });
});
