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
// 30 % for never exploring (measured on the earlier additive model). 0.5 keeps most of that gain.
//
// Exploration that lasts. Plain Thompson sampling stops exploring once the leader's posterior is narrow (in the
// benchmark the explore share fell from 18 % to 8 % after about 20 videos) and then cannot notice that the world
// moved. Two parts keep it going; both are cheap next to a wrong plan kept for months:
// - top-two sampling (Russo 2016): with probability CHALLENGER_SHARE a dimension takes its challenger instead of
//   the Thompson pick: the best other arm in a fresh draw from the full posterior. Every dimension so explores at
//   least that often, always towards arms the posterior still finds plausible;
// - retries: when the challenger is taken and an allowed arm has not been chosen in the channel's last
//   RETRY_AFTER_VIDEOS videos and is not clearly worse (its 80 % interval reaches the leader's estimate), the
//   challenger is that arm, the one left longest. With evidence decay (evidence-history.ts) an arm left alone
//   regains uncertainty, so old verdicts get checked again.
// A plan adjustment (repetition fatigue: the learned cost of a topic the channel just made, times how recently
// it made it) is added to every draw and to the estimate the leader is chosen by: the plan accounts for the
// channel's actual recent videos, while the arm's figures stay those /trends shows.

import type { ArmEffect, EffectModel } from '../analytics/effect-model.js';
import { insufficientMessage, MIN_GROUP_VIDEOS } from '../analytics/effect-model.js';
import { estimateOf } from '../analytics/pattern-effects.js';
import { formatEffect, formatLogEffect } from '../format/numbers.js';
import type { SeededRandom } from '../random/seeded-random.js';

export const EXPLORATION_SCALE = 0.5;
/** Probability that a dimension takes its top-two challenger: the floor of its exploration. */
export const CHALLENGER_SHARE = 0.1;
/** An arm not chosen in this many of the channel's last videos is due a retry (about one half-life and a half). */
export const RETRY_AFTER_VIDEOS = 40;

/** Why the arm was chosen. */
export type ChoiceReason = 'best' | 'draw' | 'challenger' | 'retry';

export interface ArmChoice {
  /** exploit: the tried arm with the best posterior mean; explore: an untried arm, or another whose draw came out higher. */
  mode: 'exploit' | 'explore';
  /**
   * best: the best estimate (after the plan adjustment); draw: another arm drew highest; challenger: the top-two
   * challenger; retry: an arm not chosen in the last RETRY_AFTER_VIDEOS videos.
   */
  reason: ChoiceReason;
  /** The model's dimension name. */
  dimension: string;
  chosen: ArmEffect;
  /** The arm with the best posterior mean plus adjustment (the same as `chosen` when exploiting). */
  best: ArmEffect;
  posteriors: ArmEffect[];
  /** The plan adjustment of the chosen arm (ln views, posterior mean), 0 when the dimension has none. */
  adjustment: number;
}

/** An effect that depends on the video's context, per arm: coefficient × exposure[arm] (e.g. repetition fatigue). */
export interface PlanAdjustment {
  /** Posterior mean and sd of the coefficient, ln views per unit of exposure. */
  effect: number;
  sd: number;
  /** The next video's exposure if it takes the arm (absent: 0). */
  next: Readonly<Record<string, number>>;
}

export interface WantedDimension {
  /** A dimension of the model. */
  dimension: string;
  /** The arms a plan may take (the model may know more, e.g. 'other'); at least one. */
  arms: readonly string[];
  /** The arm of each of the channel's videos in this dimension, oldest first (null: none): for retries. */
  history?: readonly (string | null)[];
  adjustment?: PlanAdjustment;
}

/** Best posterior mean plus adjustment; ties go to the arm with more videos, then to the first name. */
function bestByMean(posteriors: readonly ArmEffect[], offset: (arm: ArmEffect) => number): ArmEffect {
  return posteriors.reduce((best, candidate) => {
    const gap = candidate.effect + offset(candidate) - (best.effect + offset(best));
    return gap > 0 || (gap === 0 && (candidate.n > best.n || (candidate.n === best.n && candidate.arm < best.arm)))
      ? candidate
      : best;
  });
}

/**
 * The allowed arm other than the Thompson pick due a retry: not chosen in the last RETRY_AFTER_VIDEOS videos (nor ever), its 80 % interval
 * reaching the leader's estimate; the one left longest, then the first name. Null when fewer videos have an arm.
 */
function dueRetry(
  posteriors: readonly ArmEffect[],
  picked: ArmEffect,
  best: ArmEffect,
  history: readonly (string | null)[],
  offset: (arm: ArmEffect) => number,
): ArmEffect | null {
  // Videos without an arm here (a date-only export's time of day) say nothing of what was tried.
  const known = history.filter((arm) => arm !== null);
  if (known.length < RETRY_AFTER_VIDEOS) return null;
  let due: ArmEffect | null = null;
  let dueLast = Number.POSITIVE_INFINITY;
  for (const arm of posteriors) {
    if (arm === picked) continue;
    const last = known.lastIndexOf(arm.arm);
    if (last >= known.length - RETRY_AFTER_VIDEOS) continue;
    if (arm.high + offset(arm) < best.effect + offset(best)) continue;
    if (last < dueLast || (last === dueLast && due !== null && arm.arm < due.arm)) {
      due = arm;
      dueLast = last;
    }
  }
  return due;
}

