import { offsetMs } from '../time/zoned-time.js';

// Quiet hours of an alert room: local times of day in the room's timezone when alerts wait instead of posting
// (they go out when the quiet hours end, if the video still stands there). Minutes after local midnight; the
// start is inclusive, the end exclusive, and 22:00–07:00 wraps past midnight.

export interface QuietHours {
  start: number;
  end: number;
}

const TIME = /^([01]?\d|2[0-3])(?::([0-5]\d))?$/;

/** "22-07", "22:30-06:45": the quiet hours; "off" or "none": none. Throws a RangeError saying what is wrong. */
export function parseQuietHours(text: string): QuietHours | null {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'off' || trimmed === 'none') return null;
  const parts = trimmed.split('-');
  const times = parts.map((part) => TIME.exec(part.trim()));
  if (parts.length !== 2 || times.some((match) => match === null)) {
    throw new RangeError(`"${text}" is not a range of hours such as 22-07 or 22:30-06:45.`);
  }
  const [start, end] = times.map((match) => Number(match?.[1]) * 60 + Number(match?.[2] ?? 0)) as [number, number];
  if (start === end) throw new RangeError(`"${text}" starts and ends at the same time.`);
  return { start, end };
}

/** Minutes after local midnight at `at` in `timeZone`. */
export function localMinutes(at: Date, timeZone: string): number {
  const local = at.getTime() + offsetMs(at, timeZone);
  return Math.floor((((local / 60_000) % 1440) + 1440) % 1440);
}

export function inQuietHours(quiet: QuietHours | null, at: Date, timeZone: string): boolean {
  if (quiet === null) return false;
  const minutes = localMinutes(at, timeZone);
  return quiet.start < quiet.end
    ? minutes >= quiet.start && minutes < quiet.end
    : minutes >= quiet.start || minutes < quiet.end;
}

/** "22:00–07:00", or "none". */
export function formatQuietHours(quiet: QuietHours | null): string {
  if (quiet === null) return 'none';
  const time = (minutes: number) =>
    `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${time(quiet.start)}–${time(quiet.end)}`;
}

/** The room's quiet hours as stored (both columns set, or none). */
export function quietHoursOf(room: { quietStart: number | null; quietEnd: number | null }): QuietHours | null {
  return room.quietStart === null || room.quietEnd === null ? null : { start: room.quietStart, end: room.quietEnd };
}
