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
// are no evidence for another language.
//
// A word shared by other lists ("de", "que", "para", "como": Spanish and Portuguese) goes to them in proportion
// to the words of the channel that only one of them holds: on a channel writing "com", "sem", "em", "você" it is
// Portuguese, and Spanish, whose fuller list holds most of Portuguese's function words, is not switched on by
// them. A channel writing both languages' own words ("el", "los" and "com", "sem") shows both. Split evenly
// when neither shows a word of its own, as no word can tell them apart then.
//
// Chinese and Japanese share the Han script, and the Chinese list is mostly single ideographs ("一", "日", "大")
// that Japanese writes too. A title with kana is Japanese: its Han words are no evidence for Chinese. A title
// in Han alone may be either (Japanese titles are sometimes all kanji): its words count for Chinese by the
// share of the channel's Han titles without kana, all on a Chinese channel and little on a Japanese one.

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

/**
 * Words of Spanish's fuller list that Portuguese writes the same once folded ("todo", "dias", "sobre", "três"):
 * Portuguese stop words too, so that they are no evidence of Spanish on a Portuguese channel and leave its
 * topics as they leave a Spanish channel's.
 */
// biome-ignore format: a packed word list reads better than one word per line
const PORTUGUESE_TOO = [
  'algo', 'ambos', 'ante', 'antes', 'apenas', 'aqui', 'atras', 'bastante', 'cada', 'cerca', 'cinco', 'claro',
  'contra', 'dado', 'dar', 'dentro', 'desde', 'dia', 'dias', 'diferente', 'diferentes', 'durante', 'estado',
  'estados', 'existe', 'final', 'grandes', 'horas', 'igual', 'ir', 'junto', 'lado', 'lugar', 'mal', 'mediante',
  'menos', 'modo', 'momento', 'nada', 'nunca', 'parece', 'parte', 'partir', 'pesar', 'poder', 'porque',
  'principalmente', 'pronto', 'sabe', 'saber', 'salvo', 'segunda', 'segundo', 'seis', 'ser', 'sido', 'sobre', 'tal',
  'tanto', 'tarde', 'toda', 'todas', 'todo', 'todos', 'total', 'trata', 'tras', 'tres', 'usa', 'usamos', 'usar',
  'uso', 'valor', 'vamos', 'ver', 'vez',
];

const LISTS: Record<Language, ReadonlySet<string>> = {
  en: foldedList(english),
  fr: foldedList(french),
  es: foldedList(spanish),
  de: foldedList(german),
  pt: foldedList([...portuguese, ...PORTUGUESE_TOO]),
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

const KANA = /[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]/u;
const HAN = /\p{Script=Han}/u;
const LONE_CONSONANT = /^[b-df-hj-np-tv-xz]$/;

/** Each distinct word of the titles with the languages it is evidence for, and how much (see the file comment). */
function evidence(titles: Iterable<readonly string[]>): { languages: readonly Language[]; weight: number }[] {
  const words = new Set<string>();
  const inTitlesWithoutKana = new Set<string>();
  let hanTitles = 0;
  let kanaTitles = 0;
  for (const title of titles) {
    const kana = title.some((word) => KANA.test(word));
    if (kana) kanaTitles++;
    if (kana || title.some((word) => HAN.test(word))) hanTitles++;
    for (const word of title) {
      words.add(word);
      if (!kana) inTitlesWithoutKana.add(word);
    }
  }
  const chineseShare = hanTitles === 0 ? 1 : (hanTitles - kanaTitles) / hanTitles;
  return [...words].flatMap((word) => {
    // A letter alone is a name or a label ("Plan B", "iPhone X"), however the lists pad themselves with the
    // alphabet; the vowels and "y" are words ("y", "o", "e", "a").
    if (LONE_CONSONANT.test(word)) return [];
    const listed = LANGUAGES_OF.get(word) ?? [];
    // Words shared with English are English's: no evidence for another language.
    if (listed.includes('en')) return [{ languages: ['en' as const], weight: 1 }];
    const languages = inTitlesWithoutKana.has(word) ? listed : listed.filter((language) => language !== 'zh');
    if (languages.length === 0) return [];
    return [{ languages, weight: languages.includes('zh') ? chineseShare : 1 }];
  });
}

/**
 * The languages of a channel, from its titles (each as its folded words): always English, plus those shown; the
 * best-shown first (its main language, which scripts are written in), ties in LANGUAGES' order.
 */
export function detectLanguages(titles: Iterable<readonly string[]>): Language[] {
  const words = evidence(titles);
  const own = new Map<Language, number>();
  for (const { languages, weight } of words) {
    if (languages.length === 1) own.set(languages[0] as Language, (own.get(languages[0] as Language) ?? 0) + weight);
  }
  const found = new Map(own);
  for (const { languages, weight } of words) {
    if (languages.length === 1) continue;
    const shown = languages.reduce((sum, language) => sum + (own.get(language) ?? 0), 0);
    for (const language of languages) {
      const share = shown === 0 ? 1 / languages.length : (own.get(language) ?? 0) / shown;
      found.set(language, (found.get(language) ?? 0) + weight * share);
    }
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
