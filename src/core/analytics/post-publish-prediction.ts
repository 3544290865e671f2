// Prediction after publishing, in the manner of Szabo & Huberman ("Predicting the popularity of online
// content", 2010): a video's log views at a horizon are close to linear in its log views at an early age,
//   ln(1 + N(t_h)) = a + b · ln(1 + N(t_e)) + ε,
// fitted per channel on the channel's own view histories. ln(1 + N) rather than ln N keeps videos with zero
// early views usable; for the view counts that matter the difference is negligible.

import { quantile } from '../stats/summary-statistics.js';
import { type AnalyticsVideo, ageInDays, type ChannelData, viewSeriesUntil } from './analytics-video.js';
import { viewsAtAge } from './views-at-age.js';

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

export interface GrowthModel {
  /** 'plain-sh': b fixed at 1, so the model is a constant growth factor exp(a). */
  kind: 'log-linear' | 'plain-sh';
  earlyAgeDays: number;
  horizonDays: number;
  a: number;
  b: number;
  /** Least-squares slope before shrinkage; null when b is fixed at 1 or early views do not vary. */
  bOls: number | null;
  /** Residual standard deviation, natural-log units, over n − (parameters) degrees of freedom. */
  residualSd: number;
  /** 10th and 90th percentiles of the residuals, natural-log units. */
  residualQuantiles: { q10: number; q90: number };
  /** Offsets in natural-log units from the fitted value to the ends of the 80 % interval; low ≤ 0 ≤ high. */
  interval: { method: 'empirical-quantiles' | 't-distribution'; low: number; high: number };
  /** Training videos. */
  n: number;
}

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

/** Early ages a prediction may start from; the latest one the video has reached is preferred. */
export const EARLY_AGES_DAYS = [1, 2, 3, 7, 14, 30] as const;
/** Two parameters and at least one degree of freedom for the residual spread. */
export const MIN_TRAINING_VIDEOS = 3;
/**
 * Shrinkage of the slope toward 1 (plain Szabo–Huberman): b = (n · b_ols + k · 1) / (n + k). With k = 10 a
 * channel with 10 training videos gets half its own slope; with 90, nine tenths.
 */
export const SLOPE_PRIOR_WEIGHT = 10;
/** From this many training videos the interval comes from the residuals' own quantiles, not a t-distribution. */
export const MIN_VIDEOS_FOR_EMPIRICAL_INTERVAL = 20;

const LEVEL = 0.8;
/** 90th percentile of Student's t by degrees of freedom 1…19 (two-sided 80 %); beyond, the normal 1.2816. */
const T_QUANTILE_90 = [
  3.078, 1.886, 1.638, 1.533, 1.476, 1.44, 1.415, 1.397, 1.383, 1.372, 1.363, 1.356, 1.35, 1.345, 1.341, 1.337, 1.333,
  1.33, 1.328,
];
const NORMAL_QUANTILE_90 = 1.2816;

function tQuantile90(degreesOfFreedom: number): number {
  return T_QUANTILE_90[degreesOfFreedom - 1] ?? NORMAL_QUANTILE_90;
}

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

interface LogPair {
  /** ln(1 + views at the early age). */
  x: number;
  /** ln(1 + views at the horizon). */
  y: number;
}

function trainingPairs(videos: readonly AnalyticsVideo[], options: GrowthModelOptions): LogPair[] {
  const pairs: LogPair[] = [];
  for (const video of videos) {
    const early = viewsAtAge(video, options.earlyAgeDays);
    const horizon = viewsAtAge(video, options.horizonDays);
    if (early !== null && horizon !== null) pairs.push({ x: Math.log1p(early), y: Math.log1p(horizon) });
  }
  return pairs;
}

