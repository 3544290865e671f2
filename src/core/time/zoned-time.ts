// Local dates and clock times in IANA timezones, with Intl only: the zone's rules (DST included) come from
// the runtime's time-zone data.

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `timeZone` is an IANA zone the runtime knows ("Europe/Berlin", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(at: Date, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts as unknown as LocalParts;
}

/** The calendar date at `at` on the clocks of `timeZone`, as "YYYY-MM-DD". */
export function localDate(at: Date, timeZone: string): string {
  const { year, month, day } = localParts(at, timeZone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Milliseconds the zone's clock is ahead of UTC at `at`. */
export function offsetMs(at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant the clocks of `timeZone` show `time` ("HH:MM") on `date` ("YYYY-MM-DD"). The zone's offsets a
 * day either side are tried: a time repeated when clocks go back resolves to its first occurrence, a time
 * skipped when they go forward to the instant the gap's length later.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const candidates = [asUtc - DAY_MS, asUtc + DAY_MS].map((probe) => asUtc - offsetMs(new Date(probe), timeZone));
  const shows = (instant: number) => {
    const p = localParts(new Date(instant), timeZone);
    return p.year === year && p.month === month && p.day === day && p.hour === hour && p.minute === minute;
  };
  const exact = candidates.filter(shows);
  return new Date(exact.length > 0 ? Math.min(...exact) : Math.max(...candidates));
}

/** `date` ("YYYY-MM-DD") moved by `days`. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** A "YYYY-MM-DD" date as the UTC midnight Prisma uses for `@db.Date` columns. */
export function dateColumn(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** YouTube's quota day runs on Pacific time. */
export const QUOTA_TIMEZONE = 'America/Los_Angeles';
