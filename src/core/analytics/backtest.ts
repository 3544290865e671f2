// Replays a channel's history to measure how well post-publication predictions would have done, without
// looking ahead: each video is predicted as /predict would have when it reached the early age — from its latest
// reading by then, at that reading's age — using only what was known at that moment: videos whose horizon had
// already elapsed, with their histories cut at that moment. Works on any history (daily, or periodic snapshots at
// irregular hours): the training videos' views at that age and at the horizon are read between readings.
// With `crossValidate` each video is instead predicted from all the others (later ones too): with a handful of
// histories a replay predicts only the last few videos, a cross-validation every one of them.

import { median, quantile } from '../stats/summary-statistics.js';
import { type AnalyticsVideo, type ChannelData, DAY_MS } from './analytics-video.js';
import {
  agesProblem,
  asSeenAt,
  dayLabel,
  fitGrowthModel,
  fitPlainSzaboHuberman,
  type GrowthModelOptions,
  type InsufficientData,
  predictFromEarlyViews,
  predictFromHistory,
} from './post-publish-prediction.js';
import { type PredictionScore, scorePredictions } from './prediction-accuracy.js';
import { viewHistory, viewsAtAge } from './views-at-age.js';

export type BacktestMethod = 'tubepilot' | 'plain-szabo-huberman' | 'persistence' | 'channel-median';
export const BACKTEST_METHODS: readonly BacktestMethod[] = [
  'tubepilot',
  'plain-szabo-huberman',
  'persistence',
  'channel-median',
];
/** Persistence ("no more views") is a point forecast: it has no interval to score. */
const WITHOUT_INTERVAL: ReadonlySet<BacktestMethod> = new Set(['persistence']);

export interface BacktestOptions {
  /** Default 1. */
  earlyAgeDays?: number;
  /** Default 30. */
  horizonDays?: number;
  /** Histories are read as known at this moment. */
  now: Date;
  /** Default MIN_EARLIER_VIDEOS. */
  minEarlierVideos?: number;
  /**
   * Train on every other video as known at `now`, later ones included: a cross-validation of the method, not
   * a replay of what could have been known. The video itself is still cut at the early age. For channels with
   * too few histories for a replay to say anything (default false).
   */
  crossValidate?: boolean;
}

export interface BacktestPrediction {
  id: string;
  predicted: number;
  low: number;
  high: number;
  actual: number;
}

export interface BacktestScore extends PredictionScore {
  /** Mean of |log10(predicted + 1) − log10(actual + 1)|; null when n = 0. */
  meanAbsLog10Error: number | null;
  /** Mean of log10(high + 1) − log10(low + 1): 0.3 is an interval a factor of 2 wide; null without intervals. */
  meanIntervalWidthLog10: number | null;
}

export interface BacktestMethodResult {
  score: BacktestScore;
  /** In publish order. */
  predictions: BacktestPrediction[];
}

export interface BacktestResult {
  earlyAgeDays: number;
  horizonDays: number;
  /** Videos predicted; every method is scored on the same ones. */
  n: number;
  methods: Record<BacktestMethod, BacktestMethodResult>;
  /** Videos left out, and why. */
  skipped: { id: string; reason: string }[];
}

/** A video is predicted only once this many earlier videos had views at both ages by then. */
export const MIN_EARLIER_VIDEOS = 10;

type Interval = Omit<BacktestPrediction, 'id' | 'actual'>;
type Published = AnalyticsVideo & { publishedAt: Date };

/** The naive baseline: the training videos' median views at the horizon, 10th–90th percentile as the interval. */
function channelMedianPrediction(training: readonly AnalyticsVideo[], horizonDays: number): Interval {
  const horizonViews = training.map((video) => viewsAtAge(video, horizonDays)).filter((views) => views !== null);
  return {
    predicted: median(horizonViews) as number,
    low: quantile(horizonViews, 0.1) as number,
    high: quantile(horizonViews, 0.9) as number,
  };
}

