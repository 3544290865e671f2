// What topics, lengths, posting times, hook styles and title features do for one channel: the channel effect
// model (effect-model.ts) fitted once over all of them, read out per dimension for `/trends` and everything that
// shows the same facts. Groups with fewer than MIN_GROUP_VIDEOS videos are listed as "not enough data yet (n=…)".
// Recent videos weigh more and repeating a topic is a learned cost (evidence-history.ts).

import { packedMap } from '../packed-map.js';
import { finish, type Steps } from '../stats/steps.js';
import { median } from '../stats/summary-statistics.js';
import type { Language } from '../text/stopwords.js';
import { type AnalyticsVideo, type ChannelData, DAY_MS } from './analytics-video.js';
import { hourCorrelation, lengthCorrelation } from './curve-kernels.js';
import type { EffectEstimate } from './effect-estimate.js';
import {
  type ArmEffect,
  type EffectDimension,
  type EffectModel,
  type EffectObservation,
  effectConfidence,
  effectModelSteps,
  insufficientMessage,
  MIN_GROUP_VIDEOS,
  type Shrinkage,
} from './effect-model.js';
import {
  DEFAULT_LEARNING_SETTINGS,
  type LearningSettings,
  orderedEvidenceWeights,
  positionsInOrder,
  repetition,
} from './evidence-history.js';
import { formatOf, type VideoFormat } from './growth-curve.js';
import { type HookRules, hookRules } from './hook-patterns.js';
import { discoverTopicsByPosition, type TopicCluster } from './topic-clusters.js';
import {
  HOOK_STYLES,
  type HookStyle,
  LENGTH_GRID_S,
  LENGTH_NAMES,
  lengthArm,
  POSTING_HOURS,
  type TitleFeatures,
  type TitleLength,
  titleFeatures,
  videoHookStyle,
  videoPostingTime,
} from './video-features.js';

export interface InsufficientGroup {
  group: string;
  n: number;
  /** "not enough data yet (n=3)" */
  message: string;
}

export interface DimensionEffects {
  /** Groups with at least MIN_GROUP_VIDEOS videos, largest effect first. */
  effects: EffectEstimate[];
  /** The other groups with videos, largest first. */
  insufficient: InsufficientGroup[];
  /** Every group's size and unmodelled mean difference: what pooling across a team's channels needs. */
  groups: { group: string; n: number; rawEffect: number }[];
  /** The model's noise variance (σ², ln views), the same for every dimension. */
  withinVariance: number;
}

export interface ChannelPatterns {
  topics: DimensionEffects & { clusters: TopicCluster[] };
  /** Lengths on a grid ("40s"), learned as one smooth curve in ln seconds. */
  length: DimensionEffects;
  /** Local hours ("19:00"), learned as one smooth daily curve: the one posting-time dimension. */
  postingTime: DimensionEffects & {
    /** Valued videos left out of it: their time of day is unknown (date-only exports). */
    unknownTime: number;
  };
  hook: DimensionEffects;
  /**
   * Topic × hook: what a hook style adds on one topic beyond what the topic and the style each add (0: no
   * interaction), one arm per pair the channel has made. Shrunk hard toward 0 (TOPIC_HOOK_SHRINKAGE).
   */
  topicHook: DimensionEffects;
  /** One set per title feature: groups 'yes'/'no', or 'short'/'medium'/'long' for the length. */
  title: Record<keyof TitleFeatures, DimensionEffects>;
  /**
   * Repetition fatigue: the change in ln views per unit of repetition (1 = the previous video had the same topic),
   * learned with every other effect, and the repetition each topic would have as the channel's next video.
   */
  repetition: { effect: number; sd: number; next: Record<string, number> };
  /**
   * The arms of the channel's dated videos in the planned dimensions (topic, length, posting time, hook), oldest
   * first, valued or not: what "not tried for a while" is counted on.
   */
  history: Record<string, (string | null)[]>;
  /** Videos with a response: the ones every effect above is estimated from. */
  sampleSize: number;
  /** The channel's clock (IANA), on which its videos' posting hours are read. */
  timezone: string;
  /**
   * The languages its titles are written in, main first (as topic discovery found them): every reader of a video's
   * hook style (`hookRules`) reads it in these, so one video has one hook style everywhere.
   */
  languages: Language[];
  /** The fitted model: the posterior every consumer reads and the bandit draws from. */
  model: EffectModel;
}

