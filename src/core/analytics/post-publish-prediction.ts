// Prediction after publishing. Szabo & Huberman ("Predicting the popularity of online content", 2010): a video's
// log views at a horizon are close to linear in its log views at an early age,
//   ln(1 + N(t_h)) = a + b · ln(1 + N(t_e)) + ε.
// Pinto, Almeida & Gonçalves ("Using early view patterns to predict the popularity of YouTube videos", 2013) showed
// that the whole early history predicts better than its last reading: a video still gaining fast at t_e keeps
// gaining. TubePilot's model is theirs in log form: the growth from t_e to t_h is regressed on ln(1 + N(t_e)) and on
// the growth over each halving of the early age (t_e/2 → t_e, t_e/4 → t_e, t_e/8 → t_e), every reading used through
// log-log interpolation (views-at-age.ts), each coefficient shrunk toward plain Szabo–Huberman and, from 10
// histories, the intercept toward the channel's growth curve in proportion to the noise, the fit robust (Huber,
// huber-ridge.ts) so the few videos that grow 10–20× do not drag it for all the others.
// A channel with too few histories to fit the early-growth term gets it, and its intervals' prior spread, from
// other channels (generic-growth.ts).
// ln(1 + N) rather than ln N keeps videos with zero early views usable.

import { fitHuberRidge } from '../stats/huber-ridge.js';
import { studentTQuantile } from '../stats/student-t.js';
import { quantile } from '../stats/summary-statistics.js';
import { type AnalyticsVideo, ageInDays, type ChannelData, viewSeriesUntil } from './analytics-video.js';
import { GENERIC_GROWTH_SPREAD, genericGrowthSpread, genericHalvingCoefficient } from './generic-growth.js';
import { fitGrowthCurve, projectViews } from './growth-curve.js';
import { type HistoryPoint, viewHistory, viewsAtAge, viewsInHistoryAtAge } from './views-at-age.js';

/** Not enough data for an honest figure: how many usable cases there were and why that is too few. */
export interface InsufficientData {
  insufficient: true;
  n: number;
  reason: string;
}

export interface GrowthModelOptions {
  /** Age in days whose views the prediction starts from, e.g. 1, 2, 3, 7. */
  earlyAgeDays: number;
  /** Age in days whose views are predicted, e.g. 7, 30, 90. */
  horizonDays: number;
}

/** One halving term: the growth from `fromAgeDays` to the early age, ln(1 + N(t_e)) − ln(1 + N(from)). */
// A type, not an interface: stored predictions keep their model as JSON.
export type ShapeTerm = {
  fromAgeDays: number;
  coefficient: number;
  /** 'generic': the coefficient is other channels' (generic-growth.ts), the channel had too few histories to fit it. */
  source?: 'generic';
  /** Its mean over the training videos; a video without a reading there is taken as typical. */
  mean: number;
};

export interface GrowthModel {
  /** 'plain-sh': b fixed at 1, so the model is a constant growth factor exp(a). */
  kind: 'log-linear' | 'plain-sh';
  earlyAgeDays: number;
  horizonDays: number;
  /** Fitted ln(1 + N(t_h)) = a + b · ln(1 + N(t_e)) + Σ shape coefficient · (shape − its mean). */
  a: number;
  b: number;
  shape: ShapeTerm[];
  /** Least-squares slope of ln(1 + N(t_h)) on ln(1 + N(t_e)) alone; null when b is fixed or early views do not vary. */
  bOls: number | null;
  /** Where the intercept was pulled toward (ln growth factor of the growth curve) and with what weight, in videos. */
  prior: { growth: number; weight: number } | null;
  /** Residual standard deviation, natural-log units, over n − (parameters) degrees of freedom. */
  residualSd: number;
  /** 10th and 90th percentiles of the residuals, natural-log units. */
  residualQuantiles: { q10: number; q90: number };
  /** Offsets in natural-log units from the fitted value to the ends of the 80 % interval; low ≤ 0 ≤ high. */
  interval: IntervalBasis;
  /** Training videos. */
  n: number;
}

/**
 * The 80 % interval around the fitted value and what it was drawn from, so it can be named to the user:
 * 'empirical-quantiles' — the quantiles of `errors` out-of-sample errors; 't-distribution' — Student's t with
 * `degreesOfFreedom`, its spread the channel's out-of-sample errors pooled with `priorVideos` pseudo-videos
 * at the prior spread `priorSd`.
 */
