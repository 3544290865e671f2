import { finish, type Steps } from '../stats/steps.js';
import { curvesOfOwnHistories } from './age-matched-baseline.js';
import type { ChannelData } from './analytics-video.js';
import { DEFAULT_LEARNING_SETTINGS, type LearningSettings } from './evidence-history.js';
import { type ChannelPatterns, channelPatternsSteps } from './pattern-effects.js';
import { projectedLogViews } from './projected-log-views.js';
import { channelVideoScoresAndIndex, type VideoScore } from './video-analysis.js';

export interface ChannelAnalysis {
  scores: VideoScore[];
  patterns: ChannelPatterns;
}

/**
 * Scores every video, then fits the channel effect model once on the videos' projected ln views, projected along
 * the growth curves the scores' baselines already fitted wherever those are the same curves.
 */
export function analyzeChannel(
  channel: ChannelData,
  now: Date,
  settings: LearningSettings = DEFAULT_LEARNING_SETTINGS,
): ChannelAnalysis {
  return finish(analysisSteps(channel, now, settings));
}

/**
 * `analyzeChannel` in steps: it pauses after the scores, the topics, each step of the model's fit and each
 * dimension's τ average (150–380 ms in one stretch otherwise, the longest turn of a daily cycle).
 */
export function* analysisSteps(
  channel: ChannelData,
  now: Date,
  settings: LearningSettings = DEFAULT_LEARNING_SETTINGS,
): Steps<ChannelAnalysis> {
  const { scores, index } = channelVideoScoresAndIndex(channel, now);
  yield;
  const response = projectedLogViews(channel.videos, now, curvesOfOwnHistories(index, channel.videos));
  const patterns = yield* channelPatternsSteps(channel, response, settings);
  return { scores, patterns };
}
