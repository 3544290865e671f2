// Cholesky factorisation of a small symmetric positive-definite matrix (row-major, n × n), and the two
// triangular solves that use it. Enough for the posterior of a few dozen effects; no pivoting is needed
// because the matrices it is used on carry a positive prior precision on their diagonal.

/**
 * Lower-triangular L with A = L Lᵀ. Throws when A is not positive definite. `into` (n × n) is reused for L when
 * given: only its lower triangle is written, and nothing reads the upper one.
 */
export function cholesky(matrix: Float64Array, n: number, into?: Float64Array): Float64Array {
  const lower = into ?? new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * n;
      let sum = matrix[rowI + j] as number;
      // Two terms a pass, subtracted in the same order: the same sum, a fifth faster (half the loop's checks).
      let k = 0;
      for (; k + 1 < j; k += 2) {
        sum -= (lower[rowI + k] as number) * (lower[rowJ + k] as number);
        sum -= (lower[rowI + k + 1] as number) * (lower[rowJ + k + 1] as number);
      }
      if (k < j) sum -= (lower[rowI + k] as number) * (lower[rowJ + k] as number);
      if (i === j) {
        if (!(sum > 0)) throw new Error('matrix is not positive definite');
        lower[i * n + i] = Math.sqrt(sum);
      } else {
        lower[i * n + j] = sum / (lower[j * n + j] as number);
      }
    }
  }
  return lower;
}

/** x with L x = b. */
export function solveLower(lower: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k++) sum -= (lower[i * n + k] as number) * (x[k] as number);
    x[i] = sum / (lower[i * n + i] as number);
  }
  return x;
}

/** x with Lᵀ x = b. */
export function solveUpper(lower: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i] as number;
    for (let k = i + 1; k < n; k++) sum -= (lower[k * n + i] as number) * (x[k] as number);
    x[i] = sum / (lower[i * n + i] as number);
  }
  return x;
}

/**
 * A⁻¹ (row-major, exactly symmetric) from A's Cholesky factor L: W = L⁻¹ column by column, then A⁻¹ = WᵀW.
 * About n³/3 multiplications against 2n³ for n solves with unit vectors, whose leading zeros those solves ignore.
 * A workspace (two n × n arrays) is reused when given: A⁻¹ is written to its `inverse`.
 */
export function choleskyInverse(
  lower: Float64Array,
  n: number,
  workspace?: { inverse: Float64Array; scratch: Float64Array },
): Float64Array {
  // Row j of `inverseT` is column j of W = L⁻¹ (entries j…n−1), so both loops below read memory in order; each
  // entry is written before it is read, so a reused workspace needs no clearing.
  const inverseT = workspace?.scratch ?? new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const row = j * n;
    inverseT[row + j] = 1 / (lower[j * n + j] as number);
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let sum = 0;
      // Two terms a pass in the same order, as in `cholesky`.
      let k = j;
      for (; k + 1 < i; k += 2) {
        sum -= (lower[rowI + k] as number) * (inverseT[row + k] as number);
        sum -= (lower[rowI + k + 1] as number) * (inverseT[row + k + 1] as number);
      }
      if (k < i) sum -= (lower[rowI + k] as number) * (inverseT[row + k] as number);
      inverseT[row + i] = sum / (lower[rowI + i] as number);
    }
  }
  const inverse = workspace?.inverse ?? new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    const rowA = a * n;
    for (let b = a; b < n; b++) {
      const rowB = b * n;
      let sum = 0;
      let k = b;
      for (; k + 1 < n; k += 2) {
        sum += (inverseT[rowA + k] as number) * (inverseT[rowB + k] as number);
        sum += (inverseT[rowA + k + 1] as number) * (inverseT[rowB + k + 1] as number);
      }
      if (k < n) sum += (inverseT[rowA + k] as number) * (inverseT[rowB + k] as number);
      inverse[rowA + b] = sum;
      inverse[rowB + a] = sum;
    }
  }
  return inverse;
}
