// How a demo video's views and engagement grow from upload: a fast main phase, a slow tail and, for a breakout,
// a late surge; sampled as daily then weekly snapshots and as the latest stats.

import { DAY_MS } from '../analytics/analytics-video.js';
import type { SeededRandom } from '../random/seeded-random.js';
import type { RetentionRecord, SnapshotRecord, VideoStats } from '../videos/video-record.js';
import { clamp, logistic, roundTo } from './curve-math.js';
import { GROWTH_TAU_DAYS, VIEW_NOISE_SIGMA } from './planted-world.js';

interface Surge {
  /** Final views ÷ the views the video would have had without the breakout. */
  multiplier: number;
  centerDays: number;
}

export interface Performance {
  /** Final views without any breakout surge. */
  baseViews: number;
  tauDays: number;
  tailShare: number;
  tailTauDays: number;
  surge: Surge | null;
  engagedRate: number;
  likeRate: number;
  commentRate: number;
  shareRate: number;
  subscriberRate: number;
  /** Share of views that came from an impression (the rest: Shorts feed swipes, links, …). */
  impressionShare: number;
  ctr: number;
}

/** Counts YouTube hides: likes when the creator hides them, comments when they are turned off. */
export interface MissingData {
  likesHidden: boolean;
  commentsDisabled: boolean;
}

interface Counts {
  views: number;
  engagedViews: number;
  likes: number;
  comments: number;
}

const SURGE_WIDTH_DAYS = 1.2;

/** Share of a breakout surge arrived by ageDays: a logistic ramp that starts at exactly 0. */
function surgeShare(surge: Surge, ageDays: number): number {
  const atZero = logistic(-surge.centerDays / SURGE_WIDTH_DAYS);
  return (logistic((ageDays - surge.centerDays) / SURGE_WIDTH_DAYS) - atZero) / (1 - atZero);
}

/** Saturating growth: a fast main phase plus a slow long tail, so cumulative views never decrease. */
function viewsAtAge(performance: Performance, ageDays: number): number {
  if (ageDays <= 0) return 0;
  const { tauDays, tailShare, tailTauDays, surge } = performance;
  const organic =
    (1 - tailShare) * (1 - Math.exp(-ageDays / tauDays)) + tailShare * (1 - Math.exp(-ageDays / tailTauDays));
  const breakout = surge ? (surge.multiplier - 1) * surgeShare(surge, ageDays) : 0;
  return Math.round(performance.baseViews * (organic + breakout));
}

/** Floors of fixed rates keep every cumulative count monotone in views and below it. */
function countsAtAge(performance: Performance, ageDays: number): Counts {
  const views = viewsAtAge(performance, ageDays);
  return {
    views,
    engagedViews: Math.floor(views * performance.engagedRate),
    likes: Math.floor(views * performance.likeRate),
    comments: Math.floor(views * performance.commentRate),
  };
}

/** A video's growth and rates, around the views its planted effects expect (`meanViews`). */
export function planPerformance(rng: SeededRandom, meanViews: number, isShort: boolean): Performance {
  return {
    baseViews: meanViews * rng.logNormal(0, VIEW_NOISE_SIGMA),
    tauDays: rng.logNormal(Math.log(isShort ? GROWTH_TAU_DAYS.short : GROWTH_TAU_DAYS.longForm), 0.3),
    tailShare: isShort ? rng.uniform(0.05, 0.2) : rng.uniform(0.2, 0.35),
    tailTauDays: isShort ? 40 : 90,
    surge: null,
    engagedRate: isShort ? rng.uniform(0.6, 0.85) : rng.uniform(0.9, 0.98),
    likeRate: rng.uniform(0.02, 0.06),
    commentRate: rng.uniform(0.001, 0.005),
    shareRate: rng.uniform(0.002, 0.01),
    subscriberRate: rng.logNormal(Math.log(isShort ? 0.0012 : 0.004), 0.4),
    impressionShare: isShort ? rng.uniform(0.3, 0.6) : rng.uniform(0.6, 0.9),
    ctr: isShort ? clamp(rng.normal(5, 1.5), 2, 12) : clamp(rng.normal(7, 2), 2, 12),
  };
}

/** Pareto tail, capped: a breakout ends 10–50× above the channel's median video, arriving days after upload. */
export function withBreakoutSurge(rng: SeededRandom, performance: Performance, medianBaseViews: number): Performance {
  const targetViews = Math.min(50, rng.pareto(10, 1.6)) * medianBaseViews;
  const multiplier = Math.max(2, targetViews / performance.baseViews);
  return { ...performance, surge: { multiplier, centerDays: rng.uniform(2, 8) } };
}

/** Daily readings for three to four weeks, then a few weekly ones, none after endDate. */
export function makeSnapshots(
  rng: SeededRandom,
  performance: Performance,
  publishedAt: Date,
  endDate: Date,
  missing: MissingData,
): SnapshotRecord[] {
  const dailyDays = rng.int(21, 28);
  const weeklyDays = Array.from({ length: rng.int(2, 4) }, (_, i) => dailyDays + 7 * (i + 1));
  const days = [...Array.from({ length: dailyDays }, (_, i) => i + 1), ...weeklyDays];
  return days
    .map((ageDays) => ({ ageDays, takenAt: new Date(publishedAt.getTime() + ageDays * DAY_MS) }))
    .filter(({ takenAt }) => takenAt.getTime() <= endDate.getTime())
    .map(({ ageDays, takenAt }) => {
      const counts = countsAtAge(performance, ageDays);
      return {
        takenAt,
        views: counts.views,
        engagedViews: counts.engagedViews,
        likes: missing.likesHidden ? null : counts.likes,
        comments: missing.commentsDisabled ? null : counts.comments,
      };
    });
}

/** The latest stats at `ageDays`. */
export function makeStats(
  performance: Performance,
  ageDays: number,
  durationS: number,
  retention: RetentionRecord[],
  missing: MissingData,
): VideoStats {
  const counts = countsAtAge(performance, ageDays);
  // Average view percentage is the area under the retention curve, so the two always agree.
  const avgViewPct = roundTo((retention.reduce((sum, point) => sum + point.watchRatio, 0) / retention.length) * 100, 2);
  const avgViewDurationS = Math.round((durationS * avgViewPct) / 100);
  return {
    views: counts.views,
    engagedViews: counts.engagedViews,
    likes: missing.likesHidden ? null : counts.likes,
    comments: missing.commentsDisabled ? null : counts.comments,
    shares: Math.floor(counts.views * performance.shareRate),
    avgViewPct,
    avgViewDurationS,
    estimatedMinutesWatched: Math.round((counts.views * avgViewDurationS) / 60),
    subscribersGained: Math.floor(counts.views * performance.subscriberRate),
    impressions: Math.round((counts.views * performance.impressionShare) / (performance.ctr / 100)),
    ctr: roundTo(performance.ctr, 2),
  };
}