// A type, not an interface: stored predictions keep their model as JSON.
export type IntervalBasis = {
  method: 'empirical-quantiles' | 't-distribution';
  low: number;
  high: number;
  /** Out-of-sample (leave-one-out) errors the interval was drawn from. */
  errors: number;
  /** 't-distribution' only (0 otherwise): the weight of the prior spread, in videos, and the t's degrees of freedom. */
  priorVideos: number;
  degreesOfFreedom: number;
  /** 't-distribution' only (0 otherwise): the prior spread, natural-log units (genericGrowthSpread at these ages). */
  priorSd: number;
};

export interface GrowthPrediction {
  predicted: number;
  low: number;
  high: number;
  level: 0.8;
  /** Training videos behind the model. */
  n: number;
  /** The fitted value was below the early views and was raised to them: cumulative views never fall. */
  clampedToEarlyViews: boolean;
}

export type VideoPrediction =
  | ({
      kind: 'prediction';
      videoId: string;
      ageDays: number;
      horizonDays: number;
      earlyAgeDays: number;
      earlyViews: number;
      model: GrowthModel;
    } & GrowthPrediction)
  | { kind: 'actual'; videoId: string; ageDays: number; horizonDays: number; views: number };

/** Standard early ages; a prediction starts from the video's latest reading, else the latest of these it has. */
export const EARLY_AGES_DAYS = [1, 2, 3, 7, 14, 30] as const;
/** Two parameters and at least one degree of freedom for the residual spread. */
export const MIN_TRAINING_VIDEOS = 3;
/**
 * Ridge penalty on each coefficient, in standardised units, shrinking the model toward plain Szabo–Huberman. For
 * the slope alone: b = (n · b_ols + k · 1) / (n + k). With k = 10 a channel with 10 training videos gets half its
 * own slope; with 90, nine tenths.
 */
export const SLOPE_PRIOR_WEIGHT = 10;
/** From this many training videos the interval comes from the residuals' own quantiles, not a t-distribution. */
export const MIN_VIDEOS_FOR_EMPIRICAL_INTERVAL = 20;
/** Growth over each halving of the early age enters the model, at most this many halvings deep … */
export const SHAPE_HALVINGS = 3;
/** Training videos per coefficient: a shape term joins the slope from 2 × this many, a second from 3 ×, … */
export const VIDEOS_PER_TERM = 5;
/** … down to this age: a reading in the first hours says more about the upload time than the video. */
export const MIN_SHAPE_AGE_DAYS = 0.25;
/**
 * How far a channel's typical log growth factor may sit from its growth curve (natural-log units): the intercept
 * is pulled toward the curve with a weight of (residual variance ÷ this²) videos, so a noisy channel leans on the
 * curve and a consistent one on its own videos. A factor of e either way: Adele's music videos grow 2–9× more from
 * day 1 to day 30 than the generic long-form curve says, and at 0.5 the pull cost them accuracy.
 */
export const GROWTH_PRIOR_SD = 1;
/**
 * Below this many training videos the intercept is not pulled toward the growth curve: each step of that curve is
 * the median of the same few histories (5 spanning it) or, below 5, a hand-set generic shape, so it adds no evidence
 * of its own and the pull only counted the histories twice (or leaned on unmeasured constants). The same threshold
 * below which the early-growth term is other channels' rather than fitted (2 × VIDEOS_PER_TERM). Chosen on
 * channels cut from the trending videos and the simulated seeds, not on Adele (docs/benchmarks.md, "adele2").
 */
export const MIN_VIDEOS_FOR_CURVE_PRIOR = 2 * VIDEOS_PER_TERM;

/**
 * Weight in videos of the prior spread of a video's ln growth factor around what its channel's model says
 * (`genericGrowthSpread`: 0.31 per unit of ln(t_h ÷ t_e), measured on other channels). Student's t on a channel's
 * own leave-one-out misses is exact only if its next video is drawn like the few before it; 3–5 histories rarely span what a channel makes (Adele's live video, film theme and comeback
 * single miss the growth of her earlier singles by a factor of 2–5), and on them the channel's own spread covered
 * 53 % of 80 % intervals. Pooled with the channel's misses by degrees of freedom, (ν₀ σ₀² + ν s²) / (ν₀ + ν)
 * under t with ν₀ + ν, the prior dominates three histories and fades with each one added; from
 * MIN_VIDEOS_FOR_EMPIRICAL_INTERVAL on, the channel's own error quantiles alone are used. ν₀ = 2 is the least weight
 * that makes the prior a proper spread (a χ² with 2 degrees of freedom), not a value fitted to Adele. σ₀ was a
 * flat factor of e until the spread was measured: 6–25 times the real spread over a day or two, so small
 * channels' intervals covered 97–98 %.
 */
