// Deterministic features of a single video for the pattern engine: length (on a grid of durations), local posting
// hour in the channel timezone, hook style and title features. Plain rules, no model: the same video always reads the same way, and
// each rule is simple enough to show a user.

import { offsetMs } from '../time/zoned-time.js';
import { type AnalyticsVideo, DAY_MS, HOUR_MS } from './analytics-video.js';

export type Weekday = 'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat' | 'Sun';
export type HookStyle = 'question' | 'number-list' | 'bold-claim' | 'pov' | 'story' | 'how-to' | 'other';
export const HOOK_STYLES: readonly HookStyle[] = [
  'question',
  'number-list',
  'bold-claim',
  'pov',
  'story',
  'how-to',
  'other',
];
export type TitleLength = 'short' | 'medium' | 'long';

export interface PostingSlot {
  weekday: Weekday;
  /** Local hour in the channel timezone, 0–23. */
  hour: number;
}

export interface TitleFeatures {
  /** Contains a digit. */
  hasNumber: boolean;
  /** Reads as a question (see `looksLikeQuestion`). */
  isQuestion: boolean;
  /** "Part 2", "Episode 5", "#3", "2/4", "… Series". */
  isSeries: boolean;
  /** A word of four or more capitals ("FREE", "NEVER"); shorter ones are mostly acronyms (SQL, POV). */
  hasAllCapsWord: boolean;
  hasEmoji: boolean;
  /** Contains "|" or ":". */
  hasSeparator: boolean;
  /** Characters (code points): short ≤ 40, long > 70. */
  length: TitleLength;
}

/**
 * THE length dimension: durations on a grid, a video at its nearest point in ln seconds (30 s and 33 s are the
 * same choice, 5 s and 10 s are not). Fine enough for a plan to aim at ("aim for 40 s"), and the effect model
 * learns it as a smooth curve (curve-kernels.ts), so a point with few videos borrows from its neighbours.
 * Shorts up to 180 s in steps of about a fifth, long-form beyond.
 */
export const LENGTH_GRID_S: readonly number[] = [
  5, 10, 15, 20, 25, 30, 40, 50, 60, 75, 90, 120, 150, 180, 240, 360, 600, 900, 1200, 1800, 3600,
];

/** A grid length's arm name: "40s", "150s", "3min", "1h". */
export function lengthName(seconds: number): string {
  if (seconds < 180) return `${seconds}s`;
  return seconds < 3600 ? `${seconds / 60}min` : `${seconds / 3600}h`;
}

export const LENGTH_NAMES: readonly string[] = LENGTH_GRID_S.map(lengthName);

/**
 * The grid point nearest in ln seconds (ties to the shorter); null when unknown or not positive. Only the two grid
 * points around the duration can be nearest (the distance in ln seconds falls, then rises, along the grid), so
 * only their logarithms are taken, not all 21 twice: every video's length is read on each analysis.
 */
export function lengthGridS(durationS: number | null): number | null {
  if (durationS === null || !Number.isFinite(durationS) || durationS <= 0) return null;
  let above = 0;
  while (above < LENGTH_GRID_S.length && (LENGTH_GRID_S[above] as number) < durationS) above++;
  if (above === 0) return LENGTH_GRID_S[0] as number;
  const shorter = LENGTH_GRID_S[above - 1] as number;
  if (above === LENGTH_GRID_S.length) return shorter;
  const longer = LENGTH_GRID_S[above] as number;
  return Math.abs(Math.log(durationS / longer)) < Math.abs(Math.log(durationS / shorter)) ? longer : shorter;
}

/** A duration's arm of the length dimension; null when unknown or not positive. */
export function lengthArm(durationS: number | null): string | null {
  const seconds = lengthGridS(durationS);
  return seconds === null ? null : lengthName(seconds);
}

/** The seconds of a length arm ("40s" → 40). */
export function lengthArmSeconds(arm: string): number {
  return LENGTH_GRID_S[LENGTH_NAMES.indexOf(arm)] as number;
}

