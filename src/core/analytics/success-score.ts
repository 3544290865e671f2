// One 0–100 number for "how well did this video do", built only from where the video ranks within its own
// channel, so a small channel's hit scores as high as a big channel's.

import type { AnalyticsVideo } from './analytics-video.js';

export type SuccessPartName = 'age-matched views' | 'engagement rate' | 'average view %' | 'CTR';

/** The blend's weights; a part the video lacks drops out and the others are scaled up to sum to 1. */
export const SUCCESS_SCORE_WEIGHTS: Readonly<Record<SuccessPartName, number>> = {
  'age-matched views': 0.4,
  'engagement rate': 0.2,
  'average view %': 0.25,
  CTR: 0.15,
};

export const SUCCESS_SCORE_FORMULA =
  'Weighted mean of the video’s percentiles among the channel’s videos of the same format: age-matched views ' +
  '(outlier score) 40 %, engagement rate (likes + comments + shares) ÷ views 20 %, average view % 25 %, CTR 15 %. ' +
  'Parts the video lacks are left out and the other weights scaled up; without the views part there is no score.';

const PART_NAMES = Object.keys(SUCCESS_SCORE_WEIGHTS) as SuccessPartName[];
const REQUIRED_PART: SuccessPartName = 'age-matched views';

/** A video's raw value for each part; null when unknown. */
export type SuccessValues = Record<SuccessPartName, number | null>;

/** For each part, the channel's values sorted ascending (see `sortedFinite` in summary-statistics). */
export type SuccessPopulations = Record<SuccessPartName, ArrayLike<number>>;

export interface SuccessPart {
  name: SuccessPartName;
  value: number | null;
  /** Mid-rank percentile, 0–100, among `n` channel values; null when the value or the population is missing. */
  percentile: number | null;
  /** Share of the score after renormalising; 0 for a part that does not count. */
  weight: number;
  n: number;
}

export interface SuccessScore {
  /** 0–100; null without the age-matched views part. */
  score: number | null;
  parts: SuccessPart[];
}

/** (likes + comments + shares) ÷ views over the interactions known for the video; null without views or any. */
export function engagementRate(video: Pick<AnalyticsVideo, 'views' | 'likes' | 'comments' | 'shares'>): number | null {
  // No arrays: channel-wide scoring calls this for every video. An unknown count adds 0, which changes no sum.
  const { likes, comments, shares } = video;
  if (video.views === null || !(video.views > 0) || (likes === null && comments === null && shares === null)) {
    return null;
  }
  const rate = (0 + (likes ?? 0) + (comments ?? 0) + (shares ?? 0)) / video.views;
  return Number.isFinite(rate) ? rate : null;
}

/** Index of the first element of `sorted` from `low` on that is above `value` (`orEqual`) or not below it. */
function firstIndexPast(sorted: ArrayLike<number>, value: number, orEqual: boolean, low = 0): number {
  // Halving by a select, not a branch: a channel's scores search 10,000 values four times per video, and the
  // branch of the textbook loop mispredicts every other step (40,000 searches: 5.1 → 3.4 ms). Same index.
  let base = low;
  let size = sorted.length - low;
  if (size <= 0) return low;
  while (size > 1) {
    const half = size >> 1;
    const element = sorted[base + half - 1] as number;
    base = (orEqual ? element <= value : element < value) ? base + half : base;
    size -= half;
  }
  const last = sorted[base] as number;
  return (orEqual ? last <= value : last < value) ? base + 1 : base;
}

/** Equal values counted one by one before a second search takes over: an all-zero column must stay O(log n). */
const TIE_SCAN_LIMIT = 8;

/**
 * Mid-rank percentile: 100 × (share of the population below the value + half the share equal to it). Ties
 * share a rank, so a channel of identical values gives 50 everywhere. Null for an empty population.
 */
export function midRankPercentile(value: number, sortedPopulation: ArrayLike<number>): number | null {
  const size = sortedPopulation.length;
  if (size === 0 || !Number.isFinite(value)) return null;
  const below = firstIndexPast(sortedPopulation, value, false);
  // Channel values rarely tie, so the run of equal values usually ends within a step or two.
  let after = below;
  while (after < size && after - below < TIE_SCAN_LIMIT && sortedPopulation[after] === value) after++;
  if (after - below === TIE_SCAN_LIMIT) after = firstIndexPast(sortedPopulation, value, true, after);
  return (100 * (below + (after - below) / 2)) / size;
}

/** Scratch for the scores below: each part's percentile (NaN for none) before the weights are known. */
const partPercentiles = new Float64Array(PART_NAMES.length);

