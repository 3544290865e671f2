// How a pre-publication prediction says what its interval was calibrated on, the same in every reply.

import { type CalibrationBasis, MIN_CALIBRATION_SCORES } from '../predictions/interval-calibration.js';
import { formatCount, formatLogEffect, logEffectPercent } from './numbers.js';

/**
 * "calibrated on 34 scored predictions of this channel, centre +12%", "… of the team (5 of this channel)",
 * or "not yet calibrated: 3 scored predictions so far, 9 needed".
 */
export function describeCalibration(basis: CalibrationBasis): string {
  if (basis.source === 'none') {
    return `not yet calibrated: ${basis.n} scored prediction${basis.n === 1 ? '' : 's'} so far, ${MIN_CALIBRATION_SCORES} needed`;
  }
  const whose = basis.source === 'channel' ? 'of this channel' : `of the team (${basis.ownN} of this channel)`;
  const shift = logEffectPercent(basis.shift) === 0 ? '' : `, centre ${formatLogEffect(basis.shift)}`;
  return `calibrated on ${basis.n} scored predictions ${whose}${shift}`;
}

/** "80% interval 1,200 – 5,400, calibrated on 34 scored predictions of this channel": a planned video's range. */
export function formatPlannedInterval(prediction: {
  low: number;
  high: number;
  calibration: CalibrationBasis;
}): string {
  return `80% interval ${formatCount(prediction.low)} – ${formatCount(prediction.high)}, ${describeCalibration(prediction.calibration)}`;
}
