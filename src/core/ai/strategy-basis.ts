// The figures a content strategy is written from, all computed here from the analytics: which topics to make
// more (ranked by effect) and which to avoid, the lengths, posting windows and hook styles that work, the
// channel's best hooks, and what is promising but unproven (to test next). The LLM only puts words to them.

import type { ChannelData, Confidence } from '../analytics/analytics-video.js';
import type { ChannelAnalysis } from '../analytics/channel-analysis.js';
import type { EffectEstimate } from '../analytics/effect-estimate.js';
import { PRACTICAL_EFFECT } from '../analytics/effect-model.js';
import type { DimensionEffects } from '../analytics/pattern-effects.js';
import { channelRetentionMedians } from '../analytics/retention-key-points.js';
import { formatLogEffect, logEffectPercent } from '../format/numbers.js';
import { median } from '../stats/summary-statistics.js';

/** One group with its evidence from the channel effect model; effects as whole-percent changes in views. */
export interface Evidence {
  dimension: string;
  /** The group's id, e.g. "eggs", "25s", "19:00", "question". */
  id: string;
  /** What users read: a topic's keywords, else the id. */
  label: string;
  effectPct: number;
  lowPct: number;
  highPct: number;
  n: number;
  confidence: Confidence;
}

export interface StrategyBasis {
  videoCount: number;
  /** The newest video the basis saw, and the span of publish dates (ISO). */
  newestVideoId: string | null;
  from: string | null;
  to: string | null;
  recommendedTopics: Evidence[];
  avoidTopics: Evidence[];
  lengths: Evidence[];
  postingWindows: Evidence[];
  hookStyles: Evidence[];
  /** Hook lines (or titles) of the channel's videos with the highest outlier scores, with their topic's keywords. */
  bestHooks: { text: string; outlierScore: number; topicKeywords: string[] }[];
  /** Median share still watching at 3 s, in percent, over the channel's videos with a retention curve. */
  hookHoldPct: number | null;
  /** Promising but unproven groups: positive effect at low confidence, or not enough videos yet. */
  testNext: { dimension: string; id: string; label: string; n: number; reason: string }[];
  /** Median success score (0–100) of the scored videos among the RECENT_FOR_PERFORMANCE newest. */
  performanceScore: number | null;
  /** What performanceScore is the median of: `scored` of the `newest` videos. */
  performanceVideos: { scored: number; newest: number };
}

