// How sure a comparison of two prediction methods is when the predictions come in clusters: the same video is
// predicted at several ages, so its errors move together and the predictions are not independent. Resampling
// whole videos (a cluster bootstrap) gives an interval for the ratio of the methods' median errors that says how
// much a handful of videos can show.

import type { BacktestPrediction } from '../src/core/analytics/backtest.js';
import { SeededRandom } from '../src/core/random/seeded-random.js';
import { median, quantile } from '../src/core/stats/summary-statistics.js';

export interface MethodComparison {
  /** Median |log10 error| of the first method ÷ the second's, on all predictions. */
  ratio: number;
  /** 2.5th and 97.5th percentiles of that ratio over videos resampled with replacement. */
  low: number;
  high: number;
  /** Videos on which the first method's summed |log10 error| is below the second's, of all videos. */
  videosWon: number;
  videos: number;
}

const RESAMPLES = 2_000;

function absLog10Error({ predicted, actual }: BacktestPrediction): number {
  return Math.abs(Math.log10(predicted + 1) - Math.log10(actual + 1));
}

/**
 * Compares two methods' predictions of the same videos, listed in the same order (as `backtest` scores every
 * method on the same ones); null when there are none or the second method's median error is 0.
 */
export function compareMethods(
  ours: readonly BacktestPrediction[],
  theirs: readonly BacktestPrediction[],
  seed = 'method-comparison',
): MethodComparison | null {
  const byVideo = new Map<string, { ours: number[]; theirs: number[] }>();
  for (const [index, prediction] of ours.entries()) {
    const other = theirs[index];
    if (other === undefined || other.id !== prediction.id) throw new Error('the two methods must list the same videos');
    const errors = byVideo.get(prediction.id) ?? { ours: [], theirs: [] };
    errors.ours.push(absLog10Error(prediction));
    errors.theirs.push(absLog10Error(other));
    byVideo.set(prediction.id, errors);
  }
  const videos = [...byVideo.values()];
  const ratioOf = (sample: readonly { ours: number[]; theirs: number[] }[]): number | null => {
    const denominator = median(sample.flatMap((video) => video.theirs));
    const numerator = median(sample.flatMap((video) => video.ours));
    return numerator === null || denominator === null || denominator === 0 ? null : numerator / denominator;
  };
  const ratio = ratioOf(videos);
  if (ratio === null) return null;
  const rng = new SeededRandom(seed);
  const ratios: number[] = [];
  for (let resample = 0; resample < RESAMPLES; resample++) {
    const sample = videos.map(() => videos[rng.int(0, videos.length - 1)] as (typeof videos)[number]);
    const value = ratioOf(sample);
    if (value !== null) ratios.push(value);
  }
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
  return {
    ratio,
    low: quantile(ratios, 0.025) ?? ratio,
    high: quantile(ratios, 0.975) ?? ratio,
    videosWon: videos.filter((video) => sum(video.ours) < sum(video.theirs)).length,
    videos: videos.length,
  };
}

/** How often single channels, each compared alone, show the goal's gain. */
export interface ChannelByChannel {
  /** Channels with at least `minPredictions` predictions (fewer make a median of noise). */
  channels: number;
  /** Of those, channels whose own median-error ratio is at most the threshold. */
  atOrBelow: number;
  /** The median of the channels' own ratios; null without channels. */
  medianRatio: number | null;
}

/**
 * Each channel's own ratio of median |log10 error| (first method ÷ second), for reading one small channel's figure:
 * with six videos the ratio of a method that gains on average still lands above the goal on some channels.
 */
export function compareChannelByChannel(
  channels: readonly { ours: readonly BacktestPrediction[]; theirs: readonly BacktestPrediction[] }[],
  threshold: number,
  minPredictions: number,
): ChannelByChannel {
  const ratios: number[] = [];
  for (const { ours, theirs } of channels) {
    if (ours.length < minPredictions) continue;
    const numerator = median(ours.map(absLog10Error));
    const denominator = median(theirs.map(absLog10Error));
    if (numerator !== null && denominator !== null && denominator > 0) ratios.push(numerator / denominator);
  }
  return {
    channels: ratios.length,
    atOrBelow: ratios.filter((ratio) => ratio <= threshold).length,
    medianRatio: median(ratios),
  };
}
