// Where viewers leave: the audience-retention curve read at fixed seconds, the hook (first 3 s) and the
// sharpest drops after it. Seconds, not shares of the video, because viewers decide in seconds.

import { median, medianInPlace } from '../stats/summary-statistics.js';
import type { AnalyticsVideo, RetentionCurve } from './analytics-video.js';
import { hasFormat, VIDEO_FORMATS, type VideoFormat } from './growth-curve.js';

export const RETENTION_KEY_SECONDS: readonly number[] = [0, 3, 5, 15, 30, 60];
export const HOOK_SECONDS = 3;
/** Before the curve's first sample, a key point takes that sample's value only if it lies within this many s of it. */
export const MAX_LEAD_IN_S = 1;
/** A dip: a run of the (smoothed) curve falling faster than this many times its median rate after the hook … */
export const DIP_SLOPE_FACTOR = 2;
/** … that loses at least this much watch ratio (4 points), so sample noise is not called a dip. */
export const MIN_DIP_DROP = 0.04;
export const MAX_DIPS = 3;

export interface RetentionKeyPoint {
  seconds: number;
  watchRatio: number;
}

export interface RetentionDip {
  startS: number;
  endS: number;
  /** Watch ratio lost from startS to endS, on the smoothed curve. */
  drop: number;
  /** What the curve's median rate of loss would lose over the same stretch. */
  typicalDrop: number;
}

export interface RetentionSummary {
  durationS: number;
  /** Usable samples of the curve. */
  samples: number;
  /** At RETENTION_KEY_SECONDS; seconds beyond the video (or before a coarse curve's first sample) are omitted. */
  keyPoints: RetentionKeyPoint[];
  /** Watch ratio at 3 s; null when the curve cannot show it. */
  hookHold: number | null;
  /** Largest first, at most MAX_DIPS. */
  dips: RetentionDip[];
}

export interface TimedSample {
  seconds: number;
  watchRatio: number;
}

/**
 * The curve's usable samples in order. Stored curves are already clean and sorted and come back as they are:
 * channel medians read tens of thousands of curves, and copying each cost more than reading it.
 */
export function usableCurve(retention: RetentionCurve): RetentionCurve {
  const { ratios, watchRatios } = retention;
  // Usable (inside the video, finite non-negative watch ratio) and ascending in one comparison chain: `ratio > previous` from 0 also says ratio > 0.
  let clean = true;
  let previous = 0;
  for (let index = 0; index < ratios.length; index++) {
    const ratio = ratios[index] as number;
    const watchRatio = watchRatios[index] as number;
    if (!(ratio > previous && ratio <= 1 && watchRatio >= 0 && watchRatio < Number.POSITIVE_INFINITY)) {
      clean = false;
      break;
    }
    previous = ratio;
  }
  if (clean) return retention;
  // Array.prototype.sort is stable, so samples at the same ratio keep their order.
  const kept = Array.from(ratios.keys())
    .filter((index) => {
      const ratio = ratios[index] as number;
      return ratio > 0 && ratio <= 1 && Number.isFinite(watchRatios[index] as number);
    })
    .sort((a, b) => (ratios[a] as number) - (ratios[b] as number));
  return {
    ratios: Float64Array.from(kept, (index) => ratios[index] as number),
    watchRatios: Float64Array.from(kept, (index) => Math.max(0, watchRatios[index] as number)),
  };
}

/** The curve against seconds into the video instead of shares of it. */
export function curveInSeconds({ ratios, watchRatios }: RetentionCurve, durationS: number): TimedSample[] {
  return Array.from(ratios, (ratio, index) => ({
    seconds: ratio * durationS,
    watchRatio: watchRatios[index] as number,
  }));
}

/**
 * The curve's watch ratio at each key second, in one pass (the key seconds ascend), written to `into` by the key
 * second's index: linear between samples; NaN for a key second past the curve's end, past the video, or more than
 * MAX_LEAD_IN_S before the first sample (a usable curve's watch ratios are finite, so NaN marks only these). A
 * typed array instead of point objects: channel medians read every video's curve.
 */
