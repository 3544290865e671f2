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
// 30 % for never exploring (measured on the earlier additive model). Full-width draws still come through the
// challenger below, so the everyday draw can stay near the estimates: 0.3 (with hour and length curves of 18 and
// 13 points, the kitchen world lost 38 % of the best plan's views at 0.5 and 30 % at 0.3, 8 paired seeds,
// docs/benchmarks.md).
//
// Exploration that lasts. Plain Thompson sampling stops exploring once the leader's posterior is narrow (in the
// benchmark the explore share fell from 18 % to 8 % after about 20 videos) and then cannot notice that the world
// moved. Two parts keep it going; both are cheap next to a wrong plan kept for months:
// - top-two sampling (Russo 2016): with probability CHALLENGER_SHARE a dimension takes its challenger instead of
//   the Thompson pick: the winner of a fresh draw from the full (untempered) posterior, when that is another arm.
//   Russo draws again until another arm wins, which keeps trying an arm at that rate even after the posterior has
//   ruled it out: fine for naming the best arm, but every such video costs the arm's whole gap (in the kitchen
//   world a challenger hook cost 0.5–0.9 ln views, and 10 % of them cost more than the learning gained). One draw
//   takes an arm with its probability of being best: often while the leader is uncertain, almost never once the
//   posterior has ruled the arm out, and again as forgetting widens what was left alone;
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

export const EXPLORATION_SCALE = 0.3;
/** Probability that a dimension draws its top-two challenger from the full posterior (see the file comment). */
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
  /**
   * The interaction arm (e.g. topic × hook) of the chosen pair when it changed this choice (the arm alone would
   * have lost) and the channel has made the pair; else null.
   */
  interaction: ArmEffect | null;
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

/** Best score; ties go to the arm with more videos, then to the first name. */
function bestByScore(posteriors: readonly ArmEffect[], score: (arm: ArmEffect) => number): ArmEffect {
  return posteriors.reduce((best, candidate) => {
    const gap = score(candidate) - score(best);
    return gap > 0 || (gap === 0 && (candidate.n > best.n || (candidate.n === best.n && candidate.arm < best.arm)))
      ? candidate
      : best;
  });
}

/**
 * The allowed arm other than the Thompson pick due a retry: not chosen in the last RETRY_AFTER_VIDEOS videos (nor
 * ever), its 80 % interval (plus what else its score adds) reaching the leader's score; the one left longest, then
 * the first name. Null when fewer videos have an arm.
 */
function dueRetry(
  posteriors: readonly ArmEffect[],
  picked: ArmEffect,
  best: ArmEffect,
  history: readonly (string | null)[],
  mean: (arm: ArmEffect) => number,
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
    if (arm.high + mean(arm) - arm.effect < mean(best)) continue;
    if (last < dueLast || (last === dueLast && due !== null && arm.arm < due.arm)) {
      due = arm;
      dueLast = last;
    }
  }
  return due;
}

/** The arm with the highest score (the first on ties). */
function highest(posteriors: readonly ArmEffect[], score: (arm: ArmEffect) => number): ArmEffect | null {
  let chosen: ArmEffect | null = null;
  let top = Number.NEGATIVE_INFINITY;
  for (const arm of posteriors) {
    const value = score(arm);
    if (value > top) {
      top = value;
      chosen = arm;
    }
  }
  return chosen;
}

/** An arm's value three ways: posterior mean, tempered draw, and the challenger's full-width draw. */
interface Scores {
  mean: (arm: ArmEffect) => number;
  drawn: (arm: ArmEffect) => number;
  challenger: (arm: ArmEffect) => number;
}

/** The Thompson pick, or with CHALLENGER_SHARE its retry or challenger (see the file comment). */
function pick(
  posteriors: readonly ArmEffect[],
  history: readonly (string | null)[],
  scores: Scores,
  rng: SeededRandom | null,
): { chosen: ArmEffect; best: ArmEffect; reason: ChoiceReason } {
  const best = bestByScore(posteriors, scores.mean);
  if (rng === null) return { chosen: best, best, reason: 'best' };
  let chosen = highest(posteriors, scores.drawn) ?? best;
  let reason: ChoiceReason = 'draw';
  if (rng.chance(CHALLENGER_SHARE) && posteriors.length > 1) {
    const retry = dueRetry(posteriors, chosen, best, history, scores.mean);
    const challenger = highest(posteriors, scores.challenger);
    if (retry !== null) {
      chosen = retry;
      reason = 'retry';
    } else if (challenger !== null && challenger !== chosen) {
      chosen = challenger;
      reason = 'challenger';
    }
  }
  return { chosen, best, reason: chosen === best ? 'best' : reason };
}

