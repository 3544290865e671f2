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
import { sortedFinite } from '../stats/summary-statistics.js';
import type { AnalyticsVideo, ChannelData } from './analytics-video.js';
import type { EffectEstimate } from './effect-estimate.js';
import {
  percentileInterval,
  pooledWithinVariance,
  shrinkDeviations,
  shrinkDeviationsInto,
  validateBootstrap,
} from './shrinkage.js';
import { discoverTopics, type TopicCluster } from './topic-clusters.js';
import {
  lengthBucket,
  type PostingSlot,
  postingSlot,
  type TitleFeatures,
  titleFeatures,
  videoHookStyle,
} from './video-features.js';

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
  /** Every group's size and unshrunk effect, small ones included: what pooling across a team's channels needs. */
  groups: { group: string; n: number; rawEffect: number }[];
  /** The pooled within-group variance the shrinkage used. */
  withinVariance: number;
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
  for (let i = 0; i < n; i++) sum += values[i] as number;
  const mean = sum / n;
  let sumOfSquares = 0;
  for (let i = 0; i < n; i++) sumOfSquares += ((values[i] as number) - mean) ** 2;
  return { n, mean, sumOfSquares };
}

/**
 * Shrunk effects of all groups from their stats, relative to the mean of all their values. Without any group of
 * two values there is no within-group variance; the total variance then stands in for it, which credits nothing
 * to the groups (τ² = 0): with one video per group, noise and effect cannot be told apart.
 */
function shrunkEffects(stats: readonly GroupStats[]): { raw: number[]; shrunk: number[]; withinVariance: number } {
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
  return { raw, shrunk, withinVariance };
}

/**
 * Scratch space for the bootstrap: every resample redraws each group (see `redrawGroups`) and shrinks the redrawn
 * stats (see `shrinkResample`) in these arrays, with the same arithmetic as `shrunkEffects` on fresh objects.
 */
interface ResampleScratch {
  n: Float64Array;
  mean: Float64Array;
  sumOfSquares: Float64Array;
  raw: Float64Array;
  shrunk: Float64Array;
  /** Per group: the standard error of its mean and its resampled sum of squares, for the normal limit. */
  meanStandardError: Float64Array;
  limitSumOfSquares: Float64Array;
}

function resampleScratch(groups: readonly Group[]): ResampleScratch {
  const count = groups.length;
  const scratch: ResampleScratch = {
    n: new Float64Array(count),
    mean: new Float64Array(count),
    sumOfSquares: new Float64Array(count),
    raw: new Float64Array(count),
    shrunk: new Float64Array(count),
    meanStandardError: new Float64Array(count),
    limitSumOfSquares: new Float64Array(count),
  };
  groups.forEach(({ stats }, g) => {
    const { n } = stats;
    scratch.n[g] = n;
    if (n > EXACT_RESAMPLE_MAX_N) {
      scratch.meanStandardError[g] = Math.sqrt(stats.sumOfSquares / n) / Math.sqrt(n);
      scratch.limitSumOfSquares[g] = (stats.sumOfSquares * (n - 1)) / n;
    }
  });
  return scratch;
}

/**
 * Each group redrawn with replacement, in order, value by value or, when large, through the normal limit of its
 * mean; the stats land in the scratch arrays.
 */
function redrawGroups(groups: readonly Group[], rng: SeededRandom, scratch: ResampleScratch): void {
  for (let g = 0; g < groups.length; g++) {
    const { values, stats } = groups[g] as Group;
    const { n } = stats;
    if (n > EXACT_RESAMPLE_MAX_N) {
      scratch.mean[g] = stats.mean + (scratch.meanStandardError[g] as number) * rng.normal();
      scratch.sumOfSquares[g] = scratch.limitSumOfSquares[g] as number;
      continue;
    }
    let sum = 0;
    let sumOfRawSquares = 0;
    for (let i = 0; i < n; i++) {
      const value = values[Math.floor(rng.next() * n)] as number;
      sum += value;
      sumOfRawSquares += value * value;
    }
    const mean = n === 0 ? 0 : sum / n;
    scratch.mean[g] = mean;
    scratch.sumOfSquares[g] = Math.max(0, sumOfRawSquares - n * mean * mean);
  }
}

