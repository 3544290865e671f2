import type { Confidence } from './analytics-video.js';

/**
 * The estimated effect of one group (a topic, a length bucket, a posting time…) on a video's views, relative to
 * the channel's average video: one arm of the channel effect model (effect-model.ts), as every consumer shows it.
 */
export interface EffectEstimate {
  /** The dimension, e.g. "topic", "length", "posting-time", "hook", "title-number". */
  dimension: string;
  /** The group within it, e.g. "eggs", "25s", "19:00". */
  group: string;
  /** Videos in the group. */
  n: number;
  /** Mean of the group's response minus the mean of all videos with a group in the dimension, unmodelled. */
  rawEffect: number;
  /** Posterior mean, ln views: the estimate to use. */
  effect: number;
  /** Posterior sd, ln views. */
  sd: number;
  /** 80 % posterior interval, effect ∓ 1.28·sd: contains `effect` by construction. */
  low: number;
  high: number;
  /** exp(effect): e.g. 1.38 reads "+38 % views". */
  multiplier: number;
  confidence: Confidence;
}
