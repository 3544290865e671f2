// Stop words by language, and which languages a channel writes in.
//
// The lists are @orama/stopwords': Snowball's function-word lists for English, French, German, Portuguese and
// Italian, and fuller lists for Spanish, Japanese and Chinese. They are matched on folded words (fold.ts), so
// "été" and "ete", "más" and "mas" are one entry.
//
// Why detect rather than drop the union of every list: the lists collide with real words of other languages.
// French and Italian "ai" is English "AI", German "war", "hat" and "man" are English words, Italian "era" and
// "chi" too; the union would cost every English tech or history channel its topics. So each channel gets
// English (its list holds no common word of the others, and English titles turn up on every channel) plus the
// languages its titles show: those with enough distinct words of their list in the titles, counted as distinct
// words so that one content word repeated ("war") cannot switch a language on, and relative to the
// best-represented language so that a few stray words do not either. Words shared with English ("a", "in")
// are no evidence for another language; a word shared by n others ("de": French, Spanish, Portuguese) counts
// 1/n for each, so it leans towards them without switching all of them on.

import { stopwords as english } from '@orama/stopwords/english';
import { stopwords as french } from '@orama/stopwords/french';
import { stopwords as german } from '@orama/stopwords/german';
import { stopwords as italian } from '@orama/stopwords/italian';
import { stopwords as japanese } from '@orama/stopwords/japanese';
import { stopwords as chinese } from '@orama/stopwords/mandarin';
import { stopwords as portuguese } from '@orama/stopwords/portuguese';
import { stopwords as spanish } from '@orama/stopwords/spanish';
import { fold } from './fold.js';

export const LANGUAGES = ['en', 'fr', 'es', 'de', 'pt', 'it', 'ja', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Words the lists hold for one sense that titles mostly use in another: French "été" is "been" and "summer",
 * and a title's "été" is the season ("Recettes d'été").
 */
const TITLE_WORDS = new Set(['ete']);

/** Numbers and punctuation are no words here (the Chinese list holds "０"–"９" and "！"): only entries of letters. */
const WORD = /^\p{L}/u;

function foldedList(words: readonly string[]): Set<string> {
  return new Set(words.map(fold).filter((word) => WORD.test(word) && !TITLE_WORDS.has(word)));
}

const LISTS: Record<Language, ReadonlySet<string>> = {
  en: foldedList(english),
  fr: foldedList(french),
  es: foldedList(spanish),
  de: foldedList(german),
  pt: foldedList(portuguese),
  it: foldedList(italian),
  ja: foldedList(japanese),
  zh: foldedList(chinese),
};

/**
 * Words that name the format or the platform, not the subject, in any language (folded, so "vidéo" is here).
 * Also the English fillers the Snowball list leaves out but titles are full of ("every", "just", "vs").
 */
// biome-ignore format: a packed word list reads better than one word per line
const FORMAT_WORDS = [
  'video', 'shorts', 'episode', 'part', 'ft', 'feat', 'http', 'https', 'www', 'com',
  'also', 'even', 'ever', 'every', 'get', 'got', 'just', 'let', 'much', 'now', 'one', 'really', 'vs',
];

/** Hashtags that file a video on the platform ("#shorts", "#fyp") rather than say what it is about. */
export const PLATFORM_HASHTAGS: ReadonlySet<string> = new Set([
  'shorts',
  'short',
  'youtubeshorts',
  'ytshorts',
  'viral',
  'fyp',
  'foryou',
  'foryoupage',
  'trending',
  'subscribe',
]);

/** Folded word → the languages whose list holds it. */
const LANGUAGES_OF = new Map<string, Language[]>();
for (const language of LANGUAGES) {
  for (const word of LISTS[language]) LANGUAGES_OF.set(word, [...(LANGUAGES_OF.get(word) ?? []), language]);
}

/** A language counts when its list has this many distinct words in the titles (shared ones in part)… */
const MIN_DISTINCT_WORDS = 2;
/** …and at least this share of the best-represented language's. */
const MIN_SHARE_OF_LEADER = 0.25;

/**
 * The languages of a channel, from the distinct folded words of its titles: always English, plus those shown; the
 * best-shown first (its main language, which scripts are written in), ties in LANGUAGES' order.
 */
export function detectLanguages(words: Iterable<string>): Language[] {
  const found = new Map<Language, number>();
  for (const word of words) {
    const languages = LANGUAGES_OF.get(word) ?? [];
    const counted = languages.includes('en') ? ['en' as const] : languages;
    for (const language of counted) found.set(language, (found.get(language) ?? 0) + 1 / counted.length);
  }
  const leader = Math.max(0, ...found.values());
  const count = (language: Language) => found.get(language) ?? 0;
  return LANGUAGES.filter(
    (language) =>
      language === 'en' || (count(language) >= MIN_DISTINCT_WORDS && count(language) >= MIN_SHARE_OF_LEADER * leader),
  ).sort((a, b) => count(b) - count(a));
}

const cache = new Map<string, ReadonlySet<string>>();

/** Folded stop words of the languages, plus the format words. */
export function stopWordsFor(languages: readonly Language[]): ReadonlySet<string> {
  const key = languages.join(' ');
  let words = cache.get(key);
  if (words === undefined) {
    words = new Set([...FORMAT_WORDS, ...languages.flatMap((language) => [...LISTS[language]])]);
    cache.set(key, words);
  }
  return words;
}

/** A folded word that is a function word in any of the languages: what can stand before an elision ("dell'"). */
export function isFunctionWordAnywhere(word: string): boolean {
  return LANGUAGES_OF.has(word);
}
