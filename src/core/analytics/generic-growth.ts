// How videos grow after publishing, learned once from other channels' histories and shipped as two constants, for
// channels with too few histories of their own to say it (Adele's six: a slope and a spread read from five videos
// are mostly noise). Both are measured on the 259 US trending videos of November 2017 (tests/fixtures, Kaggle, CC0;
// each one upload of a different channel) at the post-publication bench's ages, 1–3 days → 1–3 days later, by the
// functions below; tests/unit/generic-growth.test.ts re-derives them from that file. Both are stated per unit of
// ln(horizon ÷ early age) so they carry to other ages: on Adele's videos (not used to set them) the spread of log
// growth per unit is 0.21–0.45 across her six age pairs, against 0.22–0.40 across the trending pairs.

import type { AnalyticsVideo } from './analytics-video.js';
import { viewsAtAge } from './views-at-age.js';

/** The (early age, horizon) pairs in days the constants were measured at: every pair of whole days with an early
 * age of 1–3 days that at least 20 trending videos span. */
export const TRENDING_AGE_PAIRS: readonly [number, number][] = [
  [1, 2],
  [1, 3],
  [1, 4],
  [2, 3],
  [2, 4],
  [2, 5],
  [3, 4],
  [3, 5],
];

/**
 * Pinto et al.'s observation in its simplest form: a video still growing fast at the early age keeps part of that
 * pace. With γ its log-log growth rate over the last halving, ln(N(t_e) ÷ N(t_e/2)) ÷ ln 2, its log growth to the
 * horizon exceeds its peers' by κ · (γ − their γ) · ln(t_h ÷ t_e): κ = 0 is plain Szabo–Huberman, κ = 1 a power
 * law that persists unchanged. Derived by `slopePersistence` (0.41 on the trending videos).
 */
export const GENERIC_SLOPE_PERSISTENCE = 0.41;

/**
 * Spread (standard deviation, natural-log units) of a video's log growth around its channel's mean, per unit of
 * ln(t_h ÷ t_e): the prior spread of a post-publication interval from a few histories. Derived by
 * `growthSpreadPerLnAge` (0.31 on the trending videos).
 */
export const GENERIC_GROWTH_SPREAD = 0.31;

/** κ's coefficient on ln(1 + N(t_e)) − ln(1 + N(t_e/2)), the growth over the last halving, for these ages. */
export function genericHalvingCoefficient(earlyAgeDays: number, horizonDays: number): number {
  return (GENERIC_SLOPE_PERSISTENCE * Math.log(horizonDays / earlyAgeDays)) / Math.LN2;
}

/** Prior standard deviation of a video's ln growth from the early age to the horizon around its channel's model. */
export function genericGrowthSpread(earlyAgeDays: number, horizonDays: number): number {
  return GENERIC_GROWTH_SPREAD * Math.log(horizonDays / earlyAgeDays);
}

interface Growth {
  /** Log-log growth rate over the halving before the early age, times ln(t_h ÷ t_e). */
  pace: number;
  /** ln(1 + N(t_h)) − ln(1 + N(t_e)). */
  growth: number;
}

/** Per age pair, the videos read at half the early age, the early age and the horizon. */
function growthByPair(videos: readonly AnalyticsVideo[], agePairs: readonly (readonly [number, number])[]): Growth[][] {
  return agePairs.map(([early, horizon]) =>
    videos.flatMap((video) => {
      const half = viewsAtAge(video, early / 2);
      const atEarly = viewsAtAge(video, early);
      const atHorizon = viewsAtAge(video, horizon);
      if (half === null || atEarly === null || atHorizon === null) return [];
      const rate = (Math.log1p(atEarly) - Math.log1p(half)) / Math.LN2;
      return [{ pace: rate * Math.log(horizon / early), growth: Math.log1p(atHorizon) - Math.log1p(atEarly) }];
    }),
  );
}

const mean = (values: readonly number[]) => values.reduce((total, value) => total + value, 0) / values.length;

/** κ: least-squares slope of growth on pace, both centred within each age pair (pairs of ≥ 3 videos); null if none. */
export function slopePersistence(videos: readonly AnalyticsVideo[], agePairs: readonly (readonly [number, number])[]) {
  let sxy = 0;
  let sxx = 0;
  for (const rows of growthByPair(videos, agePairs)) {
    if (rows.length < 3) continue;
    const pace = mean(rows.map((row) => row.pace));
    const growth = mean(rows.map((row) => row.growth));
    for (const row of rows) {
      sxy += (row.pace - pace) * (row.growth - growth);
      sxx += (row.pace - pace) ** 2;
    }
  }
  return sxx > 0 ? sxy / sxx : null;
}

/**
 * Pooled standard deviation of ln growth around each age pair's mean (plain Szabo–Huberman's residuals), each
 * residual divided by ln(t_h ÷ t_e); videos need readings at both ages only. Null when no pair has two videos.
 */
export function growthSpreadPerLnAge(
  videos: readonly AnalyticsVideo[],
  agePairs: readonly (readonly [number, number])[],
) {
  let squares = 0;
  let degrees = 0;
  for (const [early, horizon] of agePairs) {
    const growth = videos.flatMap((video) => {
      const atEarly = viewsAtAge(video, early);
      const atHorizon = viewsAtAge(video, horizon);
      return atEarly === null || atHorizon === null ? [] : [Math.log1p(atHorizon) - Math.log1p(atEarly)];
    });
    if (growth.length < 2) continue;
    const centre = mean(growth);
    const scale = Math.log(horizon / early);
    for (const value of growth) squares += ((value - centre) / scale) ** 2;
    degrees += growth.length - 1;
  }
  return degrees > 0 ? Math.sqrt(squares / degrees) : null;
}
