/** z of a two-sided 80 % normal interval: the 90th percentile of the standard normal. */
export const Z80 = 1.2815515655446004;

/** Median of the finite numbers given; null for none. */
export function median(values: readonly number[]): number | null {
  const finite = new Float64Array(values.length);
  let count = 0;
  // Indexed: a for-of in a function called a few times per analysis runs unoptimised, allocating per element.
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number;
    if (Number.isFinite(value)) finite[count++] = value;
  }
  return count === 0 ? null : medianInPlace(finite.subarray(0, count));
}

/**
 * Median of the first `count` (≥ 1) values of an array of finite numbers, reordering them: a selection in O(n),
 * where sorting would cost O(n log n).
 */
export function medianInPlace(values: Float64Array, count = values.length): number {
  const middle = count >> 1;
  const upper = selectInPlace(values, middle, count);
  if (count % 2 === 1) return upper;
  // After the selection everything before `middle` is ≤ upper, so the lower middle is their maximum.
  let lower = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < middle; index++) if ((values[index] as number) > lower) lower = values[index] as number;
  return (lower + upper) / 2;
}

/**
 * Puts the k-th smallest of the first `count` values at index k, smaller ones before it and larger ones after
 * (up to `count`), and returns it
 * (Hoare's quickselect, median-of-three pivots). Deterministic; falls back to sorting the remaining range
 * when the partitions keep coming out lopsided, so the worst case stays O(n log n).
 */
export function selectInPlace(values: Float64Array, k: number, count = values.length): number {
  let left = 0;
  let right = count - 1;
  let rounds = 2 * Math.ceil(Math.log2(count + 1)) + 8;
  while (right > left) {
    if (rounds-- === 0) {
      values.subarray(left, right + 1).sort();
      break;
    }
    const a = values[left] as number;
    const b = values[(left + right) >> 1] as number;
    const c = values[right] as number;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i++] = values[j] as number;
        values[j--] = swap;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k] as number;
}

/** Arithmetic mean of the finite numbers given; null for none. */
export function mean(values: readonly number[]): number | null {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? null : finite.reduce((sum, value) => sum + value, 0) / finite.length;
}

/** Linear-interpolation quantile (type 7) of the finite values; null for none. */
export function quantile(values: readonly number[], probability: number): number | null {
  return sortedQuantile(
    values.filter(Number.isFinite).sort((a, b) => a - b),
    probability,
  );
}

/** The same quantile of values already sorted ascending, without copying them. */
export function sortedQuantile(sorted: ArrayLike<number>, probability: number): number | null {
  if (sorted.length === 0) return null;
  const position = Math.min(1, Math.max(0, probability)) * (sorted.length - 1);
  const below = Math.floor(position);
  const lower = sorted[below] as number;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return lower + (upper - lower) * (position - below);
}

/** The finite values, sorted ascending (a typed array sorts numbers without a comparator). */
export function sortedFinite(values: ArrayLike<number | null>): Float64Array {
  // Indexed loops: this runs a few times per channel over 10,000 values, too few calls to optimise an iterator.
  let count = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value !== null && value !== undefined && Number.isFinite(value)) count++;
  }
  const sorted = new Float64Array(count);
  count = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value !== null && value !== undefined && Number.isFinite(value)) sorted[count++] = value;
  }
  return sorted.sort();
}
