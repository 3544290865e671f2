// Prediction before publishing, for a planned video: the channel's typical views at the horizon, moved by
// the effect model's estimates for what the plan specifies (topic, length, posting time, hook style, the topic ×
// hook pair).
//
//   predicted = median(baseline views) × Π exp(effect)
//   interval  = predicted × exp(−lowHalfWidth) … predicted × exp(highHalfWidth), where each half-width adds in
//               quadrature (natural-log units) the baseline's own spread on that side (its median to its 10th or
//               90th percentile of ln(1 + views)) and each effect's distance from its estimate to its interval end.
//
// The baseline comes net of its videos' own effects (planned-video-prediction.ts), so its spread is what the
// effects leave unexplained, the new video's own noise; effects of different dimensions are multiplied as if
// independent (the model's joint posterior has small correlations between dimensions; the topic × hook pair's
// interaction is estimated beyond both main effects, and its half-width is added like theirs). Scoring the stored predictions (prediction-accuracy.ts) is what tells how far to trust it,
// and once enough are scored the interval and centre are calibrated on them (predictions/interval-calibration.ts).

import { formatEffect } from '../format/numbers.js';
import {
  type CalibrationBasis,
  calibratePrediction,
  type Interval,
  type ScoredForecast,
} from '../predictions/interval-calibration.js';
import { median, quantile } from '../stats/summary-statistics.js';
import type { EffectEstimate } from './effect-estimate.js';
import type { InsufficientData } from './post-publish-prediction.js';

export interface PlannedVideoInput {
  /** The channel's recent same-format videos' views at the horizon, each net of its own effects. */
  baselineViewsAtHorizon: number[];
  /** The matching group's estimate for each dimension the plan specifies. */
  effects: EffectEstimate[];
  /** How the replies name an effect's group (a topic by its label); by its id without it. */
  groupName?: (effect: EffectEstimate) => string;
  /** The scored ledger to calibrate on, and who asks when; without it the interval is the raw one. */
  calibration?: PredictionCalibrationContext;
}

export interface PredictionCalibrationContext {
  /** Scored pre-publication predictions of the channel's team (any channel, any horizon, any time). */
  ledger: readonly ScoredForecast[];
  channelId: number;
  horizonDays: number;
  /** When the prediction is made: only predictions scored by then count. */
  at: Date;
}

const NOT_CALIBRATED: CalibrationBasis = { source: 'none', n: 0, ownN: 0, shift: 0 };

export interface PlannedVideoPrediction {
  predicted: number;
  low: number;
  high: number;
  level: 0.8;
  /** The model's own interval before calibration, which later scoring measures residuals against. */
  uncalibrated: Interval;
  calibration: CalibrationBasis;
  /** Baseline videos. */
  n: number;
  /** What went into the figure, one line each, for showing to users. */
  basis: string[];
}

export const MIN_BASELINE_VIDEOS = 5;

function formatViews(views: number): string {
  return Math.round(views).toLocaleString('en-US');
}

/**
 * Malformed effects leave the plan at the baseline. A thin group's effect is applied: its posterior is shrunk
 * toward the channel and its wide interval widens the prediction's (planned-video-prediction.ts).
 */
function isUsable(effect: EffectEstimate): boolean {
  return [effect.effect, effect.low, effect.high].every(Number.isFinite);
}

function describeEffect(effect: EffectEstimate, groupName = (estimate: EffectEstimate) => estimate.group): string {
  const label = `${effect.dimension} = ${groupName(effect)}`;
  if (!isUsable(effect)) return `${label}: not a number, not applied`;
  const rating = effect.confidence === 'insufficient' ? 'too few videos to rate' : `${effect.confidence} confidence`;
  return `${label}: ${formatEffect(effect)}, n=${effect.n}, ${rating}`;
}

export function predictPlanned(input: PlannedVideoInput): PlannedVideoPrediction | InsufficientData {
  const baseline = input.baselineViewsAtHorizon.filter((views) => Number.isFinite(views) && views >= 0);
  const n = baseline.length;
  if (n < MIN_BASELINE_VIDEOS) {
    return {
      insufficient: true,
      n,
      reason: `only ${n} recent same-format video(s) to compare with (need ${MIN_BASELINE_VIDEOS})`,
    };
  }
  const logViews = baseline.map(Math.log1p);
  const center = median(logViews) as number;
  const baselineLowSpread = center - (quantile(logViews, 0.1) as number);
  const baselineHighSpread = (quantile(logViews, 0.9) as number) - center;
  const applied = input.effects.filter(isUsable);
  const lowHalfWidth = Math.hypot(baselineLowSpread, ...applied.map((effect) => effect.effect - effect.low));
  const highHalfWidth = Math.hypot(baselineHighSpread, ...applied.map((effect) => effect.high - effect.effect));

  const baselineMedian = median(baseline) as number;
  const predicted = baselineMedian * Math.exp(applied.reduce((total, effect) => total + effect.effect, 0));
  const uncalibrated = {
    predicted,
    low: predicted * Math.exp(-lowHalfWidth),
    high: predicted * Math.exp(highHalfWidth),
  };
  const { calibration, ...interval } = input.calibration
    ? calibratePrediction(uncalibrated, input.calibration.ledger, input.calibration)
    : { ...uncalibrated, calibration: NOT_CALIBRATED };
  const baselineRange = `${formatViews(Math.expm1(center - baselineLowSpread))}–${formatViews(Math.expm1(center + baselineHighSpread))}`;
  return {
    ...interval,
    level: 0.8,
    uncalibrated,
    calibration,
    n,
    basis: [
      `baseline: median ${formatViews(baselineMedian)} views of ${n} recent videos net of their own effects (10th–90th percentile ${baselineRange})`,
      ...input.effects.map((effect) => describeEffect(effect, input.groupName)),
    ],
  };
}
