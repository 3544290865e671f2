import type { ChannelData } from './analytics-video.js';
import { DEFAULT_LEARNING_SETTINGS, type LearningSettings } from './evidence-history.js';
import { type ChannelPatterns, channelPatterns } from './pattern-effects.js';
import { projectedLogViews } from './projected-log-views.js';
import { channelVideoScores, type VideoScore } from './video-analysis.js';

export interface ChannelAnalysis {
  scores: VideoScore[];
  patterns: ChannelPatterns;
}

/** Scores every video, then fits the channel effect model once on the videos' projected ln views. */
export function analyzeChannel(
  channel: ChannelData,
  now: Date,
  settings: LearningSettings = DEFAULT_LEARNING_SETTINGS,
): ChannelAnalysis {
  const scores = channelVideoScores(channel, now);
  const patterns = channelPatterns(channel, projectedLogViews(channel.videos, now), settings);
  return { scores, patterns };
}
