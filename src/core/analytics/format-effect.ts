import type { EffectEstimate } from './effect-estimate.js';

// How an effect reads wherever it is shown (/trends, /strategy, insights, /script's reasons), so one fact is one
// string everywhere.

/** A log effect as a signed whole-percent change in views: 0.32 → "+38%". */
export function formatLogEffect(effect: number): string {
  const percent = Math.round((Math.exp(effect) - 1) * 100);
  return `${percent >= 0 ? '+' : '−'}${Math.abs(percent)}%`;
}

/** "+38% [+12%, +70%]": the estimate with its 80 % interval. */
export function formatEffect(estimate: Pick<EffectEstimate, 'effect' | 'low' | 'high'>): string {
  return `${formatLogEffect(estimate.effect)} [${formatLogEffect(estimate.low)}, ${formatLogEffect(estimate.high)}]`;
}
