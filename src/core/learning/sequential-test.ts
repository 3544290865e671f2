// Experiments across uploads: pairs of videos (variant A and variant B, published close together), compared on
// age-adjusted log views. Each pair gives a difference d = ln views(B) − ln views(A).
//
// The test is a mixture sequential probability ratio test (Robbins 1970; Johari, Pekelis & Walsh 2017, "always
// valid p-values"), so the team may look after every pair and still declares a winner when there is no
// difference with probability at most α. With d_i ~ N(δ, σ²) and a N(0, τ²) mixture over δ,
//
//   Λ_n = sqrt(σ² / (σ² + nτ²)) · exp(n² τ² d̄² / (2σ² (σ² + nτ²)))
//
// and the always-valid p-value is min over k ≤ n of 1/Λ_k. σ² is the larger of the pairs' own variance and a
// floor from the channel (twice its within-group variance of ln views: a difference of two videos), so a few
// lucky pairs that happen to agree cannot make the noise look small.

export interface SequentialOptions {
  /** Variance of a pair difference expected from the channel's own spread (see the file comment). */
  noiseVarianceFloor: number;
  /** False-positive rate controlled at every look. Default 0.05. */
  alpha?: number;
  /** τ²: the effect sizes the test is tuned for (ln units²). Default 0.25 (effects around ±50 %). */
  mixtureVariance?: number;
  /** No decision before this many pairs. Default 3. */
  minPairs?: number;
  /** Stop without a winner after this many pairs. Default 30. */
  maxPairs?: number;
}

export type SequentialDecision = 'continue' | 'B wins' | 'A wins' | 'no clear difference';

export interface SequentialResult {
  pairs: number;
  /** Mean of the differences (ln units); null without pairs. */
  meanDifference: number | null;
  /** Always-valid p-value after the last pair. */
  pValue: number;
  decision: SequentialDecision;
}

function likelihoodRatio(n: number, mean: number, noiseVariance: number, mixtureVariance: number): number {
  const spread = noiseVariance + n * mixtureVariance;
  const logRatio =
    0.5 * Math.log(noiseVariance / spread) + (n * n * mixtureVariance * mean * mean) / (2 * noiseVariance * spread);
  return Math.exp(logRatio);
}

function sampleVariance(values: readonly number[], count: number): number {
  if (count < 2) return 0;
  let mean = 0;
  for (let i = 0; i < count; i++) mean += values[i] as number;
  mean /= count;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += ((values[i] as number) - mean) ** 2;
  return sum / (count - 1);
}

/** The test's state after the given pairs, in the order they were published. */
export function sequentialTest(differences: readonly number[], options: SequentialOptions): SequentialResult {
  const alpha = options.alpha ?? 0.05;
  const mixtureVariance = options.mixtureVariance ?? 0.25;
  const minPairs = options.minPairs ?? 3;
  const maxPairs = options.maxPairs ?? 30;
  if (!(options.noiseVarianceFloor > 0)) throw new RangeError('noiseVarianceFloor must be positive');
  const finite = differences.filter(Number.isFinite).slice(0, maxPairs);
  let pValue = 1;
  let sum = 0;
  for (let n = 1; n <= finite.length; n++) {
    sum += finite[n - 1] as number;
    const noiseVariance = Math.max(options.noiseVarianceFloor, sampleVariance(finite, n));
    pValue = Math.min(pValue, 1 / likelihoodRatio(n, sum / n, noiseVariance, mixtureVariance));
    if (n >= minPairs && pValue <= alpha) {
      const mean = sum / n;
      return { pairs: n, meanDifference: mean, pValue, decision: mean > 0 ? 'B wins' : 'A wins' };
    }
  }
  const pairs = finite.length;
  return {
    pairs,
    meanDifference: pairs === 0 ? null : sum / pairs,
    pValue,
    decision: pairs >= maxPairs ? 'no clear difference' : 'continue',
  };
}