/** Two wanted dimensions chosen together, with the model's interaction dimension between them (topic × hook). */
export interface JointDimensions {
  /** The interaction dimension: one arm per pair made, β its effect beyond the two main effects. */
  interaction: string;
  /** The first dimension is chosen first (its arms scored at their best partner), the second given it. */
  first: string;
  second: string;
  /** The interaction arm of a pair. */
  arm: (first: string, second: string) => string;
}

/**
 * One choice per wanted dimension (in order), from one joint draw of the model, then the top-two challengers and
 * retries (see the file comment). Deterministic for a given random stream. Without `rng` there is no draw: in each
 * dimension the arm with the best posterior mean plus adjustment is taken. With `joint`, its two dimensions are
 * chosen by the sum of their effects and their interaction: the first by its best pair, the second given the first.
 * A pair the channel has not made has interaction 0 ± τ (its prior), drawn so.
 */
export function chooseArms(
  model: EffectModel,
  wanted: readonly WantedDimension[],
  rng: SeededRandom | null,
  joint?: JointDimensions,
): ArmChoice[] {
  const draws = rng === null ? null : model.draw(rng, EXPLORATION_SCALE);
  // Each adjustment's coefficient is drawn once per plan, tempered as the effects are.
  const coefficients = wanted.map(({ adjustment }) =>
    adjustment === undefined
      ? 0
      : adjustment.effect + (rng === null ? 0 : EXPLORATION_SCALE * adjustment.sd * rng.normal()),
  );
  const challengers = rng === null ? null : model.draw(rng);
  const dimensions = wanted.map(({ dimension, arms, adjustment }, w) => {
    const d = model.dimensions.findIndex((candidate) => candidate.name === dimension);
    const all = model.arms[d] ?? [];
    const indexOf = new Map(all.map((arm, a) => [arm, a]));
    const posteriors = all.filter((arm) => arms.includes(arm.arm));
    if (posteriors.length === 0) throw new Error(`no arm of ${dimension} to choose from`);
    const exposure = (arm: ArmEffect) => adjustment?.next[arm.arm] ?? 0;
    const meanOffset = (arm: ArmEffect) => (adjustment?.effect ?? 0) * exposure(arm);
    const drawnOffset = (arm: ArmEffect) => (coefficients[w] as number) * exposure(arm);
    const at = (values: readonly number[] | undefined, arm: ArmEffect) =>
      values?.[indexOf.get(arm) as number] ?? arm.effect;
    const scores: Scores = {
      mean: (arm) => arm.effect + meanOffset(arm),
      drawn: (arm) => at(draws?.[d], arm) + drawnOffset(arm),
      challenger: (arm) => at(challengers?.[d] ?? draws?.[d], arm) + drawnOffset(arm),
    };
    return { dimension, posteriors, scores, meanOffset };
  });
  const first = joint ? wanted.findIndex((want) => want.dimension === joint.first) : -1;
  const second = joint ? wanted.findIndex((want) => want.dimension === joint.second) : -1;
  const pair =
    joint && first >= 0 && second >= 0
      ? pairScores(
          model,
          joint,
          dimensions[first]?.posteriors ?? [],
          dimensions[second]?.posteriors ?? [],
          draws,
          challengers,
          rng,
        )
      : null;
  const chosen: (ArmChoice | undefined)[] = [];
  const choose = (w: number, scores: Scores, interaction: ArmEffect | null = null) => {
    const { dimension, posteriors, meanOffset } = dimensions[w] as (typeof dimensions)[number];
    const { chosen: arm, best, reason } = pick(posteriors, wanted[w]?.history ?? [], scores, rng);
    // Picking an arm nobody has tried is exploring, even when no arm has been tried yet.
    const mode = arm === best && arm.n > 0 ? 'exploit' : 'explore';
    chosen[w] = { mode, reason, dimension, chosen: arm, best, posteriors, adjustment: meanOffset(arm), interaction };
  };
  if (pair) {
    const firstScores = (dimensions[first] as (typeof dimensions)[number]).scores;
    const secondScores = (dimensions[second] as (typeof dimensions)[number]).scores;
    const secondArms = (dimensions[second] as (typeof dimensions)[number]).posteriors;
    // The first dimension's arm is worth its effect plus its best partner's effect and interaction.
    const withPartner = (kind: keyof Scores) => (arm: ArmEffect) =>
      firstScores[kind](arm) +
      Math.max(...secondArms.map((other) => secondScores[kind](other) + pair[kind](arm, other)));
    choose(first, { mean: withPartner('mean'), drawn: withPartner('drawn'), challenger: withPartner('challenger') });
    const partner = (chosen[first] as ArmChoice).chosen;
    const given = (kind: keyof Scores) => (arm: ArmEffect) => secondScores[kind](arm) + pair[kind](partner, arm);
    const scores = { mean: given('mean'), drawn: given('drawn'), challenger: given('challenger') };
    choose(second, scores);
    const choice = chosen[second] as ArmChoice;
    // The interaction drove the pair when, in the same draw (or by the means), the topic and the style each chosen
    // alone would have made another pair; challengers and retries are not driven by it.
    const kind = rng === null ? 'mean' : 'drawn';
    const firstChoice = chosen[first] as ArmChoice;
    const firstArms = (dimensions[first] as (typeof dimensions)[number]).posteriors;
    const drove =
      [firstChoice, choice].every(({ reason }) => reason === 'best' || reason === 'draw') &&
      (highest(firstArms, firstScores[kind]) !== partner || highest(secondArms, secondScores[kind]) !== choice.chosen);
    chosen[second] = { ...choice, interaction: drove ? pair.arm(partner, choice.chosen) : null };
  }
  return wanted.map((_, w) => {
    if (chosen[w] === undefined) choose(w, (dimensions[w] as (typeof dimensions)[number]).scores);
    return chosen[w] as ArmChoice;
  });
}

