import { curvesOfOwnHistories } from './age-matched-baseline.js';
import type { ChannelData } from './analytics-video.js';
import { DEFAULT_LEARNING_SETTINGS, type LearningSettings } from './evidence-history.js';
import { type ChannelPatterns, channelPatterns } from './pattern-effects.js';
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
  const { scores, index } = channelVideoScoresAndIndex(channel, now);
  const response = projectedLogViews(channel.videos, now, curvesOfOwnHistories(index, channel.videos));
  const patterns = channelPatterns(channel, response, settings);
  return { scores, patterns };
}
