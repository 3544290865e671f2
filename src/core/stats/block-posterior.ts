// The Gaussian posterior of one block of parameters while only that block's prior precision changes: everything
// else is factored once, then each prior costs a Cholesky of the block's size. effect-model.ts averages each
// dimension's posterior over ten values of its τ; this turns ten factorisations of the whole ~120-parameter
// precision per dimension into one, identical up to rounding.
//
// A is the posterior precision without the block's prior, r the right-hand side (mean = A⁻¹r). Ordering the
// parameters as (others o, block b), A's Cholesky factor with the block's prior P added is
//   [[L_oo, 0], [L_bo, L_T]],  L_oo L_ooᵀ = A_oo,  L_bo = A_bo L_oo⁻ᵀ,  L_T L_Tᵀ = S + P,  S = A_bb − L_bo L_boᵀ,
// and only L_T depends on P. With z_o = L_oo⁻¹ r_o and z_b = L_T⁻¹ (r_b − L_bo z_o):
//   block mean L_T⁻ᵀ z_b,  block covariance (S + P)⁻¹,  log|A + P| = log|A_oo| + log|S + P|,
//   rᵀ(A + P)⁻¹r = |z_o|² + |z_b|².

import { cholesky, choleskyInverse, solveLower, solveUpper } from './cholesky.js';

export interface BlockPosterior {
  /** The block's posterior mean. */
  mean: Float64Array;
  /** The block's posterior covariance (row-major, count × count). */
  covariance: Float64Array;
  /** log of the whole precision's determinant, prior included. */
  logDeterminant: number;
  /** rᵀ(A + P)⁻¹r: the whole posterior mean times r. */
  quadratic: number;
}

function logDiagonal(lower: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += 2 * Math.log(lower[i * n + i] as number);
  return sum;
}

/**
 * The block posterior as a function of the block's prior precision (row-major, count × count, added to the block of
 * `precision`), for parameters start…start + count − 1 of `precision` (row-major, size × size, symmetric positive
 * definite outside the block) and `right`. Throws when a matrix is not positive definite.
 */
export function blockPosteriors(
  precision: Float64Array,
  size: number,
  right: ArrayLike<number>,
  start: number,
  count: number,
): (prior: Float64Array) => BlockPosterior {
  const others = size - count;
  const other = (k: number) => (k < start ? k : k + count);
  const otherBlock = new Float64Array(others * others);
  for (let i = 0; i < others; i++)
    for (let j = 0; j < others; j++) otherBlock[i * others + j] = precision[other(i) * size + other(j)] as number;
  const lowerOthers = cholesky(otherBlock, others);
  // Row a of L_bo: L_oo⁻¹ times the block column a of A restricted to the others.
  const cross = new Float64Array(count * others);
  const column = new Float64Array(others);
  for (let a = 0; a < count; a++) {
    for (let k = 0; k < others; k++) column[k] = precision[(start + a) * size + other(k)] as number;
    cross.set(solveLower(lowerOthers, others, column), a * others);
  }
  const rightOthers = new Float64Array(others);
  for (let k = 0; k < others; k++) rightOthers[k] = right[other(k)] as number;
  const zOthers = solveLower(lowerOthers, others, rightOthers);
  let quadraticOthers = 0;
  for (let k = 0; k < others; k++) quadraticOthers += (zOthers[k] as number) ** 2;
  const logDeterminantOthers = logDiagonal(lowerOthers, others);
  const schur = new Float64Array(count * count);
  const reduced = new Float64Array(count);
  for (let a = 0; a < count; a++) {
    let rest = right[start + a] as number;
    for (let k = 0; k < others; k++) rest -= (cross[a * others + k] as number) * (zOthers[k] as number);
    reduced[a] = rest;
    for (let b = 0; b <= a; b++) {
      let sum = precision[(start + a) * size + start + b] as number;
      for (let k = 0; k < others; k++) sum -= (cross[a * others + k] as number) * (cross[b * others + k] as number);
      schur[a * count + b] = sum;
      schur[b * count + a] = sum;
    }
  }
  return posteriorsGivenSchur(schur, reduced, count, logDeterminantOthers, quadraticOthers);
}

/**
 * The same function from the block's marginal posterior under one prior P₀ (mean m, covariance Σ, as the joint
 * posterior gives them): S + P₀ = Σ⁻¹ and the reduced right-hand side is Σ⁻¹m, so no other parameter is factored
 * again. log|A_oo| and |z_o|² are not known this way: `logDeterminant` and `quadratic` are then up to a constant
 * (the same for every prior), which is all a comparison of priors needs. S is found by a subtraction, which loses
 * the digits P₀ has beyond S's: for independent arms with a modest 1/τ², not for a curve's large K⁻¹/τ².
 */
export function blockPosteriorsFromMarginal(
  mean: Float64Array,
  covariance: Float64Array,
  count: number,
  priorUsed: Float64Array,
): (prior: Float64Array) => BlockPosterior {
  const precision = choleskyInverse(cholesky(covariance, count), count);
  const reduced = new Float64Array(count);
  for (let a = 0; a < count; a++) {
    let sum = 0;
    for (let b = 0; b < count; b++) sum += (precision[a * count + b] as number) * (mean[b] as number);
    reduced[a] = sum;
  }
  const schur = precision.map((value, k) => value - (priorUsed[k] as number));
  return posteriorsGivenSchur(schur, reduced, count, 0, 0);
}

function posteriorsGivenSchur(
  schur: Float64Array,
  reduced: Float64Array,
  count: number,
  logDeterminantOthers: number,
  quadraticOthers: number,
): (prior: Float64Array) => BlockPosterior {
  return (prior) => {
    const lower = cholesky(
      schur.map((value, k) => value + (prior[k] as number)),
      count,
    );
    const z = solveLower(lower, count, reduced);
    let quadratic = quadraticOthers;
    for (let a = 0; a < count; a++) quadratic += (z[a] as number) ** 2;
    return {
      mean: solveUpper(lower, count, z),
      covariance: choleskyInverse(lower, count),
      logDeterminant: logDeterminantOthers + logDiagonal(lower, count),
      quadratic,
    };
  };
}