/** `shrunkEffects` of the stats in the scratch arrays, into scratch.shrunk. */
function shrinkResample(scratch: ResampleScratch): void {
  const { n, mean, sumOfSquares, raw } = scratch;
  const count = n.length;
  let total = 0;
  for (let g = 0; g < count; g++) total += n[g] as number;
  let weightedMeans = 0;
  for (let g = 0; g < count; g++) weightedMeans += (n[g] as number) * (mean[g] as number);
  const channelMean = total === 0 ? 0 : weightedMeans / total;
  for (let g = 0; g < count; g++) raw[g] = (mean[g] as number) - channelMean;
  let totalSumOfSquares = 0;
  let degreesOfFreedom = 0;
  let withinSumOfSquares = 0;
  for (let g = 0; g < count; g++) {
    const size = n[g] as number;
    totalSumOfSquares = totalSumOfSquares + (sumOfSquares[g] as number) + size * (raw[g] as number) ** 2;
    // pooledWithinVariance
    if (!(size > 0)) continue;
    degreesOfFreedom += size - 1;
    withinSumOfSquares += Math.max(0, sumOfSquares[g] as number);
  }
  const withinVariance =
    degreesOfFreedom > 0 ? withinSumOfSquares / degreesOfFreedom : total > 1 ? totalSumOfSquares / (total - 1) : 0;
  shrinkDeviationsInto(n, raw, withinVariance, scratch.shrunk);
}

function confidenceOf(n: number, low: number, high: number): EffectEstimate['confidence'] {
  if (low <= 0 && high >= 0) return 'low';
  if (n >= HIGH_MIN_N) return 'high';
  return n >= MEDIUM_MIN_N ? 'medium' : 'low';
}