/**
 * THE posting-time dimension: the local hour, "19:00" (19:00–19:59 on the channel's clock, DST included). An
 * hour alone holds few videos, so the effect model learns the hours as one smooth daily curve (curve-kernels.ts)
 * rather than as independent slots; a plan names the hour itself. Every answer to "when should we post"
 * (/trends, /strategy, insights, the digest chart, /script's plan) reads this one dimension.
 */
const pad = (hour: number) => String(hour).padStart(2, '0');
export const POSTING_HOURS: readonly string[] = Array.from({ length: 24 }, (_, hour) => `${pad(hour)}:00`);

/** The arm of a local hour (0–23): "07:00". */
export function postingHourName(hour: number): string {
  return POSTING_HOURS[hour] as string;
}

/** The local hour of an arm ("19:00" → 19). */
export function postingHourOf(arm: string): number {
  return POSTING_HOURS.indexOf(arm);
}

/**
 * A video's posting hour in the channel's timezone; null when the publish time, or its time of day, is unknown
 * (a Studio export gives a date alone, which would otherwise read as midnight UTC).
 */
export function videoPostingTime(
  video: Pick<AnalyticsVideo, 'publishedAt' | 'publishTimeKnown'>,
  timezone: string,
): string | null {
  if (!video.publishTimeKnown) return null;
  const slot = postingSlot(video.publishedAt, timezone);
  return slot === null ? null : postingHourName(slot.hour);
}

// The local clock is the instant shifted by the zone's UTC offset. Intl knows the offsets (DST included) but costs
// microseconds a call, so each zone's offset is read once per UTC day: at the day's start and the next day's. Where
// the two agree, no transition falls inside the day (zones change at most once a day) and every instant of it
// shifts by that offset; a day with a transition asks Intl about each instant. A day's start is also the day
// before's end, so each start is read once: a channel posting daily costs one Intl call per day, not two (10,000
// videos' first analysis spent about 0.1 s in Intl).
const dayOffsets = new Map<string, Map<number, number | null>>();
const startOffsets = new Map<string, Map<number, number>>();
/** Weekdays in the order of `Date.prototype.getUTCDay()`. */
export const WEEKDAYS_FROM_SUNDAY: readonly Weekday[] = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The offset that holds for the whole UTC day `day` (days since 1970), or null when it changes within it. */
function offsetForDay(timeZone: string, day: number): number | null {
  let days = dayOffsets.get(timeZone);
  if (days === undefined) {
    days = new Map();
    dayOffsets.set(timeZone, days);
  }
  let offset = days.get(day);
  if (offset === undefined) {
    const atStart = offsetAtDayStart(timeZone, day);
    offset = atStart === offsetAtDayStart(timeZone, day + 1) ? atStart : null;
    days.set(day, offset);
  }
  return offset;
}

/** The zone's offset at 00:00 UTC of `day` (days since 1970), read from Intl once. */
function offsetAtDayStart(timeZone: string, day: number): number {
  let starts = startOffsets.get(timeZone);
  if (starts === undefined) {
    starts = new Map();
    startOffsets.set(timeZone, starts);
  }
  let offset = starts.get(day);
  if (offset === undefined) {
    offset = offsetMs(new Date(day * DAY_MS), timeZone);
    starts.set(day, offset);
  }
  return offset;
}

/**
 * Weekday and hour of the publish time on the channel's local clock, DST included. Null when the time is
 * unknown; an unknown timezone throws Intl's RangeError.
 */
export function postingSlot(publishedAt: Date | null, timezone: string): PostingSlot | null {
  const ms = publishedAt === null ? Number.NaN : publishedAt.getTime();
  if (Number.isNaN(ms)) return null;
  const offset = offsetForDay(timezone, Math.floor(ms / DAY_MS)) ?? offsetMs(publishedAt as Date, timezone);
  const local = ms + offset;
  const localDay = Math.floor(local / DAY_MS);
  const hour = Math.floor((local - localDay * DAY_MS) / HOUR_MS);
  return { weekday: WEEKDAYS_FROM_SUNDAY[(((localDay + 4) % 7) + 7) % 7] as Weekday, hour };
}

