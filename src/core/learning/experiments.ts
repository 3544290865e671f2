// Experiments across uploads. YouTube has no API for its own Test & Compare (and none for Shorts), so a test
// runs over paired uploads: the bot's scripts alternate between variant A and variant B of a hook or title
// style, two scripts make a pair, and once both videos of a pair are old enough their ln views projected to one
// age (projected-log-views.ts, the effect model's response) are compared. The always-valid sequential test
// (sequential-test.ts) decides when to stop, so the team can look after every pair without inflating false
// positives.

import { type ChannelData, figuresTime } from '../analytics/analytics-video.js';
import { hookRules } from '../analytics/hook-patterns.js';
import { projectedLogViews } from '../analytics/projected-log-views.js';
import { type HookStyle, hookStyle } from '../analytics/video-features.js';
import { UserError } from '../errors.js';
import type { Language } from '../text/stopwords.js';
import type { DbClient } from '../videos/video-store.js';
import { SCRIPT_HOOK_STYLES } from './next-video-plan.js';
import { type SequentialResult, sequentialTest } from './sequential-test.js';

export type ExperimentDimension = 'hook' | 'title';
export type Variant = 'A' | 'B';

/** A pair is compared once both its videos are this many days old: most of a Short's views come by then. */
export const EVALUATION_AGE_DAYS = 7;
/** ln-view noise assumed for one video before the channel has enough videos to measure its own. */
const DEFAULT_VIDEO_VARIANCE = 0.64;

export interface ExperimentSetup {
  dimension: ExperimentDimension;
  variantA: HookStyle;
  variantB: HookStyle;
  room?: { platform: 'console' | 'discord' | 'slack'; roomId: string; threadRef?: string };
}

export async function startExperiment(db: DbClient, channelId: number, setup: ExperimentSetup) {
  for (const variant of [setup.variantA, setup.variantB]) {
    if (!SCRIPT_HOOK_STYLES.includes(variant)) {
      throw new UserError(
        'Unknown style',
        `"${variant}" is not a style scripts can be written in.`,
        `Use one of: ${SCRIPT_HOOK_STYLES.join(', ')}.`,
      );
    }
  }
  if (setup.variantA === setup.variantB) {
    throw new UserError('Nothing to compare', 'Variants A and B are the same style.', 'Pick two different styles.');
  }
  const running = await db.experiment.findFirst({ where: { channelId, status: 'running' }, select: { id: true } });
  if (running) {
    throw new UserError(
      'An experiment is already running',
      `Experiment #${running.id} is still running on this channel; scripts can only alternate for one test at a time.`,
      'See it with /experiment status, or end it with /experiment stop.',
    );
  }
  return db.experiment.create({
    data: {
      channelId,
      dimension: setup.dimension,
      variantA: setup.variantA,
      variantB: setup.variantB,
      platform: setup.room?.platform,
      roomId: setup.room?.roomId,
      threadRef: setup.room?.threadRef,
    },
  });
}

export interface VariantAssignment {
  experimentId: number;
  dimension: ExperimentDimension;
  variant: Variant;
  style: HookStyle;
  pair: number;
}

/** The variant the channel's next script must use, or null when no experiment runs. A, then B, pair by pair. */
export async function nextVariant(db: DbClient, channelId: number): Promise<VariantAssignment | null> {
  const experiment = await db.experiment.findFirst({
    where: { channelId, status: 'running' },
    include: { _count: { select: { arms: true } } },
  });
  if (!experiment) return null;
  const assigned = experiment._count.arms;
  const variant: Variant = assigned % 2 === 0 ? 'A' : 'B';
  return {
    experimentId: experiment.id,
    dimension: experiment.dimension as ExperimentDimension,
    variant,
    style: (variant === 'A' ? experiment.variantA : experiment.variantB) as HookStyle,
    pair: Math.floor(assigned / 2),
  };
}

export async function recordAssignment(db: DbClient, assignment: VariantAssignment, scriptId: number): Promise<void> {
  await db.experimentArm.create({
    data: { experimentId: assignment.experimentId, scriptId, variant: assignment.variant, pair: assignment.pair },
  });
}

