// Does the advice work? Compares age-adjusted ln views (ln outlier score) of videos made under the current
// strategy with those before it, and of videos that followed it with those that did not. The interval is
// Welch's normal approximation on the difference of means, shown as a ratio of views.

import { formatChange } from '../format/numbers.js';
import { Z80 } from '../stats/summary-statistics.js';

/** Fewer videos than this on either side and the comparison is reported as not possible yet. */
export const MIN_VIDEOS_PER_SIDE = 3;

export interface LiftVideo {
  /** ln of the outlier score. */
  lnViews: number;
  publishedAt: Date;
  /** Made from a TubePilot script or on a recommended topic; null when it cannot be told. */
  followed: boolean | null;
}

export type Lift =
  | {
      /** exp(mean difference): 1.25 reads "+25 % views". */
      ratio: number;
      low: number;
      high: number;
      treatedN: number;
      controlN: number;
    }
  | { insufficient: true; treatedN: number; controlN: number };

export interface StrategyLift {
  sinceVsBefore: Lift;
  followedVsNot: Lift;
}

function meanAndVariance(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return { mean, variance };
}

/** Ratio of geometric-mean views of `treated` over `control`, with an 80 % interval. */
export function lift(treated: readonly number[], control: readonly number[]): Lift {
  const a = treated.filter(Number.isFinite);
  const b = control.filter(Number.isFinite);
  if (a.length < MIN_VIDEOS_PER_SIDE || b.length < MIN_VIDEOS_PER_SIDE) {
    return { insufficient: true, treatedN: a.length, controlN: b.length };
  }
  const x = meanAndVariance(a);
  const y = meanAndVariance(b);
  const difference = x.mean - y.mean;
  const standardError = Math.sqrt(x.variance / a.length + y.variance / b.length);
  return {
    ratio: Math.exp(difference),
    low: Math.exp(difference - Z80 * standardError),
    high: Math.exp(difference + Z80 * standardError),
    treatedN: a.length,
    controlN: b.length,
  };
}

export function strategyLift(videos: readonly LiftVideo[], strategySince: Date): StrategyLift {
  const since = strategySince.getTime();
  const after = videos.filter((video) => video.publishedAt.getTime() >= since);
  const before = videos.filter((video) => video.publishedAt.getTime() < since);
  return {
    sinceVsBefore: lift(
      after.map((video) => video.lnViews),
      before.map((video) => video.lnViews),
    ),
    followedVsNot: lift(
      after.filter((video) => video.followed === true).map((video) => video.lnViews),
      after.filter((video) => video.followed === false).map((video) => video.lnViews),
    ),
  };
}

/** "+18% views (80% interval +4% to +34%; 21 since vs 60 before)", or why there is no figure yet. */
export function describeLift(lift: Lift, treated: string, control: string): string {
  if ('insufficient' in lift) {
    return `not enough videos yet (${lift.treatedN} ${treated}, ${lift.controlN} ${control}; ${MIN_VIDEOS_PER_SIDE} each needed)`;
  }
  const percent = (ratio: number) => formatChange(ratio - 1);
  return `${percent(lift.ratio)} views (80% interval ${percent(lift.low)} to ${percent(lift.high)}; ${lift.treatedN} ${treated} vs ${lift.controlN} ${control})`;
}
