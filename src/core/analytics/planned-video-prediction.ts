import { foldedWords } from '../text/words.js';
import { type AnalyticsVideo, ageInDays } from './analytics-video.js';
import type { EffectEstimate } from './effect-estimate.js';
import { fitGrowthCurve, hasFormat, projectViews, type VideoFormat } from './growth-curve.js';
import { hookRules } from './hook-patterns.js';
import {
  type ChannelPatterns,
  estimateOf,
  HOOK_DIMENSION,
  LENGTH_DIMENSION,
  POSTING_TIME_DIMENSION,
  TOPIC_DIMENSION,
  TOPIC_HOOK_DIMENSION,
  topicHookArm,
} from './pattern-effects.js';
import type { InsufficientData } from './post-publish-prediction.js';
import {
  type PlannedVideoPrediction,
  type PredictionCalibrationContext,
  predictPlanned,
} from './pre-publish-prediction.js';
import { stem } from './topic-clusters.js';
import { type HookStyle, lengthArm, postingHourName, videoHookStyle, videoPostingTime } from './video-features.js';
import { viewHistory, viewsAtAge } from './views-at-age.js';

/** What a team may say about a video it has not published yet; every part is optional. */
export interface VideoPlan {
  topic?: string;
  lengthS?: number;
  /** Local hour in the channel's timezone, 0–23. */
  hour?: number;
  /** The hook style the video opens with. */
  hook?: HookStyle;
}

export interface PlannedVideoForecast {
  horizonDays: number;
  format: VideoFormat;
  prediction: PlannedVideoPrediction | InsufficientData;
  /** The pattern groups the plan matched. */
  effects: EffectEstimate[];
  /** Parts of the plan that matched no group with enough data, in words. */
  notes: string[];
}

/** Recent videos of the format the baseline of a plan is drawn from. */
const BASELINE_SIZE = 30;

/**
 * Views a planned video can expect at `horizonDays`: the median of the channel's recent same-format videos at
 * that age (the younger ones projected to it), moved by the effect model's estimates for what the plan fixes — topic,
 * length, posting time, hook style and, with topic and hook both given, what that style adds on that topic (the
 * topic × hook interaction) — see pre-publish-prediction.ts; its interval calibrated on the team's scored ledger
 * when one is given.
 */
export function forecastPlannedVideo(
  videos: readonly AnalyticsVideo[],
  patterns: ChannelPatterns,
  plan: VideoPlan,
  now: Date,
  horizonDays: number,
  calibration?: Omit<PredictionCalibrationContext, 'horizonDays'>,
): PlannedVideoForecast {
  const format: VideoFormat = plan.lengthS === undefined ? 'all' : plan.lengthS <= 180 ? 'short' : 'long-form';
  const notes: string[] = [];
  const effects: EffectEstimate[] = [];
  const cluster = plan.topic === undefined ? null : matchTopic(patterns, plan.topic, videos);
  if (cluster === null && plan.topic !== undefined) {
    notes.push(`topic "${plan.topic}" matches none of the channel's topics; not applied`);
  }
  const groups = {
    topic: cluster,
    length: plan.lengthS === undefined ? null : lengthArm(plan.lengthS),
    postingTime: plan.hour === undefined ? null : postingHourName(plan.hour),
    hook: plan.hook ?? null,
  };
  for (const { part, dimension, group } of planParts(groups)) {
    if (group === null) continue;
    const estimate = estimateFor(patterns, dimension, group);
    if (estimate) effects.push(estimate);
    else notes.push(`${part} ${group}: no video of this channel has it yet; not applied`);
  }
  const baselineViewsAtHorizon = baselineAtHorizon(videos, patterns, format, now, horizonDays);
  const topicLabels = new Map(patterns.topics.clusters.map((topic) => [topic.id, topic.label]));
  const prediction = predictPlanned({
    baselineViewsAtHorizon,
    effects,
    // A topic named as /trends names it: "crème brûlée / recette", not its id "crème-brûlée".
    groupName: (effect) => (effect.dimension === TOPIC_DIMENSION && topicLabels.get(effect.group)) || effect.group,
    calibration: calibration && { ...calibration, horizonDays },
  });
  return { horizonDays, format, prediction, effects, notes };
}

/**
 * The topic cluster whose id, label or keywords share the most (folded, stemmed) words with what the user typed:
 * "creme brulee" finds "crème brûlée", "ラーメン" finds "ラーメン屋". When none does, the cluster most of whose
 * `videos`' titles say every typed word (or a word it begins, from 4 letters: "pickle" in "pickled"): discovery
 * can name a channel's one topic by other words its titles share ("the secret to better sourdough" → "better"),
 * and the topic's effect was then left out of a plan of that very topic (0.4–0.7 ln views low).
 */
export function matchTopic(
  patterns: ChannelPatterns,
  topic: string,
  videos: readonly AnalyticsVideo[] = [],
): string | null {
  const words = [...new Set(foldedWords(topic).map(stem))];
  let best: { id: string; hits: number } | null = null;
  for (const cluster of patterns.topics.clusters) {
    const vocabulary = new Set([cluster.id, ...cluster.keywords].flatMap(foldedWords).map(stem));
    const hits = words.filter((word) => vocabulary.has(word)).length;
    if (hits > 0 && (best === null || hits > best.hits)) best = { id: cluster.id, hits };
  }
  if (best !== null || words.length === 0) return best?.id ?? null;
  const titleWords = new Map(videos.map((video) => [video.id, foldedWords(video.title).map(stem)]));
  const says = (id: string) => {
    const said = titleWords.get(id) ?? [];
    return words.every((typed) => said.some((word) => word === typed || (typed.length >= 4 && word.startsWith(typed))));
  };
  for (const cluster of patterns.topics.clusters) {
    if (cluster.keywords.length === 0) continue; // 'other': no topic
    const hits = cluster.videoIds.filter(says).length;
    if (2 * hits > cluster.videoIds.length && (best === null || hits > best.hits)) best = { id: cluster.id, hits };
  }
  return best?.id ?? null;
}

