// The best stretch of a curve dimension — the local posting hour on the daily circle, the length grid — for the
// one line /trends gives each curve beside its points: the best-supported point and the contiguous points around
// it whose estimates reach its 80 % interval, all from the same posterior the points are read from.
//
// Only a peak that earns medium or high confidence (effectConfidence: interval clear of zero and at least ±10 %)
// gets a line, so a channel without a real preference sees none: among a curve's many points the largest estimate
// is the one most flattered by noise, and the confidence rule is what keeps it from being called (tested on
// no-effect data).

import type { EffectEstimate } from './effect-estimate.js';
import type { EffectModel } from './effect-model.js';
import type { DimensionEffects } from './pattern-effects.js';

export interface BestRange {
  /** The curve's points in the stretch, in curve order (on the circle: from its start, wrapping past 23:00). */
  arms: string[];
  /** The best point with at least MIN_GROUP_VIDEOS videos: the stretch's centre and its confidence. */
  peak: EffectEstimate;
}

/**
 * The stretch of `dimension`'s curve around its best point whose estimates are at least that point's 80 % lower
 * bound; null unless the best point (`effects.effects[0]`, the largest of the points with enough videos) is above
 * the channel's average with medium or high confidence. `circular`: the last point neighbours the first (hours).
 */
export function bestRange(
  model: EffectModel,
  dimension: string,
  effects: DimensionEffects,
  circular: boolean,
): BestRange | null {
  const peak = effects.effects[0];
  if (!peak || peak.effect <= 0 || (peak.confidence !== 'medium' && peak.confidence !== 'high')) return null;
  const curve = model.arms[model.dimensions.findIndex((candidate) => candidate.name === dimension)] ?? [];
  const count = curve.length;
  const at = curve.findIndex((arm) => arm.arm === peak.group);
  const reaches = (index: number) => (curve[(index + count) % count]?.effect as number) >= peak.low;
  let first = at;
  let last = at;
  // Out from the peak each way while the curve stays up, never past the ends of a grid nor round a whole circle.
  while (last - first + 1 < count && (circular || first > 0) && reaches(first - 1)) first--;
  while (last - first + 1 < count && (circular || last < count - 1) && reaches(last + 1)) last++;
  const arms = Array.from({ length: last - first + 1 }, (_, k) => curve[(first + k + count) % count]?.arm as string);
  return { arms, peak };
}
