import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lengthCorrelation } from '../../src/core/analytics/curve-kernels.js';
import {
  type EffectDimension,
  type EffectObservation,
  fitVarianceComponents,
  MIN_PRIOR_VARIANCE,
  TAIL_DEGREES_OF_FREEDOM,
  type VarianceComponents,
} from '../../src/core/analytics/effect-model.js';
import { LENGTH_GRID_S } from '../../src/core/analytics/video-features.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';

// The variance components the effect model reports from (σ², τ_d², t weights) are EM's fixed point: one more plain
// EM step, computed here independently with dense matrices from the model's equations (effect-model.ts' file
// comment), moves σ², every τ² and every weight by less than TOLERANCE's 10⁻⁴ relative. Plain EM stopped after 15
// steps failed this on most such channels: a dimension the data say little about has its τ² creep to its floor.

/** The effect model's flat prior on covariates (COVARIATE_PRIOR_VARIANCE). */
const COVARIATE_PRIOR_VARIANCE = 1e4;
const INTERACTION_FLOOR = 0.02 ** 2;

const DIMENSIONS: EffectDimension[] = [
  { name: 'topic', arms: ['a', 'b', 'c', 'd'] },
  { name: 'hook', arms: ['x', 'y', 'z'] },
  { name: 'length', arms: LENGTH_GRID_S.map(String), correlation: lengthCorrelation(LENGTH_GRID_S) },
  { name: 'pair', arms: ['a|x', 'b|y', 'c|z'], shrinkage: { floor: INTERACTION_FLOOR, scale: 0.1 }, uncentred: true },
];

/** (A)⁻¹ of a symmetric positive-definite matrix by Gauss–Jordan: the oracle shares no code with the model. */
function inverse(matrix: number[][]): number[][] {
  const n = matrix.length;
  const a = matrix.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    const pivot = a[c]?.[c] as number;
    const row = a[c] as number[];
    for (let j = 0; j < 2 * n; j++) row[j] = (row[j] as number) / pivot;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const other = a[r] as number[];
      const factor = other[c] as number;
      for (let j = 0; j < 2 * n; j++) other[j] = (other[j] as number) - factor * (row[j] as number);
    }
  }
  return a.map((row) => row.slice(n));
}

/** One plain EM step from the fitted state: σ² and each τ_d² it moves to. */
function plainStep(observations: EffectObservation[], fit: VarianceComponents) {
  const starts: number[] = [];
  let size = 0;
  for (const dimension of DIMENSIONS) {
    starts.push(size);
    size += dimension.arms.length;
  }
  const covariateStart = size;
  size += observations[0]?.covariates.length ?? 0;
  const rows = observations.map((observation) => {
    const x = new Array<number>(size).fill(0);
    DIMENSIONS.forEach((dimension, d) => {
      // An arm outside the dimension's list (a pair never planned) is no arm, as in the model.
      const a = dimension.arms.indexOf(observation.arms[d] as string);
      if (a >= 0) x[(starts[d] as number) + a] = 1;
    });
    observation.covariates.forEach((value, c) => {
      x[covariateStart + c] = value;
    });
    return x;
  });
  const correlations = DIMENSIONS.map((dimension) =>
    dimension.correlation
      ? inverse(
          dimension.arms.map((_, a) =>
            dimension.arms.map((_, b) => dimension.correlation?.[a * dimension.arms.length + b] as number),
          ),
        )
      : null,
  );
  const precision = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const right = new Array<number>(size).fill(0);
  rows.forEach((x, i) => {
    const w = ((fit.weights[i] as number) * (observations[i]?.weight ?? 1)) / fit.noiseVariance;
    for (let p = 0; p < size; p++) {
      right[p] = (right[p] as number) + w * (x[p] as number) * (observations[i]?.value as number);
      for (let q = 0; q < size; q++)
        (precision[p] as number[])[q] =
          ((precision[p] as number[])[q] as number) + w * (x[p] as number) * (x[q] as number);
    }
  });
  DIMENSIONS.forEach((dimension, d) => {
    const start = starts[d] as number;
    const count = dimension.arms.length;
    const tau2 = fit.priorVariances[d] as number;
    for (let a = 0; a < count; a++)
      for (let b = 0; b < count; b++) {
        const k = correlations[d] ? (correlations[d]?.[a]?.[b] as number) : a === b ? 1 : 0;
        (precision[start + a] as number[])[start + b] =
          ((precision[start + a] as number[])[start + b] as number) + k / tau2;
      }
  });
  for (let p = covariateStart; p < size; p++)
    (precision[p] as number[])[p] = ((precision[p] as number[])[p] as number) + 1 / COVARIATE_PRIOR_VARIANCE;
  const covariance = inverse(precision);
  const mean = covariance.map((row) => row.reduce((sum, value, q) => sum + value * (right[q] as number), 0));
  const at = (p: number, q: number) => covariance[p]?.[q] as number;
  const squared = rows.map((x, i) => {
    let fitted = 0;
    let spread = 0;
    for (let p = 0; p < size; p++) {
      fitted += (x[p] as number) * (mean[p] as number);
      for (let q = 0; q < size; q++) spread += (x[p] as number) * (x[q] as number) * at(p, q);
    }
    return ((observations[i]?.value as number) - fitted) ** 2 + spread;
  });
  const precisions = observations.map((observation) => observation.weight ?? 1);
  const noiseVariance =
    squared.reduce((sum, value, i) => sum + (fit.weights[i] as number) * (precisions[i] as number) * value, 0) /
    precisions.reduce((sum, value) => sum + value, 0);
  const priorVariances = DIMENSIONS.map((dimension, d) => {
    const start = starts[d] as number;
    const count = dimension.arms.length;
    const tried = dimension.arms.filter((_, a) => rows.some((x) => x[start + a] === 1)).length;
    if (tried === 0) return fit.priorVariances[d] as number;
    let expected = 0;
    for (let a = 0; a < count; a++)
      for (let b = 0; b < count; b++) {
        const k = correlations[d] ? (correlations[d]?.[a]?.[b] as number) : a === b ? 1 : 0;
        expected += k * ((mean[start + a] as number) * (mean[start + b] as number) + at(start + a, start + b));
      }
    // EM's update for the tried arms (an untried independent arm's E[β²] is its prior variance).
    const next = (expected - (count - tried) * (fit.priorVariances[d] as number)) / tried;
    return Math.max(dimension.shrinkage?.floor ?? MIN_PRIOR_VARIANCE, next);
  });
  const weights = squared.map(
    (value, i) =>
      (TAIL_DEGREES_OF_FREEDOM + 1) / (TAIL_DEGREES_OF_FREEDOM + ((precisions[i] as number) * value) / noiseVariance),
  );
  return { noiseVariance, priorVariances, weights };
}

