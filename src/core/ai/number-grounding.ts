// Numbers come from code: every figure an LLM states about the channel must be one it was given. A stated
// number is grounded when some given number rounds to it at the precision it was written with, in the same
// magnitude (12k ↔ 12,345; 38% ↔ 38.4%; 1.4× ↔ 1.38; "two million" ↔ 2,150,000). Signs are ignored ("−38%"
// and "38% fewer" say the same). A figure can be written many ways — "1B", "5bn", "1e9", "1.2×10^6",
// "1 000 000", "1.200.000", "1,2 M", "2 millions", "twenty-five", "half a million", "twice as many",
// "millions of views" — and each is read as the value and precision it claims, so none slips through unread.

/** Bare whole numbers up to this are prose ("two strengths", "3 beats"), not claims about the channel. */
const PROSE_INTEGER_MAX = 10;

export interface StatedNumber {
  /** As written, e.g. "12.5k". */
  text: string;
  /** Its value after the magnitude suffix, without sign: 12500. */
  value: number;
  /** Half a unit of its last written digit, in the same scale as `value`: 50 for "12.5k". */
  tolerance: number;
  /** Written with a unit (%, ×, k, M, s) or decimals: then it is a figure even when small. */
  hasUnit: boolean;
  /** The other reading when the separator is ambiguous: "1.234" is 1.234 in English, 1234 in German. */
  alternative?: { value: number; tolerance: number };
}

// Magnitudes written after a number, in the languages a channel's data may be in. Lower case; "billion" is
// read the English way (10^9), "billón" the Spanish way (10^12).
const MAGNITUDE_WORDS: Record<string, number> = {
  hundred: 1e2,
  hundreds: 1e2,
  thousand: 1e3,
  thousands: 1e3,
  million: 1e6,
  millions: 1e6,
  billion: 1e9,
  billions: 1e9,
  trillion: 1e12,
  lakh: 1e5,
  lakhs: 1e5,
  crore: 1e7,
  crores: 1e7,
  mille: 1e3,
  milliard: 1e9,
  milliards: 1e9,
  mil: 1e3,
  millón: 1e6,
  millones: 1e6,
  billón: 1e12,
  billones: 1e12,
  tausend: 1e3,
  millionen: 1e6,
  milliarde: 1e9,
  milliarden: 1e9,
};

// Abbreviated magnitudes, in lower case: "m" is a million as "M" is (never minutes: "2 min" is read as 2).
const MAGNITUDE_SUFFIXES: Record<string, number> = {
  k: 1e3,
  tsd: 1e3,
  'tsd.': 1e3,
  m: 1e6,
  mn: 1e6,
  mio: 1e6,
  'mio.': 1e6,
  b: 1e9,
  bn: 1e9,
  md: 1e9,
  mrd: 1e9,
  'mrd.': 1e9,
};

