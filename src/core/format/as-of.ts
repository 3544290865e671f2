import type { ReplyField } from '../reply.js';
import { formatMoment } from './moments.js';

// The time a channel's figures stand at, as replies show it. The figures themselves never depend on the wall
// clock; only the staleness phrase does, because "how old is this" is a question about now.

const HOUR_MS = 3_600_000;
/** Past this, a reply says how to get newer figures. */
const STALE_AFTER_MS = 24 * HOUR_MS;

/** How long ago the figures were read, and what to do when that is over a day: "(3 days ago — run /refresh …)". */
export function describeStaleness(asOf: Date, now: Date): string {
  const ageMs = Math.max(0, now.getTime() - asOf.getTime());
  const hours = Math.floor(ageMs / HOUR_MS);
  const ago =
    hours < 1
      ? 'less than an hour ago'
      : hours < 48
        ? `${hours} hour${hours === 1 ? '' : 's'} ago`
        : `${Math.floor(hours / 24)} days ago`;
  return ageMs > STALE_AFTER_MS ? `(${ago} — run /refresh or import a newer export)` : `(${ago})`;
}

/** "as of 6 Dec 2026 14:00 UTC (3 days ago — …)"; a channel without any reading says so. */
export function formatAsOf(asOf: Date | null, timeZone: string, now: Date): string {
  if (asOf === null) return 'no stats reading yet — connect YouTube and run /refresh, or import an export';
  return `as of ${formatMoment(asOf, timeZone)} ${describeStaleness(asOf, now)}`;
}

/** The reply field every channel figure comes with: the channel's latest reading, in its timezone. */
export function asOfField(channel: { asOf: Date | null; timezone: string }, now: Date): ReplyField {
  return { label: 'Figures', value: formatAsOf(channel.asOf, channel.timezone, now) };
}
