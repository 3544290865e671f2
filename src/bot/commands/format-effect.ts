import type { EffectEstimate } from '../../core/analytics/effect-estimate.js';
import { formatLogEffect } from '../../core/format/numbers.js';

/** "+38% [+12%, +70%]": the estimate with its interval. */
export function formatEffect(estimate: EffectEstimate): string {
  return `${formatLogEffect(estimate.effect)} [${formatLogEffect(estimate.low)}, ${formatLogEffect(estimate.high)}]`;
}
