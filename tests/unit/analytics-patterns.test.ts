import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChannelData, channelData } from '../../src/core/analytics/analytics-video.js';
import { channelPatterns, estimateEffects, insufficientMessage } from '../../src/core/analytics/pattern-effects.js';
import {
  betweenGroupVariance,
  bootstrapInterval,
  pooledWithinVariance,
  shrinkageFactor,
  shrinkDeviations,
} from '../../src/core/analytics/shrinkage.js';
import { channelVideoScores } from '../../src/core/analytics/video-analysis.js';
import { generateDemoChannel } from '../../src/core/demo/demo-channel.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import { sortedQuantile } from '../../src/core/stats/summary-statistics.js';
import { analyticsVideo, blankVideo } from '../support/analytics-videos.js';

const FAST = { resamples: 100 };

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Every number anywhere inside the value. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value instanceof Map) return [...value.values()].flatMap(numbersIn);
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

function expectNoNaN(value: unknown): void {
  expect(numbersIn(value).filter((number) => !Number.isFinite(number))).toEqual([]);
}

const groupsArbitrary = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 4 }),
  fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { maxLength: 25 }),
  { maxKeys: 6 },
);

describe('shrinkage: hand-checked', () => {
  // Groups A = [0, 2] and B = [4, 6]: channel mean 3, deviations −2 and +2, within SS 2 + 2 over 4 − 2 df → σ² = 2.
  // τ² = (Σ n d² − (G − 1) σ²) / (N − Σ n² / N) = (16 − 2) / (4 − 2) = 7;  B = 7 / (7 + 2/2) = 7/8.
  it('estimates σ², τ² and the factors as in the formulas', () => {
    expect(
      pooledWithinVariance([
        { n: 2, sumOfSquares: 2 },
        { n: 2, sumOfSquares: 2 },
      ]),
    ).toBe(2);
    const groups = [
      { n: 2, deviation: -2 },
      { n: 2, deviation: 2 },
    ];
    expect(betweenGroupVariance(groups, 2)).toBe(7);
    expect(shrinkDeviations(groups, 2)).toEqual({ betweenVariance: 7, factors: [7 / 8, 7 / 8], shrunk: [-1.75, 1.75] });
  });

  it('gives the same figures through estimateEffects', () => {
    const { effects } = estimateEffects(
      'demo',
      new Map([
        ['A', [0, 2]],
        ['B', [4, 6]],
      ]),
      { seed: 1, minN: 1, ...FAST },
    );
    expect(
      effects.map(({ group, rawEffect, effect, multiplier }) => ({ group, rawEffect, effect, multiplier })),
    ).toEqual([
      { group: 'B', rawEffect: 2, effect: 1.75, multiplier: Math.exp(1.75) },
      { group: 'A', rawEffect: -2, effect: -1.75, multiplier: Math.exp(-1.75) },
    ]);
  });

  it('shrinks all the way to the channel mean when groups differ no more than noise would make them', () => {
    // Deviations ±0.5 with n = 2 and σ² = 2: Σ n d² = 1 < (G − 1) σ² = 2, so τ² = 0.
    const { betweenVariance, shrunk } = shrinkDeviations(
      [
        { n: 2, deviation: -0.5 },
        { n: 2, deviation: 0.5 },
      ],
      2,
    );
    expect(betweenVariance).toBe(0);
    expect(shrunk).toEqual([-0, 0]);
  });

  it('has no within-group variance without a group of two, and no τ² with one group', () => {
    expect(pooledWithinVariance([{ n: 1, sumOfSquares: 0 }])).toBeNull();
    expect(pooledWithinVariance([])).toBeNull();
    expect(betweenGroupVariance([{ n: 10, deviation: 1 }], 1)).toBe(0);
    expect(shrinkageFactor(0, 1, 1)).toBe(0);
    expect(shrinkageFactor(5, 1, 0)).toBe(1);
  });
});

