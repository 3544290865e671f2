// The words of a title, tag or description, in any script: the one tokeniser that topic discovery, topic
// matching and title comparison share.
//
// Scripts written with spaces are read by a code-point scanner: a word is a run of letters and digits (and
// apostrophes between them). Runs in scripts written without spaces (Chinese, Japanese, Thai, Lao, Khmer,
// Myanmar) go to Intl.Segmenter, whose dictionaries know where their words end. Segmenting everything was ~50×
// slower on the 10,000-video demo channel (~700 ms against ~15 ms), and for space-separated text the two agree
// but for apostrophes and number punctuation, handled here: emoji and punctuation are never words.
//
// Elisions read as the word they elide into: "l'œuf" → "œuf", "d'été" → "été", "dell'anno" → "anno", "grandma's"
// → "grandma". Contractions stay whole ("don't"), for the stop lists to drop.

import { fold } from './fold.js';
import { isFunctionWordAnywhere } from './stopwords.js';

/**
 * `joined`: only blanks separate the word from the one before (false for the first word and across
 * punctuation, emoji or a hashtag), so a phrase ends at "|" or ":". `hashtag`: the word is written "#word".
 */
export type WordVisitor = (word: string, joined: boolean, hashtag: boolean) => void;

/**
 * A word as characters start … end − 1 of `source`: the text scanned, or a word of its own (an elision, a segment
 * of a spaceless run). A reader that interns words finds most of them without cutting each into a new string.
 */
export type SpanVisitor = (source: string, start: number, end: number, joined: boolean, hashtag: boolean) => void;

// Created once, at the first spaceless run: a segmenter costs far more to build than to use (~0.01 s CPU, which a
// CLI command on text written with spaces does not spend).
let segmenter: Intl.Segmenter | undefined;

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const MARK = /^\p{M}$/u;
const BLANK_CHARACTER = /^\s$/;
const characterClasses = new Map<number, number>();
const blankCodeUnits = new Map<number, boolean>();
const OTHER = 0;
const LETTER = 1;
const MARK_CLASS = 2;
const APOSTROPHE = 0x27;
const RIGHT_SINGLE_QUOTE = 0x2019;
const HASH = 0x23;
const FULLWIDTH_HASH = 0xff03;
const APOSTROPHES = /['\u2019]/;

// A word starts with a letter or digit and goes on through marks: Thai vowels and tones, Devanagari signs and
// decomposed accents are \p{M}. A mark alone (the U+FE0F after an emoji) starts nothing.
function characterClass(codePoint: number): number {
  if (codePoint < 128) {
    return (codePoint >= 97 && codePoint <= 122) ||
      (codePoint >= 65 && codePoint <= 90) ||
      (codePoint >= 48 && codePoint <= 57)
      ? LETTER
      : OTHER;
  }
  let known = characterClasses.get(codePoint);
  if (known === undefined) {
    const character = String.fromCodePoint(codePoint);
    known = LETTER_OR_DIGIT.test(character) ? LETTER : MARK.test(character) ? MARK_CLASS : OTHER;
    characterClasses.set(codePoint, known);
  }
  return known;
}

function isBlankCodeUnit(unit: number): boolean {
  if (unit < 128) return unit === 32 || (unit >= 9 && unit <= 13);
  let known = blankCodeUnits.get(unit);
  if (known === undefined) {
    known = BLANK_CHARACTER.test(String.fromCharCode(unit));
    blankCodeUnits.set(unit, known);
  }
  return known;
}

/** Han ideographs: a single one is a word ("猫", "茶"), where a single letter of an alphabet is not. */
export function isIdeograph(codePoint: number): boolean {
  return (
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3134f)
  );
}

/** Scripts written without spaces between words. */
function isSpaceless(codePoint: number): boolean {
  return (
    isIdeograph(codePoint) ||
    (codePoint >= 0x3040 && codePoint <= 0x30ff) || // hiragana, katakana
    (codePoint >= 0x31f0 && codePoint <= 0x31ff) ||
    (codePoint >= 0xff66 && codePoint <= 0xff9f) || // half-width katakana
    codePoint === 0x3005 || // 々
    (codePoint >= 0x0e00 && codePoint <= 0x0eff) || // Thai, Lao
    (codePoint >= 0x1780 && codePoint <= 0x17ff) || // Khmer
    (codePoint >= 0x1000 && codePoint <= 0x109f) // Myanmar
  );
}

