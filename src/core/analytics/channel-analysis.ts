import type { ChannelData } from './analytics-video.js';
import { type ChannelPatterns, channelPatterns } from './pattern-effects.js';
import { channelVideoScores, type VideoScore } from './video-analysis.js';

/** Seed of the pattern bootstrap: fixed, so the same data always gives the same intervals. */
export const PATTERN_SEED = 20_261_123;

/** Each video's natural log of its outlier score: the age-adjusted views the pattern engine compares. */
export function ageAdjustedLogViews(scores: readonly VideoScore[]): Map<string, number> {
  const adjusted = new Map<string, number>();
  for (const score of scores) {
    if (score.outlierScore !== null && score.outlierScore > 0) adjusted.set(score.id, Math.log(score.outlierScore));
  }
  return adjusted;
}

export interface ChannelAnalysis {
  scores: VideoScore[];
  patterns: ChannelPatterns;
}

/** Scores every video, then estimates the channel's patterns on the age-adjusted views. */
export function analyzeChannel(channel: ChannelData, now: Date): ChannelAnalysis {
  const scores = channelVideoScores(channel, now);
  const patterns = channelPatterns(channel, ageAdjustedLogViews(scores), { seed: PATTERN_SEED });
  return { scores, patterns };
}
