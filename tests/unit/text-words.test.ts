import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { sameTitle } from '../../src/core/ai/script-titles.js';
import { fold } from '../../src/core/text/fold.js';
import { detectLanguages, LANGUAGES, stopWordsFor } from '../../src/core/text/stopwords.js';
import { foldedWords, forEachWord, joinWords } from '../../src/core/text/words.js';
import { CHANNELS } from '../fixtures/multilingual-channels.js';

function words(text: string): { word: string; joined: boolean; hashtag: boolean }[] {
  const found: { word: string; joined: boolean; hashtag: boolean }[] = [];
  forEachWord(text, (word, joined, hashtag) => found.push({ word, joined, hashtag }));
  return found;
}

const titlesOf = (language: string) => Object.values(CHANNELS[language] ?? {}).flat();

describe('fold', () => {
  it('folds case, Latin accents and ligatures', () => {
    expect(['Été', 'crème', 'Brûlée', 'Straße', 'Œuf', 'TIRAMISÙ', 'Ｆｕｌｌ', 'l’œuf'].map(fold)).toEqual([
      'ete',
      'creme',
      'brulee',
      'strasse',
      'oeuf',
      'tiramisu',
      'full',
      "l'oeuf",
    ]);
  });

  it('keeps the marks that make Japanese and Thai words what they are', () => {
    expect(fold('ガイド')).toBe('ガイド');
    expect(fold('ガイド')).not.toBe(fold('カイト'));
    expect(fold('กุ้ง')).toBe('กุ้ง');
  });

  it('is idempotent and ignores the accents of Latin letters', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => fold(fold(text)) === fold(text)));
    const accents = ['\u0300', '\u0301', '\u0302', '\u0303', '\u0308', '\u0327'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...'aceinouAEIOUyz'), fc.constantFrom('', ...accents)), { minLength: 1 }),
        (letters) => {
          const plain = letters.map(([letter]) => letter).join('');
          const accented = letters.map(([letter, accent]) => letter + accent).join('');
          return fold(accented.normalize('NFC')) === fold(plain) && fold(accented) === fold(plain.toLowerCase());
        },
      ),
    );
  });
});

describe('words', () => {
  it('reads elisions as the word they elide into, and leaves contractions whole for the stop lists', () => {
    expect(foldedWords("L'œuf d’été, dell'anno, jusqu'au bout")).toEqual(['oeuf', 'ete', 'anno', 'au', 'bout']);
    expect(foldedWords("Don't buy grandma's laptop")).toEqual(["don't", 'buy', 'grandma', 'laptop']);
    expect(foldedWords("aujourd'hui")).toEqual(["aujourd'hui"]);
  });

  it('cuts Japanese, Chinese and Thai into words, and never returns emoji or punctuation', () => {
    expect(foldedWords('簡単！絶品ラーメンの作り方🍜')).toEqual(['簡単', '絶品', 'ラーメン', 'の', '作り方']);
    expect(foldedWords('麻婆豆腐的家常做法🌶️')).toEqual(['麻婆豆腐', '的', '家常', '做法']);
    expect(foldedWords('วิธีทำต้มยำกุ้ง').length).toBeGreaterThanOrEqual(3);
    expect(foldedWords('❤️ 🔥🔥 — !!! ¿? 👨‍👩‍👧')).toEqual([]);
  });

  it('marks hashtags and joins no phrase across punctuation, emoji or a hashtag', () => {
    expect(words('Tarte aux pommes 🍎 facile #recette #shorts')).toEqual([
      { word: 'Tarte', joined: false, hashtag: false },
      { word: 'aux', joined: true, hashtag: false },
      { word: 'pommes', joined: true, hashtag: false },
      { word: 'facile', joined: false, hashtag: false },
      { word: 'recette', joined: false, hashtag: true },
      { word: 'shorts', joined: false, hashtag: true },
    ]);
    expect(words('ラーメン屋').map(({ joined }) => joined)).toEqual([false, true]);
  });

  it('writes phrases of spaceless scripts without a space', () => {
    expect(joinWords(['ラーメン', '屋'])).toBe('ラーメン屋');
    expect(joinWords(['crème', 'brûlée'])).toBe('crème brûlée');
  });
});

describe('the languages of a channel', () => {
  it('finds each fixture channel’s language from its titles, always with English', () => {
    for (const language of ['fr', 'es', 'de', 'pt', 'it', 'ja', 'zh'] as const) {
      const detected = detectLanguages(titlesOf(language).map(foldedWords));
      expect(detected, language).toContain(language);
      expect(detected, language).toContain('en');
      expect(detected.length, language).toBeLessThanOrEqual(3);
    }
  });

  it('keeps an English channel English: the union of all lists would drop "AI" and "war"', () => {
    const titles = titlesOf('en');
    expect(detectLanguages(titles.map(foldedWords))).toEqual(['en']);
    const union = stopWordsFor(LANGUAGES);
    expect(union.has('ai')).toBe(true);
    expect(union.has('war')).toBe(true);
    expect(stopWordsFor(['en']).has('ai')).toBe(false);
    expect(stopWordsFor(['en']).has('war')).toBe(false);
  });

  it('reads a French channel with English titles as both, French first: its main language', () => {
    const titles = [...titlesOf('fr'), ...titlesOf('en').slice(0, 6)];
    expect(detectLanguages(titles.map(foldedWords))).toEqual(['fr', 'en']);
  });

  it('puts each fixture channel’s own language first', () => {
    for (const language of ['fr', 'es', 'de', 'pt', 'it', 'ja', 'zh', 'en']) {
      expect(detectLanguages(titlesOf(language).map(foldedWords))[0], language).toBe(language);
    }
  });

  it('is not switched on by one foreign-looking word repeated', () => {
    const titles = Array.from({ length: 20 }, (_, i) => `The war of the roses, part ${i}: what the war cost`);
    expect(detectLanguages(titles.map(foldedWords))).toEqual(['en']);
  });
});

describe('title comparison', () => {
  it('treats a title with and without its accents as the same title', () => {
    expect(sameTitle('Crème brûlée facile en 10 minutes', 'Creme brulee facile en 10 minutes')).toBe(true);
  });

  it('compares Japanese titles word by word', () => {
    expect(sameTitle('東京のおいしいラーメン屋', '東京のおいしいラーメン屋！')).toBe(true);
    expect(sameTitle('東京のおいしいラーメン屋', '大阪のおいしいカレー屋')).toBe(false);
  });
});

describe('the word segmenter', () => {
  it('is made at the first spaceless run only, and once', async () => {
    // Building it cost ~0.01 s CPU: a command whose titles are written with spaces never needs it.
    const { Segmenter } = Intl;
    let made = 0;
    const counted = class extends Segmenter {
      constructor(...args: ConstructorParameters<typeof Segmenter>) {
        super(...args);
        made += 1;
      }
    };
    Object.defineProperty(Intl, 'Segmenter', { value: counted });
    try {
      vi.resetModules();
      const fresh = await import('../../src/core/text/words.js');
      expect(fresh.foldedWords("Grandma's crème brûlée, 3 ways")).toEqual(['grandma', 'creme', 'brulee', '3', 'ways']);
      expect(made).toBe(0);
      expect(fresh.foldedWords('料理の基本 ต้มยำกุ้ง')).not.toEqual([]);
      expect(fresh.foldedWords('ラーメン')).not.toEqual([]);
      expect(made).toBe(1);
    } finally {
      Object.defineProperty(Intl, 'Segmenter', { value: Segmenter });
    }
  });
});