/**
 * Reads each part's percentile into `partPercentiles` and returns the total weight of the parts present, or NaN
 * without the required part (then no part counts and there is no score).
 */
function readPercentiles(values: SuccessValues, populations: SuccessPopulations): number {
  for (let index = 0; index < PART_NAMES.length; index++) {
    const name = PART_NAMES[index] as SuccessPartName;
    const raw = values[name];
    partPercentiles[index] = raw === null ? Number.NaN : percentileOrNaN(raw, populations[name]);
  }
  return totalWeightOfRead();
}

/** `midRankPercentile`, NaN for null or a value that is not finite. */
function percentileOrNaN(raw: number, population: ArrayLike<number>): number {
  return Number.isFinite(raw) ? (midRankPercentile(raw, population) ?? Number.NaN) : Number.NaN;
}

/** The total weight of the parts in `partPercentiles` (NaN: none), or NaN without the required part. */
function totalWeightOfRead(): number {
  let totalWeight = 0;
  for (let index = 0; index < PART_NAMES.length; index++) {
    if (!Number.isNaN(partPercentiles[index] as number)) {
      totalWeight += SUCCESS_SCORE_WEIGHTS[PART_NAMES[index] as SuccessPartName];
    } else if (PART_NAMES[index] === REQUIRED_PART) return Number.NaN;
  }
  return totalWeight;
}

/** The renormalised weight of part `index` after `readPercentiles`; 0 for a part that does not count. */
function partWeight(index: number, totalWeight: number): number {
  if (Number.isNaN(totalWeight) || Number.isNaN(partPercentiles[index] as number)) return 0;
  return SUCCESS_SCORE_WEIGHTS[PART_NAMES[index] as SuccessPartName] / totalWeight;
}

/** The weighted percentiles read last, or null without the required part. */
function blendedScore(totalWeight: number): number | null {
  if (Number.isNaN(totalWeight)) return null;
  let blended = 0;
  for (let index = 0; index < PART_NAMES.length; index++) {
    const weight = partWeight(index, totalWeight);
    if (weight > 0) blended += weight * (partPercentiles[index] as number);
  }
  // Renormalised weights can sum to 1 ± 1 ulp; keep the score inside its documented range.
  return Math.min(100, Math.max(0, blended));
}

/** The parts of many videos as columns, NaN for null: row r is one video's values. */
export type SuccessColumns = Record<SuccessPartName, Float64Array>;

/** Percentile scratch of `successScoresInto`, one column per part; grown as needed. */
let percentileColumns: Float64Array[] = PART_NAMES.map(() => new Float64Array(0));

/**
 * `successScore(…).score` of each of `rows` of `columns` against the same populations, written to `into` at the
 * row (NaN for null): channel-wide scoring needs 10,000 scores and no part lists. Part by part, the same figures:
 * the 40,000 percentile searches of a 10,000-video channel run without a values object or a lookup by part name
 * per video.
 */
export function successScoresInto(
  columns: SuccessColumns,
  rows: ArrayLike<number>,
  populations: SuccessPopulations,
  into: Float64Array,
): void {
  if ((percentileColumns[0] as Float64Array).length < rows.length) {
    percentileColumns = PART_NAMES.map(() => new Float64Array(rows.length));
  }
  for (let index = 0; index < PART_NAMES.length; index++) {
    const name = PART_NAMES[index] as SuccessPartName;
    const column = columns[name];
    const population = populations[name];
    const percentiles = percentileColumns[index] as Float64Array;
    for (let at = 0; at < rows.length; at++)
      percentiles[at] = percentileOrNaN(column[rows[at] as number] as number, population);
  }
  for (let at = 0; at < rows.length; at++) {
    for (let index = 0; index < PART_NAMES.length; index++) {
      partPercentiles[index] = (percentileColumns[index] as Float64Array)[at] as number;
    }
    into[rows[at] as number] = blendedScore(totalWeightOfRead()) ?? Number.NaN;
  }
}

export function successScore(values: SuccessValues, populations: SuccessPopulations): SuccessScore {
  const totalWeight = readPercentiles(values, populations);
  const parts = PART_NAMES.map((name, index): SuccessPart => {
    const raw = values[name];
    const percentile = partPercentiles[index] as number;
    return {
      name,
      value: raw !== null && Number.isFinite(raw) ? raw : null,
      percentile: Number.isNaN(percentile) ? null : percentile,
      weight: partWeight(index, totalWeight),
      n: populations[name].length,
    };
  });
  return { score: blendedScore(totalWeight), parts };
}
