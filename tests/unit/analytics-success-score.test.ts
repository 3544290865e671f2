import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  engagementRate,
  midRankPercentile,
  SUCCESS_SCORE_WEIGHTS,
  type SuccessColumns,
  type SuccessPartName,
  type SuccessPopulations,
  type SuccessValues,
  successScore,
  successScoresInto,
} from '../../src/core/analytics/success-score.js';
import { sortedFinite } from '../../src/core/stats/summary-statistics.js';

const PART_NAMES = Object.keys(SUCCESS_SCORE_WEIGHTS) as SuccessPartName[];

function populations(values: readonly number[]): SuccessPopulations {
  const sorted = sortedFinite([...values]);
  return { 'age-matched views': sorted, 'engagement rate': sorted, 'average view %': sorted, CTR: sorted };
}

function values(byPart: Partial<SuccessValues>): SuccessValues {
  return { 'age-matched views': null, 'engagement rate': null, 'average view %': null, CTR: null, ...byPart };
}

const value = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const population = fc.array(value, { minLength: 1, maxLength: 40 });

describe('midRankPercentile', () => {
  it('counts the share below plus half the share equal', () => {
    const sorted = sortedFinite([4, 1, 3, 2]);
    expect(midRankPercentile(3, sorted)).toBe(62.5);
    expect(midRankPercentile(0, sorted)).toBe(0);
    expect(midRankPercentile(9, sorted)).toBe(100);
    expect(midRankPercentile(2.5, sorted)).toBe(50);
    expect(midRankPercentile(1, sortedFinite([]))).toBeNull();
  });

  it('gives 50 for a channel of identical values', () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 1, max: 50 }), (shared, count) => {
        expect(midRankPercentile(shared, sortedFinite(Array(count).fill(shared)))).toBe(50);
      }),
    );
  });

  it('equals the definition counted by hand, with long and short runs of ties', () => {
    // Few distinct values, so runs of equal values are both shorter and longer than the scan before the search.
    const tied = fc.integer({ min: -3, max: 3 }).map((step) => step * 0.5);
    fc.assert(
      fc.property(fc.array(tied, { minLength: 1, maxLength: 60 }), tied, (values, probe) => {
        const below = values.filter((entry) => entry < probe).length;
        const equal = values.filter((entry) => entry === probe).length;
        expect(midRankPercentile(probe, sortedFinite(values))).toBe((100 * (below + equal / 2)) / values.length);
      }),
    );
  });
});

describe('engagementRate', () => {
  it('is (likes + comments + shares) ÷ views over the parts that are known', () => {
    expect(engagementRate({ views: 1000, likes: 50, comments: 5, shares: 5 })).toBe(0.06);
    expect(engagementRate({ views: 1000, likes: 50, comments: null, shares: 10 })).toBe(0.06);
    expect(engagementRate({ views: 1000, likes: null, comments: null, shares: null })).toBeNull();
    expect(engagementRate({ views: 0, likes: 3, comments: 0, shares: 0 })).toBeNull();
    expect(engagementRate({ views: null, likes: 3, comments: 0, shares: 0 })).toBeNull();
  });
});

describe('successScore', () => {
  it('blends the parts’ percentiles with renormalised weights', () => {
    const result = successScore(
      values({ 'age-matched views': 4, 'engagement rate': 1, 'average view %': 2 }),
      populations([1, 2, 3, 4]),
    );
    // Percentiles 87.5, 12.5 and 37.5; CTR is unknown, so weights 0.4, 0.2, 0.25 are divided by 0.85.
    expect(result.score).toBeCloseTo((0.4 * 87.5 + 0.2 * 12.5 + 0.25 * 37.5) / 0.85, 12);
    expect(result.parts).toEqual([
      { name: 'age-matched views', value: 4, percentile: 87.5, weight: expect.closeTo(0.4 / 0.85, 12), n: 4 },
      { name: 'engagement rate', value: 1, percentile: 12.5, weight: expect.closeTo(0.2 / 0.85, 12), n: 4 },
      { name: 'average view %', value: 2, percentile: 37.5, weight: expect.closeTo(0.25 / 0.85, 12), n: 4 },
      { name: 'CTR', value: null, percentile: null, weight: 0, n: 4 },
    ]);
  });

  it('needs the age-matched views part', () => {
    const result = successScore(values({ 'engagement rate': 1, CTR: 3 }), populations([1, 2, 3]));
    expect(result.score).toBeNull();
    expect(result.parts.every((part) => part.weight === 0)).toBe(true);
    expect(successScore(values({ 'age-matched views': 2 }), populations([])).score).toBeNull();
  });

  it('treats a non-finite value as unknown', () => {
    const result = successScore(values({ 'age-matched views': 2, CTR: Number.NaN }), populations([1, 2, 3]));
    expect(result.parts[3]).toMatchObject({ value: null, percentile: null, weight: 0 });
    expect(result.score).toBe(50);
  });

  it('gives 50 when every video of the channel is alike', () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 1, max: 30 }), (shared, count) => {
        const all = values({
          'age-matched views': shared,
          'engagement rate': shared,
          'average view %': shared,
          CTR: shared,
        });
        expect(successScore(all, populations(Array(count).fill(shared))).score).toBeCloseTo(50, 9);
      }),
    );
  });

  it('stays within 0–100 and is monotone in each part’s value', () => {
    const partValues = fc.tuple(fc.option(value), fc.option(value), fc.option(value), fc.option(value));
    fc.assert(
      fc.property(
        partValues,
        population,
        fc.constantFrom(...PART_NAMES),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (raw, channelValues, raised, increase) => {
          const before = values(Object.fromEntries(PART_NAMES.map((name, index) => [name, raw[index] ?? null])));
          const after = { ...before, [raised]: before[raised] === null ? null : before[raised] + increase };
          const pops = populations(channelValues);
          const scoreBefore = successScore(before, pops).score;
          const scoreAfter = successScore(after, pops).score;
          // The channel-wide path computes the scores alone, part by part over rows given in any order: the same
          // numbers (NaN for null). Row 0 is left out and must stay as it was.
          const columns = Object.fromEntries(
            PART_NAMES.map((name) => [
              name,
              Float64Array.from([0, after[name] ?? Number.NaN, before[name] ?? Number.NaN]),
            ]),
          ) as SuccessColumns;
          const scores = Float64Array.of(-1, 0, 0);
          successScoresInto(columns, [2, 1], pops, scores);
          expect([...scores]).toEqual([-1, scoreAfter ?? Number.NaN, scoreBefore ?? Number.NaN]);
          for (const score of [scoreBefore, scoreAfter]) {
            if (score !== null) {
              expect(score).toBeGreaterThanOrEqual(0);
              expect(score).toBeLessThanOrEqual(100);
            }
          }
          if (scoreBefore !== null) expect(scoreAfter as number).toBeGreaterThanOrEqual(scoreBefore - 1e-9);
        },
      ),
    );
  });
});