describe('shrinkage: properties', () => {
  const groupDeviations = fc.array(
    fc.record({ n: fc.integer({ min: 1, max: 200 }), deviation: fc.double({ min: -5, max: 5, noNaN: true }) }),
    { minLength: 1, maxLength: 10 },
  );
  const variance = fc.double({ min: 0, max: 10, noNaN: true });

  it('pulls every group toward the channel mean, never past it', () => {
    fc.assert(
      fc.property(groupDeviations, variance, (groups, withinVariance) => {
        const { shrunk, factors, betweenVariance } = shrinkDeviations(groups, withinVariance);
        expect(betweenVariance).toBeGreaterThanOrEqual(0);
        groups.forEach((group, i) => {
          expect(factors[i]).toBeGreaterThanOrEqual(0);
          expect(factors[i]).toBeLessThanOrEqual(1);
          expect(Math.abs(shrunk[i] as number)).toBeLessThanOrEqual(Math.abs(group.deviation));
          expect((shrunk[i] as number) * group.deviation).toBeGreaterThanOrEqual(0);
        });
      }),
    );
  });

  it('shrinks a small group more than a large one with the same raw deviation', () => {
    fc.assert(
      fc.property(
        groupDeviations,
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        variance,
        (others, small, extra, deviation, withinVariance) => {
          const groups = [...others, { n: small, deviation }, { n: small + extra, deviation }];
          const { shrunk } = shrinkDeviations(groups, withinVariance);
          expect(Math.abs(shrunk.at(-2) as number)).toBeLessThanOrEqual(Math.abs(shrunk.at(-1) as number));
        },
      ),
    );
  });
});