export interface ArmOutcome {
  pair: number;
  variant: Variant;
  /** ln views projected to 30 days of the video the script became; null until it is published and old enough. */
  lnViews: number | null;
  /** The style the published video actually has (the team may have changed the script). */
  observedStyle: HookStyle | null;
}

/** B − A for every pair whose two videos are both ready, in pair order. */
export function pairDifferences(outcomes: readonly ArmOutcome[]): number[] {
  const byPair = new Map<number, Partial<Record<Variant, number>>>();
  for (const outcome of outcomes) {
    if (outcome.lnViews === null) continue;
    const pair = byPair.get(outcome.pair) ?? {};
    pair[outcome.variant] = outcome.lnViews;
    byPair.set(outcome.pair, pair);
  }
  return [...byPair.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, pair]) => (pair.A === undefined || pair.B === undefined ? [] : [pair.B - pair.A]));
}

/** Twice the variance of the channel's projected ln views: the noise of a difference of two of its videos. */
export function differenceNoiseFloor(data: ChannelData, adjusted: ReadonlyMap<string, number>): number {
  const values = data.videos.flatMap((video) => {
    const value = adjusted.get(video.id);
    return value === undefined ? [] : [value];
  });
  if (values.length < 2) return 2 * DEFAULT_VIDEO_VARIANCE;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return (2 * values.reduce((sum, value) => sum + (value - mean) ** 2, 0)) / (values.length - 1);
}

export interface ExperimentEvaluation {
  experimentId: number;
  result: SequentialResult;
  /** Set when this evaluation ended the experiment. */
  finished: boolean;
  outcomes: ArmOutcome[];
}

/**
 * Reads the outcomes of the running experiment's pairs from the channel's videos, runs the sequential test,
 * and stops the experiment when it has decided. Null when no experiment runs. Videos are judged at the channel's
 * latest reading, their styles read in the channel's languages (its analysis' `patterns.languages`, so a video has
 * the style /trends gives it); `now` stamps the stop.
 */
export async function evaluateExperiment(
  db: DbClient,
  channelId: number,
  data: ChannelData,
  languages: readonly Language[],
  now: Date,
): Promise<ExperimentEvaluation | null> {
  const experiment = await db.experiment.findFirst({
    where: { channelId, status: 'running' },
    include: { arms: { include: { script: { select: { video: { select: { youtubeId: true } } } } } } },
  });
  if (!experiment) return null;
  // The effect model's response: ln views projected to one age, so a pair is compared as /trends would.
  const asOf = figuresTime(data);
  const adjusted = projectedLogViews(data.videos, asOf);
  const videos = new Map(data.videos.map((video) => [video.id, video]));
  const rules = hookRules(languages);
  const outcomes = experiment.arms.map((arm): ArmOutcome => {
    const video = arm.script.video ? videos.get(arm.script.video.youtubeId) : undefined;
    const old = video?.publishedAt && asOf.getTime() - video.publishedAt.getTime() >= EVALUATION_AGE_DAYS * 86_400_000;
    const observed = video
      ? hookStyle(experiment.dimension === 'hook' && video.hookLine ? video.hookLine : video.title, rules)
      : null;
    return {
      pair: arm.pair,
      variant: arm.variant as Variant,
      lnViews: old && video ? (adjusted.get(video.id) ?? null) : null,
      observedStyle: observed,
    };
  });
  const result = sequentialTest(pairDifferences(outcomes), {
    noiseVarianceFloor: differenceNoiseFloor(data, adjusted),
  });
  const finished = result.decision !== 'continue';
  await db.experiment.update({
    where: { id: experiment.id },
    data: {
      pairs: result.pairs,
      meanDifference: result.meanDifference,
      pValue: result.pValue,
      ...(finished ? { status: 'stopped', decision: result.decision, stoppedAt: now } : {}),
    },
  });
  return { experimentId: experiment.id, result, finished, outcomes };
}

export async function stopExperiment(db: DbClient, channelId: number, now: Date) {
  const running = await db.experiment.findFirst({ where: { channelId, status: 'running' }, select: { id: true } });
  if (!running) throw new UserError('No experiment running', 'There is no running experiment on this channel.');
  return db.experiment.update({
    where: { id: running.id },
    data: { status: 'stopped', decision: 'stopped by the team', stoppedAt: now },
  });
}