// Hook rules, tried in order; the first that matches wins. The text is the spoken first line, or the title.
//   pov          starts with "POV"
//   how-to       starts with "how to", or says "tutorial", "step by step", "guide"
//   question     contains "?", or opens like one ("why", "what", "who", "is", "are", "do", "can", "ever wondered"…)
//   number-list  starts with a count ("5 …", "Top 10 …", "Here are 3 …"), not an amount ("2 Hour …", "1 Million …")
//   story        opens in the first person or in time ("I …", "My …", "We …", "Last week …", "The day my …")
//   bold-claim   an absolute or a provocation ("wrong", "never", "secret", "everything", "stop", "best", …)
//   other        none of these
const POV = /^pov\b/;
const HOW_TO = /^how[- ]to\b|\b(tutorials?|step[- ]by[- ]step|guide)\b/;
const QUESTION_OPENING = /^(why|what|who|is|are|do|does|did|can|could|should|would|will|have you|ever wondered)\b/;
const COUNT_OPENING =
  /^((top|here are|here's|the)\s+)?(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+(?!(hours?|minutes?|seconds?|days?|weeks?|months?|years?|million|thousand|k)\b)[a-z]/;
const STORY_OPENING =
  /^(i|i'm|i've|i'd|my|we|we're|our|yesterday|one day|when i|last (week|month|year|night|time)|the (day|night|time) (i|my|we))\b/;
const BOLD_WORDS =
  /\b(wrong|never|always|stop|secret|trick|forever|everything|everyone|nobody|nothing|best|worst|hate|truth|myth|lie|lies|ultimate|only|must|instantly|insane|shocking)\b/;

/** Lowercased, typographic apostrophes straightened, leading emoji/quotes/punctuation dropped. */
function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .trim();
}

function isQuestionText(normalised: string): boolean {
  return normalised.includes('?') || QUESTION_OPENING.test(normalised);
}

/** Contains "?" or opens like a question ("Why …", "Are you …", "Ever wondered …"); "Where"/"Which" need the "?". */
export function looksLikeQuestion(text: string): boolean {
  return isQuestionText(normaliseText(text));
}

export function hookStyle(text: string): HookStyle {
  const normalised = normaliseText(text);
  if (normalised === '') return 'other';
  if (POV.test(normalised)) return 'pov';
  if (HOW_TO.test(normalised)) return 'how-to';
  if (isQuestionText(normalised)) return 'question';
  if (COUNT_OPENING.test(normalised)) return 'number-list';
  if (STORY_OPENING.test(normalised)) return 'story';
  if (BOLD_WORDS.test(normalised)) return 'bold-claim';
  return 'other';
}

/** The hook style of a video: from its spoken first line when known, else from its title. */
export function videoHookStyle(video: { hookLine: string | null; title: string }): HookStyle {
  const hookLine = video.hookLine?.trim() ?? '';
  return hookStyle(hookLine === '' ? video.title : hookLine);
}

const SERIES_MARKER =
  /\b(part|pt\.?|episode|ep\.?|chapter|lesson|vol\.?)\s*#?\d+|#\d+\b|\b\d+\s*\/\s*\d+\b|\bseries\b/i;
const ALL_CAPS_WORD = /(?<![\p{L}\p{N}])\p{Lu}{4,}(?![\p{L}\p{N}])/u;
const EMOJI = /\p{Extended_Pictographic}/u;
const SHORT_TITLE_MAX = 40;
const LONG_TITLE_MIN = 71;

function titleLength(title: string): TitleLength {
  // Code points, as [...title].length counts them: a surrogate pair is one.
  let characters = title.length;
  for (let i = 0; i + 1 < title.length; i++) {
    const unit = title.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = title.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        characters--;
        i++;
      }
    }
  }
  if (characters <= SHORT_TITLE_MAX) return 'short';
  return characters >= LONG_TITLE_MIN ? 'long' : 'medium';
}

export function titleFeatures(title: string): TitleFeatures {
  return {
    hasNumber: /\d/.test(title),
    isQuestion: looksLikeQuestion(title),
    isSeries: SERIES_MARKER.test(title),
    hasAllCapsWord: ALL_CAPS_WORD.test(title),
    hasEmoji: EMOJI.test(title),
    hasSeparator: /[|:]/.test(title),
    length: titleLength(title),
  };
}