/** A small channel: topic effects of the given spread, no hook or length effect, Student-t noise, viral hits. */
function channel(seed: number, videos: number, spread: number, decay: boolean): EffectObservation[] {
  const rng = new SeededRandom(`fixed-point:${seed}`);
  const topicEffects = [0, 1, 2, 3].map(() => rng.normal(0, spread));
  return Array.from({ length: videos }, (_, i) => {
    const topic = rng.int(0, 3);
    const hook = rng.int(0, 2);
    const length = rng.chance(0.8) ? (LENGTH_GRID_S[rng.int(0, LENGTH_GRID_S.length - 1)] as number) : null;
    const noise = rng.normal(0, 0.6) / Math.sqrt(rng.chance(0.1) ? 0.1 : 1);
    const pair = `${'abcd'[topic]}|${'xyz'[hook]}`;
    return {
      value: 10 + (topicEffects[topic] as number) + noise,
      arms: ['abcd'[topic] as string, 'xyz'[hook] as string, length === null ? null : String(length), pair],
      covariates: [1, i / videos],
      ...(decay ? { weight: 2 ** (-(videos - 1 - i) / 40) } : {}),
    };
  });
}

describe('EM reaches its fixed point', () => {
  it('one more plain EM step moves σ², every τ² and every t weight by under 10⁻⁴ (relative)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 30, max: 80 }),
        fc.constantFrom(0, 0.2, 0.5),
        fc.boolean(),
        (seed, videos, spread, decay) => {
          const observations = channel(seed, videos, spread, decay);
          const fit = fitVarianceComponents(DIMENSIONS, observations, 0);
          expect(fit.converged).toBe(true);
          const step = plainStep(observations, fit);
          expect(Math.abs(step.noiseVariance / fit.noiseVariance - 1)).toBeLessThan(1e-4);
          step.priorVariances.forEach((next, d) => {
            expect(Math.abs(next / (fit.priorVariances[d] as number) - 1)).toBeLessThan(1e-4);
          });
          step.weights.forEach((next, i) => {
            expect(Math.abs(next / (fit.weights[i] as number) - 1)).toBeLessThan(1e-4);
          });
        },
      ),
      { numRuns: 12 },
    );
  });

  it('reaches it on a channel where τ² creeps slowly toward its floor (stopped short at 100 steps)', () => {
    // Found by the property above (seed 999995): one small channel in about 700 needed more than 100 steps.
    const fit = fitVarianceComponents(DIMENSIONS, channel(999_995, 32, 0, false), 0);
    expect(fit.converged).toBe(true);
    const step = plainStep(channel(999_995, 32, 0, false), fit);
    step.priorVariances.forEach((next, d) => {
      expect(Math.abs(next / (fit.priorVariances[d] as number) - 1)).toBeLessThan(1e-4);
    });
  });

  it('reaches it where SQUAREM only creeps (stopped short at 300 steps)', () => {
    // Found by the property above at 20× its draws (seed -522015502, path 9): [49093, 34, 0, true] took 465 steps;
    // [391531, 45, 0, false], the slowest of 50,000 sampled channels, 1,181.
    for (const [seed, videos, decay] of [
      [49_093, 34, true],
      [391_531, 45, false],
    ] as const) {
      const observations = channel(seed, videos, 0, decay);
      const fit = fitVarianceComponents(DIMENSIONS, observations, 0);
      expect(fit.converged).toBe(true);
      const step = plainStep(observations, fit);
      step.priorVariances.forEach((next, d) => {
        expect(Math.abs(next / (fit.priorVariances[d] as number) - 1)).toBeLessThan(1e-4);
      });
    }
  });
});