/** The code point at `index`, a surrogate pair read as one. */
function codePointAt(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
    const low = text.charCodeAt(index + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return (unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  }
  return unit;
}

/** The word an apostrophe-joined run stands for (see the file comment). */
function elide(run: string): string {
  if (isFunctionWordAnywhere(fold(run))) return run;
  const parts = run.split(APOSTROPHES);
  const last = parts[parts.length - 1] as string;
  if (parts.length === 2 && fold(last) === 's') return parts[0] as string;
  const clitics = parts.slice(0, -1).every((part) => {
    const folded = fold(part);
    return [...folded].length === 1 || folded.endsWith('qu') || isFunctionWordAnywhere(folded);
  });
  return clitics ? last : run;
}

/** A run of a spaceless script, cut into its words; the words inside it are joined. */
function segmentRun(run: string, joined: boolean, hashtag: boolean, visit: SpanVisitor): void {
  let first = true;
  let gap = false;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  for (const { segment, isWordLike } of segmenter.segment(run)) {
    if (!isWordLike) {
      gap = true;
      continue;
    }
    visit(segment, 0, segment.length, first ? joined : !gap, first && hashtag);
    first = false;
    gap = false;
  }
}

/** Calls `visit` with each word of the text, as written. */
export function forEachWord(text: string, visit: WordVisitor): void {
  forEachWordSpan(text, (source, start, end, joined, hashtag) =>
    visit(start === 0 && end === source.length ? source : source.slice(start, end), joined, hashtag),
  );
}

/** Calls `visit` with where each word of the text is, as written: forEachWord without a string per word. */
export function forEachWordSpan(text: string, visit: SpanVisitor): void {
  const length = text.length;
  let index = 0;
  let sawWord = false;
  let blankSeparator = true;
  let hashtag = false;
  while (index < length) {
    let codePoint = codePointAt(text, index);
    if (characterClass(codePoint) !== LETTER) {
      hashtag = codePoint === HASH || codePoint === FULLWIDTH_HASH;
      if (codePoint > 0xffff || !isBlankCodeUnit(codePoint)) blankSeparator = false;
      index += codePoint > 0xffff ? 2 : 1;
      continue;
    }
    const start = index;
    let spaceless = false;
    let apostrophe = false;
    for (;;) {
      if (codePoint >= 0x0e00 && isSpaceless(codePoint)) spaceless = true;
      index += codePoint > 0xffff ? 2 : 1;
      if (index >= length) break;
      codePoint = codePointAt(text, index);
      if (
        (codePoint === APOSTROPHE || codePoint === RIGHT_SINGLE_QUOTE) &&
        index + 1 < length &&
        characterClass(codePointAt(text, index + 1)) === LETTER
      ) {
        apostrophe = true;
        index++;
        codePoint = codePointAt(text, index);
      }
      if (characterClass(codePoint) === OTHER) break;
    }
    const joined = sawWord && blankSeparator && !hashtag;
    if (spaceless) segmentRun(text.slice(start, index), joined, hashtag, visit);
    else if (apostrophe) {
      const word = elide(text.slice(start, index));
      visit(word, 0, word.length, joined, hashtag);
    } else visit(text, start, index, joined, hashtag);
    sawWord = true;
    // Hashtags trail a title ("#recette #cuisine"): no phrase runs through one.
    blankSeparator = !hashtag;
    hashtag = false;
  }
}

/** The words of a text, folded (fold.ts). */
export function foldedWords(text: string): string[] {
  const words: string[] = [];
  forEachWord(text, (word) => words.push(fold(word)));
  return words;
}

/** Words written as a phrase: with a space between, none between two words of a spaceless script ("ラーメン屋"). */
export function joinWords(words: readonly string[]): string {
  let phrase = '';
  for (const word of words) {
    if (phrase === '') phrase = word;
    else {
      const before = phrase.codePointAt(phrase.length - 1) as number;
      const after = word.codePointAt(0) as number;
      phrase += isSpaceless(before) && isSpaceless(after) ? word : ` ${word}`;
    }
  }
  return phrase;
}
