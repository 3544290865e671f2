// When the demo creator uploads: roughly daily over at least six months, with two breaks and a few double days,
// at local hours in the channel's timezone.

import { WEEKDAYS_FROM_SUNDAY, type Weekday } from '../analytics/video-features.js';
import type { SeededRandom } from '../random/seeded-random.js';
import { addDays, dateColumn, localDate, zonedInstant } from '../time/zoned-time.js';

export interface Slot {
  publishedAt: Date;
  /** Local hour and weekday in the channel timezone. */
  hour: number;
  weekday: Weekday;
}

/** Long enough that even a small demo channel spans more than six months. */
const MIN_SPAN_DAYS = 190;
const DOUBLE_DAY_SHARE = 0.04;

// The creator's habit: any hour from 7:00 to 22:00 local, most often around lunch and early evening.
const POSTING_HOURS = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22];
const POSTING_HOUR_WEIGHTS = [1, 2, 2, 2, 3, 3, 2, 2, 2, 3, 4, 4, 3, 3, 2, 1];
const POSTING_MINUTES = [0, 0, 0, 15, 30, 30, 45];

/** Day indices (0 = first day) with uploads: roughly daily, two breaks of 6–10 days, first and last day kept. */
function pickPostingDays(rng: SeededRandom, spanDays: number, postingDayCount: number): number[] {
  const breakDays = new Set<number>();
  for (let i = 0; i < 2; i++) {
    const start = rng.int(20, spanDays - 30);
    const length = rng.int(6, 10);
    for (let day = start; day < start + length; day++) breakDays.add(day);
  }
  // The span is ≥ 1.5 uploads per day (or MIN_SPAN_DAYS), so enough days remain after the breaks.
  const candidates = [];
  for (let day = 1; day < spanDays - 1; day++) if (!breakDays.has(day)) candidates.push(day);
  const chosen = rng.shuffle(candidates).slice(0, Math.max(0, postingDayCount - 2));
  // The first and last days of the span are always posting days, except for a one-video channel.
  if (postingDayCount === 1) return [spanDays - 1];
  return [0, ...chosen, spanDays - 1].sort((a, b) => a - b);
}

/** Hours at least three apart, for a day with more than one upload. */
function pickPostingHours(rng: SeededRandom, uploads: number): number[] {
  const hours: number[] = [];
  while (hours.length < uploads) {
    const hour = rng.weightedPick(POSTING_HOURS, POSTING_HOUR_WEIGHTS);
    if (hours.every((taken) => Math.abs(taken - hour) >= 3)) hours.push(hour);
  }
  return hours;
}

/** Upload slots, oldest first; the last day is the day before endDate's local date, so all precede endDate. */
export function planSchedule(rng: SeededRandom, timeZone: string, endDate: Date, count: number): Slot[] {
  const spanDays = Math.max(MIN_SPAN_DAYS, Math.ceil(count * 1.5));
  const doubleDayCount = Math.round(count * DOUBLE_DAY_SHARE);
  const postingDays = pickPostingDays(rng, spanDays, count - doubleDayCount);
  const doubleDays = new Set(rng.shuffle(postingDays).slice(0, doubleDayCount));
  const endLocalDate = localDate(endDate, timeZone);
  const slots: Slot[] = [];
  for (const dayIndex of postingDays) {
    const date = addDays(endLocalDate, dayIndex - spanDays);
    const weekday = WEEKDAYS_FROM_SUNDAY[dateColumn(date).getUTCDay()] as Weekday;
    for (const hour of pickPostingHours(rng, doubleDays.has(dayIndex) ? 2 : 1)) {
      const minute = rng.pick(POSTING_MINUTES);
      const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
      slots.push({ publishedAt: zonedInstant(date, time, timeZone), hour, weekday });
    }
  }
  return slots.sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
}
