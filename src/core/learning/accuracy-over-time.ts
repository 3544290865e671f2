// Prediction accuracy over time: the scored predictions grouped by the month they were made, each month
// scored like the whole (prediction-accuracy.ts), so a team sees whether the predictions get better.

import { type PredictionScore, type ScoredPair, scorePredictions } from '../analytics/prediction-accuracy.js';

export interface DatedPair extends ScoredPair {
  madeAt: Date;
}

export interface MonthlyAccuracy extends PredictionScore {
  /** "2026-11" (UTC). */
  month: string;
}

export function accuracyByMonth(pairs: readonly DatedPair[]): MonthlyAccuracy[] {
  const byMonth = new Map<string, DatedPair[]>();
  for (const pair of pairs) {
    const month = pair.madeAt.toISOString().slice(0, 7);
    const list = byMonth.get(month) ?? [];
    list.push(pair);
    byMonth.set(month, list);
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, monthPairs]) => ({ month, ...scorePredictions(monthPairs) }));
}
