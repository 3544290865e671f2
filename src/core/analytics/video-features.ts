// Deterministic features of a single video for the pattern engine: length (on a grid of durations), local posting
// hour in the channel timezone, hook style and title features. Plain rules, no model: the same video always reads the same way, and
// each rule is simple enough to show a user.

import { offsetMs } from '../time/zoned-time.js';
import { type AnalyticsVideo, DAY_MS, HOUR_MS } from './analytics-video.js';
import type { HookRules } from './hook-patterns.js';

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

/**
 * A duration's arm of the length dimension; null when unknown or not positive. The name from LENGTH_NAMES, not built
 * again: every video's length is read on each analysis, and the fit looks each arm up by name.
 */
export function lengthArm(durationS: number | null): string | null {
  const seconds = lengthGridS(durationS);
  return seconds === null ? null : (LENGTH_NAMES[LENGTH_GRID_S.indexOf(seconds)] as string);
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
  const ms = video.publishedAt === null ? Number.NaN : video.publishedAt.getTime();
  // The hour alone: no weekday, no slot object (every video's hour is read on each analysis).
  return Number.isNaN(ms) ? null : postingHourName(localHour(localMs(ms, timezone)));
}

// The local clock is the instant shifted by the zone's UTC offset. Intl knows the offsets (DST included) but costs
// microseconds a call, so each zone's offset is read once per UTC day: at the day's start and the next day's. Where
// the two agree, no transition falls inside the day (zones change at most once a day) and every instant of it
// shifts by that offset; a day with a transition asks Intl about each instant. A day's start is also the day
// before's end, so each start is read once: a channel posting daily costs one Intl call per day, not two (10,000
// videos' first analysis spent about 0.1 s in Intl).
//
// The offsets that hold all day are kept by block of DAY_BLOCK days in typed arrays: NaN not read yet, Infinity
// where the offset changes within the day. A Map by day (15,000 entries for a daily channel since 1985) missed the
// processor's cache on most of the per-video reads; a channel's videos fall in a few blocks, read in date order.
const DAY_BLOCK = 512;
const dayOffsets = new Map<string, Map<number, Float64Array>>();
const startOffsets = new Map<string, Map<number, number>>();
/** Weekdays in the order of `Date.prototype.getUTCDay()`. */
export const WEEKDAYS_FROM_SUNDAY: readonly Weekday[] = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The offset that holds for the whole UTC day `day` (days since 1970), or null when it changes within it. */
function offsetForDay(timeZone: string, day: number): number | null {
  let blocks = dayOffsets.get(timeZone);
  if (blocks === undefined) {
    blocks = new Map();
    dayOffsets.set(timeZone, blocks);
  }
  const key = Math.floor(day / DAY_BLOCK);
  let block = blocks.get(key);
  if (block === undefined) {
    block = new Float64Array(DAY_BLOCK).fill(Number.NaN);
    blocks.set(key, block);
  }
  const at = day - key * DAY_BLOCK;
  let offset = block[at] as number;
  if (Number.isNaN(offset)) {
    const atStart = offsetAtDayStart(timeZone, day);
    offset = atStart === offsetAtDayStart(timeZone, day + 1) ? atStart : Number.POSITIVE_INFINITY;
    block[at] = offset;
  }
  return offset === Number.POSITIVE_INFINITY ? null : offset;
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

/** The instant `ms` (finite) on the zone's clock, as milliseconds since 1970 read as UTC. */
function localMs(ms: number, timeZone: string): number {
  return ms + (offsetForDay(timeZone, Math.floor(ms / DAY_MS)) ?? offsetMs(new Date(ms), timeZone));
}

/** The hour (0–23) of a local time from `localMs`. */
function localHour(local: number): number {
  return Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / HOUR_MS);
}

/**
 * Weekday and hour of the publish time on the channel's local clock, DST included. Null when the time is
 * unknown; an unknown timezone throws Intl's RangeError.
 */
export function postingSlot(publishedAt: Date | null, timezone: string): PostingSlot | null {
  const ms = publishedAt === null ? Number.NaN : publishedAt.getTime();
  if (Number.isNaN(ms)) return null;
  const local = localMs(ms, timezone);
  const localDay = Math.floor(local / DAY_MS);
  return { weekday: WEEKDAYS_FROM_SUNDAY[(((localDay + 4) % 7) + 7) % 7] as Weekday, hour: localHour(local) };
}

// Hook rules, tried in order; the first that matches wins. The text is the spoken first line, or the title. The
// words are English plus the channel's languages' (hook-patterns.ts); in English:
//   pov          starts with "POV"
//   how-to       starts with "how to", or says "tutorial", "step by step", "guide"
//   question     contains "?", or opens like one ("why", "what", "who", "is", "are", "do", "can", "ever wondered"…)
//   number-list  starts with a count before any word ("5 …", "Top 10 …", "3 éclairs …"), not an amount ("2 Hour …")
//   story        opens in the first person or in time ("I …", "My …", "We …", "Last week …", "The day my …")
//   bold-claim   an absolute or a provocation ("wrong", "never", "secret", "everything", "stop", "best", …)
//   other        none of these
const POV = /^pov\b/;

