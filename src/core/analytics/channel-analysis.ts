import type { ChannelData } from './analytics-video.js';
import { type ChannelPatterns, channelPatterns } from './pattern-effects.js';
import { projectedLogViews } from './projected-log-views.js';
import { channelVideoScores, type VideoScore } from './video-analysis.js';

export interface ChannelAnalysis {
  scores: VideoScore[];
  patterns: ChannelPatterns;
}

/** Scores every video, then fits the channel effect model once on the videos' projected ln views. */
export function analyzeChannel(channel: ChannelData, now: Date): ChannelAnalysis {
  const scores = channelVideoScores(channel, now);
  const patterns = channelPatterns(channel, projectedLogViews(channel.videos, now));
  return { scores, patterns };
}
