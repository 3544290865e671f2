// The Gaussian posterior (mean and full covariance) of a precision A one of whose diagonal blocks is diagonal: the
// effect model's EM step (effect-model.ts). An independent-arms dimension's block of A is diagonal, because a video
// has one arm per dimension, so no row adds to two of its arms at once; the topic × hook interaction's 36 arms are
// a third of the ~115 parameters. Ordering the parameters as (block b, others o), with D = A_bb diagonal:
//   S = A_oo − A_ob D⁻¹ A_bo  (the Schur complement, dense, factored by Cholesky),
//   Σ_oo = S⁻¹,  Σ_bo = −D⁻¹ A_bo S⁻¹,  Σ_bb = D⁻¹ − Σ_bo (D⁻¹ A_bo)ᵀ,
//   mean_o = S⁻¹ (r_o − A_ob D⁻¹ r_b),  mean_b = D⁻¹ r_b − D⁻¹ A_bo mean_o.
// The dense work is on the others alone (a 79 × 79 factor and inverse instead of 115 × 115), and the products with
// D⁻¹ A_bo skip its zeros (an interaction arm's videos share one topic and one hook). The same posterior as the
// whole factorisation, up to rounding.

import { cholesky, choleskyInverse, solveLower, solveUpper } from './cholesky.js';

/**
 * The posterior for precisions of `size` × `size` (row-major, symmetric positive definite) whose block
 * start…start + count − 1 is diagonal (its off-diagonal entries are not read). Arrays are reused from call to call;
 * the covariance is written to `into` (size × size), the mean returned.
 *
 * `blockVariancesOnly`: of Σ_bb only the diagonal is written, the rest keeping what `into` held. An EM step reads the
 * covariance only within a row's terms (design-rows.ts), and no row has two of the block's arms; the 36 × 36 block
 * was about 6 % of a solve's multiplications. Every entry written is computed as without the flag, to the bit.
 */
export function diagonalBlockPosterior(
  size: number,
  start: number,
  count: number,
  blockVariancesOnly = false,
): (precision: Float64Array, right: ArrayLike<number>, into: Float64Array) => Float64Array {
  const others = size - count;
  const workspace: Workspace = {
    size,
    start,
    count,
    blockVariancesOnly,
    others,
    other: Int32Array.from({ length: others }, (_, k) => (k < start ? k : k + count)),
    schur: new Float64Array(others * others),
    lower: new Float64Array(others * others),
    inverse: { inverse: new Float64Array(others * others), scratch: new Float64Array(others * others) },
    gain: new Float64Array(count * others),
    cross: new Float64Array(count * others),
    nonzero: new Int32Array(count * others),
    nonzeroCount: new Int32Array(count),
    reduced: new Float64Array(others),
    blockCovariance: new Float64Array(count * others),
  };
  return (precision, right, into) => solve(workspace, precision, right, into);
}

/** A solver's sizes and the arrays it reuses from call to call. */
interface Workspace {
  size: number;
  start: number;
  count: number;
  blockVariancesOnly: boolean;
  /** size − count, and the positions of those other parameters. */
  others: number;
  other: Int32Array;
  schur: Float64Array;
  lower: Float64Array;
  inverse: { inverse: Float64Array; scratch: Float64Array };
  /** Row a: D⁻¹ A_bo (gain) and A_bo (cross) restricted to their nonzero columns (`nonzero`, `nonzeroCount[a]` long). */
  gain: Float64Array;
  cross: Float64Array;
  nonzero: Int32Array;
  nonzeroCount: Int32Array;
  reduced: Float64Array;
  blockCovariance: Float64Array;
}

/**
 * One module function for every solver, not a closure per solver: a closure made by each fit shares its optimised
 * code with the earlier fits' closures only while one of them is alive, so after a full collection the next fit's
 * closure started again from unoptimised code and was optimised anew only after several solves. At 10,000 videos,
 * 1 analysis in about 5 ran 5–14 of its 14 solves unoptimised that way (V8's tier read at each call, speed10k); a
 * module function keeps its code.
 */