export const TOPIC_DIMENSION = 'topic';
export const LENGTH_DIMENSION = 'length';
export const POSTING_TIME_DIMENSION = 'posting-time';
export const HOOK_DIMENSION = 'hook';
export const TOPIC_HOOK_DIMENSION = 'topic-hook';
/**
 * The topic × hook prior: τ floored at 0.02 (±2 %) and a half-Cauchy scale of 0.1 (±10 %, the practical size),
 * against 0.1 and 0.3 for main effects. A channel makes a few videos per pair, so with the main effects' prior every
 * pair's noise would read as an interaction; most hook styles work about as well on every topic, so τ starts near
 * zero and grows only when the pairs differ by more than their noise says they should. The low floor keeps
 * shrinkage from stopping at ±10 %, where a pair could be called practical on the floor alone.
 */
export const TOPIC_HOOK_SHRINKAGE: Shrinkage = { floor: 0.02 ** 2, scale: 0.1 };
const PAIR_SEPARATOR = '|';

/** The topic × hook arm of a pair. Topic ids are slugs (topic-clusters.ts), so the separator cannot occur in them. */
export function topicHookArm(topic: string, hook: string): string {
  return `${topic}${PAIR_SEPARATOR}${hook}`;
}

/** The topic and hook of a topic × hook arm. */
export function topicHookPair(arm: string): { topic: string; hook: string } {
  const at = arm.lastIndexOf(PAIR_SEPARATOR);
  return { topic: arm.slice(0, at), hook: arm.slice(at + 1) };
}
const TITLE_DIMENSIONS: Record<keyof TitleFeatures, string> = {
  hasNumber: 'title-number',
  isQuestion: 'title-question',
  isSeries: 'title-series',
  hasAllCapsWord: 'title-all-caps',
  hasEmoji: 'title-emoji',
  hasSeparator: 'title-separator',
  length: 'title-length',
};
const TITLE_FEATURES = Object.keys(TITLE_DIMENSIONS) as (keyof TitleFeatures)[];
const YES_NO = ['no', 'yes'];
const TITLE_LENGTHS: readonly TitleLength[] = ['short', 'medium', 'long'];
/** A title length's position in TITLE_LENGTHS: the title arms go to the fit by position (armsOf). */
const TITLE_LENGTH_POSITION = Object.fromEntries(TITLE_LENGTHS.map((length, at) => [length, at])) as Record<
  TitleLength,
  number
>;
const FORMATS: readonly VideoFormat[] = ['short', 'long-form', 'all'];
const YEAR_MS = 365.25 * DAY_MS;
/** The hour and length kernels (curve-kernels.ts): fixed, so built once. */
const HOUR_CORRELATION = hourCorrelation();
const LENGTH_CORRELATION = lengthCorrelation(LENGTH_GRID_S);

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An arm of the model as the estimate every consumer shows. */
export function estimateOf(dimension: string, arm: ArmEffect): EffectEstimate {
  return {
    dimension,
    group: arm.arm,
    n: arm.n,
    rawEffect: arm.rawEffect,
    effect: arm.effect,
    sd: arm.sd,
    low: arm.low,
    high: arm.high,
    multiplier: Math.exp(arm.effect),
    confidence: effectConfidence(arm.n, arm.effect, arm.sd, arm.effectiveN),
  };
}

