// Choosing what to try next: Thompson sampling over arms (topics, hook styles…) on age-adjusted log views
// (ln of the outlier score, the scale the pattern engine uses).
//
// Each arm's true effect (its mean minus the channel mean) gets a normal posterior: prior N(0, τ²) with τ² the
// between-arm variance estimated as in the pattern engine (shrinkage.ts, so /script and /trends agree), and
// likelihood N(effect, σ²/n) with σ² the pooled within-arm variance. One draw per arm from its posterior; the
// highest draw wins. A well-tested winner has a narrow posterior and wins most draws (exploit); an arm with few
// videos has a wide one and sometimes draws highest (explore), and each video made under it narrows it.

import { betweenGroupVariance, pooledWithinVariance } from '../analytics/shrinkage.js';
import type { SeededRandom } from '../random/seeded-random.js';

/** τ² floor: never treat the arms as certainly equal, or an untried arm could never be explored. */
export const MIN_PRIOR_VARIANCE = 0.05;
/** σ² when no arm has two videos yet: ln views of one channel's videos typically spread about ±1. */
export const DEFAULT_WITHIN_VARIANCE = 1;
/** z of the 80 % interval shown with each arm. */
const Z80 = 1.2815515655446004;

export interface ArmEvidence {
  arm: string;
  /** Age-adjusted ln views of the arm's videos (non-finite values are ignored). */
  values: readonly number[];
}

export interface ArmPosterior {
  arm: string;
  n: number;
  /** Posterior mean of the arm's effect vs the channel mean, ln units. */
  mean: number;
  sd: number;
  /** 80 % posterior interval, ln units. */
  low: number;
  high: number;
}

export interface ArmChoice {
  /** exploit: the tried arm with the best posterior mean; explore: an untried arm, or another whose draw came out higher. */
  mode: 'exploit' | 'explore';
  chosen: ArmPosterior;
  /** The arm with the best posterior mean (the same as `chosen` when exploiting). */
  best: ArmPosterior;
  posteriors: ArmPosterior[];
}

function finiteValues(values: readonly number[]): number[] {
  return values.filter(Number.isFinite);
}

/** Every arm's posterior, in the input order. */
export function armPosteriors(arms: readonly ArmEvidence[]): ArmPosterior[] {
  const cleaned = arms.map((arm) => ({ arm: arm.arm, values: finiteValues(arm.values) }));
  const all = cleaned.flatMap((arm) => arm.values);
  const channelMean = all.length === 0 ? 0 : all.reduce((sum, value) => sum + value, 0) / all.length;
  const groups = cleaned.map(({ values }) => {
    const n = values.length;
    const mean = n === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / n;
    const sumOfSquares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
    return { n, deviation: mean - channelMean, sumOfSquares };
  });
  const withinVariance = pooledWithinVariance(groups) ?? DEFAULT_WITHIN_VARIANCE;
  const priorVariance = Math.max(MIN_PRIOR_VARIANCE, betweenGroupVariance(groups, withinVariance));
  return cleaned.map(({ arm }, index) => {
    const { n, deviation } = groups[index] as (typeof groups)[number];
    const precision = 1 / priorVariance + n / withinVariance;
    const mean = ((n / withinVariance) * deviation) / precision;
    const sd = Math.sqrt(1 / precision);
    return { arm, n, mean, sd, low: mean - Z80 * sd, high: mean + Z80 * sd };
  });
}

/** Best posterior mean; ties go to the arm with more videos, then to the first name. */
function bestByMean(posteriors: readonly ArmPosterior[]): ArmPosterior {
  return posteriors.reduce((best, candidate) =>
    candidate.mean > best.mean ||
    (candidate.mean === best.mean && (candidate.n > best.n || (candidate.n === best.n && candidate.arm < best.arm)))
      ? candidate
      : best,
  );
}

/**
 * One Thompson draw: null without arms. Deterministic for a given random stream. Without `rng` there is no
 * draw: the arm with the best posterior mean is taken (exploitation only).
 */
export function chooseArm(arms: readonly ArmEvidence[], rng: SeededRandom | null): ArmChoice | null {
  if (arms.length === 0) return null;
  const posteriors = armPosteriors(arms);
  const best = bestByMean(posteriors);
  let chosen = best;
  let highest = Number.NEGATIVE_INFINITY;
  for (const posterior of rng === null ? [] : posteriors) {
    const draw = (rng as SeededRandom).normal(posterior.mean, posterior.sd);
    if (draw > highest) {
      highest = draw;
      chosen = posterior;
    }
  }
  // Picking an arm nobody has tried is exploring, even when no arm has been tried yet.
  const mode = chosen.arm === best.arm && chosen.n > 0 ? 'exploit' : 'explore';
  return { mode, chosen, best, posteriors };
}

function signedPercent(lnEffect: number): string {
  const percent = Math.round((Math.exp(lnEffect) - 1) * 100);
  return `${percent >= 0 ? '+' : ''}${percent}%`;
}

/** "exploit: topic eggs, 14 videos, +38% [+12%, +70%]" / "explore: hook style question, 2 videos". */
export function describeChoice(choice: ArmChoice, dimension: string): string {
  const { chosen } = choice;
  const videos = `${chosen.n} video${chosen.n === 1 ? '' : 's'}`;
  if (choice.mode === 'explore') return `explore: ${dimension} ${chosen.arm}, ${videos}`;
  return `exploit: ${dimension} ${chosen.arm}, ${videos}, ${signedPercent(chosen.mean)} [${signedPercent(chosen.low)}, ${signedPercent(chosen.high)}]`;
}
