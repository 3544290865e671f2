// Empirical-Bayes shrinkage of group means, and percentile bootstrap intervals.
//
// Model: a video in group g has value x = μ + θ_g + ε, with group effects θ_g ~ (0, τ²) and noise ε ~ (0, σ²).
// A group's mean deviation d_g = mean_g − μ then has variance τ² + σ²/n_g, and the best linear estimate of θ_g is
//
//   θ̂_g = B_g · d_g,   B_g = τ² / (τ² + σ²/n_g)
//
// so a group of 3 videos 40 % above the channel is believed far less than one of 300. σ² is the pooled
// within-group variance. τ² comes from the method of moments for an unbalanced one-way layout (the ANOVA
// estimator; DerSimonian–Laird with equal within-variances reduces to it):
//
//   τ² = max(0, (Σ n_g (d_g − d̄)² − (G − 1) σ²) / (N − Σ n_g² / N)),   d̄ = Σ n_g d_g / N,  N = Σ n_g
//
// The between-group spread beyond what noise alone would produce is credited to real effects; when there is none,
// τ² = 0 and every group is shrunk all the way to the channel mean.

import { SeededRandom } from '../random/seeded-random.js';
import { quantileInPlace } from '../stats/summary-statistics.js';

export interface GroupDeviation {
  /** Values in the group. */
  n: number;
  /** Group mean minus the channel mean. */
  deviation: number;
}

export interface GroupSpread {
  n: number;
  /** Σ (x − group mean)² over the group. */
  sumOfSquares: number;
}

export interface Shrinkage {
  /** τ²: the estimated variance of true group effects, ≥ 0. */
  betweenVariance: number;
  /** B_g per group, in the input order: 0 (ignore the group's data) … 1 (take its mean deviation as is). */
  factors: number[];
  /** B_g · d_g per group, in the input order. */
  shrunk: number[];
}

export interface BootstrapOptions {
  seed: number | string;
  /** Default 1000. */
  resamples?: number;
  /** Coverage of the interval, default 0.8. */
  level?: number;
}

export interface Interval {
  low: number;
  high: number;
}

/** σ²: Σ sumOfSquares / (N − G) over the non-empty groups; null when no group has two values. */
export function pooledWithinVariance(groups: readonly GroupSpread[]): number | null {
  let degreesOfFreedom = 0;
  let sumOfSquares = 0;
  for (const group of groups) {
    if (!(group.n > 0)) continue;
    degreesOfFreedom += group.n - 1;
    sumOfSquares += Math.max(0, group.sumOfSquares);
  }
  return degreesOfFreedom > 0 ? sumOfSquares / degreesOfFreedom : null;
}

/** τ² by the method of moments (see the file comment); 0 with fewer than two non-empty groups. */
export function betweenGroupVariance(groups: readonly GroupDeviation[], withinVariance: number): number {
  let present = 0;
  let total = 0;
  let weightedDeviations = 0;
  let sumOfSquaredSizes = 0;
  for (const { n, deviation } of groups) {
    if (!(n > 0)) continue;
    present++;
    total += n;
    weightedDeviations += n * deviation;
    sumOfSquaredSizes += n * n;
  }
  if (present < 2) return 0;
  const center = weightedDeviations / total;
  let between = 0;
  for (const { n, deviation } of groups) if (n > 0) between += n * (deviation - center) ** 2;
  const effectiveGroupSize = total - sumOfSquaredSizes / total;
  const sigma2 = Number.isFinite(withinVariance) ? Math.max(0, withinVariance) : 0;
  return Math.max(0, (between - (present - 1) * sigma2) / effectiveGroupSize);
}

/** B = τ² / (τ² + σ²/n); 0 when τ² is 0 (nothing to credit) or the group is empty. */
export function shrinkageFactor(n: number, betweenVariance: number, withinVariance: number): number {
  if (!(betweenVariance > 0) || !(n > 0)) return 0;
  const sigma2 = Number.isFinite(withinVariance) ? Math.max(0, withinVariance) : 0;
  return betweenVariance / (betweenVariance + sigma2 / n);
}

/** Shrinks each group's deviation toward 0 (the channel mean) by its factor B_g. */
export function shrinkDeviations(groups: readonly GroupDeviation[], withinVariance: number): Shrinkage {
  const betweenVariance = betweenGroupVariance(groups, withinVariance);
  const factors = groups.map((group) => shrinkageFactor(group.n, betweenVariance, withinVariance));
  const shrunk = groups.map((group, i) => (factors[i] as number) * group.deviation);
  return { betweenVariance, factors, shrunk };
}

/**
 * shrinkDeviations for groups given as parallel arrays of sizes and deviations, writing B_g · d_g into `shrunk`:
 * the same arithmetic in the same order, without allocating (for bootstrap loops).
 */
export function shrinkDeviationsInto(
  sizes: ArrayLike<number>,
  deviations: ArrayLike<number>,
  withinVariance: number,
  shrunk: Float64Array,
): void {
  const count = sizes.length;
  let present = 0;
  let total = 0;
  let weightedDeviations = 0;
  let sumOfSquaredSizes = 0;
  for (let g = 0; g < count; g++) {
    const n = sizes[g] as number;
    if (!(n > 0)) continue;
    present++;
    total += n;
    weightedDeviations += n * (deviations[g] as number);
    sumOfSquaredSizes += n * n;
  }
  let betweenVariance = 0;
  if (present >= 2) {
    const center = weightedDeviations / total;
    let between = 0;
    for (let g = 0; g < count; g++) {
      const n = sizes[g] as number;
      if (n > 0) between += n * ((deviations[g] as number) - center) ** 2;
    }
    const effectiveGroupSize = total - sumOfSquaredSizes / total;
    const sigma2 = Number.isFinite(withinVariance) ? Math.max(0, withinVariance) : 0;
    betweenVariance = Math.max(0, (between - (present - 1) * sigma2) / effectiveGroupSize);
  }
  for (let g = 0; g < count; g++) {
    shrunk[g] = shrinkageFactor(sizes[g] as number, betweenVariance, withinVariance) * (deviations[g] as number);
  }
}

/** The (1 ± level)/2 quantiles of the estimates; null when none is finite. */
export function percentileInterval(estimates: ArrayLike<number>, level: number): Interval | null {
  const finite = new Float64Array(estimates.length);
  let count = 0;
  for (let i = 0; i < estimates.length; i++) {
    const estimate = estimates[i] as number;
    if (Number.isFinite(estimate)) finite[count++] = estimate;
  }
  const drawn = finite.subarray(0, count);
  const low = quantileInPlace(drawn, (1 - level) / 2);
  const high = quantileInPlace(drawn, (1 + level) / 2);
  return low === null || high === null ? null : { low, high };
}

export function validateBootstrap(resamples: number, level: number): void {
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`resamples must be a positive integer: ${resamples}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1: ${level}`);
}

/**
 * Percentile bootstrap interval of statistic(values): the values are resampled with replacement `resamples` times
 * from a SeededRandom, so the same seed always gives the same interval. Resamples whose statistic is not finite are
 * dropped; null when none is left (e.g. no values).
 */
export function bootstrapInterval(
  values: readonly number[],
  statistic: (sample: readonly number[]) => number,
  options: BootstrapOptions,
): Interval | null {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.8;
  validateBootstrap(resamples, level);
  if (values.length === 0) return null;
  const rng = new SeededRandom(options.seed);
  const sample = new Array<number>(values.length);
  const estimates = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < values.length; i++) sample[i] = values[Math.floor(rng.next() * values.length)] as number;
    estimates[b] = statistic(sample);
  }
  return percentileInterval(estimates, level);
}
