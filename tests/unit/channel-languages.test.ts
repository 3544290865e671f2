import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discoverTopicsByPosition } from '../../src/core/analytics/topic-clusters.js';
import type { Language } from '../../src/core/text/stopwords.js';
import { CHANNELS } from '../fixtures/multilingual-channels.js';

// The languages topic discovery reads off a channel's titles (and hands to every hook reader). Titles as such
// channels write them: emoji, hashtags, accents, numbers, brand names.

/** A Brazilian channel: its function words ("de", "que", "para", "como", "mais") are Spanish ones too. */
const PORTUGUESE = [
  ...Object.values(CHANNELS.pt ?? {}).flat(),
  'Como economizar dinheiro no mercado 💰 #dicas',
  'O celular mais barato que vale a pena em 2025',
  'Testei o iPhone por 30 dias: vale a pena?',
  'Meu setup de home office completo 🖥️',
  'Por que todo mundo está comprando esse fone?',
  'Receita de bolo de cenoura com cobertura de chocolate 🥕',
  'Viagem para Portugal: quanto gastei',
  'As melhores séries da Netflix para maratonar',
];

/** A Mexican channel: "de", "que", "para", "como", "por" are Portuguese ones too. */
const SPANISH = [
  ...Object.values(CHANNELS.es ?? {}).flat(),
  'Cómo ahorrar dinero en el súper 💰 #tips',
  'El celular más barato que vale la pena en 2025',
  'Probé el iPhone por 30 días: ¿vale la pena?',
  'Mi setup de home office completo 🖥️',
  '¿Por qué todo el mundo está comprando estos audífonos?',
  'Receta de pastel de zanahoria con chocolate 🥕',
  'Viaje a España: cuánto gasté',
  'Las mejores series de Netflix para ver este fin de semana',
];

/** A Japanese channel writing many kanji: "一", "日", "大", "中", "人" are on the Chinese list too. */
const JAPANESE = [
  ...Object.values(CHANNELS.ja ?? {}).flat(),
  '【2024年版】東京で一番うまいラーメン屋ベスト5🍜',
  '月に一度の大掃除ルーティン #shorts',
  '一人暮らしの簡単晩ご飯レシピ',
  '中学生でもできる本格カレーの作り方',
  '大人気のパン屋さんに行ってみた',
  '上手な卵焼きのコツ3選',
  '日本人が知らない世界の朝ごはん',
  '年末年始の過ごし方',
  '夏休み最終日に家族でバーベキュー',
  '北海道旅行 3泊4日',
  '人生で一番うまい寿司',
  '今日の弁当は唐揚げ！',
  '100円ショップの便利グッズ10選',
  '初心者向け 筋トレ 1日10分',
  '本当においしい牛丼は？',
  '雨の日の過ごし方 vlog',
  '最強の目玉焼きを作る',
];

/** A Chinese channel, simplified and traditional: Han without kana. */
const CHINESE = [
  ...Object.values(CHANNELS.zh ?? {}).flat(),
  '为什么你的红烧肉不好吃？',
  '5个技巧让饺子更好吃 #美食',
  '我在成都吃了三天火锅🔥',
  '為什麼台灣的滷肉飯這麼好吃',
  '一碗面多少钱？',
];

function languagesOf(titles: readonly string[]) {
  const videos = titles.map((title, i) => ({ id: `v${i}`, title, tags: [], description: null }));
  return discoverTopicsByPosition(videos).languages;
}

/** Every other title of each list: a channel writing both languages half the time. */
function interleave(a: readonly string[], b: readonly string[]): string[] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => [a[i], b[i]]).flatMap((pair) =>
    pair.filter((title) => title !== undefined),
  );
}

describe('the languages of a channel', () => {
  it('reads a Portuguese channel as Portuguese alone, and a Spanish one as Spanish alone', () => {
    expect(languagesOf(PORTUGUESE)).toEqual(['pt', 'en']);
    expect(languagesOf(SPANISH)).toEqual(['es', 'en']);
    // The fixture channels alone (12 titles each), as the last validation found them: "pt, es, en".
    expect(languagesOf(Object.values(CHANNELS.pt ?? {}).flat())).toEqual(['pt', 'en']);
    expect(languagesOf(Object.values(CHANNELS.es ?? {}).flat())).toEqual(['es', 'en']);
  });

  it('reads a channel writing half its titles in each as both', () => {
    expect(languagesOf(interleave(PORTUGUESE, SPANISH)).slice().sort()).toEqual(['en', 'es', 'pt']);
    expect(
      languagesOf(interleave(SPANISH, Object.values(CHANNELS.fr ?? {}).flat()))
        .slice()
        .sort(),
    ).toEqual(['en', 'es', 'fr']);
  });

  it('reads a Japanese channel as Japanese, however many kanji its titles hold, and Han without kana as Chinese', () => {
    expect(languagesOf(JAPANESE)).toEqual(['ja', 'en']);
    expect(languagesOf(CHINESE)).toEqual(['zh', 'en']);
    expect(languagesOf(interleave(JAPANESE, CHINESE)).slice().sort()).toEqual(['en', 'ja', 'zh']);
  });

  it('never switches the other language on for any dozen of one channel’s titles', () => {
    const only = (titles: string[], other: Language) =>
      fc.property(fc.shuffledSubarray(titles, { minLength: 12 }), (sample) => !languagesOf(sample).includes(other));
    fc.assert(only(PORTUGUESE, 'es'), { numRuns: 100 });
    fc.assert(only(SPANISH, 'pt'), { numRuns: 100 });
    fc.assert(only(JAPANESE, 'zh'), { numRuns: 100 });
  });
});
