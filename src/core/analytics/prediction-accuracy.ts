// How good stored predictions turned out, once the actual views arrived. Errors are on the log10 scale of
// views + 1: a factor-of-2 miss is 0.30 either way, and a video with 0 views still has a finite log.

import { median } from '../stats/summary-statistics.js';

export interface ScoredPair {
  predicted: number;
  low: number;
  high: number;
  actual: number;
}

export interface PredictionScore {
  /** Pairs scored: those whose four numbers are all finite and non-negative. */
  n: number;
  /** Median of |log10(predicted + 1) − log10(actual + 1)|; null when n = 0. */
  medianAbsLog10Error: number | null;
  /** Share of actuals inside [low, high]; null when n = 0. */
  coverage: number | null;
  /** Median of log10((predicted + 1) / (actual + 1)): above 0, predictions run high; null when n = 0. */
  bias: number | null;
}

function isScorable(pair: ScoredPair): boolean {
  return [pair.predicted, pair.low, pair.high, pair.actual].every((value) => Number.isFinite(value) && value >= 0);
}

function log10Ratio(predicted: number, actual: number): number {
  return Math.log10(predicted + 1) - Math.log10(actual + 1);
}

export function scorePredictions(pairs: readonly ScoredPair[]): PredictionScore {
  const scorable = pairs.filter(isScorable);
  if (scorable.length === 0) return { n: 0, medianAbsLog10Error: null, coverage: null, bias: null };
  const errors = scorable.map((pair) => log10Ratio(pair.predicted, pair.actual));
  const covered = scorable.filter((pair) => pair.low <= pair.actual && pair.actual <= pair.high).length;
  return {
    n: scorable.length,
    medianAbsLog10Error: median(errors.map(Math.abs)),
    coverage: covered / scorable.length,
    bias: median(errors),
  };
}
