// Replays a channel's history to measure how well post-publication predictions would have done, without
// looking ahead: each video is predicted from its views at the early age using only what was known at that
// moment — videos whose horizon had already elapsed, with their histories cut at that moment.

import { median, quantile } from '../stats/summary-statistics.js';
import { type AnalyticsVideo, type ChannelData, DAY_MS } from './analytics-video.js';
import {
  agesProblem,
  asSeenAt,
  fitGrowthModel,
  fitPlainSzaboHuberman,
  type GrowthModel,
  type GrowthModelOptions,
  type InsufficientData,
  MIN_TRAINING_VIDEOS,
  predictFromEarlyViews,
} from './post-publish-prediction.js';
import { type PredictionScore, scorePredictions } from './prediction-accuracy.js';
import { viewsAtAge } from './views-at-age.js';

export type BacktestMethod = 'channel-log-linear' | 'plain-szabo-huberman' | 'channel-median';

export interface BacktestOptions {
  /** Default 1. */
  earlyAgeDays?: number;
  /** Default 30. */
  horizonDays?: number;
  /** Histories are read as known at this moment. */
  now: Date;
}

export interface BacktestPrediction {
  id: string;
  predicted: number;
  low: number;
  high: number;
  actual: number;
}

export interface BacktestMethodResult {
  score: PredictionScore;
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

/** A video is predicted only once the channel had this many videos before it. */
export const MIN_EARLIER_VIDEOS = 10;

type Interval = Omit<BacktestPrediction, 'id' | 'actual'>;

/** The naive baseline: the training videos' median views at the horizon, 10th–90th percentile as the interval. */
function channelMedianPrediction(
  training: readonly AnalyticsVideo[],
  horizonDays: number,
): Interval | InsufficientData {
  const horizonViews = training.map((video) => viewsAtAge(video, horizonDays)).filter((views) => views !== null);
  if (horizonViews.length < MIN_TRAINING_VIDEOS) {
    const n = horizonViews.length;
    return { insufficient: true, n, reason: `only ${n} video(s) with views at day ${horizonDays}` };
  }
  return {
    predicted: median(horizonViews) as number,
    low: quantile(horizonViews, 0.1) as number,
    high: quantile(horizonViews, 0.9) as number,
  };
}

function modelPrediction(model: GrowthModel | InsufficientData, earlyViews: number): Interval | InsufficientData {
  return 'insufficient' in model ? model : predictFromEarlyViews(model, earlyViews);
}

/** The three methods' predictions for one video, or why it cannot be predicted without looking ahead. */
function predictWithoutLookahead(
  video: AnalyticsVideo & { publishedAt: Date },
  published: readonly (AnalyticsVideo & { publishedAt: Date })[],
  ages: GrowthModelOptions,
  earlyViews: number,
): Record<BacktestMethod, Interval> | string {
  const cutoff = new Date(video.publishedAt.getTime() + ages.earlyAgeDays * DAY_MS);
  const training = published
    .filter((other) => other.publishedAt.getTime() + ages.horizonDays * DAY_MS <= cutoff.getTime())
    .map((other) => asSeenAt(other, cutoff));
  const byMethod = {
    'channel-log-linear': modelPrediction(fitGrowthModel(training, ages), earlyViews),
    'plain-szabo-huberman': modelPrediction(fitPlainSzaboHuberman(training, ages), earlyViews),
    'channel-median': channelMedianPrediction(training, ages.horizonDays),
  };
  for (const [method, prediction] of Object.entries(byMethod)) {
    if ('insufficient' in prediction) return `${method}: ${prediction.reason}`;
  }
  return byMethod as Record<BacktestMethod, Interval>;
}

function withPublishTime(video: AnalyticsVideo): video is AnalyticsVideo & { publishedAt: Date } {
  return video.publishedAt !== null;
}

export function backtest(channel: ChannelData, options: BacktestOptions): BacktestResult | InsufficientData {
  const ages = { earlyAgeDays: options.earlyAgeDays ?? 1, horizonDays: options.horizonDays ?? 30 };
  const problemWithAges = agesProblem(ages);
  if (problemWithAges !== null) return { insufficient: true, n: 0, reason: problemWithAges };
  const published = channel.videos
    .filter(withPublishTime)
    .filter((video) => video.publishedAt.getTime() <= options.now.getTime())
    .map((video) => asSeenAt(video, options.now) as AnalyticsVideo & { publishedAt: Date })
    .sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime() || a.id.localeCompare(b.id));

  const predicted: { id: string; actual: number; byMethod: Record<BacktestMethod, Interval> }[] = [];
  const skipped: BacktestResult['skipped'] = [];
  for (const [index, video] of published.entries()) {
    const earlyViews = viewsAtAge(video, ages.earlyAgeDays);
    const actual = viewsAtAge(video, ages.horizonDays);
    if (index < MIN_EARLIER_VIDEOS) {
      skipped.push({ id: video.id, reason: `only ${index} earlier video(s) (need ${MIN_EARLIER_VIDEOS})` });
    } else if (earlyViews === null || actual === null) {
      skipped.push({
        id: video.id,
        reason: `no views recorded at day ${ages.earlyAgeDays} and day ${ages.horizonDays}`,
      });
    } else {
      const byMethod = predictWithoutLookahead(video, published, ages, earlyViews);
      if (typeof byMethod === 'string') skipped.push({ id: video.id, reason: byMethod });
      else predicted.push({ id: video.id, actual, byMethod });
    }
  }

  if (predicted.length === 0) {
    const reasons = [...new Set(skipped.map((entry) => entry.reason))].slice(0, 3).join('; ');
    return {
      insufficient: true,
      n: 0,
      reason: `no video could be backtested: ${reasons || 'the channel has no videos'}`,
    };
  }
  const methodResult = (method: BacktestMethod): BacktestMethodResult => {
    const predictions = predicted.map(({ id, actual, byMethod }) => {
      const { predicted, low, high } = byMethod[method];
      return { id, predicted, low, high, actual };
    });
    return { score: scorePredictions(predictions), predictions };
  };
  return {
    ...ages,
    n: predicted.length,
    methods: {
      'channel-log-linear': methodResult('channel-log-linear'),
      'plain-szabo-huberman': methodResult('plain-szabo-huberman'),
      'channel-median': methodResult('channel-median'),
    },
    skipped,
  };
}
