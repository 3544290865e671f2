// Folding for matching words: "Été", "été" and "ete" are one word, and so are "crème" and "creme", "Straße" and
// "strasse", "œuf" and "oeuf". Only marks on Latin and Greek letters go: in Japanese, Thai or Devanagari a
// combining mark changes the word ("ガ" is not "カ"), so those are recomposed as they were.

const ASCII = /^\p{ASCII}*$/u;
const LIGATURES: Record<string, string> = { ß: 'ss', œ: 'oe', æ: 'ae' };
const MARKS_ON_LATIN_OR_GREEK = /([\p{Script=Latin}\p{Script=Greek}])\p{M}+/gu;
/** Typographic apostrophes read as the plain one, so "l’œuf" matches "l'oeuf" and the lists' "don't". */
const APOSTROPHES = /[\u2019\u02bc]/g;

/** The word case-folded, without accents on Latin or Greek letters, compatibility forms unified (NFKD). */
export function fold(word: string): string {
  if (ASCII.test(word)) return word.toLowerCase();
  return word
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[ßœæ]/g, (letter) => LIGATURES[letter] as string)
    .replace(MARKS_ON_LATIN_OR_GREEK, '$1')
    .replace(APOSTROPHES, "'")
    .normalize('NFC');
}