const PERCENT_WORDS = ['percent', 'per cent', 'pct', 'pour cent', 'por ciento', 'prozent'];
const COMPARATIVES =
  'as|more|less|fewer|the|higher|lower|larger|bigger|better|worse|faster|slower|longer|shorter|over|your|their|its|that|what';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (words: readonly string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');

const SPACE = '[ \\u00A0\\u202F]';
const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const NUMERAL = new RegExp(
  [
    '(?<![\\p{L}\\d.,])',
    // A multiplier written before the number: ×3, x3.
    '(?:([×x])\\s?)?',
    // 1,234,567.8 | 1.234.567,8 | 1 234 567,8 | 1234.5 | 12,5
    `(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?|\\d{1,3}(?:${SPACE}\\d{3})+(?:[.,]\\d+)?|\\d+(?:[.,]\\d+)?)`,
    // Scientific: 1e9, 1.2E+6, 1.2×10^6, 1.2 x 10⁶, 1.2*10**6.
    `(?:[eE]([+-]?\\d+)|\\s?[×x·*]\\s?10(?:\\^|\\*\\*)([+-]?\\d+)|\\s?[×x·*]\\s?10([${SUPERSCRIPTS}⁻]+))?`,
    '(?:',
    `\\s?(${alternation(Object.keys(MAGNITUDE_SUFFIXES))})`,
    `|\\s+((?:${alternation(Object.keys(MAGNITUDE_WORDS))})(?:\\s+(?:${alternation(Object.keys(MAGNITUDE_WORDS))}))?)`,
    ')?',
    `(?:\\s?(%|‰|×|x|s)|\\s+(${alternation(PERCENT_WORDS)})|\\s+(times)(?=\\s+(?:${COMPARATIVES})\\b))?`,
    '(?![\\p{L}\\d])',
  ].join(''),
  'giu',
);

interface Reading {
  value: number;
  tolerance: number;
}

/** A digit string with its separators, read as written; two readings when the separator is ambiguous. */
function readDigits(digits: string): Reading[] {
  const plain = (integer: string, decimals = ''): Reading => ({
    value: Number.parseFloat(`${integer}${decimals ? `.${decimals}` : ''}`),
    tolerance: 0.5 * 10 ** -decimals.length,
  });
  const spaced = new RegExp(`^(\\d{1,3}(?:${SPACE}\\d{3})+)(?:[.,](\\d+))?$`, 'u').exec(digits);
  if (spaced) return [plain((spaced[1] ?? '').replace(/\D/g, ''), spaced[2])];
  const english = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/.exec(digits);
  const european = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d+))?$/.exec(digits);
  // One group of three after a single separator, nothing else: either way round is a real format.
  const ambiguous = /^(\d{1,3})([.,])(\d{3})$/.exec(digits);
  if (ambiguous) {
    const [, head = '', separator, tail = ''] = ambiguous;
    const grouped = plain(`${head}${tail}`);
    const decimal = plain(head, tail);
    // An English writer's "1.230" is a decimal; a comma before three digits ending in 0 ("1,000 views") is
    // thousands, never 1.000 — else any given 1 would ground it.
    if (separator === '.') return [decimal, grouped];
    return tail.endsWith('0') ? [grouped] : [grouped, decimal];
  }
  if (english) return [plain((english[1] ?? '').replaceAll(',', ''), english[2])];
  if (european) return [plain((european[1] ?? '').replaceAll('.', ''), european[2])];
  const [integer = '', decimals] = digits.split(/[.,]/);
  return [plain(integer, decimals)];
}

function superscriptNumber(text: string): number {
  return Number([...text].map((char) => (char === '⁻' ? '-' : String(SUPERSCRIPTS.indexOf(char)))).join(''));
}

function magnitudeOfWords(words: string): number {
  return words
    .toLowerCase()
    .split(/\s+/)
    .reduce((product, word) => product * (MAGNITUDE_WORDS[word] ?? 1), 1);
}

interface Span {
  start: number;
  end: number;
  stated: StatedNumber;
}

function numerals(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(NUMERAL)) {
    const [whole, prefix, digits = '', exponent, powerOfTen, superscript, suffix, words, unit, percentWord, times] =
      match;
    const exponentValue = exponent ?? powerOfTen;
    const scale =
      10 ** (exponentValue !== undefined ? Number(exponentValue) : superscript ? superscriptNumber(superscript) : 0) *
      (suffix ? (MAGNITUDE_SUFFIXES[suffix.toLowerCase()] ?? 1) : 1) *
      (words ? magnitudeOfWords(words) : 1);
    const [first, second] = readDigits(digits).map((reading) => ({
      value: reading.value * scale,
      tolerance: reading.tolerance * scale,
    }));
    if (!first) continue;
    const hasDecimals = first.tolerance < 0.5 * scale;
    spans.push({
      start: match.index,
      end: match.index + whole.length,
      stated: {
        text: whole.trim(),
        ...first,
        hasUnit:
          Boolean(prefix || suffix || words || unit || percentWord || times || exponentValue || superscript) ||
          hasDecimals,
        ...(second ? { alternative: second } : {}),
      },
    });
  }
  return spans;
}