export const PRIOR_SPREAD_VIDEOS = 2;

/** How a post-publication interval is drawn, in words, for replies that pool predictions of many sizes. */
export const INTERVAL_RULE =
  `80% intervals: below ${MIN_VIDEOS_FOR_EMPIRICAL_INTERVAL} training videos, Student's t on the model's ` +
  `out-of-sample misses pooled with a prior spread measured on other channels (a standard deviation of ` +
  `${GENERIC_GROWTH_SPREAD} ln views per unit of ln(horizon ÷ early age), e.g. ×${Math.exp(genericGrowthSpread(1, 30)).toFixed(2)} ` +
  `from day 1 to day 30) weighing ${PRIOR_SPREAD_VIDEOS} videos (a few histories say little about how far a new ` +
  `video can stray); from ` +
  `${MIN_VIDEOS_FOR_EMPIRICAL_INTERVAL}, the 10th–90th percentiles of the misses themselves.`;

const LEVEL = 0.8;
/** The video as its view history stood at `at`: later snapshots, and stats read after it, are dropped. */
export function asSeenAt(video: AnalyticsVideo, at: Date): AnalyticsVideo {
  const statsKnown = video.statsAt !== null && video.statsAt.getTime() <= at.getTime();
  return {
    ...video,
    views: statsKnown ? video.views : null,
    statsAt: statsKnown ? video.statsAt : null,
    snapshots: viewSeriesUntil(video.snapshots, at.getTime()),
  };
}

/** Why these ages cannot define a prediction, or null when they can. */
export function agesProblem({ earlyAgeDays, horizonDays }: GrowthModelOptions): string | null {
  if (!Number.isFinite(earlyAgeDays) || !Number.isFinite(horizonDays) || earlyAgeDays <= 0) {
    return `ages must be positive numbers of days (early ${earlyAgeDays}, horizon ${horizonDays})`;
  }
  return horizonDays > earlyAgeDays
    ? null
    : `the horizon (day ${horizonDays}) must come after the early age (day ${earlyAgeDays})`;
}

/** "day 7", "day 4.4": ages read from the latest reading are rarely whole days. */
export function dayLabel(ageDays: number): string {
  // Two decimals under 0.1 day: an hour is day 0.04, not day 0.0.
  return `day ${Number.isInteger(ageDays) ? ageDays : ageDays.toFixed(ageDays < 0.1 ? 2 : 1)}`;
}

/** The younger ages whose growth up to the early age enters the model. */
function shapeAges(earlyAgeDays: number): number[] {
  const ages: number[] = [];
  for (let halving = 1; halving <= SHAPE_HALVINGS; halving++) {
    const age = earlyAgeDays / 2 ** halving;
    if (age >= MIN_SHAPE_AGE_DAYS) ages.push(age);
  }
  return ages;
}

/**
 * The video's views at each shape age, from its readings before the early age and its views at it, so a video
 * says no more about its early growth than it could have by then. Where its readings start later (a video first
 * read days after upload, as on a trending list) but before the early age, they are read back along the log-log
 * slope of its first two points: the local power law the readings are interpolated with, so how fast it was still
 * growing when first seen counts. Null where nothing was read before the early age.
 */
function viewsAtShapeAges(
  video: AnalyticsVideo,
  earlyAgeDays: number,
  earlyViews: number,
  ages: readonly number[],
): (number | null)[] {
  const points = viewHistory(video).filter((point) => point.ageDays < earlyAgeDays);
  points.push({ ageDays: earlyAgeDays, views: earlyViews });
  const [first, second] = points as [HistoryPoint, HistoryPoint | undefined];
  return ages.map((age) => {
    const views = viewsInHistoryAtAge(points, age);
    if (views !== null || second === undefined || !(first.ageDays > age)) return views;
    const logFirst = Math.log1p(first.views);
    const slope = (Math.log1p(second.views) - logFirst) / Math.log(second.ageDays / first.ageDays);
    return Math.expm1(logFirst - slope * Math.log(first.ageDays / age));
  });
}

