// Readers for single CSV cells. They take the column's label (as written in the file, for messages) and the raw
// cell; an empty cell is `null` ("unknown"), never zero. A cell that cannot be read throws a CellError whose
// message names the column and the bad value, so the caller can skip the row and say why.

/** One cell could not be read; the row it belongs to is skipped with this message as the reason. */
export class CellError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CellError';
  }
}

export type CellReader = (column: string, cell: string | undefined) => number | null;

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
// Thousands groups of exactly three digits, so a decimal comma ("12,5") is rejected instead of read as 125.
const GROUPED_NUMBER = /^-?\d{1,3}(?:([, \u00a0\u202f])\d{3})(?:\1\d{3})*(?:\.\d+)?$/;
const CLOCK_TIME = /^(\d+):([0-5]\d)(?::([0-5]\d))?(\.\d+)?$/;
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(\.\d+)?)?(Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?$/i;
const MONTH_DAY_YEAR = /^([a-z]+)\.? (\d{1,2}),? (\d{4})$/i;
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const SHOWN_VALUE_MAX = 40;

export function parseText(cell: string | undefined): string | null {
  const text = cell?.trim() ?? '';
  return text === '' ? null : text;
}

export function parseRequiredText(column: string, cell: string | undefined): string {
  const text = parseText(cell);
  if (text === null) throw new CellError(`${column} is empty`);
  return text;
}

/** A whole, non-negative number such as views or likes. */
export function parseCount(column: string, cell: string | undefined): number | null {
  const count = parseSignedCount(column, cell);
  if (count !== null && count < 0) throw new CellError(`${column} ${shown(cell)} is negative`);
  return count;
}

/** A whole number that may be negative, such as YouTube Studio's net subscriber change. */
export function parseSignedCount(column: string, cell: string | undefined): number | null {
  const value = parseNumber(column, cell);
  if (value !== null && !Number.isInteger(value)) throw new CellError(`${column} ${shown(cell)} is not a whole number`);
  return value;
}

/** A non-negative decimal such as a percentage or an average. */
export function parseAmount(column: string, cell: string | undefined): number | null {
  const value = parseNumber(column, cell);
  if (value !== null && value < 0) throw new CellError(`${column} ${shown(cell)} is negative`);
  return value;
}

export function parseHoursAsMinutes(column: string, cell: string | undefined): number | null {
  const hours = parseAmount(column, cell);
  return hours === null ? null : hours * 60;
}

/** Seconds, written as seconds, M:SS or H:MM:SS. */
export function parseDurationS(column: string, cell: string | undefined): number | null {
  const text = cell?.trim() ?? '';
  const clock = CLOCK_TIME.exec(text);
  if (!clock) return parseAmount(column, cell);
  const [, first, second, third, fraction] = clock;
  const [hours, minutes, seconds] = third === undefined ? [0, first, second] : [first, second, third];
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds) + Number(fraction ?? 0);
}

/** A video's length, stored as whole seconds. */
export function parseVideoDurationS(column: string, cell: string | undefined): number | null {
  const seconds = parseDurationS(column, cell);
  if (seconds !== null && !Number.isInteger(seconds)) {
    throw new CellError(`${column} ${shown(cell)} is not a whole number of seconds`);
  }
  return seconds;
}

/** ISO-8601 (a date alone, or a time without zone, is UTC) or YouTube Studio's "Sep 30, 2023". */
export function parseDate(column: string, cell: string | undefined): Date | null {
  return parseDateAndTime(column, cell)?.date ?? null;
}

export interface DateAndTime {
  date: Date;
  /** Whether the cell carries a time of day ("2024-03-01T18:00Z"), not a day alone. */
  timeOfDay: boolean;
}

/** `parseDate`, and whether the cell gave a time of day, from one reading of it (a publish date needs both). */
export function parseDateAndTime(column: string, cell: string | undefined): DateAndTime | null {
  const text = cell?.trim() ?? '';
  if (text === '') return null;
  const iso = ISO_DATE_TIME.exec(text);
  const date = iso === null ? parseMonthDayYear(text) : isoDate(iso);
  if (date === null) throw new CellError(`${column} ${shown(cell)} is not a date`);
  return { date, timeOfDay: iso !== null && iso[4] !== undefined };
}