/**
 * The interaction of each allowed pair three ways (mean, tempered draw, full draw), and its fitted arm: a pair made
 * on the channel reads its posterior; one not made reads 0, its draws N(0, τ²) (τ² the dimension's posterior mean).
 */
function pairScores(
  model: EffectModel,
  joint: JointDimensions,
  firsts: readonly ArmEffect[],
  seconds: readonly ArmEffect[],
  draws: number[][] | null,
  challengers: number[][] | null,
  rng: SeededRandom | null,
) {
  const d = model.dimensions.findIndex((dimension) => dimension.name === joint.interaction);
  const all = d < 0 ? [] : (model.arms[d] as ArmEffect[]);
  const index = new Map(all.map((arm, a) => [arm.arm, a]));
  const tau = d < 0 ? 0 : Math.sqrt(model.priorVariances[d] as number);
  const table = new Map<string, { mean: number; drawn: number; challenger: number; arm: ArmEffect | null }>();
  for (const a of firsts) {
    for (const b of seconds) {
      const key = joint.arm(a.arm, b.arm);
      const at = index.get(key);
      const arm = at === undefined ? null : (all[at] as ArmEffect);
      const prior = () => (rng === null ? 0 : tau * rng.normal());
      const drawn = at === undefined ? EXPLORATION_SCALE * prior() : (draws?.[d]?.[at] ?? 0);
      const challenger = at === undefined ? prior() : (challengers?.[d]?.[at] ?? 0);
      table.set(key, { mean: arm?.effect ?? 0, drawn, challenger, arm });
    }
  }
  const of = (a: ArmEffect, b: ArmEffect) => table.get(joint.arm(a.arm, b.arm));
  return {
    mean: (a: ArmEffect, b: ArmEffect) => of(a, b)?.mean ?? 0,
    drawn: (a: ArmEffect, b: ArmEffect) => of(a, b)?.drawn ?? 0,
    challenger: (a: ArmEffect, b: ArmEffect) => of(a, b)?.challenger ?? 0,
    arm: (a: ArmEffect, b: ArmEffect) => of(a, b)?.arm ?? null,
  };
}

/** "+35% [+12%, +62%], n=14, medium confidence", or "not enough data yet (n=3)": an arm as /trends shows it. */
function evidenceOf(dimension: string, arm: ArmEffect, afterEffect = ''): string {
  if (arm.n < MIN_GROUP_VIDEOS) return insufficientMessage(arm.n);
  const estimate = estimateOf(dimension, arm);
  return `${formatEffect(estimate)}${afterEffect}, n=${arm.n}, ${estimate.confidence} confidence`;
}

/**
 * "exploit: topic eggs, +38% [+12%, +70%], n=14, medium confidence" — the figure /trends shows for the same arm —
 * or "explore: hook style pov, not enough data yet (n=1)", with "(retry: not made in the last 40 videos)" after the
 * arm when retried, "; made recently: −12%" when the plan adjustment applies, and "; with this topic: +35% […]
 * beyond each alone, …" when the pair's interaction decided the choice (`partner` names the other dimension).
 */
export function describeChoice(choice: ArmChoice, label: string, partner = 'topic', name = choice.chosen.arm): string {
  const { chosen, interaction } = choice;
  const retry = choice.reason === 'retry' ? ` (retry: not made in the last ${RETRY_AFTER_VIDEOS} videos)` : '';
  const head = `${choice.mode}: ${label} ${name}${retry}`;
  const adjusted = choice.adjustment === 0 ? '' : `; made recently: ${formatLogEffect(choice.adjustment)}`;
  const paired =
    interaction === null
      ? ''
      : `; with this ${partner}: ${evidenceOf(choice.dimension, interaction, ' beyond each alone')}`;
  return `${head}, ${evidenceOf(choice.dimension, chosen)}${adjusted}${paired}`;
}
