// Prior correlations for dimensions whose arms lie on a scale (effect-model.ts, β_d ~ N(0, τ_d² K)): the local
// hour on the daily circle and video length on a log scale. Neighbouring arms share strength, so the hour and
// length curves are learned from every video near a point, not only the few at exactly that hour or length;
// an arm far from any video keeps the prior's width, so the bandit still explores it.
//
// The shapes are fixed, not fitted: with a few dozen videos a length scale is barely identified, and a fixed
// scale keeps every figure reproducible. Averaging the posterior over scales ×2 apart by marginal likelihood was
// tried and lost more views to the fitted best length, not fewer (docs/benchmarks.md, "Hour curves with the daily
// cycle"). Chosen to match how fast audiences' preferences change along each axis
// (a curve's peak is a few hours wide, a length preference spans roughly ×1.5 either way):
// - hour: the sum of two daily shapes, half the variance each (DAILY_CYCLE_SHARE):
//   - the daily cycle, cos(2π Δh / 24): any audience's day has one waking and one sleeping half, so the first
//     harmonic is the part of an hour curve that every hour's videos inform; with it, the hours a channel has
//     not tried are read off the cycle its tried hours trace, not left at the average;
//   - local structure on top: periodic kernel, correlation exp(−2 sin²(π Δh / 24) / ℓ²), ℓ = 2π·HOUR_LENGTH_SCALE/24,
//     so that near Δh the correlation is exp(−Δh² / (2·2.5²)): 0.92 an hour apart, 0.5 three hours apart, ~0 nine
//     hours apart; 23:00 and 00:00 are neighbours. It lets a peak be sharper than the cycle, or a step be learned.
//   In bench/curve-recovery.ts (60 channels per world and size, no loop) the fitted best hour lost 0.072 → 0.058
//   ln views at 30 videos and 0.045 → 0.034 at 60 in new-york, and no more in any world at any size within the
//   noise (docs/benchmarks.md, "Hour curves with the daily cycle").
// - length: squared exponential in ln seconds, length scale 0.4: 30 s and 40 s correlate 0.77, 30 s and 60 s 0.22.
// A share NUGGET of every arm's prior variance is its own (independent): a step in the audience's response, such as
// a bucketed world's, can still be learned, and K stays well conditioned (its smallest eigenvalue ≥ NUGGET).

/** Hours over which the posting-hour effect stays alike (the kernel's length scale near Δh = 0). */
export const HOUR_LENGTH_SCALE = 2.5;
/** Length scale of the length kernel, in ln seconds (×1.5). */
export const LENGTH_SCALE_LN = 0.4;
/** Share of each arm's prior variance that is independent of its neighbours. */
export const NUGGET = 0.1;
/** Share of the hour curve's correlated variance in the daily cycle (first harmonic); the rest is local. */
export const DAILY_CYCLE_SHARE = 0.5;

function withNugget(count: number, correlation: (a: number, b: number) => number): Float64Array {
  const matrix = new Float64Array(count * count);
  for (let a = 0; a < count; a++)
    for (let b = 0; b < count; b++) matrix[a * count + b] = (1 - NUGGET) * correlation(a, b) + (a === b ? NUGGET : 0);
  return matrix;
}

/**
 * Prior correlation of the 24 local hours (0–23) on the daily circle; `cycleShare` 0 is local structure alone
 * (the kernel before the daily cycle, which bench/curve-recovery.ts compares against).
 */
export function hourCorrelation(cycleShare = DAILY_CYCLE_SHARE): Float64Array {
  const ell = (2 * Math.PI * HOUR_LENGTH_SCALE) / 24;
  return withNugget(
    24,
    (a, b) =>
      cycleShare * Math.cos((2 * Math.PI * (a - b)) / 24) +
      (1 - cycleShare) * Math.exp((-2 * Math.sin((Math.PI * (a - b)) / 24) ** 2) / (ell * ell)),
  );
}

/** Prior correlation of lengths on a grid of seconds, squared exponential in ln seconds. */
export function lengthCorrelation(gridS: readonly number[]): Float64Array {
  return withNugget(gridS.length, (a, b) => {
    const distance = Math.log((gridS[a] as number) / (gridS[b] as number)) / LENGTH_SCALE_LN;
    return Math.exp(-0.5 * distance * distance);
  });
}
