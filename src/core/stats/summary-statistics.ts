/** Median of the finite numbers given; null for none. */
export function median(values: readonly number[]): number | null {
  // A typed array sorts numbers natively, several times faster than a comparator on a plain array.
  const sorted = Float64Array.from(values.filter(Number.isFinite)).sort();
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
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