function dimensionEffects(model: EffectModel, d: number): DimensionEffects {
  const name = (model.dimensions[d] as EffectDimension).name;
  const arms = (model.arms[d] as ArmEffect[]).filter((arm) => arm.n > 0);
  return {
    effects: arms
      .filter((arm) => arm.n >= MIN_GROUP_VIDEOS)
      .map((arm) => estimateOf(name, arm))
      .sort((a, b) => b.effect - a.effect || compareText(a.group, b.group)),
    insufficient: arms
      .filter((arm) => arm.n < MIN_GROUP_VIDEOS)
      .map((arm) => ({ group: arm.arm, n: arm.n, message: insufficientMessage(arm.n) }))
      .sort((a, b) => b.n - a.n || compareText(a.group, b.group)),
    groups: arms.map((arm) => ({ group: arm.arm, n: arm.n, rawEffect: arm.rawEffect })),
    withinVariance: model.noiseVariance,
  };
}

/** A video's arms in the planned dimensions other than topic: read once, for the fit and for the history. */
interface PlannedArms {
  length: string | null;
  postingTime: string | null;
  hook: HookStyle;
}

/** A yes/no title feature's position in YES_NO. */
const yesNo = (value: boolean) => (value ? 1 : 0);

/**
 * Each video's arm in every dimension, in the order of `dimensions` below (topic × hook last; the title features
 * in TITLE_FEATURES' order). Written as one array of its final length, without intermediate ones: 10,000 videos'
 * garbage is a fifth of an analysis' time. `pairArm` gives the topic × hook arm without building a new string. The
 * title arms are given by position in their dimension's arms, which the fit then need not look up by name.
 */
function armsOf(
  video: AnalyticsVideo,
  topic: string | null,
  planned: PlannedArms,
  pairArm: (topic: string, hook: HookStyle) => string,
  rules: HookRules,
): (string | number | null)[] {
  const title = titleFeatures(video.title, rules);
  const { hook } = planned;
  return [
    topic,
    planned.length,
    planned.postingTime,
    hook,
    yesNo(title.hasNumber),
    yesNo(title.isQuestion),
    yesNo(title.isSeries),
    yesNo(title.hasAllCapsWord),
    yesNo(title.hasEmoji),
    yesNo(title.hasSeparator),
    TITLE_LENGTH_POSITION[title.length],
    topic === null ? null : pairArm(topic, hook),
  ];
}

/** `topicHookArm`, each pair's string built once: 10,000 videos make a few dozen pairs. */
function pairArms(): (topic: string, hook: HookStyle) => string {
  const byTopic = new Map<string, Map<HookStyle, string>>();
  return (topic, hook) => {
    let byHook = byTopic.get(topic);
    if (byHook === undefined) {
      byHook = new Map();
      byTopic.set(topic, byHook);
    }
    let arm = byHook.get(hook);
    if (arm === undefined) {
      arm = topicHookArm(topic, hook);
      byHook.set(hook, arm);
    }
    return arm;
  };
}

/**
 * Everything `/trends` shows for a channel. `response` maps a video id to its ln views projected to the reference
 * age (projected-log-views.ts); videos missing from it are left out of every effect, though topics are discovered
 * from all videos. Covariates: an intercept per format present, the publish time in years (the channel's trend)
 * and the repetition of the video's topic (evidence-history.ts). Each video weighs by its age in videos, with
 * `settings.evidenceHalfLifeVideos`. Deterministic; the order of the videos does not matter.
 */
export function channelPatterns(
  channel: ChannelData,
  response: ReadonlyMap<string, number>,
  settings: LearningSettings = DEFAULT_LEARNING_SETTINGS,
): ChannelPatterns {
  return finish(channelPatternsSteps(channel, response, settings));
}