describe('bootstrapInterval', () => {
  const values = Array.from({ length: 50 }, (_, i) => i / 10);

  it('brackets the statistic, is reproducible from the seed and changes with it', () => {
    const interval = bootstrapInterval(values, mean, { seed: 7 });
    expect(interval).not.toBeNull();
    expect(interval?.low).toBeLessThan(mean(values));
    expect(interval?.high).toBeGreaterThan(mean(values));
    expect(bootstrapInterval(values, mean, { seed: 7 })).toEqual(interval);
    expect(bootstrapInterval(values, mean, { seed: 8 })).not.toEqual(interval);
  });

  it('is about ±1.28 standard errors wide at 80 %', () => {
    const interval = bootstrapInterval(values, mean, { seed: 7, resamples: 2000 }) as { low: number; high: number };
    const standardError =
      Math.sqrt(values.reduce((sum, value) => sum + (value - mean(values)) ** 2, 0) / 50) / Math.sqrt(50);
    expect((interval.high - interval.low) / 2 / standardError).toBeCloseTo(1.28, 0);
  });

  it('is wider at a higher level', () => {
    const narrow = bootstrapInterval(values, mean, { seed: 1, level: 0.5 }) as { low: number; high: number };
    const wide = bootstrapInterval(values, mean, { seed: 1, level: 0.95 }) as { low: number; high: number };
    expect(wide.high - wide.low).toBeGreaterThan(narrow.high - narrow.low);
  });

  it('has no interval for no values or a statistic that is never finite, and rejects bad options', () => {
    expect(bootstrapInterval([], mean, { seed: 1 })).toBeNull();
    expect(bootstrapInterval([1, 2], () => Number.NaN, { seed: 1 })).toBeNull();
    expect(() => bootstrapInterval(values, mean, { seed: 1, level: 1 })).toThrow(RangeError);
    expect(() => bootstrapInterval(values, mean, { seed: 1, resamples: 0 })).toThrow(RangeError);
  });

  it('reads quantiles between order statistics', () => {
    expect(sortedQuantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(sortedQuantile([1, 2, 3, 4], 0)).toBe(1);
    expect(sortedQuantile([1, 2, 3, 4], 1)).toBe(4);
    expect(sortedQuantile([], 0.5)).toBeNull();
  });
});

describe('estimateEffects', () => {
  it('rates confidence by n and by whether the interval clears 0', () => {
    const rng = new SeededRandom('confidence');
    const noisy = (center: number, n: number) => Array.from({ length: n }, () => rng.normal(center, 0.3));
    // As many videos 1 above as 1 below, so the channel mean sits near 0 and 'flat' near the channel.
    const result = estimateEffects(
      'demo',
      new Map([
        ['big-up', noisy(1, 25)],
        ['mid-up', noisy(1, 12)],
        ['small-up', noisy(1, 6)],
        ['flat', noisy(0, 40)],
        ['down', noisy(-1, 43)],
        ['tiny', noisy(0, 3)],
      ]),
      { seed: 3 },
    );
    const confidence = Object.fromEntries(result.effects.map((effect) => [effect.group, effect.confidence]));
    expect(confidence).toEqual({ 'big-up': 'high', 'mid-up': 'medium', 'small-up': 'low', flat: 'low', down: 'high' });
    const effects = result.effects.map((effect) => effect.effect);
    expect(effects).toEqual([...effects].sort((a, b) => b - a));
    expect(result.effects.at(-1)?.group).toBe('down');
    expect(result.insufficient).toEqual([{ group: 'tiny', n: 3, message: 'not enough data yet (n=3)' }]);
    expect(insufficientMessage(0)).toBe('not enough data yet (n=0)');
  });

  it('keeps every interval around its estimate, never NaN, with |effect| ≤ |raw effect|', () => {
    fc.assert(
      fc.property(groupsArbitrary, fc.integer(), (record, seed) => {
        const result = estimateEffects('any', new Map(Object.entries(record)), { seed, minN: 2, resamples: 50 });
        expectNoNaN(result);
        for (const effect of result.effects) {
          expect(effect.low).toBeLessThanOrEqual(effect.effect);
          expect(effect.effect).toBeLessThanOrEqual(effect.high);
          expect(Math.abs(effect.effect)).toBeLessThanOrEqual(Math.abs(effect.rawEffect) + 1e-12);
          expect(effect.n).toBeGreaterThanOrEqual(2);
        }
        const groups = [
          ...result.effects.map((effect) => effect.group),
          ...result.insufficient.map((entry) => entry.group),
        ];
        expect(groups.sort()).toEqual(Object.keys(record).sort());
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same output for any order of groups and values, and for the same seed', () => {
    fc.assert(
      fc.property(groupsArbitrary, fc.integer(), fc.integer(), (record, seed, shuffleSeed) => {
        const rng = new SeededRandom(shuffleSeed);
        const entries = Object.entries(record);
        const shuffled = rng
          .shuffle(entries)
          .map(([group, values]): [string, number[]] => [group, rng.shuffle(values)]);
        const options = { seed, minN: 2, resamples: 50 };
        const original = estimateEffects('any', new Map(entries), options);
        expect(estimateEffects('any', new Map(shuffled), options)).toEqual(original);
        expect(estimateEffects('any', new Map(entries), options)).toEqual(original);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps the estimate of a group of identical values inside its interval', () => {
    const { effects } = estimateEffects(
      'demo',
      new Map([
        ['same', [1, 1, 1, 1, 1]],
        ['spread', [-3, 0, 3, -1, 1, 2]],
      ]),
      { seed: 1, ...FAST },
    );
    for (const effect of effects) expect(effect.low <= effect.effect && effect.effect <= effect.high).toBe(true);
  });

  it('handles degenerate data without NaN or throwing', () => {
    const options = { seed: 1, ...FAST };
    expect(estimateEffects('empty', new Map(), options)).toEqual({
      effects: [],
      insufficient: [],
      groups: [],
      withinVariance: 0,
    });
    expect(estimateEffects('none', new Map([['a', []]]), options)).toEqual({
      effects: [],
      insufficient: [{ group: 'a', n: 0, message: 'not enough data yet (n=0)' }],
      groups: [{ group: 'a', n: 0, rawEffect: 0 }],
      withinVariance: 0,
    });
    const single = estimateEffects('one', new Map([['a', [0.3]]]), { ...options, minN: 1 });
    expect(single.effects.map(({ n, rawEffect, effect, low, high }) => ({ n, rawEffect, effect, low, high }))).toEqual([
      { n: 1, rawEffect: 0, effect: 0, low: 0, high: 0 },
    ]);
    const identical = estimateEffects(
      'same',
      new Map([
        ['a', [2, 2, 2, 2, 2]],
        ['b', [2, 2, 2, 2, 2, 2]],
      ]),
      options,
    );
    for (const effect of identical.effects) {
      expect({ effect: effect.effect, low: effect.low, high: effect.high, confidence: effect.confidence }).toEqual({
        effect: 0,
        low: 0,
        high: 0,
        confidence: 'low',
      });
    }
    const oneGroup = estimateEffects('only', new Map([['a', [1, 2, 3, 4, 5, 6]]]), options);
    expect(oneGroup.effects[0]?.effect).toBe(0);
    const withJunk = estimateEffects(
      'junk',
      new Map([['a', [1, Number.NaN, Number.POSITIVE_INFINITY, 2, 3, 4, 5]]]),
      options,
    );
    expect(withJunk.effects[0]?.n).toBe(5);
    for (const result of [single, identical, oneGroup, withJunk]) expectNoNaN(result);
  });

  it('credits nothing when every group has one video', () => {
    const { effects } = estimateEffects(
      'singletons',
      new Map([
        ['a', [1]],
        ['b', [-1]],
        ['c', [3]],
      ]),
      { seed: 1, minN: 1, ...FAST },
    );
    expect(effects.map((effect) => effect.effect)).toEqual([0, 0, 0]);
  });

  it('rejects a level outside (0, 1)', () => {
    expect(() => estimateEffects('x', new Map([['a', [1]]]), { seed: 1, level: 0 })).toThrow(RangeError);
  });
});

describe('channelPatterns on degenerate channels', () => {
  const timezone = 'Europe/Berlin';

  it('copes with no videos, one video, and videos with nothing known', () => {
    const sparse = [
      blankVideo({ id: 'a', title: '' }),
      blankVideo({ id: 'b', title: 'Why?', durationS: 30, publishedAt: new Date('2025-03-30T01:30:00Z') }),
      blankVideo({ id: 'c', title: '🔥🔥', tags: ['', ' '], description: '' }),
    ];
    const cases: [ChannelData, Map<string, number>][] = [
      [channelData(timezone, []), new Map()],
      [channelData(timezone, [blankVideo({ id: 'a', title: 'Solo' })]), new Map([['a', 0.4]])],
      [
        channelData(timezone, sparse),
        new Map([
          ['a', 0.1],
          ['b', Number.NaN],
          ['c', -0.2],
          ['unknown', 9],
        ]),
      ],
      [channelData(timezone, sparse), new Map()],
    ];
    for (const [channel, adjusted] of cases) {
      const patterns = channelPatterns(channel, adjusted, { seed: 1, ...FAST });
      expectNoNaN(patterns);
      const dimensions = [
        patterns.topics,
        patterns.length,
        patterns.weekday,
        patterns.hour,
        patterns.weekdayHour,
        patterns.hook,
        ...Object.values(patterns.title),
      ];
      for (const dimension of dimensions) expect(dimension.effects).toEqual([]);
    }
    const withValues = channelPatterns(
      channelData(timezone, sparse),
      new Map([
        ['a', 0.1],
        ['b', Number.NaN],
        ['c', -0.2],
      ]),
      {
        seed: 1,
        ...FAST,
      },
    );
    expect(withValues.sampleSize).toBe(2);
    expect(withValues.hook.insufficient).toEqual([{ group: 'other', n: 2, message: 'not enough data yet (n=2)' }]);
    expect(withValues.length.insufficient).toEqual([]);
  });
});

describe('channelPatterns on the demo channel (seed 42)', () => {
  const endDate = new Date('2026-11-23T00:00:00Z');
  const demo = generateDemoChannel({ seed: 42, endDate });
  const channel: ChannelData = channelData(
    demo.timezone,
    demo.videos.map((record) => analyticsVideo(record, endDate)),
  );
  const adjusted = new Map(
    channelVideoScores(channel, endDate).flatMap((score) =>
      score.outlierScore !== null && score.outlierScore > 0 ? [[score.id, Math.log(score.outlierScore)] as const] : [],
    ),
  );
  const patterns = channelPatterns(channel, adjusted, { seed: 42 });
  const trueTopicOf = new Map(demo.videos.map((record) => [record.youtubeId, record.topic as string]));

  function majorityTopic(clusterId: string): string {
    const cluster = patterns.topics.clusters.find((candidate) => candidate.id === clusterId);
    const counts = new Map<string, number>();
    for (const id of cluster?.videoIds ?? [])
      counts.set(trueTopicOf.get(id) as string, (counts.get(trueTopicOf.get(id) as string) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  }

  it('scores almost every video', () => {
    expect(patterns.sampleSize).toBe(adjusted.size);
    expect(patterns.sampleSize).toBeGreaterThanOrEqual(demo.videos.length - 5);
  });

  it('recovers the best topic (Eggs) first and the worst (Food safety) last', () => {
    const { effects } = patterns.topics;
    expect(majorityTopic(effects[0]?.group as string)).toBe('Eggs');
    expect(majorityTopic(effects.at(-1)?.group as string)).toBe('Food safety');
    expect(effects[0]?.effect).toBeGreaterThan(0);
  });

  it('finds the true best length bucket (21–40 s) above the channel', () => {
    const best = patterns.length.effects.find((effect) => effect.group === '21-40s');
    expect(best?.effect).toBeGreaterThan(0);
    expect(patterns.length.effects[0]?.group).toBe('21-40s');
  });

  it('sorts every dimension by effect and keeps intervals around estimates', () => {
    const dimensions = [
      patterns.topics,
      patterns.length,
      patterns.weekday,
      patterns.hour,
      patterns.weekdayHour,
      patterns.hook,
      ...Object.values(patterns.title),
    ];
    for (const { effects, insufficient } of dimensions) {
      const sorted = [...effects].sort((a, b) => b.effect - a.effect);
      expect(effects.map((effect) => effect.effect)).toEqual(sorted.map((effect) => effect.effect));
      for (const effect of effects) {
        expect(effect.low).toBeLessThanOrEqual(effect.effect);
        expect(effect.high).toBeGreaterThanOrEqual(effect.effect);
        expect(effect.n).toBeGreaterThanOrEqual(5);
      }
      for (const entry of insufficient) expect(entry.n).toBeLessThan(5);
    }
    expectNoNaN(patterns);
  });

  it('names groups readably in each dimension', () => {
    expect(patterns.weekday.effects.map((effect) => effect.group).sort()).toEqual(
      ['Fri', 'Mon', 'Sat', 'Sun', 'Thu', 'Tue', 'Wed'].sort(),
    );
    expect(patterns.hour.effects.every((effect) => /^\d\d:00$/.test(effect.group))).toBe(true);
    expect(
      patterns.weekdayHour.effects.every((effect) =>
        /^[A-Z][a-z]{2} (night|morning|afternoon|evening)$/.test(effect.group),
      ),
    ).toBe(true);
    expect(patterns.title.isQuestion.effects.map((effect) => effect.group).sort()).toEqual(['no', 'yes']);
    expect(patterns.title.hasNumber.effects.every((effect) => effect.dimension === 'title-number')).toBe(true);
  });

  it('is deterministic and ignores the order of the videos', () => {
    const shuffled: ChannelData = { ...channel, videos: new SeededRandom('order').shuffle(channel.videos) };
    expect(channelPatterns(shuffled, adjusted, { seed: 42 })).toEqual(patterns);
  });
});
