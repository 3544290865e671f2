import { describe, expect, it } from 'vitest';
import { type RetentionCurve, retentionCurve } from '../../src/core/analytics/analytics-video.js';
import { channelRetentionMedians, retentionKeyPoints } from '../../src/core/analytics/retention-key-points.js';
import { blankVideo } from '../support/analytics-videos.js';

/** 100 samples (ratio 0.01 … 1) of a curve given as a function of the elapsed ratio. */
function curve(watchRatioAt: (ratio: number) => number): RetentionCurve {
  return retentionCurve(
    Array.from({ length: 100 }, (_, index) => {
      const ratio = (index + 1) / 100;
      return { ratio, watchRatio: watchRatioAt(ratio) };
    }),
  );
}

const straightLine = curve((ratio) => 1 - 0.5 * ratio);

function withRetention(id: string, isShort: boolean | null, retention: RetentionCurve, durationS = 30) {
  return { ...blankVideo({ id, isShort, durationS }), retention };
}

describe('retentionKeyPoints', () => {
  it('reads the curve at 0, 3, 5, 15, 30 and 60 s', () => {
    const summary = retentionKeyPoints(straightLine, 100);
    const byTime = summary?.keyPoints.map((point) => [point.seconds, point.watchRatio]);
    // 0 s takes the first sample, at 1 s; the others interpolate.
    const expected = [
      [0, 0.995],
      [3, 0.985],
      [5, 0.975],
      [15, 0.925],
      [30, 0.85],
      [60, 0.7],
    ];
    expect(byTime?.map(([seconds]) => seconds)).toEqual(expected.map(([seconds]) => seconds));
    byTime?.forEach(([, watchRatio], index) => {
      expect(watchRatio).toBeCloseTo(expected[index]?.[1] as number, 12);
    });
    expect(summary?.hookHold).toBeCloseTo(0.985, 12);
    expect(summary?.samples).toBe(100);
    // A straight decline has no dips.
    expect(summary?.dips).toEqual([]);
  });

  it('omits key points past the end of the video', () => {
    const summary = retentionKeyPoints(straightLine, 20);
    expect(summary?.keyPoints.map((point) => point.seconds)).toEqual([0, 3, 5, 15]);
  });

  it('omits key points before the first sample of a long video’s coarse curve', () => {
    // Samples every 6 s: 5 s is within a second of the first sample, 0 and 3 s are not.
    const summary = retentionKeyPoints(straightLine, 600);
    expect(summary?.keyPoints.map((point) => point.seconds)).toEqual([5, 15, 30, 60]);
    expect(summary?.hookHold).toBeNull();
  });

  it('finds a sharp drop with its times in seconds', () => {
    // A 10-point fall between 50 % and 53 % of a 100-second video.
    const dropped = curve(
      (ratio) => 1 - 0.2 * ratio - (ratio > 0.53 ? 0.1 : ratio > 0.5 ? ((ratio - 0.5) / 0.03) * 0.1 : 0),
    );
    const dips = retentionKeyPoints(dropped, 100)?.dips ?? [];
    expect(dips).toHaveLength(1);
    const [dip] = dips;
    // Smoothing over three samples widens the fall by a sample on each side.
    expect(dip?.startS).toBeGreaterThanOrEqual(49);
    expect(dip?.startS).toBeLessThanOrEqual(51);
    expect(dip?.endS).toBeGreaterThanOrEqual(53);
    expect(dip?.endS).toBeLessThanOrEqual(55);
    expect(dip?.drop).toBeGreaterThan(0.1);
    expect(dip?.drop).toBeLessThan(0.12);
    expect(dip?.typicalDrop).toBeCloseTo(0.002 * ((dip?.endS ?? 0) - (dip?.startS ?? 0)), 6);
  });

  it('is null without a duration or a curve, and ignores unusable samples', () => {
    expect(retentionKeyPoints(straightLine, null)).toBeNull();
    expect(retentionKeyPoints(straightLine, 0)).toBeNull();
    expect(retentionKeyPoints(retentionCurve([]), 30)).toBeNull();
    const summary = retentionKeyPoints(
      retentionCurve([
        { ratio: 0, watchRatio: 1 },
        { ratio: 0.5, watchRatio: Number.NaN },
        { ratio: 0.02, watchRatio: 0.9 },
        { ratio: 1, watchRatio: 0.5 },
      ]),
      50,
    );
    expect(summary?.samples).toBe(2);
    expect(summary?.keyPoints[0]).toEqual({ seconds: 0, watchRatio: 0.9 });
  });
});

describe('channelRetentionMedians', () => {
  it('gives the median at each key point and of the hook hold, with n, by format', () => {
    const flat = (level: number) => curve(() => level);
    const medians = channelRetentionMedians([
      withRetention('a', true, flat(0.8)),
      withRetention('b', true, flat(0.9)),
      withRetention('c', true, flat(0.7)),
      withRetention('d', false, flat(0.4), 600),
      withRetention('e', null, flat(0.6)),
      withRetention('f', true, retentionCurve([])),
    ]);
    expect(medians.short.hookHold).toEqual({ median: 0.8, n: 3 });
    expect(medians.short.keyPoints.find((point) => point.seconds === 15)).toEqual({ seconds: 15, median: 0.8, n: 3 });
    // 30-second Shorts have no 60-second point.
    expect(medians.short.keyPoints.find((point) => point.seconds === 60)).toEqual({ seconds: 60, median: null, n: 0 });
    // The 600-second video's curve cannot show its hook.
    expect(medians['long-form'].hookHold).toEqual({ median: null, n: 0 });
    expect(medians['long-form'].keyPoints.find((point) => point.seconds === 60)).toEqual({
      seconds: 60,
      median: 0.4,
      n: 1,
    });
    expect(medians.all.hookHold).toEqual({ median: 0.75, n: 4 });
  });

  it('is empty for a channel without curves', () => {
    const medians = channelRetentionMedians([]);
    expect(medians.all.hookHold).toEqual({ median: null, n: 0 });
    expect(medians.all.keyPoints.every((point) => point.median === null && point.n === 0)).toBe(true);
  });
});