/** ln(1 + N(t_e)) − ln(1 + N(age)) for each shape age; null where the video says nothing about that age. */
function shapeOf(video: AnalyticsVideo, earlyViews: number, earlyAgeDays: number, ages: readonly number[]) {
  const x = Math.log1p(earlyViews);
  return viewsAtShapeAges(video, earlyAgeDays, earlyViews, ages).map((views) =>
    views === null ? null : x - Math.log1p(views),
  );
}

interface LogPair {
  /** ln(1 + views at the early age). */
  x: number;
  /** ln(1 + views at the horizon). */
  y: number;
  /** See `shapeOf`, for `shapeAges(earlyAgeDays)`. */
  shape: (number | null)[];
}

function trainingPairs(videos: readonly AnalyticsVideo[], options: GrowthModelOptions): LogPair[] {
  const ages = shapeAges(options.earlyAgeDays);
  const pairs: LogPair[] = [];
  for (const video of videos) {
    const early = viewsAtAge(video, options.earlyAgeDays);
    const horizon = viewsAtAge(video, options.horizonDays);
    if (early === null || horizon === null) continue;
    pairs.push({
      x: Math.log1p(early),
      y: Math.log1p(horizon),
      shape: shapeOf(video, early, options.earlyAgeDays, ages),
    });
  }
  return pairs;
}

