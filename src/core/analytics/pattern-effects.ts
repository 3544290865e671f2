// What topics, lengths, posting times, hook styles and title features do for one channel, on age-adjusted log
// views (ln of each video's outlier score, computed elsewhere and passed in).
//
// Per dimension: each group's mean minus the channel mean (rawEffect), shrunk by empirical Bayes (shrinkage.ts)
// so that small groups are believed less (effect). The interval is a stratified bootstrap: every group is
// resampled within itself, the channel mean, variances and shrinkage are all recomputed, and the (1 ± level)/2
// percentiles of the shrunk effect are taken. The percentile method can leave the point estimate outside its own
// interval (shrinkage is not linear in the data), so the interval is widened to include it: never narrower than
// the bootstrap's, and never contradicting the figure shown.
//
// Confidence: fewer than minN videos (default 5) → 'insufficient', reported as "not enough data yet (n=…)" and
// not as an effect; interval containing 0 → 'low'; interval clear of 0 → 'high' from 20 videos, 'medium' from 10,
// else 'low'.
//
// Cost: redrawing every value would cost resamples × N draws per dimension (10 million for 10,000 videos), far
// too slow. Groups of up to EXACT_RESAMPLE_MAX_N videos are redrawn value by value; for a larger group the
// resampled mean is drawn from its normal limit, N(mean, s²/n) with s² the plug-in variance (exactly the mean and
// variance of the bootstrap mean; by the central limit theorem its distribution too, at that size), and its
// within-group sum of squares is set to its bootstrap expectation (n − 1)/n · SS. A resample then costs at most
// EXACT_RESAMPLE_MAX_N draws per group, whatever the channel's size, and all requested resamples are run.

import { SeededRandom } from '../random/seeded-random.js';
import type { AnalyticsVideo, ChannelData } from './analytics-video.js';
import type { EffectEstimate } from './effect-estimate.js';
import { percentileInterval, pooledWithinVariance, shrinkDeviations, validateBootstrap } from './shrinkage.js';
import { discoverTopics, type TopicCluster } from './topic-clusters.js';
import { lengthBucket, postingSlot, type TitleFeatures, titleFeatures, videoHookStyle } from './video-features.js';

export interface InsufficientGroup {
  group: string;
  n: number;
  /** "not enough data yet (n=3)" */
  message: string;
}

export interface DimensionEffects {
  /** Groups with at least minN videos, largest effect first. */
  effects: EffectEstimate[];
  /** The other groups, largest first. */
  insufficient: InsufficientGroup[];
}

export interface EffectOptions {
  seed: number;
  /** Default 5. */
  minN?: number;
  /** Default 0.8. */
  level?: number;
  /** Default 1000. */
  resamples?: number;
}

export interface ChannelPatterns {
  topics: DimensionEffects & { clusters: TopicCluster[] };
  length: DimensionEffects;
  weekday: DimensionEffects;
  hour: DimensionEffects;
  /** Weekday × daypart ("Sat evening"): hours are too sparse to cross with weekdays. */
  weekdayHour: DimensionEffects;
  hook: DimensionEffects;
  /** One set per title feature: groups 'yes'/'no', or 'short'/'medium'/'long' for the length. */
  title: Record<keyof TitleFeatures, DimensionEffects>;
  /** Videos with an age-adjusted value: the ones every effect above is estimated from. */
  sampleSize: number;
}

const DEFAULT_MIN_N = 5;
const DEFAULT_LEVEL = 0.8;
const DEFAULT_RESAMPLES = 1000;
const MEDIUM_MIN_N = 10;
const HIGH_MIN_N = 20;
const EXACT_RESAMPLE_MAX_N = 100;

const TITLE_DIMENSIONS: Record<keyof TitleFeatures, string> = {
  hasNumber: 'title-number',
  isQuestion: 'title-question',
  isSeries: 'title-series',
  hasAllCapsWord: 'title-all-caps',
  hasEmoji: 'title-emoji',
  hasSeparator: 'title-separator',
  length: 'title-length',
};