// Number words. "a"/"an" only count before a magnitude ("a million"), "half" only in "half a million",
// "one and a half million" and "half as many": "half of the videos" is prose about a median.
const SMALL_WORDS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALE_WORDS: Record<string, number> = { hundred: 1e2, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const VAGUE_PLURALS: Record<string, number> = {
  dozens: 12,
  hundreds: 1e2,
  thousands: 1e3,
  millions: 1e6,
  billions: 1e9,
};
// Multiplier words, only where they compare ("twice as many", "views doubled"), not "twice a week".
const MULTIPLIERS =
  /(?<!\p{L})(?:(twice)(?=\s+(?:as|the|that|what|more|your|their|its)\b)|(double|triple|quadruple)(?=\s+(?:the|your|their|its|that|what)\b)|(doubled|doubles|doubling|tripled|triples|tripling|quadrupled)|(half)(?=\s+as\b))(?!\p{L})/giu;
const MULTIPLIER_VALUES: Record<string, number> = { twice: 2, double: 2, triple: 3, quadruple: 4, half: 0.5 };

function multiplierValue(word: string): number {
  const lower = word.toLowerCase();
  return MULTIPLIER_VALUES[lower] ?? (lower.startsWith('doubl') ? 2 : lower.startsWith('tripl') ? 3 : 4);
}

const WORD = /\p{L}+/gu;

function numberWords(text: string, taken: readonly Span[]): Span[] {
  const free = (start: number, end: number) => taken.every((span) => end <= span.start || start >= span.end);
  const words = [...text.matchAll(WORD)]
    .filter((match) => free(match.index, match.index + match[0].length))
    .map((match) => ({ word: match[0].toLowerCase(), start: match.index, end: match.index + match[0].length }));
  const spans: Span[] = [];
  // Words follow each other in one number when only spaces, a hyphen or "and" separate them.
  const joined = (left: number, right: number) => /^[\s-]+$/.test(text.slice(words[left]?.end, words[right]?.start));
  const isScale = (word: string | undefined) => word !== undefined && word in SCALE_WORDS;
  const isNumberWord = (word: string | undefined) =>
    word !== undefined && (word in SMALL_WORDS || word in SCALE_WORDS || word === 'dozen');

  for (let index = 0; index < words.length; index++) {
    const first = words[index];
    if (!first) continue;
    const next = words[index + 1]?.word;
    // "half a million" and "a million": an article only starts a number before a magnitude.
    const startsWithArticle = (first.word === 'a' || first.word === 'an') && (isScale(next) || next === 'dozen');
    const third = words[index + 2]?.word;
    const startsWithHalf = first.word === 'half' && next === 'a' && (isScale(third) || third === 'dozen');
    if (!isNumberWord(first.word) && !startsWithArticle && !startsWithHalf) continue;

    let total = 0;
    let current = 0;
    let unit = 1; // the place of the last word read: the precision the number was written at
    let fraction = 0;
    let end = index;
    let cursor = index;
    if (startsWithHalf) {
      fraction = 0.5;
      cursor = index + 2;
    } else if (startsWithArticle) {
      current = 1;
      cursor = index + 1;
    }
    for (; cursor < words.length; cursor++) {
      const entry = words[cursor];
      if (!entry || (cursor > index && !joined(cursor - 1, cursor))) break;
      const { word } = entry;
      if (word in SMALL_WORDS) {
        current += SMALL_WORDS[word] ?? 0;
        unit = 1;
      } else if (word === 'dozen') {
        current = ((current || (fraction ? 0 : 1)) + fraction) * 12;
        fraction = 0;
        unit = 1;
      } else if (word === 'hundred') {
        current = (current || 1) * 100;
        unit = 100;
      } else if (word in SCALE_WORDS) {
        const scale = SCALE_WORDS[word] ?? 1;
        total += ((current || (fraction ? 0 : 1)) + fraction) * scale;
        unit = fraction ? scale / 2 : scale;
        current = 0;
        fraction = 0;
      } else if (word === 'and' && words[cursor + 1] && joined(cursor, cursor + 1)) {
        // "two hundred and fifty", "one and a half million"
        const after = words[cursor + 1]?.word;
        if (after === 'a' && words[cursor + 2]?.word === 'half' && isScale(words[cursor + 3]?.word)) {
          fraction = 0.5;
          cursor += 2;
          continue;
        }
        if (!isNumberWord(after)) break;
        continue;
      } else break;
      end = cursor;
    }
    const value = total + current;
    if (end < index || (value === 0 && first.word !== 'zero')) continue;
    const last = words[end] as { end: number };
    const after = text.slice(last.end);
    const percent = new RegExp(`^\\s?%|^\\s+(?:${alternation(PERCENT_WORDS)})(?!\\p{L})`, 'iu').exec(after);
    const times = new RegExp(`^\\s+times(?=\\s+(?:${COMPARATIVES})\\b)`, 'iu').exec(after);
    const suffix = percent?.[0] ?? times?.[0] ?? '';
    spans.push({
      start: first.start,
      end: last.end + suffix.length,
      stated: {
        text: text.slice(first.start, last.end + suffix.length),
        value,
        tolerance: unit / 2,
        hasUnit: unit > 1 || suffix !== '',
      },
    });
    index = end;
  }
  return spans;
}

/** "Millions of views": a claim of magnitude, grounded by any given figure in that range. */
function vagueAmounts(text: string, taken: readonly Span[]): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(/(?<!\p{L})(dozens|hundreds|thousands|millions|billions)(?=\s+of\b)/giu)) {
    if (taken.some((span) => match.index < span.end && match.index >= span.start)) continue;
    const unit = VAGUE_PLURALS[match[0].toLowerCase()] ?? 1;
    // At least two of the unit, fewer than the next magnitude (a dozen dozens for "dozens").
    const low = 2 * unit;
    const high = unit === 12 ? 144 : unit === 100 ? 1000 : unit * 1000;
    spans.push({
      start: match.index,
      end: match.index + match[0].length,
      stated: { text: match[0], value: (low + high) / 2, tolerance: (high - low) / 2, hasUnit: true },
    });
  }
  return spans;
}