function canonicalGroups(groups: ReadonlyMap<string, readonly number[]>): Group[] {
  const finite = [...groups]
    .map(([name, values]) => ({ name, values: sortedFinite(values) }))
    .sort((a, b) => compareText(a.name, b.name));
  let sum = 0;
  let count = 0;
  for (const { values } of finite) {
    for (let i = 0; i < values.length; i++) sum += values[i] as number;
    count += values.length;
  }
  const channelMean = count === 0 ? 0 : sum / count;
  return finite.map(({ name, values }) => {
    // Centred in place: the sorted copy is this function's own.
    for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) - channelMean;
    return { name, values, stats: statsOf(values) };
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
  const point = shrunkEffects(canonical.map((group) => group.stats));
  const groupEvidence = canonical.map((group, i) => ({
    group: group.name,
    n: group.values.length,
    rawEffect: (point.raw[i] as number) + 0,
  }));
  const withinVariance = point.withinVariance;
  if (reported.length === 0) return { effects: [], insufficient, groups: groupEvidence, withinVariance };

  const rng = new SeededRandom(`pattern-effects:${dimension}:${options.seed}`);
  const draws = reported.map(() => new Float64Array(resamples));
  const scratch = resampleScratch(canonical);
  for (let b = 0; b < resamples; b++) {
    redrawGroups(canonical, rng, scratch);
    shrinkResample(scratch);
    for (let k = 0; k < reported.length; k++) {
      (draws[k] as Float64Array)[b] = scratch.shrunk[reported[k] as number] as number;
    }
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
  return { effects, insufficient, groups: groupEvidence, withinVariance };
}

/** Groups of a dimension: the group key of each valued video (null keys are left out) → its values. */
function groupValues(values: ArrayLike<number>, keys: readonly (string | null)[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string | null;
    if (key === null) continue;
    let group = groups.get(key);
    if (group === undefined) {
      group = [];
      groups.set(key, group);
    }
    group.push(values[i] as number);
  }
  return groups;
}

// Group labels built once: a fresh string per video would be hashed afresh for every group lookup.
const HOUR_LABELS = Array.from({ length: 24 }, (_, hour) => `${String(hour).padStart(2, '0')}:00`);
const weekdayDaypartLabels = new Map<string, string>();

/** "Sat evening". */
function weekdayDaypartLabel({ weekday, daypart }: PostingSlot): string {
  const key = weekday + daypart;
  let label = weekdayDaypartLabels.get(key);
  if (label === undefined) {
    label = `${weekday} ${daypart}`;
    weekdayDaypartLabels.set(key, label);
  }
  return label;
}

function yesNo(flag: boolean): string {
  return flag ? 'yes' : 'no';
}

/** Each video's group in every dimension estimated within topic; null where the video has none. */
interface DimensionKeys {
  length: (string | null)[];
  weekday: (string | null)[];
  hour: (string | null)[];
  weekdayHour: (string | null)[];
  hook: (string | null)[];
  title: Record<keyof TitleFeatures, (string | null)[]>;
}

/**
 * The videos' features, computed once per video and kept only as group keys: per-video feature objects kept alive
 * through all the estimates would be copied by every garbage collection in between. Slots and title features are
 * looked up by id, as if stored in a map by id: with a repeated id, the last video's features count for all of them.
 */
function dimensionKeys(videos: readonly AnalyticsVideo[], timezone: string): DimensionKeys {
  const lastById = new Map<string, number>();
  for (let i = 0; i < videos.length; i++) lastById.set((videos[i] as AnalyticsVideo).id, i);
  const byId = <T>(features: T[]): T[] =>
    lastById.size === videos.length ? features : videos.map((video) => features[lastById.get(video.id) as number] as T);
  const slots = byId(videos.map((video) => postingSlot(video.publishedAt, timezone)));
  const titles = byId(videos.map((video) => titleFeatures(video.title)));
  const titleKeys = (feature: keyof TitleFeatures) =>
    titles.map((features) => {
      const value = features[feature];
      return typeof value === 'boolean' ? yesNo(value) : value;
    });
  return {
    length: videos.map((video) => lengthBucket(video.durationS)),
    weekday: slots.map((slot) => slot?.weekday ?? null),
    hour: slots.map((slot) => (slot ? (HOUR_LABELS[slot.hour] as string) : null)),
    weekdayHour: slots.map((slot) => (slot ? weekdayDaypartLabel(slot) : null)),
    hook: videos.map((video) => videoHookStyle(video)),
    title: {
      hasNumber: titleKeys('hasNumber'),
      isQuestion: titleKeys('isQuestion'),
      isSeries: titleKeys('isSeries'),
      hasAllCapsWord: titleKeys('hasAllCapsWord'),
      hasEmoji: titleKeys('hasEmoji'),
      hasSeparator: titleKeys('hasSeparator'),
      length: titleKeys('length'),
    },
  };
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
  const videos: AnalyticsVideo[] = [];
  const values: number[] = [];
  for (const video of channel.videos) {
    const value = adjusted.get(video.id);
    if (value === undefined || !Number.isFinite(value)) continue;
    videos.push(video);
    values.push(value);
  }
  const topics = discoverTopics(channel.videos);
  const topicKeys = videos.map((video) => topics.assignments.get(video.id) ?? null);
  const topicEffects = estimateEffects('topic', groupValues(values, topicKeys), options);
  const topicEffect = new Map(topicEffects.effects.map((estimate) => [estimate.group, estimate.effect]));
  const withinTopic = values.map((value, i) => value - (topicEffect.get(topicKeys[i] ?? '') ?? 0));

  const keys = dimensionKeys(videos, channel.timezone);
  const estimate = (dimension: string, dimensionKeys: (string | null)[]) =>
    estimateEffects(dimension, groupValues(withinTopic, dimensionKeys), options);
  const titleEffects = (feature: keyof TitleFeatures) => estimate(TITLE_DIMENSIONS[feature], keys.title[feature]);
  return {
    topics: { clusters: topics.clusters, ...topicEffects },
    length: estimate('length', keys.length),
    weekday: estimate('weekday', keys.weekday),
    hour: estimate('hour', keys.hour),
    weekdayHour: estimate('weekday-daypart', keys.weekdayHour),
    hook: estimate('hook', keys.hook),
    title: {
      hasNumber: titleEffects('hasNumber'),
      isQuestion: titleEffects('isQuestion'),
      isSeries: titleEffects('isSeries'),
      hasAllCapsWord: titleEffects('hasAllCapsWord'),
      hasEmoji: titleEffects('hasEmoji'),
      hasSeparator: titleEffects('hasSeparator'),
      length: titleEffects('length'),
    },
    sampleSize: videos.length,
  };
}