const JSON_LIST_START = /^\[\s*["\]]/;

/** A Python list literal (`['a', "b's"]`), a JSON array, or `|`-separated tags. */
export function parseTags(column: string, cell: string | undefined): string[] {
  const text = cell?.trim() ?? '';
  if (!text.startsWith('[')) return splitNonEmpty(text, '|');
  // JSON only when it can be JSON: a failed JSON.parse throws, which costs more than the parse itself.
  const tags = (JSON_LIST_START.test(text) ? parseJsonStringArray(text) : null) ?? parseQuotedList(text);
  if (tags === null) throw new CellError(`${column} ${shown(cell)} is not a list of quoted tags`);
  return tags;
}

function parseNumber(column: string, cell: string | undefined): number | null {
  const text = cell?.trim() ?? '';
  if (text === '') return null;
  const withoutPercent = text.endsWith('%') ? text.slice(0, -1).trimEnd() : text;
  // Most cells are plain numbers, which never match GROUPED_NUMBER (it needs a separator): one test for them.
  if (PLAIN_NUMBER.test(withoutPercent)) return Number(withoutPercent);
  if (!GROUPED_NUMBER.test(withoutPercent)) throw new CellError(`${column} ${shown(cell)} is not a number`);
  return Number(withoutPercent.replace(/[, \u00a0\u202f]/g, ''));
}

/** The instant of an ISO_DATE_TIME match, or null when its day does not exist. */
function isoDate(match: RegExpExecArray): Date | null {
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone = 'Z'] = match;
  const midnight = utcMidnight(Number(year), Number(month), Number(day));
  if (midnight === null) return null;
  // Date keeps milliseconds, so finer fractions are cut.
  const milliseconds = fraction === '' ? 0 : Number(fraction.slice(1, 4).padEnd(3, '0'));
  const offsetMinutes =
    zone.toUpperCase() === 'Z'
      ? 0
      : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  const clock = ((Number(hour) * 60 + Number(minute) - offsetMinutes) * 60 + Number(second)) * 1000 + milliseconds;
  return new Date(midnight + clock);
}

function parseMonthDayYear(text: string): Date | null {
  const match = MONTH_DAY_YEAR.exec(text);
  if (!match) return null;
  const [, monthName = '', day, year] = match;
  const lowered = monthName.toLowerCase();
  const monthIndex = MONTHS.findIndex((month) => lowered.length >= 3 && month.startsWith(lowered));
  return monthIndex === -1 ? null : utcDate(Number(year), monthIndex + 1, Number(day));
}

/** Midnight UTC of a calendar date, or null when the day does not exist (Feb 30 would otherwise roll over). */
function utcDate(year: number, month: number, day: number): Date | null {
  const midnight = utcMidnight(year, month, day);
  return midnight === null ? null : new Date(midnight);
}

/** utcDate's time value, checked without making a Date (a million rows have a million dates to check). */
function utcMidnight(year: number, month: number, day: number): number | null {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  // Date.UTC reads years 0–99 as 1900–1999, so they cannot be written in this form: refused.
  const exists = year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
  return exists ? Date.UTC(year, month - 1, day) : null;
}

function parseJsonStringArray(text: string): string[] | null {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : null;
  } catch {
    return null;
  }
}

/** Reads Python's `[ 'a', "b", ... ]` with backslash escapes; null when the text is not such a list. */
function parseQuotedList(text: string): string[] | null {
  const items: string[] = [];
  let position = skipSpaces(text, 1);
  while (text[position] !== ']') {
    const quote = text[position];
    if (quote !== "'" && quote !== '"') return null;
    let item = '';
    position += 1;
    while (text[position] !== quote) {
      if (position >= text.length) return null;
      const escaped = text[position] === '\\';
      if (escaped) position += 1;
      item += escaped ? unescapedChar(text[position]) : text[position];
      position += 1;
    }
    items.push(item);
    position = skipSpaces(text, position + 1);
    if (text[position] === ',') position = skipSpaces(text, position + 1);
    else if (text[position] !== ']') return null;
  }
  return position === text.length - 1 ? items : null;
}

/** The character a backslash escape stands for. */
function unescapedChar(char: string | undefined): string {
  if (char === 'n') return '\n';
  if (char === 't') return '\t';
  return char ?? '';
}

function skipSpaces(text: string, from: number): number {
  let position = from;
  while (text[position] === ' ') position += 1;
  return position;
}

function splitNonEmpty(text: string, separator: string): string[] {
  return text
    .split(separator)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** The bad value as shown in a message: quoted, and cut when long. */
function shown(cell: string | undefined): string {
  const text = cell?.trim() ?? '';
  return JSON.stringify(text.length > SHOWN_VALUE_MAX ? `${text.slice(0, SHOWN_VALUE_MAX)}…` : text);
}