/** `channelPatterns`, pausing after the topics and within the model's fit (effectModelSteps). */
export function* channelPatternsSteps(
  channel: ChannelData,
  response: ReadonlyMap<string, number>,
  settings: LearningSettings = DEFAULT_LEARNING_SETTINGS,
): Steps<ChannelPatterns> {
  // Everything per video lives in arrays by its position in channel.videos: ten maps keyed by id were a tenth of
  // the analysis of 10,000 videos, in lookups and garbage.
  const videos = channel.videos;
  const topics = discoverTopicsByPosition(videos);
  yield;
  const topicAt: (string | null)[] = topics.topics;
  const rules = hookRules(topics.languages);
  const inOrder = positionsInOrder(videos);
  const ordered = packedMap(inOrder, (position) => videos[position] as AnalyticsVideo);
  const orderedWeights = orderedEvidenceWeights(ordered, settings.evidenceHalfLifeVideos);
  const weightAt = new Float64Array(videos.length).fill(orderedWeights.undated);
  const repetitionAt = new Float64Array(videos.length);
  const topicSequence = packedMap(inOrder, (position) => topicAt[position] ?? null);
  inOrder.forEach((position, at) => {
    weightAt[position] = orderedWeights.weights[at] as number;
    repetitionAt[position] = repetition(topicSequence, at, topicSequence[at] ?? null);
  });
  const plannedAt: (PlannedArms | null)[] = new Array(videos.length).fill(null);
  const plannedOf = (position: number): PlannedArms => {
    let arms = plannedAt[position] as PlannedArms | null;
    if (arms === null) {
      const video = videos[position] as AnalyticsVideo;
      arms = {
        length: lengthArm(video.durationS),
        postingTime: videoPostingTime(video, channel.timezone),
        hook: videoHookStyle(video, rules),
      };
      plannedAt[position] = arms;
    }
    return arms;
  };
  const publishedAt = new Float64Array(videos.length);
  const responseAt = new Float64Array(videos.length);
  const valued: number[] = [];
  const pairArm = pairArms();
  // By position, not in the rows' id order: the videos are read in the order they lie in memory, where the id order
  // jumps about among 10,000 objects and their titles (a cache miss each, a tenth of channelPatterns' time).
  const armsAt: ((string | number | null)[] | null)[] = new Array(videos.length).fill(null);
  const formatAt: (VideoFormat | null)[] = new Array(videos.length).fill(null);
  // Only the pairs the channel has made: an untried pair's interaction is its prior, 0 ± τ (the plan draws it so).
  const madePairs = new Set<string>();
  for (let position = 0; position < videos.length; position++) {
    const video = videos[position] as AnalyticsVideo;
    publishedAt[position] = video.publishedAt?.getTime() ?? Number.NaN;
    const value = response.get(video.id) ?? Number.NaN;
    responseAt[position] = value;
    if (!Number.isFinite(value)) continue;
    valued.push(position);
    formatAt[position] = formatOf(video);
    const arms = armsOf(video, topicAt[position] ?? null, plannedOf(position), pairArm, rules);
    armsAt[position] = arms;
    const pair = arms[arms.length - 1];
    if (typeof pair === 'string') madePairs.add(pair);
  }
  valued.sort(
    (a, b) =>
      compareText((videos[a] as AnalyticsVideo).id, (videos[b] as AnalyticsVideo).id) ||
      (publishedAt[a] as number) - (publishedAt[b] as number),
  );
  const times = new Float64Array(valued.length);
  let timeCount = 0;
  for (let row = 0; row < valued.length; row++) {
    const published = publishedAt[valued[row] as number] as number;
    if (Number.isFinite(published)) times[timeCount++] = published;
  }
  const middle = timeCount > 0 ? (times.subarray(0, timeCount).sort()[timeCount >> 1] as number) : 0;
  const formats = FORMATS.filter((format) => formatAt.includes(format));
  const pairs = [...madePairs];
  const dimensions: EffectDimension[] = [
    { name: TOPIC_DIMENSION, arms: packedMap(topics.clusters, (cluster) => cluster.id).sort(compareText) },
    { name: LENGTH_DIMENSION, arms: LENGTH_NAMES, correlation: LENGTH_CORRELATION },
    { name: POSTING_TIME_DIMENSION, arms: POSTING_HOURS, correlation: HOUR_CORRELATION },
    { name: HOOK_DIMENSION, arms: HOOK_STYLES },
    ...TITLE_FEATURES.map((feature) => ({
      name: TITLE_DIMENSIONS[feature],
      arms: feature === 'length' ? TITLE_LENGTHS : YES_NO,
    })),
    {
      name: TOPIC_HOOK_DIMENSION,
      arms: pairs.sort(compareText),
      shrinkage: TOPIC_HOOK_SHRINKAGE,
      uncentred: true,
    },
  ];
  // The fit reads ln views less their median, and the intercepts get it back: the covariates' prior is N(0, 1e4)
  // about 0, so on raw ln views it pulled the intercepts toward 0 in proportion to the channel's level, and the
  // arms (untried ones most) took up the difference — ×10⁶ views moved them by 1e-3. Every row has one intercept,
  // so the shift changes nothing else.
  const level = median(packedMap(valued, (position) => responseAt[position] as number)) ?? 0;
  const observations = packedMap(valued, (position): EffectObservation => {
    // Of its final length at once: grown by push, each of 10,000 arrays had room for 17.
    const covariates: number[] = new Array(formats.length + 2);
    // A loop, not forEach: a closure per video was a third of this pass' garbage.
    for (let column = 0; column < formats.length; column++) {
      covariates[column] = formatAt[position] === formats[column] ? 1 : 0;
    }
    // A video without a publish date sits at the channel's middle: no trend is credited or charged to it.
    const published = publishedAt[position] as number;
    covariates[formats.length] = ((Number.isFinite(published) ? published : middle) - middle) / YEAR_MS;
    covariates[formats.length + 1] = repetitionAt[position] as number;
    return {
      value: (responseAt[position] as number) - level,
      arms: armsAt[position] as (string | number | null)[],
      covariates,
      weight: weightAt[position] as number,
    };
  });
  const fitted = yield* effectModelSteps(dimensions, observations);
  const model: EffectModel = {
    ...fitted,
    covariates: fitted.covariates.map((covariate, c) =>
      c < formats.length ? { mean: covariate.mean + level, sd: covariate.sd } : covariate,
    ),
  };
  const fatigue = model.covariates[formats.length + 1] ?? { mean: 0, sd: 0 };
  const history: Record<string, (string | null)[]> = {
    [TOPIC_DIMENSION]: topicSequence,
    [LENGTH_DIMENSION]: inOrder.map((position) => plannedOf(position).length),
    [POSTING_TIME_DIMENSION]: inOrder.map((position) => plannedOf(position).postingTime),
    [HOOK_DIMENSION]: inOrder.map((position) => plannedOf(position).hook),
  };
  const at = (name: string) =>
    dimensionEffects(
      model,
      dimensions.findIndex((dimension) => dimension.name === name),
    );
  const timed = observations.filter((observation) => observation.arms[2] !== null).length;
  return {
    topics: { clusters: topics.clusters, ...at(TOPIC_DIMENSION) },
    length: at(LENGTH_DIMENSION),
    postingTime: { ...at(POSTING_TIME_DIMENSION), unknownTime: observations.length - timed },
    hook: at(HOOK_DIMENSION),
    topicHook: at(TOPIC_HOOK_DIMENSION),
    title: Object.fromEntries(TITLE_FEATURES.map((feature) => [feature, at(TITLE_DIMENSIONS[feature])])) as Record<
      keyof TitleFeatures,
      DimensionEffects
    >,
    repetition: {
      effect: fatigue.mean,
      sd: fatigue.sd,
      next: Object.fromEntries(
        topics.clusters.map((cluster) => [cluster.id, repetition(topicSequence, topicSequence.length, cluster.id)]),
      ),
    },
    history,
    sampleSize: observations.length,
    timezone: channel.timezone,
    languages: topics.languages,
    model,
  };
}
