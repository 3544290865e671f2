import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BestRange, bestRange } from '../../src/core/analytics/best-range.js';
import {
  type ChannelPatterns,
  channelPatterns,
  LENGTH_DIMENSION,
  POSTING_TIME_DIMENSION,
} from '../../src/core/analytics/pattern-effects.js';
import { postingHourOf, videoPostingTime } from '../../src/core/analytics/video-features.js';
import { formatHourWindow, formatLengthRange } from '../../src/core/format/curve-range.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import { demoChannelData } from '../support/analytics-videos.js';

// The one line /trends gives the hour and length curves: the best window, from the same posterior as the points,
// only when its peak earns medium or high confidence — so on data without any effect it (almost) never appears.

const END_DATE = new Date('2026-11-23T00:00:00Z');
// Real publishing habits (hours, lengths, topics of the demo's 140 videos); the response decides the effects.
const { channel } = demoChannelData(42, END_DATE);

/** ln views: a level, an optional planted hour curve peaking at `peakHour`, Student-t or normal noise. */
function patternsOf(seed: number, noise: number, heavy: boolean, bump: number, peakHour: number): ChannelPatterns {
  const rng = new SeededRandom(`best-range:${seed}`);
  const draw = () => {
    if (!heavy) return rng.normal(0, noise);
    // Student t with 3 degrees of freedom: a viral video now and then.
    let squares = 0;
    for (let k = 0; k < 3; k++) squares += rng.normal() ** 2;
    return (noise * rng.normal()) / Math.sqrt(squares / 3);
  };
  const response = new Map(
    channel.videos.map((video) => {
      const arm = videoPostingTime(video, channel.timezone);
      const distance = arm === null ? 12 : Math.abs(postingHourOf(arm) - peakHour);
      const circular = Math.min(distance, 24 - distance);
      return [video.id, 8 + bump * Math.exp(-((circular / 2) ** 2)) + draw()];
    }),
  );
  return channelPatterns(channel, response);
}

const ranges = (patterns: ChannelPatterns) => ({
  hour: bestRange(patterns.model, POSTING_TIME_DIMENSION, patterns.postingTime, true),
  length: bestRange(patterns.model, LENGTH_DIMENSION, patterns.length, false),
});

const world = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  noise: fc.double({ min: 0.3, max: 1.2, noNaN: true }),
  heavy: fc.boolean(),
});

/** Every arm of the stretch reaches the peak's lower bound, the arms just outside do not, the peak is in it. */
function expectMaximalStretch(patterns: ChannelPatterns, dimension: string, range: BestRange, circular: boolean) {
  const curve = patterns.model.arms[patterns.model.dimensions.findIndex((d) => d.name === dimension)] ?? [];
  const names = curve.map((arm) => arm.arm);
  const first = names.indexOf(range.arms[0] as string);
  range.arms.forEach((arm, k) => {
    const index = circular ? (first + k) % names.length : first + k;
    expect(names[index]).toBe(arm);
    expect(curve[index]?.effect).toBeGreaterThanOrEqual(range.peak.low);
  });
  expect(range.arms).toContain(range.peak.group);
  expect(['medium', 'high']).toContain(range.peak.confidence);
  expect(range.peak.effect).toBe(curve[names.indexOf(range.peak.group)]?.effect);
  if (range.arms.length === names.length) return;
  const outside = [first - 1, first + range.arms.length].map((index) =>
    circular ? curve[(index + names.length) % names.length] : curve[index],
  );
  for (const arm of outside) if (arm) expect(arm.effect).toBeLessThan(range.peak.low);
}

describe('the best window of the hour and length curves', () => {
  it('rarely appears on data where no choice matters', () => {
    const worlds = fc.sample(world, { seed: 21, numRuns: 40 });
    let shown = 0;
    for (const { seed, noise, heavy } of worlds) {
      const { hour, length } = ranges(patternsOf(seed, noise, heavy, 0, 0));
      shown += (hour ? 1 : 0) + (length ? 1 : 0);
    }
    // 80 curves (40 channels × 2); a line on more than 5 % of them would be the noise's best point called real.
    expect(shown / 80).toBeLessThanOrEqual(0.05);
  });

  it('names the planted evening peak, and its window is the stretch of the curve that reaches the peak', () => {
    const worlds = fc.sample(world, { seed: 22, numRuns: 20 });
    let found = 0;
    for (const { seed, noise, heavy } of worlds) {
      const patterns = patternsOf(seed, noise / 2, heavy, 0.6, 18);
      const { hour, length } = ranges(patterns);
      if (length) expectMaximalStretch(patterns, LENGTH_DIMENSION, length, false);
      if (!hour) continue;
      expectMaximalStretch(patterns, POSTING_TIME_DIMENSION, hour, true);
      // Never the wrong side of the day: the window holds an hour within three of the planted 18:00.
      if (hour.arms.some((arm) => Math.abs(postingHourOf(arm) - 18) <= 3)) found++;
    }
    expect(found).toBeGreaterThanOrEqual(15);
  });

  it('words the window in local hours, wrapping past midnight, and the length range on the grid', () => {
    const peak = {
      dimension: 'posting-time',
      group: '23:00',
      n: 12,
      rawEffect: 0.3,
      effect: Math.log(1.3),
      sd: 0.1,
      low: Math.log(1.15),
      high: Math.log(1.47),
      multiplier: 1.3,
      confidence: 'medium' as const,
    };
    expect(formatHourWindow({ arms: ['22:00', '23:00', '00:00'], peak }, 'Asia/Tokyo')).toBe(
      'Best posting window: 22:00–01:00 (Asia/Tokyo): peak 23:00 at +30% [+15%, +47%], n=12, medium confidence',
    );
    const length = { ...peak, dimension: 'length', group: '25s' };
    expect(formatLengthRange({ arms: ['20s', '25s', '30s'], peak: length })).toBe(
      'Best length range: 20s–30s: peak 25s at +30% [+15%, +47%], n=12, medium confidence',
    );
    expect(formatLengthRange({ arms: ['25s'], peak: length })).toMatch(/^Best length range: 25s: peak 25s/);
  });
});