export function insufficientMessage(n: number): string {
  return `not enough data yet (n=${n})`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface GroupStats {
  n: number;
  mean: number;
  sumOfSquares: number;
}

/** One group's values centred on the channel mean and sorted, so neither input order nor scale affects sums. */
interface Group {
  name: string;
  values: Float64Array;
  stats: GroupStats;
}

function statsOf(values: Float64Array): GroupStats {
  const n = values.length;
  if (n === 0) return { n, mean: 0, sumOfSquares: 0 };
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / n;
  let sumOfSquares = 0;
  for (const value of values) sumOfSquares += (value - mean) ** 2;
  return { n, mean, sumOfSquares };
}

/**
 * Shrunk effects of all groups from their stats, relative to the mean of all their values. Without any group of
 * two values there is no within-group variance; the total variance then stands in for it, which credits nothing
 * to the groups (τ² = 0): with one video per group, noise and effect cannot be told apart.
 */
function shrunkEffects(stats: readonly GroupStats[]): { raw: number[]; shrunk: number[] } {
  const total = stats.reduce((sum, group) => sum + group.n, 0);
  const channelMean = total === 0 ? 0 : stats.reduce((sum, group) => sum + group.n * group.mean, 0) / total;
  const raw = stats.map((group) => group.mean - channelMean);
  const totalSumOfSquares = stats.reduce(
    (sum, group, i) => sum + group.sumOfSquares + group.n * (raw[i] as number) ** 2,
    0,
  );
  const withinVariance = pooledWithinVariance(stats) ?? (total > 1 ? totalSumOfSquares / (total - 1) : 0);
  const { shrunk } = shrinkDeviations(
    stats.map((group, i) => ({ n: group.n, deviation: raw[i] as number })),
    withinVariance,
  );
  return { raw, shrunk };
}

/** One group redrawn with replacement, value by value or, when large, through the normal limit of its mean. */
function resampledStats({ values, stats }: Group, rng: SeededRandom): GroupStats {
  const { n } = stats;
  if (n > EXACT_RESAMPLE_MAX_N) {
    const meanStandardError = Math.sqrt(stats.sumOfSquares / n) / Math.sqrt(n);
    return { n, mean: stats.mean + meanStandardError * rng.normal(), sumOfSquares: (stats.sumOfSquares * (n - 1)) / n };
  }
  let sum = 0;
  let sumOfRawSquares = 0;
  for (let i = 0; i < n; i++) {
    const value = values[Math.floor(rng.next() * n)] as number;
    sum += value;
    sumOfRawSquares += value * value;
  }
  const mean = n === 0 ? 0 : sum / n;
  return { n, mean, sumOfSquares: Math.max(0, sumOfRawSquares - n * mean * mean) };
}

function confidenceOf(n: number, low: number, high: number): EffectEstimate['confidence'] {
  if (low <= 0 && high >= 0) return 'low';
  if (n >= HIGH_MIN_N) return 'high';
  return n >= MEDIUM_MIN_N ? 'medium' : 'low';
}

function canonicalGroups(groups: ReadonlyMap<string, readonly number[]>): Group[] {
  const finite = [...groups]
    .map(([name, values]) => ({ name, values: Float64Array.from(values.filter(Number.isFinite)).sort() }))
    .sort((a, b) => compareText(a.name, b.name));
  let sum = 0;
  let count = 0;
  for (const { values } of finite) {
    for (const value of values) sum += value;
    count += values.length;
  }
  const channelMean = count === 0 ? 0 : sum / count;
  return finite.map(({ name, values }) => {
    const centred = values.map((value) => value - channelMean);
    return { name, values: centred, stats: statsOf(centred) };
  });
}

/**
 * Effects of the groups of one dimension on age-adjusted log views, relative to the mean of all values given
 * (see the file comment). Non-finite values are ignored. Deterministic in `seed`; input order never matters.
 */
export function estimateEffects(
  dimension: string,
  groups: ReadonlyMap<string, readonly number[]>,
  options: EffectOptions,
): DimensionEffects {
  const minN = Math.max(1, options.minN ?? DEFAULT_MIN_N);
  const level = options.level ?? DEFAULT_LEVEL;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  validateBootstrap(resamples, level);
  const canonical = canonicalGroups(groups);
  const reported = canonical.flatMap((group, i) => (group.values.length >= minN ? [i] : []));
  const insufficient = canonical
    .filter((group) => group.values.length < minN)
    .map((group) => ({ group: group.name, n: group.values.length, message: insufficientMessage(group.values.length) }))
    .sort((a, b) => b.n - a.n || compareText(a.group, b.group));
  if (reported.length === 0) return { effects: [], insufficient };

  const point = shrunkEffects(canonical.map((group) => group.stats));
  const rng = new SeededRandom(`pattern-effects:${dimension}:${options.seed}`);
  const draws = reported.map(() => new Float64Array(resamples));
  for (let b = 0; b < resamples; b++) {
    const { shrunk } = shrunkEffects(canonical.map((group) => resampledStats(group, rng)));
    reported.forEach((groupIndex, k) => {
      (draws[k] as Float64Array)[b] = shrunk[groupIndex] as number;
    });
  }

  const effects = reported.map((groupIndex, k): EffectEstimate => {
    const n = (canonical[groupIndex] as Group).values.length;
    // + 0 turns −0 (a shrunk negative deviation) into 0, which prints and compares as users expect.
    const effect = (point.shrunk[groupIndex] as number) + 0;
    const interval = percentileInterval(draws[k] as Float64Array, level) ?? { low: effect, high: effect };
    const low = Math.min(interval.low, effect);
    const high = Math.max(interval.high, effect);
    return {
      dimension,
      group: (canonical[groupIndex] as Group).name,
      n,
      rawEffect: (point.raw[groupIndex] as number) + 0,
      effect,
      low,
      high,
      multiplier: Math.exp(effect),
      confidence: confidenceOf(n, low, high),
    };
  });
  effects.sort((a, b) => b.effect - a.effect || compareText(a.group, b.group));
  return { effects, insufficient };
}

/** Groups of a dimension: the group key of each valued video (null keys are left out) → its values. */
function groupValues(
  videos: readonly { video: AnalyticsVideo; value: number }[],
  keyOf: (video: AnalyticsVideo) => string | null,
): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const { video, value } of videos) {
    const key = keyOf(video);
    if (key === null) continue;
    const values = groups.get(key) ?? [];
    values.push(value);
    groups.set(key, values);
  }
  return groups;
}

