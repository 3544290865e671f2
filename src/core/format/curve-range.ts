import type { BestRange } from '../analytics/best-range.js';
import { postingHourName, postingHourOf } from '../analytics/video-features.js';
import { formatEffect } from './numbers.js';

// The best stretch of the hour and length curves (best-range.ts) as /trends words it, the peak's figures as
// every table row gives them.

function peakFigures({ peak }: BestRange): string {
  return `peak ${peak.group} at ${formatEffect(peak)}, n=${peak.n}, ${peak.confidence} confidence`;
}

/** "Best posting window: 17:00–20:00 (Europe/Berlin): peak 18:00 at +25% [+8%, +45%], n=14, medium confidence". */
export function formatHourWindow(range: BestRange, timezone: string): string {
  const start = range.arms[0] as string;
  // An arm is its whole hour (19:00 is 19:00–19:59), so the window ends where the hour after its last begins.
  const end = postingHourName((postingHourOf(range.arms.at(-1) as string) + 1) % 24);
  return `Best posting window: ${start}–${end} (${timezone}): ${peakFigures(range)}`;
}

/** "Best length range: 20s–40s: peak 25s at +38% [+12%, +70%], n=14, medium confidence". */
export function formatLengthRange(range: BestRange): string {
  const first = range.arms[0] as string;
  const last = range.arms.at(-1) as string;
  return `Best length range: ${first === last ? first : `${first}–${last}`}: ${peakFigures(range)}`;
}