/** What a plan (or a published video) fixes, by the dimensions a plan can fix; null where it leaves one open. */
interface PlanGroups {
  topic: string | null;
  length: string | null;
  postingTime: string | null;
  hook: HookStyle | null;
}

/** The dimensions a plan can fix, with the group it takes in each (null: none). */
function planParts(groups: PlanGroups): { part: string; dimension: string; group: string | null }[] {
  const { topic, hook } = groups;
  return [
    { part: 'topic', dimension: TOPIC_DIMENSION, group: topic },
    { part: 'length', dimension: LENGTH_DIMENSION, group: groups.length },
    { part: 'posting time', dimension: POSTING_TIME_DIMENSION, group: groups.postingTime },
    { part: 'hook style', dimension: HOOK_DIMENSION, group: hook },
    // The pair's own estimate is what the style adds on this topic beyond both main effects (0: no interaction).
    {
      part: 'topic × hook',
      dimension: TOPIC_HOOK_DIMENSION,
      group: topic === null || hook === null ? null : topicHookArm(topic, hook),
    },
  ];
}

/**
 * The model's estimate of a group, however few its videos: a thin group's posterior is shrunk toward the channel
 * and its interval is wide, and that is what the prediction should carry. Leaving it out instead predicts an
 * average plan for a plan chosen because the model thinks it better (posting hours borrow strength from the whole
 * curve, so an hour with two videos can be well known): in the closed-loop new-york world such predictions ran
 * 0.3 ln views low for the first 40 days. Null when the model has no such arm (a pair never made).
 */
function estimateFor(patterns: ChannelPatterns, dimension: string, group: string): EffectEstimate | null {
  const d = patterns.model.dimensions.findIndex((candidate) => candidate.name === dimension);
  const arm = patterns.model.arms[d]?.find((candidate) => candidate.arm === group);
  return arm === undefined ? null : estimateOf(dimension, arm);
}

/**
 * The ln views a published video owes to what it fixed: the same estimates a plan with its topic, length, posting
 * hour and hook would get.
 */
function ownEffect(video: AnalyticsVideo, patterns: ChannelPatterns, topicOf: ReadonlyMap<string, string>): number {
  const groups = {
    topic: topicOf.get(video.id) ?? null,
    length: lengthArm(video.durationS),
    postingTime: videoPostingTime(video, patterns.timezone),
    hook: videoHookStyle(video, hookRules(patterns.languages)),
  };
  let total = 0;
  for (const { dimension, group } of planParts(groups)) {
    if (group !== null) total += estimateFor(patterns, dimension, group)?.effect ?? 0;
  }
  return total;
}

/**
 * A video joins the baseline once it is this share of the way to the horizon, its views projected the rest of
 * the way along the channel's growth curve. Waiting for the horizon itself makes the baseline a horizon older
 * than the planned video: on a channel growing 1 % a day, the 30 videos that have reached day 30 were published
 * 30–60 days before it and run about 35 % (e^0.45 − 1) low. Projecting from a quarter of the way halves that lag.
 */
export const BASELINE_MIN_AGE_SHARE = 0.25;

/**
 * Views at the horizon of the format's most recent videos far enough along (see BASELINE_MIN_AGE_SHARE), each net
 * of its own effects (ownEffect): the views of an average plan. The plan's effects are then applied once. Taken
 * as they are, a channel that has learned what works has a baseline of videos that already carry those effects,
 * and the plan's effects counted them twice: in the closed-loop new-york world the 80 % intervals ran 0.2–1.1 ln
 * views high once the plan settled, and covered 69 % of videos from day 30 to 60.
 */
function baselineAtHorizon(
  videos: readonly AnalyticsVideo[],
  patterns: ChannelPatterns,
  format: VideoFormat,
  now: Date,
  horizonDays: number,
): number[] {
  const minAgeDays = BASELINE_MIN_AGE_SHARE * horizonDays;
  const old = videos
    .filter((video) => hasFormat(video, format) && (ageInDays(video, now) ?? -1) >= minAgeDays)
    .sort((a, b) => (a.publishedAt as Date).getTime() - (b.publishedAt as Date).getTime());
  const recent = old.slice(-BASELINE_SIZE);
  const curve = fitGrowthCurve(videos, format);
  const topicOf = new Map(
    patterns.topics.clusters.flatMap((cluster) => cluster.videoIds.map((id) => [id, cluster.id] as const)),
  );
  return recent.flatMap((video) => {
    // From the history, else from the latest reading (a snapshot or the current stats, whichever is later).
    const latest = viewHistory(video).at(-1);
    const views =
      viewsAtAge(video, horizonDays) ??
      (latest ? projectViews(curve, latest.views, latest.ageDays, horizonDays) : null);
    return views === null ? [] : [views * Math.exp(-ownEffect(video, patterns, topicOf))];
  });
}