/** Why these pairs cannot support a fit, or null when they can. */
function pairsProblem(pairs: readonly LogPair[], options: GrowthModelOptions): string | null {
  const ages = `day ${options.earlyAgeDays} and day ${options.horizonDays}`;
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

/** The 80 % interval: empirical residual quantiles once there are enough, else t × SD inflated for the fit. */
function intervalFrom(
  residuals: readonly number[],
  residualSd: number,
  degreesOfFreedom: number,
): GrowthModel['interval'] {
  const n = residuals.length;
  if (n >= MIN_VIDEOS_FOR_EMPIRICAL_INTERVAL) {
    // Widened to include 0 so the interval always contains the point prediction.
    const low = Math.min(0, quantile(residuals, (1 - LEVEL) / 2) ?? 0);
    const high = Math.max(0, quantile(residuals, (1 + LEVEL) / 2) ?? 0);
    return { method: 'empirical-quantiles', low, high };
  }
  const halfWidth = tQuantile90(degreesOfFreedom) * residualSd * Math.sqrt(1 + 1 / n);
  return { method: 't-distribution', low: -halfWidth, high: halfWidth };
}

function modelFromLine(
  pairs: readonly LogPair[],
  options: GrowthModelOptions,
  line: { a: number; b: number; bOls: number | null; parameters: number },
): GrowthModel {
  const residuals = pairs.map((pair) => pair.y - line.a - line.b * pair.x);
  const degreesOfFreedom = Math.max(1, pairs.length - line.parameters);
  const residualSd = Math.sqrt(sum(residuals.map((residual) => residual * residual)) / degreesOfFreedom);
  return {
    kind: line.bOls === null ? 'plain-sh' : 'log-linear',
    earlyAgeDays: options.earlyAgeDays,
    horizonDays: options.horizonDays,
    a: line.a,
    b: line.b,
    bOls: line.bOls,
    residualSd,
    residualQuantiles: { q10: quantile(residuals, 0.1) ?? 0, q90: quantile(residuals, 0.9) ?? 0 },
    interval: intervalFrom(residuals, residualSd, degreesOfFreedom),
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

/**
 * Log-linear growth model fitted on the videos' own histories. The least-squares slope is shrunk toward 1
 * (see SLOPE_PRIOR_WEIGHT) and the line passes through the centroid of the pairs. When early views do not vary
 * the data say nothing about the slope, so it stays at 1 and the model is the plain one.
 */
export function fitGrowthModel(
  videos: readonly AnalyticsVideo[],
  options: GrowthModelOptions,
): GrowthModel | InsufficientData {
  return fitOrExplain(videos, options, (pairs) => {
    const n = pairs.length;
    const meanX = sum(pairs.map((pair) => pair.x)) / n;
    const meanY = sum(pairs.map((pair) => pair.y)) / n;
    const sxx = sum(pairs.map((pair) => (pair.x - meanX) ** 2));
    const sxy = sum(pairs.map((pair) => (pair.x - meanX) * (pair.y - meanY)));
    // Relative threshold: identical early views leave rounding noise, not a slope.
    const bOls = sxx > 1e-12 * Math.max(1, meanX * meanX) * n ? sxy / sxx : null;
    const b = bOls === null ? 1 : (n * bOls + SLOPE_PRIOR_WEIGHT) / (n + SLOPE_PRIOR_WEIGHT);
    return modelFromLine(pairs, options, { a: meanY - b * meanX, b, bOls, parameters: bOls === null ? 1 : 2 });
  });
}

/** Plain Szabo–Huberman, the baseline: b = 1, so every video grows by the channel's mean log growth factor. */
export function fitPlainSzaboHuberman(
  videos: readonly AnalyticsVideo[],
  options: GrowthModelOptions,
): GrowthModel | InsufficientData {
  return fitOrExplain(videos, options, (pairs) => {
    const a = sum(pairs.map((pair) => pair.y - pair.x)) / pairs.length;
    return modelFromLine(pairs, options, { a, b: 1, bOls: null, parameters: 1 });
  });
}

/** Views at the model's horizon with an 80 % interval, never below the views the video already has. */
export function predictFromEarlyViews(model: GrowthModel, earlyViews: number): GrowthPrediction | InsufficientData {
  if (!Number.isFinite(earlyViews) || earlyViews < 0) {
    return { insufficient: true, n: model.n, reason: `early views must be a count of views, got ${earlyViews}` };
  }
  const fitted = model.a + model.b * Math.log1p(earlyViews);
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
  if (ageDays >= horizonDays) return actualViews(known, ageDays, horizonDays);

  const earlyAges = EARLY_AGES_DAYS.filter((age) => age < horizonDays && age <= ageDays).reverse();
  if (earlyAges.length === 0) {
    const first = EARLY_AGES_DAYS[0];
    const reason =
      horizonDays <= first
        ? `predictions start from the views at day ${first}, so the horizon must be later than day ${first}`
        : `the video is ${Math.max(0, ageDays).toFixed(1)} days old; a prediction needs day ${first}`;
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

function actualViews(video: AnalyticsVideo, ageDays: number, horizonDays: number): VideoPrediction | InsufficientData {
  const views = viewsAtAge(video, horizonDays);
  if (views === null) {
    return { insufficient: true, n: 0, reason: `day ${horizonDays} has passed but no views were recorded around it` };
  }
  return { kind: 'actual', videoId: video.id, ageDays, horizonDays, views };
}

function predictFromAge(
  video: AnalyticsVideo,
  others: readonly AnalyticsVideo[],
  options: GrowthModelOptions,
  ageDays: number,
): VideoPrediction | InsufficientData {
  const earlyViews = viewsAtAge(video, options.earlyAgeDays);
  if (earlyViews === null) {
    return { insufficient: true, n: 0, reason: `day ${options.earlyAgeDays}: no views recorded for this video` };
  }
  const model = fitGrowthModel(others, options);
  if ('insufficient' in model) return { ...model, reason: `day ${options.earlyAgeDays}: ${model.reason}` };
  const prediction = predictFromEarlyViews(model, earlyViews);
  if ('insufficient' in prediction) return prediction;
  return { kind: 'prediction', videoId: video.id, ageDays, ...options, earlyViews, model, ...prediction };
}