function keyPointRatiosAlong({ ratios, watchRatios }: RetentionCurve, durationS: number, into: Float64Array): void {
  into.fill(Number.NaN);
  const count = ratios.length;
  if (count === 0) return;
  const firstSeconds = (ratios[0] as number) * durationS;
  const lastSeconds = (ratios[count - 1] as number) * durationS;
  let index = 1;
  for (let key = 0; key < RETENTION_KEY_SECONDS.length; key++) {
    const seconds = RETENTION_KEY_SECONDS[key] as number;
    if (seconds > durationS || seconds > lastSeconds) break;
    if (seconds <= firstSeconds) {
      if (firstSeconds - seconds <= MAX_LEAD_IN_S) into[key] = watchRatios[0] as number;
      continue;
    }
    while (seconds > (ratios[index] as number) * durationS) index++;
    const beforeSeconds = (ratios[index - 1] as number) * durationS;
    const beforeRatio = watchRatios[index - 1] as number;
    const afterRatio = watchRatios[index] as number;
    const span = (ratios[index] as number) * durationS - beforeSeconds;
    into[key] = span === 0 ? afterRatio : beforeRatio + ((afterRatio - beforeRatio) * (seconds - beforeSeconds)) / span;
  }
}

interface Segment {
  startS: number;
  endS: number;
  startRatio: number;
  endRatio: number;
  /** Watch ratio lost per second; negative where rewatches lift the curve. */
  lossPerSecond: number;
}

function segmentsAfterHook(samples: readonly TimedSample[]): Segment[] {
  const segments: Segment[] = [];
  for (let index = 1; index < samples.length; index++) {
    const start = samples[index - 1] as TimedSample;
    const end = samples[index] as TimedSample;
    if (start.seconds < HOOK_SECONDS || end.seconds <= start.seconds) continue;
    segments.push({
      startS: start.seconds,
      endS: end.seconds,
      startRatio: start.watchRatio,
      endRatio: end.watchRatio,
      lossPerSecond: (start.watchRatio - end.watchRatio) / (end.seconds - start.seconds),
    });
  }
  return segments;
}

/** Three-sample moving average: YouTube's curve is noisy sample to sample, and noise must not split a dip. */
function smoothed(samples: readonly TimedSample[]): TimedSample[] {
  return samples.map((sample, index) => {
    const from = Math.max(0, index - 1);
    const to = Math.min(samples.length - 1, index + 1);
    let sum = 0;
    for (let at = from; at <= to; at++) sum += (samples[at] as TimedSample).watchRatio;
    return { seconds: sample.seconds, watchRatio: sum / (to - from + 1) };
  });
}

/** Runs of consecutive segments of the smoothed curve losing viewers faster than DIP_SLOPE_FACTOR × its median rate. */
function findDips(samples: readonly TimedSample[]): RetentionDip[] {
  const segments = segmentsAfterHook(smoothed(samples));
  const typicalLoss = Math.max(0, median(segments.map((segment) => segment.lossPerSecond)) ?? 0);
  const threshold = DIP_SLOPE_FACTOR * typicalLoss;
  const dips: RetentionDip[] = [];
  let run: Segment[] = [];
  const closeRun = () => {
    const first = run[0];
    const last = run.at(-1);
    if (first && last && first.startRatio - last.endRatio >= MIN_DIP_DROP) {
      dips.push({
        startS: first.startS,
        endS: last.endS,
        drop: first.startRatio - last.endRatio,
        typicalDrop: typicalLoss * (last.endS - first.startS),
      });
    }
    run = [];
  };
  for (const segment of segments) {
    const continuesRun = run.length === 0 || run.at(-1)?.endS === segment.startS;
    if (!continuesRun) closeRun();
    if (segment.lossPerSecond > threshold && segment.lossPerSecond > 0) run.push(segment);
    else closeRun();
  }
  closeRun();
  return dips.sort((a, b) => b.drop - a.drop || a.startS - b.startS).slice(0, MAX_DIPS);
}

/** Scratch for keyPointRatiosAlong: one slot per key second. */
const keyPointRatios = new Float64Array(RETENTION_KEY_SECONDS.length);