/** Why these pairs cannot support a fit, or null when they can. */
function pairsProblem(pairs: readonly LogPair[], options: GrowthModelOptions): string | null {
  const ages = `${dayLabel(options.earlyAgeDays)} and ${dayLabel(options.horizonDays)}`;
  if (pairs.length < MIN_TRAINING_VIDEOS) {
    return `only ${pairs.length} video(s) have views recorded at both ${ages} (need ${MIN_TRAINING_VIDEOS})`;
  }
  // Zero views everywhere would give a confident "0 views" from nothing but empty histories.
  if (pairs.every((pair) => pair.y === 0)) return `no training video had any views by day ${options.horizonDays}`;
  return null;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/**
 * The 80 % interval from leave-one-out residuals (what the model missed on videos it was not fitted on): their
 * quantiles, with the split-conformal finite-sample correction, once there are enough; below that Student's t
 * with their mean square pooled with the prior spread `priorSd`, each weighted by its degrees of freedom.
 */
function intervalFrom(leaveOneOut: readonly number[], residualDegrees: number, priorSd: number): IntervalBasis {
  const n = leaveOneOut.length;
  if (n >= MIN_VIDEOS_FOR_EMPIRICAL_INTERVAL) {
    const upper = Math.min(1, ((1 + LEVEL) / 2) * (1 + 1 / n));
    // Widened to include 0 so the interval always contains the point prediction.
    const low = Math.min(0, quantile(leaveOneOut, 1 - upper) ?? 0);
    const high = Math.max(0, quantile(leaveOneOut, upper) ?? 0);
    return { method: 'empirical-quantiles', low, high, errors: n, priorVideos: 0, degreesOfFreedom: 0, priorSd: 0 };
  }
  const ownVariance = sum(leaveOneOut.map((r) => r * r)) / n;
  const degreesOfFreedom = PRIOR_SPREAD_VIDEOS + residualDegrees;
  const variance = (PRIOR_SPREAD_VIDEOS * priorSd ** 2 + residualDegrees * ownVariance) / degreesOfFreedom;
  const halfWidth = studentTQuantile((1 + LEVEL) / 2, degreesOfFreedom) * Math.sqrt(variance);
  return {
    method: 't-distribution',
    low: -halfWidth,
    high: halfWidth,
    errors: n,
    priorVideos: PRIOR_SPREAD_VIDEOS,
    degreesOfFreedom,
    priorSd,
  };
}

interface FittedLine {
  a: number;
  b: number;
  shape: ShapeTerm[];
  bOls: number | null;
  prior: GrowthModel['prior'];
  parameters: number;
  residuals: number[];
  leaveOneOut: number[];
}

function modelFrom(pairs: readonly LogPair[], options: GrowthModelOptions, line: FittedLine): GrowthModel {
  const degreesOfFreedom = Math.max(1, pairs.length - line.parameters);
  const residualSd = Math.sqrt(sum(line.residuals.map((residual) => residual * residual)) / degreesOfFreedom);
  return {
    kind: line.bOls === null ? 'plain-sh' : 'log-linear',
    earlyAgeDays: options.earlyAgeDays,
    horizonDays: options.horizonDays,
    a: line.a,
    b: line.b,
    shape: line.shape,
    bOls: line.bOls,
    prior: line.prior,
    residualSd,
    residualQuantiles: { q10: quantile(line.residuals, 0.1) ?? 0, q90: quantile(line.residuals, 0.9) ?? 0 },
    interval: intervalFrom(
      line.leaveOneOut,
      degreesOfFreedom,
      genericGrowthSpread(options.earlyAgeDays, options.horizonDays),
    ),
    n: pairs.length,
  };
}

function fitOrExplain(
  videos: readonly AnalyticsVideo[],
  options: GrowthModelOptions,
  fitLine: (pairs: readonly LogPair[]) => GrowthModel,
): GrowthModel | InsufficientData {
  const problemWithAges = agesProblem(options);
  if (problemWithAges !== null) return { insufficient: true, n: 0, reason: problemWithAges };
  const pairs = trainingPairs(videos, options);
  const problem = pairsProblem(pairs, options);
  return problem === null ? fitLine(pairs) : { insufficient: true, n: pairs.length, reason: problem };
}

/** Least-squares slope of y on x alone; null when x does not vary. */
function slopeOfY(pairs: readonly LogPair[]): number | null {
  const n = pairs.length;
  const meanX = sum(pairs.map((pair) => pair.x)) / n;
  const meanY = sum(pairs.map((pair) => pair.y)) / n;
  const sxx = sum(pairs.map((pair) => (pair.x - meanX) ** 2));
  const sxy = sum(pairs.map((pair) => (pair.x - meanX) * (pair.y - meanY)));
  // Relative threshold: identical early views leave rounding noise, not a slope.
  return sxx > 1e-12 * Math.max(1, meanX * meanX) * n ? sxy / sxx : null;
}

/** ln of the growth factor from the early age to the horizon along the videos' growth curve; null if none. */
function curveGrowth(videos: readonly AnalyticsVideo[], options: GrowthModelOptions): number | null {
  const ratio = projectViews(fitGrowthCurve(videos, 'all'), 1, options.earlyAgeDays, options.horizonDays);
  return ratio !== null && ratio > 0 ? Math.log(ratio) : null;
}

/**
 * TubePilot's model (see the top of this file), fitted on the videos' own histories. Shape terms known for fewer
 * than two thirds of the training videos are left out; a video missing one is taken as typical there. When early
 * views do not vary the data say nothing about the slope, so it stays at 1. With too few videos to fit any shape
 * term, the growth over the last halving enters with other channels' coefficient (`genericHalvingCoefficient`),
 * fixed, not fitted: on six-video channels cut from demo seeds 7 and 11 (simulated) it left 0.54 / 0.68 of plain
 * Szabo–Huberman's median error, the same term fitted on five videos 0.70 / 0.84 (docs/benchmarks.md, "adele").
 */
export function fitGrowthModel(
  videos: readonly AnalyticsVideo[],
  options: GrowthModelOptions,
  forVideo?: AnalyticsVideo,
): GrowthModel | InsufficientData {
  return fitOrExplain(videos, options, (pairs) => {
    const n = pairs.length;
    const ages = shapeAges(options.earlyAgeDays);
    // A term the video to predict cannot supply would be filled in as typical, and the interval, drawn from
    // videos that had it, would be too narrow for it (half the day-1 trending videos fell outside).
    const forEarlyViews = forVideo === undefined ? null : viewsAtAge(forVideo, options.earlyAgeDays);
    const supplied =
      forVideo === undefined || forEarlyViews === null
        ? null
        : viewsAtShapeAges(forVideo, options.earlyAgeDays, forEarlyViews, ages);
    const usable = ages
      .map((fromAgeDays, index) => {
        const known = pairs.map((pair) => pair.shape[index]).filter((value) => value != null);
        return { fromAgeDays, index, known, mean: sum(known) / known.length };
      })
      .filter((term) => term.known.length >= (2 / 3) * n && (supplied === null || supplied[term.index] !== null));
    // Each coefficient needs its share of videos: a few histories support the slope and nothing more.
    const kept = usable.slice(0, Math.max(0, Math.floor(n / VIDEOS_PER_TERM) - 1));
    const lastHalving = kept.length === 0 && usable[0]?.index === 0 ? usable[0] : null;
    const generic =
      lastHalving === null
        ? null
        : {
            fromAgeDays: lastHalving.fromAgeDays,
            coefficient: genericHalvingCoefficient(options.earlyAgeDays, options.horizonDays),
            mean: lastHalving.mean,
            source: 'generic' as const,
          };
    const rows = pairs.map((pair) => [pair.x, ...kept.map((term) => pair.shape[term.index] ?? term.mean)]);
    // The response is the log growth, so every coefficient shrinks toward plain Szabo–Huberman's 0; the generic
    // term's part of it is taken out first (centred, so the mean growth is unchanged).
    const growth = pairs.map(
      (pair) =>
        pair.y -
        pair.x -
        (generic === null ? 0 : generic.coefficient * ((pair.shape[0] ?? generic.mean) - generic.mean)),
    );
    const free = fitHuberRidge(rows, growth, { lambda: SLOPE_PRIOR_WEIGHT });
    const parameters = 1 + free.coefficients.filter((coefficient) => coefficient !== 0).length;
    const noise = sum(free.residuals.map((r) => r * r)) / Math.max(1, n - parameters);
    const prior = n < MIN_VIDEOS_FOR_CURVE_PRIOR ? null : curveGrowth(videos, options);
    const weight = prior === null ? 0 : noise / GROWTH_PRIOR_SD ** 2;
    const fit =
      prior === null || weight === 0
        ? free
        : fitHuberRidge(rows, growth, { lambda: SLOPE_PRIOR_WEIGHT, interceptPrior: { mean: prior, weight } });
    const [slope = 0, ...shapeCoefficients] = fit.coefficients;
    return modelFrom(pairs, options, {
      a: fit.interceptAtMeans - slope * (fit.means[0] as number),
      b: 1 + slope,
      shape: [
        ...kept.map((term, index) => ({
          fromAgeDays: term.fromAgeDays,
          coefficient: shapeCoefficients[index] as number,
          mean: fit.means[index + 1] as number,
        })),
        ...(generic === null ? [] : [generic]),
      ],
      bOls: slopeOfY(pairs),
      prior: prior === null ? null : { growth: prior, weight },
      parameters,
      residuals: fit.residuals,
      leaveOneOut: fit.leaveOneOutResiduals,
    });
  });
}

/** Plain Szabo–Huberman, the baseline: b = 1, so every video grows by the channel's mean log growth factor. */
export function fitPlainSzaboHuberman(
  videos: readonly AnalyticsVideo[],
  options: GrowthModelOptions,
): GrowthModel | InsufficientData {
  return fitOrExplain(videos, options, (pairs) => {
    const n = pairs.length;
    const a = sum(pairs.map((pair) => pair.y - pair.x)) / n;
    const residuals = pairs.map((pair) => pair.y - pair.x - a);
    return modelFrom(pairs, options, {
      a,
      b: 1,
      shape: [],
      bOls: null,
      prior: null,
      parameters: 1,
      residuals,
      leaveOneOut: residuals.map((residual) => (residual * n) / Math.max(1, n - 1)),
    });
  });
}

/**
 * Views at the model's horizon with an 80 % interval, never below the views the video already has.
 * `viewsAtShapeAges` are the video's views at each shape term's age (null or missing: typical).
 */
export function predictFromEarlyViews(
  model: GrowthModel,
  earlyViews: number,
  viewsAtShapeAges: readonly (number | null)[] = [],
): GrowthPrediction | InsufficientData {
  if (!Number.isFinite(earlyViews) || earlyViews < 0) {
    return { insufficient: true, n: model.n, reason: `early views must be a count of views, got ${earlyViews}` };
  }
  const x = Math.log1p(earlyViews);
  let fitted = model.a + model.b * x;
  for (const [index, term] of model.shape.entries()) {
    const views = viewsAtShapeAges[index];
    if (views != null && Number.isFinite(views)) fitted += term.coefficient * (x - Math.log1p(views) - term.mean);
  }
  const predicted = Math.expm1(fitted);
  return {
    predicted: Math.max(predicted, earlyViews),
    low: Math.max(Math.expm1(fitted + model.interval.low), earlyViews),
    high: Math.max(Math.expm1(fitted + model.interval.high), earlyViews),
    level: LEVEL,
    n: model.n,
    clampedToEarlyViews: predicted < earlyViews,
  };
}

/** `predictFromEarlyViews` with the early and shape views read from the video's own history. */
export function predictFromHistory(model: GrowthModel, video: AnalyticsVideo): GrowthPrediction | InsufficientData {
  const earlyViews = viewsAtAge(video, model.earlyAgeDays);
  if (earlyViews === null) {
    return { insufficient: true, n: 0, reason: `${dayLabel(model.earlyAgeDays)}: no views recorded for this video` };
  }
  const shapeViews = viewsAtShapeAges(
    video,
    model.earlyAgeDays,
    earlyViews,
    model.shape.map((term) => term.fromAgeDays),
  );
  return predictFromEarlyViews(model, earlyViews, shapeViews);
}

/**
 * Views of one video at `horizonDays`, as known at `now`: from the latest early age it has reached for which
 * the channel's other videos support a model. Once the horizon has passed, the recorded views instead.
 */
export function predictVideo(
  channel: ChannelData,
  videoId: string,
  now: Date,
  horizonDays: number,
): VideoPrediction | InsufficientData {
  const video = channel.videos.find((candidate) => candidate.id === videoId);
  if (!video) return { insufficient: true, n: 0, reason: `no video ${videoId} on this channel` };
  const ageDays = ageInDays(video, now);
  if (ageDays === null) return { insufficient: true, n: 0, reason: `the publish time of ${videoId} is unknown` };
  const known = asSeenAt(video, now);
  const history = viewHistory(known);
  const latestReading = history.at(-1)?.ageDays ?? 0;
  if (ageDays >= horizonDays) {
    const views = viewsAtAge(known, horizonDays);
    if (views !== null) return { kind: 'actual', videoId: video.id, ageDays, horizonDays, views };
    // Readings that stopped before the horizon (an export no longer listing the video) still predict it; readings
    // that start after it never will.
    if (latestReading >= horizonDays) {
      const firstReading = history[0]?.ageDays as number;
      const reason = `day ${horizonDays} has passed and was not read: this video's readings start at ${dayLabel(firstReading)}`;
      return { insufficient: true, n: 0, reason };
    }
  }

  // The latest reading carries the most information; the standard ages are fallbacks when too few other
  // videos were read around it.
  const first = EARLY_AGES_DAYS[0];
  const startAge = Math.min(ageDays, latestReading);
  const standard = EARLY_AGES_DAYS.filter((age) => age < horizonDays && age < startAge).reverse();
  const earlyAges = startAge >= first && startAge < horizonDays ? [startAge, ...standard] : standard;
  if (earlyAges.length === 0) {
    const reason =
      horizonDays <= first
        ? `predictions start from the views at day ${first}, so the horizon must be later than day ${first}`
        : ageDays < first
          ? `the video is ${Math.max(0, ageDays).toFixed(1)} days old; a prediction needs day ${first}`
          : history.length === 0
            ? `no views of it have been recorded; a prediction needs them from day ${first}`
            : `it is ${ageDays.toFixed(1)} days old but was last read at ${dayLabel(Math.round(startAge * 10) / 10)}; a prediction needs a reading from day ${first}`;
    return { insufficient: true, n: 0, reason };
  }
  const others = channel.videos.filter((other) => other.id !== videoId).map((other) => asSeenAt(other, now));
  const failures: InsufficientData[] = [];
  for (const earlyAgeDays of earlyAges) {
    const attempt = predictFromAge(known, others, { earlyAgeDays, horizonDays }, ageDays);
    if (!('insufficient' in attempt)) return attempt;
    failures.push(attempt);
  }
  return {
    insufficient: true,
    n: Math.max(...failures.map((failure) => failure.n)),
    reason: failures.map((failure) => failure.reason).join('; '),
  };
}

function predictFromAge(
  video: AnalyticsVideo,
  others: readonly AnalyticsVideo[],
  options: GrowthModelOptions,
  ageDays: number,
): VideoPrediction | InsufficientData {
  const earlyViews = viewsAtAge(video, options.earlyAgeDays);
  const model = fitGrowthModel(others, options, video);
  if ('insufficient' in model) return { ...model, reason: `${dayLabel(options.earlyAgeDays)}: ${model.reason}` };
  const prediction = predictFromHistory(model, video);
  if ('insufficient' in prediction || earlyViews === null) return prediction as InsufficientData;
  return { kind: 'prediction', videoId: video.id, ageDays, ...options, earlyViews, model, ...prediction };
}