function yesNo(flag: boolean): string {
  return flag ? 'yes' : 'no';
}

/**
 * Everything `/trends` shows for a channel. `adjusted` maps a video id to ln(outlier score); videos missing from
 * it (or with a non-finite value) are left out of every effect, though topics are discovered from all videos.
 *
 * Topic effects come first, on the values as given. Every other dimension is estimated within topic: on each
 * value minus its topic's (shrunk) effect. Topic is usually the largest source of variation, and on a real
 * channel it travels with length and timing (tutorials run long, news goes out in the morning), so this both
 * stops a length from being credited for its topics and takes the topic spread out of the noise.
 */
export function channelPatterns(
  channel: ChannelData,
  adjusted: ReadonlyMap<string, number>,
  options: EffectOptions,
): ChannelPatterns {
  const valued = channel.videos.flatMap((video) => {
    const value = adjusted.get(video.id);
    return value !== undefined && Number.isFinite(value) ? [{ video, value }] : [];
  });
  const topics = discoverTopics(channel.videos);
  const topicOf = (video: AnalyticsVideo) => topics.assignments.get(video.id) ?? null;
  const topicEffects = estimateEffects('topic', groupValues(valued, topicOf), options);
  const topicEffect = new Map(topicEffects.effects.map((estimate) => [estimate.group, estimate.effect]));
  const withinTopic = valued.map(({ video, value }) => ({
    video,
    value: value - (topicEffect.get(topicOf(video) ?? '') ?? 0),
  }));

  const slots = new Map(valued.map(({ video }) => [video.id, postingSlot(video.publishedAt, channel.timezone)]));
  const titles = new Map(valued.map(({ video }) => [video.id, titleFeatures(video.title)]));
  const estimate = (dimension: string, keyOf: (video: AnalyticsVideo) => string | null) =>
    estimateEffects(dimension, groupValues(withinTopic, keyOf), options);
  const titleEffects = (feature: keyof TitleFeatures) =>
    estimate(TITLE_DIMENSIONS[feature], (video) => {
      const value = (titles.get(video.id) as TitleFeatures)[feature];
      return typeof value === 'boolean' ? yesNo(value) : value;
    });

  return {
    topics: { clusters: topics.clusters, ...topicEffects },
    length: estimate('length', (video) => lengthBucket(video.durationS)),
    weekday: estimate('weekday', (video) => slots.get(video.id)?.weekday ?? null),
    hour: estimate('hour', (video) => {
      const slot = slots.get(video.id);
      return slot ? `${String(slot.hour).padStart(2, '0')}:00` : null;
    }),
    weekdayHour: estimate('weekday-daypart', (video) => {
      const slot = slots.get(video.id);
      return slot ? `${slot.weekday} ${slot.daypart}` : null;
    }),
    hook: estimate('hook', videoHookStyle),
    title: {
      hasNumber: titleEffects('hasNumber'),
      isQuestion: titleEffects('isQuestion'),
      isSeries: titleEffects('isSeries'),
      hasAllCapsWord: titleEffects('hasAllCapsWord'),
      hasEmoji: titleEffects('hasEmoji'),
      hasSeparator: titleEffects('hasSeparator'),
      length: titleEffects('length'),
    },
    sampleSize: valued.length,
  };
}