/** The allowed arm with the highest drawn value plus adjustment, among `indices` but `except`. */
function highestDraw(
  all: readonly ArmEffect[],
  indices: readonly number[],
  drawn: readonly number[],
  offset: (arm: ArmEffect) => number,
  except: ArmEffect | null,
): ArmEffect | null {
  let chosen: ArmEffect | null = null;
  let highest = Number.NEGATIVE_INFINITY;
  for (const a of indices) {
    const arm = all[a] as ArmEffect;
    const value = (drawn[a] as number) + offset(arm);
    if (arm !== except && value > highest) {
      highest = value;
      chosen = arm;
    }
  }
  return chosen;
}

/**
 * One choice per wanted dimension (in order), from one joint draw of the model, then the top-two challengers and
 * retries (see the file comment). Deterministic for a given random stream. Without `rng` there is no draw: in each
 * dimension the arm with the best posterior mean plus adjustment is taken.
 */
export function chooseArms(
  model: EffectModel,
  wanted: readonly WantedDimension[],
  rng: SeededRandom | null,
): ArmChoice[] {
  const draws = rng === null ? null : model.draw(rng, EXPLORATION_SCALE);
  // Each adjustment's coefficient is drawn once per plan, tempered as the effects are.
  const coefficients = wanted.map(({ adjustment }) =>
    adjustment === undefined
      ? 0
      : adjustment.effect + (rng === null ? 0 : EXPLORATION_SCALE * adjustment.sd * rng.normal()),
  );
  const challengers = rng === null ? null : model.draw(rng);
  return wanted.map(({ dimension, arms, history = [], adjustment }, w) => {
    const d = model.dimensions.findIndex((candidate) => candidate.name === dimension);
    const all = model.arms[d] ?? [];
    const indices = all.flatMap((arm, a) => (arms.includes(arm.arm) ? [a] : []));
    const posteriors = indices.map((a) => all[a] as ArmEffect);
    if (posteriors.length === 0) throw new Error(`no arm of ${dimension} to choose from`);
    const exposure = (arm: ArmEffect) => adjustment?.next[arm.arm] ?? 0;
    const meanOffset = (arm: ArmEffect) => (adjustment?.effect ?? 0) * exposure(arm);
    const drawnOffset = (arm: ArmEffect) => (coefficients[w] as number) * exposure(arm);
    const best = bestByMean(posteriors, meanOffset);
    let chosen = best;
    let reason: ChoiceReason = 'best';
    const drawn = draws?.[d];
    if (rng !== null && drawn) {
      chosen = highestDraw(all, indices, drawn, drawnOffset, null) ?? best;
      reason = 'draw';
      const challenge = rng.chance(CHALLENGER_SHARE);
      if (challenge && posteriors.length > 1) {
        const retry = dueRetry(posteriors, chosen, best, history, meanOffset);
        const challenger = retry ?? highestDraw(all, indices, challengers?.[d] ?? drawn, drawnOffset, chosen) ?? chosen;
        reason = retry === null ? 'challenger' : 'retry';
        chosen = challenger;
      }
    }
    if (chosen === best) reason = 'best';
    // Picking an arm nobody has tried is exploring, even when no arm has been tried yet.
    const mode = chosen === best && chosen.n > 0 ? 'exploit' : 'explore';
    return { mode, reason, dimension, chosen, best, posteriors, adjustment: meanOffset(chosen) };
  });
}

/**
 * "exploit: topic eggs, +38% [+12%, +70%], n=14, medium confidence" — the figure /trends shows for the same arm —
 * or "explore: hook style pov, not enough data yet (n=1)", with "(retry: not made in the last 40 videos)" after the
 * arm when retried and "; made recently: −12%" when the plan adjustment applies.
 */
export function describeChoice(choice: ArmChoice, label: string): string {
  const { chosen } = choice;
  const retry = choice.reason === 'retry' ? ` (retry: not made in the last ${RETRY_AFTER_VIDEOS} videos)` : '';
  const head = `${choice.mode}: ${label} ${chosen.arm}${retry}`;
  const adjusted = choice.adjustment === 0 ? '' : `; made recently: ${formatLogEffect(choice.adjustment)}`;
  if (chosen.n < MIN_GROUP_VIDEOS) return `${head}, ${insufficientMessage(chosen.n)}${adjusted}`;
  const estimate = estimateOf(choice.dimension, chosen);
  return `${head}, ${formatEffect(estimate)}, n=${chosen.n}, ${estimate.confidence} confidence${adjusted}`;
}
