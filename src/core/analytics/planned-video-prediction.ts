import { foldedWords } from '../text/words.js';
import { type AnalyticsVideo, ageInDays } from './analytics-video.js';
import type { EffectEstimate } from './effect-estimate.js';
import { fitGrowthCurve, hasFormat, projectViews, type VideoFormat } from './growth-curve.js';
import { type ChannelPatterns, type DimensionEffects, topicHookArm } from './pattern-effects.js';
import type { InsufficientData } from './post-publish-prediction.js';
import {
  type PlannedVideoPrediction,
  type PredictionCalibrationContext,
  predictPlanned,
} from './pre-publish-prediction.js';
import { stem } from './topic-clusters.js';
import { type HookStyle, lengthArm, postingHourName } from './video-features.js';
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
  const use = (part: string, dimension: DimensionEffects, group: string | null) => {
    if (group === null) return;
    const estimate = dimension.effects.find((candidate) => candidate.group === group);
    if (estimate) effects.push(estimate);
    else {
      const thin = dimension.insufficient.find((candidate) => candidate.group === group);
      notes.push(`${part} ${group}: ${thin ? thin.message : 'no video of this channel has it yet'}; not applied`);
    }
  };
  const cluster = plan.topic === undefined ? null : matchTopic(patterns, plan.topic);
  if (cluster) use('topic', patterns.topics, cluster);
  else if (plan.topic !== undefined)
    notes.push(`topic "${plan.topic}" matches none of the channel's topics; not applied`);
  if (plan.lengthS !== undefined) use('length', patterns.length, lengthArm(plan.lengthS));
  if (plan.hour !== undefined) use('posting time', patterns.postingTime, postingHourName(plan.hour));
  if (plan.hook !== undefined) use('hook style', patterns.hook, plan.hook);
  // The pair's own estimate is what the style adds on this topic beyond both main effects (0: no interaction).
  if (plan.hook !== undefined && cluster) use('topic × hook', patterns.topicHook, topicHookArm(cluster, plan.hook));
  const baselineViewsAtHorizon = baselineAtHorizon(videos, format, now, horizonDays);
  const prediction = predictPlanned({
    baselineViewsAtHorizon,
    effects,
    calibration: calibration && { ...calibration, horizonDays },
  });
  return { horizonDays, format, prediction, effects, notes };
}

/**
 * The topic cluster whose id, label or keywords share the most (folded, stemmed) words with what the user typed:
 * "creme brulee" finds "crème brûlée", "ラーメン" finds "ラーメン屋".
 */
export function matchTopic(patterns: ChannelPatterns, topic: string): string | null {
  const words = new Set(foldedWords(topic).map(stem));
  let best: { id: string; hits: number } | null = null;
  for (const cluster of patterns.topics.clusters) {
    const vocabulary = new Set([cluster.id, ...cluster.keywords].flatMap(foldedWords).map(stem));
    const hits = [...words].filter((word) => vocabulary.has(word)).length;
    if (hits > 0 && (best === null || hits > best.hits)) best = { id: cluster.id, hits };
  }
  return best?.id ?? null;
}

/**
 * A video joins the baseline once it is this share of the way to the horizon, its views projected the rest of
 * the way along the channel's growth curve. Waiting for the horizon itself makes the baseline a horizon older
 * than the planned video: on a channel growing 1 % a day, the 30 videos that have reached day 30 were published
 * 30–60 days before it and run about 35 % (e^0.45 − 1) low. Projecting from a quarter of the way halves that lag.
 */
export const BASELINE_MIN_AGE_SHARE = 0.25;

/** Views at the horizon of the format's most recent videos far enough along (see BASELINE_MIN_AGE_SHARE). */
function baselineAtHorizon(
  videos: readonly AnalyticsVideo[],
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
  return recent.flatMap((video) => {
    const fromHistory = viewsAtAge(video, horizonDays);
    if (fromHistory !== null) return [fromHistory];
    // From the latest reading, a snapshot or the current stats, whichever is later.
    const latest = viewHistory(video).at(-1);
    const projected = latest ? projectViews(curve, latest.views, latest.ageDays, horizonDays) : null;
    return projected === null ? [] : [projected];
  });
}