function multipliers(text: string, taken: readonly Span[]): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(MULTIPLIERS)) {
    if (taken.some((span) => match.index < span.end && match.index >= span.start)) continue;
    const value = multiplierValue(match[0]);
    spans.push({
      start: match.index,
      end: match.index + match[0].length,
      // Read like "2×" or "0.5×": the precision of the figure it stands for.
      stated: { text: match[0], value, tolerance: value < 1 ? 0.05 : 0.5, hasUnit: true },
    });
  }
  return spans;
}

/** Every number written in a text, in order, with the precision it was written at. */
export function statedNumbers(text: string): StatedNumber[] {
  const spans = numerals(text);
  spans.push(...numberWords(text, spans));
  spans.push(...vagueAmounts(text, spans));
  spans.push(...multipliers(text, spans));
  return spans.sort((a, b) => a.start - b.start).map((span) => span.stated);
}

/** The distinct values of every number in the data given to the model: its numbers, and those in its texts. */
export function givenNumbers(data: unknown): number[] {
  const values = new Set<number>();
  const visit = (node: unknown): void => {
    if (typeof node === 'number') values.add(node);
    else if (typeof node === 'string') {
      // Code writes its texts in English: "12,345" there is 12345 only, or a dozen would pass as 12.345.
      for (const stated of statedNumbers(node)) values.add(stated.value);
    } else if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        visit(key);
        visit(value);
      }
    }
  };
  visit(data);
  return [...values];
}

function grounded(stated: StatedNumber, given: readonly number[]): boolean {
  return [stated, ...(stated.alternative ? [stated.alternative] : [])].some((reading) => {
    // A tiny epsilon absorbs binary floating point (0.5 of 0.1 is not exactly 0.05).
    const tolerance = reading.tolerance * (1 + 1e-9);
    return given.some((value) => Math.abs(Math.abs(value) - reading.value) <= tolerance);
  });
}

/** The numbers in `texts` that match none of `given` (small bare integers excepted): empty when grounded. */
export function ungroundedNumbers(texts: readonly string[], given: readonly number[]): string[] {
  const problems: string[] = [];
  for (const text of texts) {
    for (const stated of statedNumbers(text)) {
      if (!stated.hasUnit && Number.isInteger(stated.value) && stated.value <= PROSE_INTEGER_MAX) continue;
      if (!grounded(stated, given)) problems.push(stated.text);
    }
  }
  return [...new Set(problems)];
}