/** The four methods' predictions for one video, or why it cannot be predicted without looking ahead. */
function predictWithoutLookahead(
  video: Published,
  published: readonly Published[],
  ages: GrowthModelOptions,
  minEarlier: number,
  crossValidate: boolean,
): Record<BacktestMethod, Interval> | string {
  // What /predict would have said when the video reached the early age: from its latest reading by then, at the
  // age of that reading, so nothing read after the early age leaks in.
  const cutoffMs = video.publishedAt.getTime() + ages.earlyAgeDays * DAY_MS;
  const cutoff = new Date(cutoffMs);
  const seen = asSeenAt(video, cutoff);
  const latest = viewHistory(seen).at(-1);
  if (latest === undefined) return `no reading by ${dayLabel(ages.earlyAgeDays)}`;
  // A count read at the second of publication (0 views, or a premiere's) says nothing about growth.
  if (latest.ageDays <= 0) return `no reading by ${dayLabel(ages.earlyAgeDays)} but the one at publication`;
  const fromReading = { earlyAgeDays: latest.ageDays, horizonDays: ages.horizonDays };
  const earlyViews = latest.views;
  const training = published
    .filter(
      (other) =>
        other !== video && (crossValidate || other.publishedAt.getTime() + ages.horizonDays * DAY_MS <= cutoffMs),
    )
    .map((other) => (crossValidate ? other : asSeenAt(other, cutoff)))
    .filter(
      (other) =>
        viewsAtAge(other, fromReading.earlyAgeDays) !== null && viewsAtAge(other, fromReading.horizonDays) !== null,
    );
  if (training.length < minEarlier) {
    const which = crossValidate ? 'other' : 'earlier';
    const when = crossValidate ? '' : ' by then';
    return `only ${training.length} ${which} video(s) had views at both ${dayLabel(fromReading.earlyAgeDays)} and ${dayLabel(ages.horizonDays)}${when} (need ${minEarlier})`;
  }
  const ours = fitGrowthModel(training, fromReading, seen);
  const plain = fitPlainSzaboHuberman(training, fromReading);
  if ('insufficient' in ours) return ours.reason;
  if ('insufficient' in plain) return plain.reason;
  const tubepilot = predictFromHistory(ours, seen);
  const sh = predictFromEarlyViews(plain, earlyViews);
  if ('insufficient' in tubepilot) return tubepilot.reason;
  if ('insufficient' in sh) return sh.reason;
  return {
    tubepilot,
    'plain-szabo-huberman': sh,
    persistence: { predicted: earlyViews, low: earlyViews, high: earlyViews },
    'channel-median': channelMedianPrediction(training, ages.horizonDays),
  };
}

function withPublishTime(video: AnalyticsVideo): video is Published {
  return video.publishedAt !== null;
}

/** Why no video could be replayed, from what the histories hold: which ages were read, and how many videos. */
function explainNothingReplayed(
  published: readonly Published[],
  ages: GrowthModelOptions,
  skipped: BacktestResult['skipped'],
  minEarlier: number,
  crossValidate: boolean,
): string {
  if (published.length === 0) return 'the channel has no videos with a publish time';
  const early = dayLabel(ages.earlyAgeDays);
  const horizon = dayLabel(ages.horizonDays);
  let atEarly = 0;
  let atHorizon = 0;
  let atBoth = 0;
  const firstAges: number[] = [];
  const lastAges: number[] = [];
  for (const video of published) {
    const history = viewHistory(video);
    if (history.length > 0) {
      firstAges.push((history[0] as { ageDays: number }).ageDays);
      lastAges.push((history.at(-1) as { ageDays: number }).ageDays);
    }
    const hasEarly = viewsAtAge(video, ages.earlyAgeDays) !== null;
    const hasHorizon = viewsAtAge(video, ages.horizonDays) !== null;
    if (hasEarly) atEarly++;
    if (hasHorizon) atHorizon++;
    if (hasEarly && hasHorizon) atBoth++;
  }
  if (firstAges.length === 0) return `none of the ${published.length} videos has a view reading`;
  const days = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US')} days`;
  const present = `the readings cover ages ${days(Math.min(...firstAges))} to ${days(Math.max(...lastAges))}, a video's first reading at a median age of ${days(median(firstAges) as number)}`;
  if (atBoth <= minEarlier) {
    return `${atBoth} of ${published.length} videos have views recorded around both ${early} and ${horizon} (${atEarly} around ${early}, ${atHorizon} around ${horizon}); ${crossValidate ? 'a cross-validation' : 'a replay'} needs ${minEarlier + 1}: ${present}`;
  }
  const reasons = [...new Set(skipped.map((entry) => entry.reason))].slice(0, 3).join('; ');
  return `${reasons}; ${present}`;
}

