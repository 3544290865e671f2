// Split-conformal calibration of pre-publication 80 % intervals from the scored ledger.
//
// Each scored prediction gives a normalised residual: its error in ln(1 + views), divided by the half-width
// of its own uncalibrated 80 % interval on the side the actual fell (so the raw model's claim is s ∈ [−1, 1]
// for 80 % of videos). A new raw interval is re-drawn from the quantiles of those residuals:
//
//   centre = c + g(median s)      low = c + g(s₍k_lo₎)      high = c + g(s₍k_hi₎)
//
// where c = ln(1 + raw predicted), g(s) = s × (the raw half-width on the side of s), s₍k₎ is the k-th smallest
// of the n residuals, k_lo = ⌊0.1 (n + 1)⌋ and k_hi = ⌈0.9 (n + 1)⌉. Under exchangeability the rank of a new
// residual among n + 1 is uniform, so each side misses with probability at most 10 % and the interval covers at
// least 80 % (and under 80 % + 2/(n + 1)): the finite-sample split-conformal quantile, taken one side at a
// time because pre-publication errors are skewed (viral hits above, flops below). k_lo ≥ 1 needs n ≥ 9.
// g is increasing, so low ≤ centre ≤ high by construction; the median shift is the bias correction (a growing
// channel's raw predictions run low, its residuals sit above 0, and the centre moves up with them).

import { median } from '../stats/summary-statistics.js';

/** A prediction and its 80 % interval, in views. */
export interface Interval {
  predicted: number;
  low: number;
  high: number;
}

/** One scored pre-publication prediction as the ledger holds it, with its uncalibrated interval. */
export interface ScoredForecast {
  channelId: number;
  horizonDays: number;
  madeAt: Date;
  scoredAt: Date;
  /** What the model said before calibration: residuals are measured against it, never against a calibrated one. */
  raw: Interval;
  actual: number;
}

export type CalibrationSource = 'channel' | 'team' | 'none';

export interface CalibrationBasis {
  source: CalibrationSource;
  /** Scored predictions the calibration used (or, for 'none', the eligible ones so far). */
  n: number;
  /** Of which this channel's own. */
  ownN: number;
  /** The centre's shift in ln(1 + views), the bias correction; 0 when not calibrated. */
  shift: number;
}

export interface CalibratedInterval extends Interval {
  calibration: CalibrationBasis;
}

/** The smallest number of residuals for which the ⌊0.1 (n + 1)⌋-th smallest exists. */
export const MIN_CALIBRATION_SCORES = 9;
/** A channel with this many scored predictions is calibrated on its own; below it the team's are pooled in. */
export const OWN_LEDGER_ENOUGH = 20;
/** The most recent scored predictions used: enough for the 10 % tails, recent enough to follow a trend. */
export const CALIBRATION_WINDOW = 50;

/**
 * Raw half-widths below this (ln units, ±5 %) are read as this, so a zero-width raw interval still scales a
 * residual to a finite number; the same floor is used when scoring and when calibrating, so nothing is lost.
 */
const MIN_HALF_WIDTH = 0.05;

function logScale(raw: Interval): { centre: number; below: number; above: number } {
  const centre = Math.log1p(raw.predicted);
  return {
    centre,
    below: Math.max(MIN_HALF_WIDTH, centre - Math.log1p(raw.low)),
    above: Math.max(MIN_HALF_WIDTH, Math.log1p(raw.high) - centre),
  };
}

function isValid(raw: Interval): boolean {
  return (
    [raw.predicted, raw.low, raw.high].every((value) => Number.isFinite(value) && value >= 0) &&
    raw.low <= raw.predicted &&
    raw.predicted <= raw.high
  );
}

/** The actual's error in ln(1 + views), in units of the raw interval's half-width on its side; null if unusable. */
export function normalisedResidual(raw: Interval, actual: number): number | null {
  if (!isValid(raw) || !Number.isFinite(actual) || actual < 0) return null;
  const { centre, below, above } = logScale(raw);
  const error = Math.log1p(actual) - centre;
  return error / (error >= 0 ? above : below);
}

/**
 * The raw 80 % interval re-drawn from the normalised residuals of earlier scored predictions (see the top of
 * this file); null when fewer than MIN_CALIBRATION_SCORES are usable or the raw interval is malformed.
 */
export function calibrateInterval(raw: Interval, residuals: readonly number[]): Interval | null {
  const sorted = residuals.filter(Number.isFinite).sort((a, b) => a - b);
  const n = sorted.length;
  if (n < MIN_CALIBRATION_SCORES || !isValid(raw)) return null;
  const { centre, below, above } = logScale(raw);
  // Capped at the largest finite number: a residual of hundreds of half-widths (a narrow raw interval that missed
  // by far) on a wide interval overflowed expm1 to an infinite high.
  const toViews = (s: number) =>
    Math.min(Number.MAX_VALUE, Math.max(0, Math.expm1(centre + s * (s >= 0 ? above : below))));
  const lowest = sorted[Math.floor(0.1 * (n + 1)) - 1] as number;
  const highest = sorted[Math.ceil(0.9 * (n + 1)) - 1] as number;
  return { predicted: toViews(median(sorted) as number), low: toViews(lowest), high: toViews(highest) };
}

/**
 * The residuals a prediction made at `at` may learn from: pre-publication predictions of the same horizon
 * scored no later than `at`, most recent first, at most CALIBRATION_WINDOW. The channel's own when it has
 * OWN_LEDGER_ENOUGH of them; otherwise all of its own plus the team's other channels' most recent, up to
 * the window.
 */
export function calibrationResiduals(
  ledger: readonly ScoredForecast[],
  query: { channelId: number; horizonDays: number; at: Date },
): { residuals: number[]; source: 'channel' | 'team'; ownN: number } {
  const eligible = ledger
    .filter((entry) => entry.horizonDays === query.horizonDays && entry.scoredAt.getTime() <= query.at.getTime())
    .flatMap((entry) => {
      const residual = normalisedResidual(entry.raw, entry.actual);
      return residual === null ? [] : [{ entry, residual }];
    })
    .sort(
      (a, b) =>
        b.entry.scoredAt.getTime() - a.entry.scoredAt.getTime() || b.entry.madeAt.getTime() - a.entry.madeAt.getTime(),
    );
  const own = eligible.filter(({ entry }) => entry.channelId === query.channelId).slice(0, CALIBRATION_WINDOW);
  if (own.length >= OWN_LEDGER_ENOUGH) {
    return { residuals: own.map(({ residual }) => residual), source: 'channel', ownN: own.length };
  }
  const others = eligible
    .filter(({ entry }) => entry.channelId !== query.channelId)
    .slice(0, CALIBRATION_WINDOW - own.length);
  return {
    residuals: [...own, ...others].map(({ residual }) => residual),
    source: others.length === 0 ? 'channel' : 'team',
    ownN: own.length,
  };
}

/** A raw pre-publication interval calibrated on the ledger as it stood at `query.at`, saying on what. */
export function calibratePrediction(
  raw: Interval,
  ledger: readonly ScoredForecast[],
  query: { channelId: number; horizonDays: number; at: Date },
): CalibratedInterval {
  const { residuals, source, ownN } = calibrationResiduals(ledger, query);
  const calibrated = calibrateInterval(raw, residuals);
  if (calibrated === null) {
    return { ...raw, calibration: { source: 'none', n: residuals.length, ownN, shift: 0 } };
  }
  const shift = Math.log1p(calibrated.predicted) - Math.log1p(raw.predicted);
  return { ...calibrated, calibration: { source, n: residuals.length, ownN, shift } };
}