const TYPOGRAPHIC_APOSTROPHES = /[\u2018\u2019]/g;
const LEADING_NON_WORD = /^[^\p{L}\p{N}]+/u;

/**
 * Lowercased, typographic apostrophes straightened, leading emoji/quotes/punctuation dropped. Each video's title and
 * hook line go through it on every analysis, so the two replacements run only where they can change something:
 * apostrophes present, or a first character that is not an ASCII letter or digit (which the strip would keep).
 */
function normaliseText(text: string): string {
  let lowered = text.toLowerCase();
  if (lowered.includes('\u2018') || lowered.includes('\u2019')) lowered = lowered.replace(TYPOGRAPHIC_APOSTROPHES, "'");
  const first = lowered.charCodeAt(0);
  if (!((first >= 97 && first <= 122) || (first >= 48 && first <= 57))) lowered = lowered.replace(LEADING_NON_WORD, '');
  return lowered.trim();
}

function isQuestionText(text: string, normalised: string, rules: HookRules): boolean {
  return normalised.includes('?') || rules.question.test(normalised) || (rules.questionMarks?.test(text) ?? false);
}

/**
 * Contains "?" or reads as a question in the channel's languages ("Why …", "Are you …", "Pourquoi …", "…？");
 * "Where"/"Which" need the "?".
 */
export function looksLikeQuestion(text: string, rules: HookRules): boolean {
  return isQuestionText(text, normaliseText(text), rules);
}

/** The hook style of a line or title, read with the rules of the channel's languages (`hookRules`). */
export function hookStyle(text: string, rules: HookRules): HookStyle {
  const normalised = normaliseText(text);
  if (normalised === '') return 'other';
  if (POV.test(normalised)) return 'pov';
  if (rules.howTo.test(normalised)) return 'how-to';
  if (isQuestionText(text, normalised, rules)) return 'question';
  if (rules.countOpening.test(normalised)) return 'number-list';
  if (rules.storyOpening.test(normalised)) return 'story';
  if (rules.boldWords.test(normalised)) return 'bold-claim';
  return 'other';
}

/** The hook style of a video: from its spoken first line when known, else from its title. */
export function videoHookStyle(video: { hookLine: string | null; title: string }, rules: HookRules): HookStyle {
  const hookLine = video.hookLine?.trim() ?? '';
  return hookStyle(hookLine === '' ? video.title : hookLine, rules);
}

const SERIES_MARKER =
  /\b(part|pt\.?|episode|ep\.?|chapter|lesson|vol\.?)\s*#?\d+|#\d+\b|\b\d+\s*\/\s*\d+\b|\bseries\b/i;
/** SERIES_MARKER's one alternative without a digit: all a title without digits can match. */
const SERIES_WORD = /\bseries\b/i;
const ALL_CAPS_WORD = /(?<![\p{L}\p{N}])\p{Lu}{4,}(?![\p{L}\p{N}])/u;
const EMOJI = /\p{Extended_Pictographic}/u;
/** The first Extended_Pictographic code point (©): a title without a code unit from here up has no emoji. */
const FIRST_PICTOGRAPHIC = 0xa9;
const SHORT_TITLE_MAX = 40;
const LONG_TITLE_MIN = 71;

function titleLength(characters: number): TitleLength {
  if (characters <= SHORT_TITLE_MAX) return 'short';
  return characters >= LONG_TITLE_MIN ? 'long' : 'medium';
}

/**
 * One pass over the title's code units counts its characters and finds what two regular expressions found (a digit,
 * "|" or ":"), and tells when the two Unicode ones cannot match, so they run only where they might: four ASCII
 * capitals in a row or any non-ASCII character for the capitals word, a code unit from U+00A9 up for an emoji; the
 * series marker's full expression runs on titles with a digit. Every title is read on each analysis; the answers are
 * the expressions' own.
 */
export function titleFeatures(title: string, rules: HookRules): TitleFeatures {
  // Code points, as [...title].length counts them: a surrogate pair is one.
  let characters = title.length;
  let hasNumber = false;
  let hasSeparator = false;
  let capitals = 0;
  let capitalsRun = false;
  let ascii = true;
  let pictographic = false;
  for (let i = 0; i < title.length; i++) {
    const unit = title.charCodeAt(i);
    if (unit < 0x80) {
      if (unit >= 48 && unit <= 57) hasNumber = true;
      else if (unit === 124 || unit === 58) hasSeparator = true;
      if (unit >= 65 && unit <= 90) {
        if (++capitals >= 4) capitalsRun = true;
      } else capitals = 0;
      continue;
    }
    ascii = false;
    if (unit >= FIRST_PICTOGRAPHIC) pictographic = true;
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < title.length) {
      const next = title.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        characters--;
        i++;
      }
    }
  }
  return {
    hasNumber,
    isQuestion: looksLikeQuestion(title, rules),
    isSeries: hasNumber ? SERIES_MARKER.test(title) : SERIES_WORD.test(title),
    hasAllCapsWord: (capitalsRun || !ascii) && ALL_CAPS_WORD.test(title),
    hasEmoji: pictographic && EMOJI.test(title),
    hasSeparator,
    length: titleLength(characters),
  };
}