export function scoreBacktestPredictions(
  method: BacktestMethod,
  predictions: readonly BacktestPrediction[],
): BacktestScore {
  const score = scorePredictions(predictions);
  const errors = predictions.map(({ predicted, actual }) =>
    Math.abs(Math.log10(predicted + 1) - Math.log10(actual + 1)),
  );
  const widths = predictions.map(({ low, high }) => Math.log10(high + 1) - Math.log10(low + 1));
  const mean = (values: readonly number[]) =>
    values.length === 0 ? null : values.reduce((total, value) => total + value, 0) / values.length;
  const withInterval = !WITHOUT_INTERVAL.has(method);
  return {
    ...score,
    coverage: withInterval ? score.coverage : null,
    meanAbsLog10Error: mean(errors),
    meanIntervalWidthLog10: withInterval ? mean(widths) : null,
  };
}

export function backtest(channel: ChannelData, options: BacktestOptions): BacktestResult | InsufficientData {
  const ages = { earlyAgeDays: options.earlyAgeDays ?? 1, horizonDays: options.horizonDays ?? 30 };
  const minEarlier = options.minEarlierVideos ?? MIN_EARLIER_VIDEOS;
  const problemWithAges = agesProblem(ages);
  if (problemWithAges !== null) return { insufficient: true, n: 0, reason: problemWithAges };
  const published = channel.videos
    .filter(withPublishTime)
    .filter((video) => video.publishedAt.getTime() <= options.now.getTime())
    .map((video) => asSeenAt(video, options.now) as Published)
    .sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime() || a.id.localeCompare(b.id));

  const predicted: { id: string; actual: number; byMethod: Record<BacktestMethod, Interval> }[] = [];
  const skipped: BacktestResult['skipped'] = [];
  for (const video of published) {
    const actual = viewsAtAge(video, ages.horizonDays);
    if (actual === null) {
      skipped.push({ id: video.id, reason: `no views recorded around ${dayLabel(ages.horizonDays)}` });
      continue;
    }
    const byMethod = predictWithoutLookahead(video, published, ages, minEarlier, options.crossValidate ?? false);
    if (typeof byMethod === 'string') skipped.push({ id: video.id, reason: byMethod });
    else predicted.push({ id: video.id, actual, byMethod });
  }

  if (predicted.length === 0) {
    return {
      insufficient: true,
      n: 0,
      reason: `no video could be backtested: ${explainNothingReplayed(published, ages, skipped, minEarlier, options.crossValidate ?? false)}`,
    };
  }
  const methodResult = (method: BacktestMethod): BacktestMethodResult => {
    const predictions = predicted.map(({ id, actual, byMethod }) => ({ id, ...byMethod[method], actual }));
    return { score: scoreBacktestPredictions(method, predictions), predictions };
  };
  return {
    ...ages,
    n: predicted.length,
    methods: Object.fromEntries(BACKTEST_METHODS.map((method) => [method, methodResult(method)])) as Record<
      BacktestMethod,
      BacktestMethodResult
    >,
    skipped,
  };
}
