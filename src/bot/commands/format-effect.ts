import type { EffectEstimate } from '../../core/analytics/effect-estimate.js';

/** A log effect as a signed percentage change in views: 0.32 → "+38%". */
export function formatLogEffect(effect: number): string {
  const percent = Math.round((Math.exp(effect) - 1) * 100);
  return `${percent >= 0 ? '+' : '−'}${Math.abs(percent)}%`;
}

/** "+38% [+12%, +70%]": the estimate with its interval. */
export function formatEffect(estimate: EffectEstimate): string {
  return `${formatLogEffect(estimate.effect)} [${formatLogEffect(estimate.low)}, ${formatLogEffect(estimate.high)}]`;
}