const BEST_HOOKS = 5;
/** The hashtags ending a title ("… #recette #shorts"): they tag the video, no one says them in its hook. */
const TRAILING_HASHTAGS = /(?:\s*[#＃][\p{L}\p{M}\p{N}_]+)+\s*$/u;
const RECENT_FOR_PERFORMANCE = 10;
const MAX_WINDOWS = 3;

function evidence(estimate: EffectEstimate, label = estimate.group): Evidence {
  return {
    dimension: estimate.dimension,
    id: estimate.group,
    label,
    effectPct: logEffectPercent(estimate.effect),
    lowPct: logEffectPercent(estimate.low),
    highPct: logEffectPercent(estimate.high),
    n: estimate.n,
    confidence: estimate.confidence,
  };
}

const trusted = (estimate: EffectEstimate) => estimate.confidence === 'high' || estimate.confidence === 'medium';

/** Groups that help: medium or high confidence (interval clear of zero, at least ±10 %), best first. */
function helping(dimension: DimensionEffects, label?: (id: string) => string): Evidence[] {
  return dimension.effects
    .filter((estimate) => estimate.effect > 0 && trusted(estimate))
    .sort((a, b) => b.effect - a.effect)
    .map((estimate) => evidence(estimate, label?.(estimate.group)));
}

export function strategyBasis(channel: ChannelData, analysis: ChannelAnalysis): StrategyBasis {
  const { patterns, scores } = analysis;
  const labels = new Map(patterns.topics.clusters.map((cluster) => [cluster.id, cluster.label]));
  const topicLabel = (id: string) => labels.get(id) ?? id;
  const published = channel.videos.filter((video) => video.publishedAt !== null);
  const dates = published.map((video) => (video.publishedAt as Date).getTime());
  const outliers = new Map(scores.map((score) => [score.id, score.outlierScore]));
  const keywordsOf = new Map(
    patterns.topics.clusters.flatMap((cluster) =>
      cluster.id === 'other' ? [] : cluster.videoIds.map((id) => [id, cluster.keywords] as const),
    ),
  );

  const bestHooks = published
    .flatMap((video) => {
      const score = outliers.get(video.id);
      if (score === null || score === undefined) return [];
      return [
        {
          text: video.hookLine ?? (video.title.replace(TRAILING_HASHTAGS, '') || video.title),
          outlierScore: score,
          topicKeywords: keywordsOf.get(video.id) ?? [],
        },
      ];
    })
    .sort((a, b) => b.outlierScore - a.outlierScore)
    .slice(0, BEST_HOOKS)
    .map((hook) => ({ ...hook, outlierScore: Math.round(hook.outlierScore * 10) / 10 }));

  // 'other' (no topic, no hook style) is what the rest is not: no choice to try more of.
  const promising = [patterns.topics, patterns.length, patterns.postingTime, patterns.hook].flatMap((dimension) =>
    dimension.effects
      .filter((estimate) => estimate.group !== 'other' && logEffectPercent(estimate.effect) > 0 && !trusted(estimate))
      .map((estimate) => ({
        dimension: estimate.dimension,
        id: estimate.group,
        label: estimate.dimension === 'topic' ? topicLabel(estimate.group) : estimate.group,
        n: estimate.n,
        reason:
          estimate.low <= 0
            ? `looks positive (${formatLogEffect(estimate.effect)}) but the interval includes zero`
            : `positive (${formatLogEffect(estimate.effect)}) but under the ${logEffectPercent(PRACTICAL_EFFECT)}% that counts`,
      })),
  );
  const untried = patterns.topics.insufficient
    .filter((group) => group.group !== 'other')
    .map((group) => ({
      dimension: 'topic',
      id: group.group,
      label: topicLabel(group.group),
      n: group.n,
      reason: group.message,
    }));

  const recent = published.slice(-RECENT_FOR_PERFORMANCE);
  const recentScores = recent.flatMap((video) => scores.find((score) => score.id === video.id)?.successScore ?? []);
  const performance = median(recentScores);
  const hookHold = channelRetentionMedians(channel.videos).all.hookHold.median;

  return {
    videoCount: channel.videos.length,
    newestVideoId: published.at(-1)?.id ?? null,
    from: dates.length ? new Date(Math.min(...dates)).toISOString() : null,
    to: dates.length ? new Date(Math.max(...dates)).toISOString() : null,
    recommendedTopics: helping(patterns.topics, topicLabel).filter((topic) => topic.id !== 'other'),
    avoidTopics: patterns.topics.effects
      .filter((estimate) => estimate.effect < 0 && trusted(estimate) && estimate.group !== 'other')
      .sort((a, b) => a.effect - b.effect)
      .map((estimate) => evidence(estimate, topicLabel(estimate.group))),
    lengths: helping(patterns.length),
    postingWindows: helping(patterns.postingTime).slice(0, MAX_WINDOWS),
    hookStyles: helping(patterns.hook),
    bestHooks,
    hookHoldPct: hookHold === null ? null : Math.round(hookHold * 100),
    testNext: [...promising, ...untried].slice(0, 5),
    performanceScore: performance === null ? null : Math.round(performance),
    performanceVideos: { scored: recentScores.length, newest: recent.length },
  };
}

/**
 * What must change for a new strategy version: the videos (count, newest) or a decision (which groups are
 * recommended or avoided, in what order, at what confidence). Figures that drift by a percent as videos age
 * do not cost a rewrite.
 */
export function basisSignature(basis: StrategyBasis): string {
  const decisions = (groups: readonly Evidence[]) => groups.map((group) => `${group.id}:${group.confidence}`);
  return JSON.stringify({
    videos: [basis.videoCount, basis.newestVideoId],
    recommended: decisions(basis.recommendedTopics),
    avoid: decisions(basis.avoidTopics),
    lengths: decisions(basis.lengths),
    windows: decisions(basis.postingWindows),
    hooks: decisions(basis.hookStyles),
  });
}

const signed = (percent: number) => `${percent >= 0 ? '+' : '−'}${Math.abs(percent)}%`;

/** "+38% views [+12%, +70%], n=14, high confidence" */
export function describeEvidence(group: Evidence): string {
  return `${signed(group.effectPct)} views [${signed(group.lowPct)}, ${signed(group.highPct)}], n=${group.n}, ${group.confidence} confidence`;
}
