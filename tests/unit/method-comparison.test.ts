import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareChannelByChannel, compareMethods } from '../../bench/method-comparison.js';
import type { BacktestPrediction } from '../../src/core/analytics/backtest.js';

/** A prediction of `actual` views missing by `log10Error` (predicted above actual). */
function missingBy(id: string, actual: number, log10Error: number): BacktestPrediction {
  const predicted = (actual + 1) * 10 ** log10Error - 1;
  return { id, predicted, low: predicted, high: predicted, actual };
}

// Several videos, each predicted at one or more ages: (video, actual views, plain method's error) triples.
const clusteredPredictions = fc.array(
  fc.record({
    video: fc.integer({ min: 0, max: 5 }),
    actual: fc.integer({ min: 0, max: 10_000_000 }),
    error: fc.double({ min: 0.01, max: 2, noNaN: true }),
  }),
  { minLength: 1, maxLength: 30 },
);

describe('compareMethods', () => {
  it('gives ratio c with a zero-width interval when one method always misses c times as far', () => {
    fc.assert(
      fc.property(clusteredPredictions, fc.double({ min: 0.1, max: 3, noNaN: true }), (cases, factor) => {
        const theirs = cases.map(({ video, actual, error }) => missingBy(`v${video}`, actual, error));
        const ours = cases.map(({ video, actual, error }) => missingBy(`v${video}`, actual, factor * error));
        const comparison = compareMethods(ours, theirs);
        expect(comparison?.ratio).toBeCloseTo(factor, 6);
        expect(comparison?.low).toBeCloseTo(factor, 6);
        expect(comparison?.high).toBeCloseTo(factor, 6);
        const videos = new Set(cases.map(({ video }) => video)).size;
        expect(comparison?.videos).toBe(videos);
        // Below 1 every video is won (summed errors strictly lower), above 1 none is.
        if (factor < 0.999) expect(comparison?.videosWon).toBe(videos);
        if (factor > 1.001) expect(comparison?.videosWon).toBe(0);
      }),
    );
  });

  it('gives a positive, ordered interval, the same for the same seed', () => {
    fc.assert(
      fc.property(clusteredPredictions, clusteredPredictions, (cases, otherErrors) => {
        const theirs = cases.map(({ video, actual, error }) => missingBy(`v${video}`, actual, error));
        const ours = cases.map(({ video, actual }, index) =>
          missingBy(`v${video}`, actual, otherErrors[index % otherErrors.length]?.error as number),
        );
        const comparison = compareMethods(ours, theirs);
        if (comparison === null) throw new Error('expected a comparison');
        expect(comparison.low).toBeLessThanOrEqual(comparison.high);
        expect(comparison.low).toBeGreaterThan(0);
        // The same seed gives the same interval.
        expect(compareMethods(ours, theirs)).toEqual(comparison);
      }),
      { numRuns: 30 },
    );
  });

  it('is uncertain when a difference rests on one video, and sure when every video shows it', () => {
    // Six videos at three ages each. Plain misses by 0.3 everywhere; ours by 0.1 on one video and 0.3 elsewhere,
    // or by 0.2 on every video.
    const cases = Array.from({ length: 18 }, (_, index) => ({ video: `v${index % 6}`, actual: 1_000 * (index + 1) }));
    const theirs = cases.map(({ video, actual }) => missingBy(video, actual, 0.3));
    const oneVideo = compareMethods(
      cases.map(({ video, actual }) => missingBy(video, actual, video === 'v0' ? 0.1 : 0.3)),
      theirs,
    );
    const everyVideo = compareMethods(
      cases.map(({ video, actual }) => missingBy(video, actual, 0.2)),
      theirs,
    );
    // Equal medians, but resamples holding that video three times or more put ours ahead.
    expect(oneVideo?.ratio).toBeCloseTo(1, 6);
    expect(oneVideo?.low).toBeLessThan(0.9);
    expect(oneVideo?.high).toBeCloseTo(1, 6);
    expect(oneVideo?.videosWon).toBe(1);
    expect(everyVideo?.ratio).toBeCloseTo(2 / 3, 6);
    expect(everyVideo?.low).toBeCloseTo(2 / 3, 6);
    expect(everyVideo?.high).toBeCloseTo(2 / 3, 6);
    expect(everyVideo?.videosWon).toBe(6);
  });

  it('refuses predictions of different videos, and compares nothing without predictions', () => {
    expect(() => compareMethods([missingBy('a', 10, 0.1)], [missingBy('b', 10, 0.1)])).toThrow(/same videos/);
    expect(compareMethods([], [])).toBeNull();
  });
});

describe('compareChannelByChannel', () => {
  // Channels of predictions where ours misses `factor` times as far as theirs: (actual, plain error) pairs.
  const channelsOf = fc.array(
    fc.record({
      factor: fc.double({ min: 0.1, max: 3, noNaN: true }),
      cases: fc.array(
        fc.record({
          actual: fc.integer({ min: 0, max: 10_000_000 }),
          error: fc.double({ min: 0.01, max: 2, noNaN: true }),
        }),
        { minLength: 1, maxLength: 12 },
      ),
    }),
    { maxLength: 8 },
  );

  it('counts the channels whose own ratio reaches the threshold, among those predicted often enough', () => {
    fc.assert(
      fc.property(
        channelsOf,
        fc.double({ min: 0.5, max: 1.5, noNaN: true }),
        fc.integer({ min: 1, max: 8 }),
        (channels, threshold, minPredictions) => {
          const compared = channels.map(({ factor, cases }, channel) => ({
            ours: cases.map(({ actual, error }, index) => missingBy(`c${channel}v${index}`, actual, factor * error)),
            theirs: cases.map(({ actual, error }, index) => missingBy(`c${channel}v${index}`, actual, error)),
          }));
          const result = compareChannelByChannel(compared, threshold, minPredictions);
          const read = channels.filter(({ cases }) => cases.length >= minPredictions);
          expect(result.channels).toBe(read.length);
          // Each channel's ratio is its factor (up to rounding); keep clear of the threshold's rounding edge.
          const clear = read.every(({ factor }) => Math.abs(factor - threshold) > 1e-6);
          if (clear) expect(result.atOrBelow).toBe(read.filter(({ factor }) => factor <= threshold).length);
          const factors = read.map(({ factor }) => factor).sort((a, b) => a - b);
          const middle = factors.length >> 1;
          if (factors.length === 0) expect(result.medianRatio).toBeNull();
          else {
            const upper = factors[middle] as number;
            const median = factors.length % 2 === 1 ? upper : ((factors[middle - 1] as number) + upper) / 2;
            expect(result.medianRatio).toBeCloseTo(median, 6);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
