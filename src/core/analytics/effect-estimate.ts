import type { Confidence } from './analytics-video.js';

/**
 * The estimated effect of one group (a topic, a length bucket, a posting slot…) on a video's age-adjusted
 * log views, relative to the channel mean. Produced by the pattern engine, used by `/trends` and by
 * pre-publication prediction.
 */
export interface EffectEstimate {
  /** The dimension, e.g. "topic", "length", "weekday-hour", "hook", "title". */
  dimension: string;
  /** The group within it, e.g. "eggs", "21-40s", "Sat 18:00". */
  group: string;
  /** Videos in the group. */
  n: number;
  /** Mean of the group's age-adjusted natural-log views minus the channel mean, before shrinkage. */
  rawEffect: number;
  /** After empirical-Bayes shrinkage toward 0 (the channel mean): the estimate to use. */
  effect: number;
  /** Bootstrap interval of `effect` (80 % by default), natural-log units. */
  low: number;
  high: number;
  /** exp(effect): e.g. 1.38 reads "+38 % views". */
  multiplier: number;
  confidence: Confidence;
}
