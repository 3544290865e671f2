// Choosing what to try next: Thompson sampling over the channel effect model (analytics/effect-model.ts), every
// dimension of a plan at once. The posterior drawn from is the one `/trends` shows, so the bot never acts on a
// number the team cannot see.
//
// One joint draw of every effect; in each dimension the allowed arm with the highest draw wins. A well-tested
// winner has a narrow posterior and wins most draws (exploit); an arm with few videos has a wide one and sometimes
// draws highest (explore), and each video made under it narrows it.
//
// The draws are tempered: their spread around the posterior mean is scaled by EXPLORATION_SCALE. A channel makes
// a video a day, not thousands, and four dimensions each drawn at full width put some exploring choice into
// almost every video. In the closed-loop benchmark (20 simulated channels × 90 days, bench/closed-loop.ts) the
// share of views lost against the best fixed plan was 36 % at full width, 29 % at 0.5, 28 % at 0.3 and 0.2, and
// 30 % for never exploring (measured on the earlier additive model). 0.5 keeps most of that gain and still retries
// a choice whose posterior overlaps the leader's.

import type { ArmEffect, EffectModel } from '../analytics/effect-model.js';
import { insufficientMessage, MIN_GROUP_VIDEOS } from '../analytics/effect-model.js';
import { estimateOf } from '../analytics/pattern-effects.js';
import { formatEffect } from '../format/numbers.js';
import type { SeededRandom } from '../random/seeded-random.js';

export const EXPLORATION_SCALE = 0.5;

export interface ArmChoice {
  /** exploit: the tried arm with the best posterior mean; explore: an untried arm, or another whose draw came out higher. */
  mode: 'exploit' | 'explore';
  /** The model's dimension name. */
  dimension: string;
  chosen: ArmEffect;
  /** The arm with the best posterior mean (the same as `chosen` when exploiting). */
  best: ArmEffect;
  posteriors: ArmEffect[];
}

export interface WantedDimension {
  /** A dimension of the model. */
  dimension: string;
  /** The arms a plan may take (the model may know more, e.g. 'other'); at least one. */
  arms: readonly string[];
}

/** Best posterior mean; ties go to the arm with more videos, then to the first name. */
function bestByMean(posteriors: readonly ArmEffect[]): ArmEffect {
  return posteriors.reduce((best, candidate) =>
    candidate.effect > best.effect ||
    (candidate.effect === best.effect && (candidate.n > best.n || (candidate.n === best.n && candidate.arm < best.arm)))
      ? candidate
      : best,
  );
}

/**
 * One choice per wanted dimension (in order), from one joint draw of the model. Deterministic for a given random
 * stream. Without `rng` there is no draw: in each dimension the arm with the best posterior mean is taken.
 */
export function chooseArms(
  model: EffectModel,
  wanted: readonly WantedDimension[],
  rng: SeededRandom | null,
): ArmChoice[] {
  const draws = rng === null ? null : model.draw(rng, EXPLORATION_SCALE);
  return wanted.map(({ dimension, arms }) => {
    const d = model.dimensions.findIndex((candidate) => candidate.name === dimension);
    const all = model.arms[d] ?? [];
    const indices = all.flatMap((arm, a) => (arms.includes(arm.arm) ? [a] : []));
    const posteriors = indices.map((a) => all[a] as ArmEffect);
    if (posteriors.length === 0) throw new Error(`no arm of ${dimension} to choose from`);
    const best = bestByMean(posteriors);
    let chosen = best;
    const drawn = draws?.[d];
    if (drawn) {
      let highest = Number.NEGATIVE_INFINITY;
      for (const a of indices) {
        if ((drawn[a] as number) > highest) {
          highest = drawn[a] as number;
          chosen = all[a] as ArmEffect;
        }
      }
    }
    // Picking an arm nobody has tried is exploring, even when no arm has been tried yet.
    const mode = chosen.arm === best.arm && chosen.n > 0 ? 'exploit' : 'explore';
    return { mode, dimension, chosen, best, posteriors };
  });
}

/**
 * "exploit: topic eggs, +38% [+12%, +70%], n=14, medium confidence" — the figure /trends shows for the same arm —
 * or "explore: hook style pov, not enough data yet (n=1)".
 */
export function describeChoice(choice: ArmChoice, label: string): string {
  const { chosen } = choice;
  const head = `${choice.mode}: ${label} ${chosen.arm}`;
  if (chosen.n < MIN_GROUP_VIDEOS) return `${head}, ${insufficientMessage(chosen.n)}`;
  const estimate = estimateOf(choice.dimension, chosen);
  return `${head}, ${formatEffect(estimate)}, n=${chosen.n}, ${estimate.confidence} confidence`;
}