function solve(
  workspace: Workspace,
  precision: Float64Array,
  right: ArrayLike<number>,
  into: Float64Array,
): Float64Array {
  const { size, start, count, blockVariancesOnly, others, other, schur, lower, inverse } = workspace;
  const { gain, cross, nonzero, nonzeroCount, reduced, blockCovariance } = workspace;
  for (let k = 0; k < others; k++) {
    const row = (other[k] as number) * size;
    for (let l = k; l < others; l++) schur[k * others + l] = precision[row + (other[l] as number)] as number;
    reduced[k] = right[other[k] as number] as number;
  }
  for (let a = 0; a < count; a++) {
    const row = (start + a) * size;
    const diagonal = precision[row + start + a] as number;
    let n = 0;
    for (let k = 0; k < others; k++) {
      const value = precision[row + (other[k] as number)] as number;
      if (value === 0) continue;
      nonzero[a * others + n] = k;
      cross[a * others + n] = value;
      gain[a * others + n++] = value / diagonal;
    }
    nonzeroCount[a] = n;
    const base = a * others;
    const scaledRight = (right[start + a] as number) / diagonal;
    for (let p = 0; p < n; p++) {
      const k = nonzero[base + p] as number;
      const value = cross[base + p] as number;
      reduced[k] = (reduced[k] as number) - value * scaledRight;
      for (let q = p; q < n; q++) {
        const l = nonzero[base + q] as number;
        schur[k * others + l] = (schur[k * others + l] as number) - value * (gain[base + q] as number);
      }
    }
  }
  for (let k = 0; k < others; k++)
    for (let l = k + 1; l < others; l++) schur[l * others + k] = schur[k * others + l] as number;
  cholesky(schur, others, lower);
  const meanOthers = solveUpper(lower, others, solveLower(lower, others, reduced));
  const covarianceOthers = choleskyInverse(lower, others, inverse);
  const mean = new Float64Array(size);
  for (let k = 0; k < others; k++) {
    mean[other[k] as number] = meanOthers[k] as number;
    const row = (other[k] as number) * size;
    for (let l = 0; l < others; l++) into[row + (other[l] as number)] = covarianceOthers[k * others + l] as number;
  }
  for (let a = 0; a < count; a++) {
    const base = a * others;
    const n = nonzeroCount[a] as number;
    const diagonal = precision[(start + a) * size + start + a] as number;
    let fitted = (right[start + a] as number) / diagonal;
    for (let p = 0; p < n; p++)
      fitted -= (gain[base + p] as number) * (meanOthers[nonzero[base + p] as number] as number);
    mean[start + a] = fitted;
    // Σ_bo row a = −Σ_k gain_ak S⁻¹_k·, over the nonzero k only.
    blockCovariance.fill(0, base, base + others);
    for (let p = 0; p < n; p++) {
      const g = gain[base + p] as number;
      const row = (nonzero[base + p] as number) * others;
      for (let l = 0; l < others; l++)
        blockCovariance[base + l] = (blockCovariance[base + l] as number) - g * (covarianceOthers[row + l] as number);
    }
    const row = (start + a) * size;
    for (let l = 0; l < others; l++) {
      const value = blockCovariance[base + l] as number;
      into[row + (other[l] as number)] = value;
      into[(other[l] as number) * size + start + a] = value;
    }
  }
  for (let a = 0; a < count; a++) {
    const base = a * others;
    const end = blockVariancesOnly ? a + 1 : count;
    for (let b = a; b < end; b++) {
      let sum = a === b ? 1 / (precision[(start + a) * size + start + a] as number) : 0;
      const n = nonzeroCount[b] as number;
      for (let p = 0; p < n; p++)
        sum -=
          (blockCovariance[base + (nonzero[b * others + p] as number)] as number) * (gain[b * others + p] as number);
      into[(start + a) * size + start + b] = sum;
      into[(start + b) * size + start + a] = sum;
    }
  }
  return mean;
}