/**
 * Whether the video has a curve and a known duration; if so, its usable curve's key point ratios are left in
 * `keyPointRatios` (see keyPointRatiosAlong) and the usable curve is returned.
 */
function readKeyPoints(retention: RetentionCurve, durationS: number | null): RetentionCurve | null {
  if (durationS === null || !(durationS > 0) || !Number.isFinite(durationS)) return null;
  const curve = usableCurve(retention);
  if (curve.ratios.length === 0) return null;
  keyPointRatiosAlong(curve, durationS, keyPointRatios);
  return curve;
}

/** Key points, hook hold and dips of one video's curve; null without a curve or a known duration. */
export function retentionKeyPoints(retention: RetentionCurve, durationS: number | null): RetentionSummary | null {
  const curve = readKeyPoints(retention, durationS);
  if (curve === null) return null;
  const keyPoints: RetentionKeyPoint[] = [];
  RETENTION_KEY_SECONDS.forEach((seconds, key) => {
    const watchRatio = keyPointRatios[key] as number;
    if (!Number.isNaN(watchRatio)) keyPoints.push({ seconds, watchRatio });
  });
  return {
    durationS: durationS as number,
    samples: curve.ratios.length,
    keyPoints,
    hookHold: keyPoints.find((point) => point.seconds === HOOK_SECONDS)?.watchRatio ?? null,
    dips: findDips(curveInSeconds(curve, durationS as number)),
  };
}

export interface RetentionMedian {
  seconds: number;
  median: number | null;
  n: number;
}

export interface FormatRetentionMedians {
  keyPoints: RetentionMedian[];
  hookHold: { median: number | null; n: number };
}

const HOOK_KEY = RETENTION_KEY_SECONDS.indexOf(HOOK_SECONDS);

/** The channel's median retention at each key point and its median hook hold, per format. */
export function channelRetentionMedians(
  videos: readonly AnalyticsVideo[],
): Record<VideoFormat, FormatRetentionMedians> {
  // Each usable curve's ratios at the key seconds (NaN where it cannot show one), a row per curve in video order,
  // and the formats it counts in: one flat array, where a list per format and second, grown by push and then
  // copied by `median`, was a tenth of an analysis' garbage.
  const keyCount = RETENTION_KEY_SECONDS.length;
  const rows = new Float64Array(videos.length * keyCount);
  const formatBits = new Uint8Array(videos.length);
  let rowCount = 0;
  for (let position = 0; position < videos.length; position++) {
    const video = videos[position] as AnalyticsVideo;
    if (readKeyPoints(video.retention, video.durationS) === null) continue;
    let bits = 0;
    for (let format = 0; format < VIDEO_FORMATS.length; format++) {
      if (hasFormat(video, VIDEO_FORMATS[format] as VideoFormat)) bits |= 1 << format;
    }
    formatBits[rowCount] = bits;
    rows.set(keyPointRatios, rowCount * keyCount);
    rowCount++;
  }
  const finite = new Float64Array(rowCount);
  const mediansOf = (format: number): FormatRetentionMedians => {
    const keyPoints = RETENTION_KEY_SECONDS.map((seconds, key) => {
      // `median` of the curves' ratios: n counts every one shown, the median the finite ones, in video order.
      let n = 0;
      let count = 0;
      for (let row = 0; row < rowCount; row++) {
        if (((formatBits[row] as number) & (1 << format)) === 0) continue;
        const watchRatio = rows[row * keyCount + key] as number;
        if (Number.isNaN(watchRatio)) continue;
        n++;
        if (Number.isFinite(watchRatio)) finite[count++] = watchRatio;
      }
      return { seconds, median: count === 0 ? null : medianInPlace(finite, count), n };
    });
    // The hook hold is the key point at HOOK_SECONDS.
    const hook = keyPoints[HOOK_KEY] as RetentionMedian;
    return { keyPoints, hookHold: { median: hook.median, n: hook.n } };
  };
  return Object.fromEntries(VIDEO_FORMATS.map((format, index) => [format, mediansOf(index)])) as Record<
    VideoFormat,
    FormatRetentionMedians
  >;
}
