import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChannelPatterns } from '../../src/core/analytics/pattern-effects.js';
import { matchTopic } from '../../src/core/analytics/planned-video-prediction.js';
import {
  discoverTopics,
  discoverTopicsByPosition,
  OTHER_TOPIC,
  stem,
  type TopicVideo,
  tokeniser,
} from '../../src/core/analytics/topic-clusters.js';
import { generateDemoChannel } from '../../src/core/demo/demo-channel.js';
import { parseVideoCsv } from '../../src/core/import/parse-video-csv.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import { detectLanguages, stopWordsFor } from '../../src/core/text/stopwords.js';
import { foldedWords } from '../../src/core/text/words.js';
import type { VideoRecord } from '../../src/core/videos/video-record.js';
import { CHANNELS } from '../fixtures/multilingual-channels.js';

function topicVideo(record: VideoRecord): TopicVideo {
  return { id: record.youtubeId, title: record.title, tags: record.tags, description: record.description };
}

const demo = generateDemoChannel({ seed: 42, endDate: new Date('2026-11-23T00:00:00Z') });
const alex = parseVideoCsv(readFileSync('tests/fixtures/alex-the-analyst-videos.csv', 'utf8')).videos;

function pairs(count: number): number {
  return (count * (count - 1)) / 2;
}

/** Adjusted Rand index of two labellings of the same items. */
function adjustedRandIndex(truth: readonly string[], found: readonly string[]): number {
  const tally = (labels: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
    return [...counts.values()];
  };
  const together = tally(truth.map((label, i) => `${label}\u0000${found[i]}`)).reduce((sum, n) => sum + pairs(n), 0);
  const truthPairs = tally(truth).reduce((sum, n) => sum + pairs(n), 0);
  const foundPairs = tally(found).reduce((sum, n) => sum + pairs(n), 0);
  const expected = (truthPairs * foundPairs) / pairs(truth.length);
  return (together - expected) / ((truthPairs + foundPairs) / 2 - expected);
}

describe('stem and tokeniser', () => {
  it('cuts simple plurals only', () => {
    expect(['eggs', 'stories', 'dishes', 'boxes', 'class', 'analysis', 'bus', 'rice'].map(stem)).toEqual([
      'egg',
      'story',
      'dish',
      'box',
      'class',
      'analysis',
      'bus',
      'rice',
    ]);
  });

  it('drops stopwords, numbers and one-letter words, and pairs only adjacent words within a phrase', () => {
    expect(tokeniser().termsOf('5 Boiled Eggs in the pan | Python for Beginners')).toEqual([
      'boiled',
      'egg',
      'boiled egg',
      'pan',
      'python',
      'beginner',
    ]);
  });

  it('leaves out the stems it is told to drop', () => {
    expect(tokeniser(new Set(['analyst'])).termsOf('Data Analyst Salary')).toEqual(['data', 'salary']);
  });
});

describe('discoverTopics on the demo channel', () => {
  const found = discoverTopics(demo.videos.map(topicVideo));
  const truthOf = new Map(demo.videos.map((video) => [video.youtubeId, video.topic as string]));

  it('lines the clusters up with the true topics (adjusted Rand index and purity ≥ 0.7)', () => {
    const ids = demo.videos.map((video) => video.youtubeId);
    const truth = ids.map((id) => truthOf.get(id) as string);
    const clusters = ids.map((id) => found.assignments.get(id) as string);
    expect(adjustedRandIndex(truth, clusters)).toBeGreaterThanOrEqual(0.7);
    const majority = found.clusters.reduce((sum, cluster) => {
      const counts = new Map<string, number>();
      for (const id of cluster.videoIds)
        counts.set(truthOf.get(id) as string, (counts.get(truthOf.get(id) as string) ?? 0) + 1);
      return sum + Math.max(...counts.values());
    }, 0);
    expect(majority / ids.length).toBeGreaterThanOrEqual(0.7);
  });

  it('assigns every video exactly once, labels clusters by keywords and keeps to the limits', () => {
    expect(found.assignments.size).toBe(demo.videos.length);
    expect(found.clusters.flatMap((cluster) => cluster.videoIds).sort()).toEqual(
      demo.videos.map((video) => video.youtubeId).sort(),
    );
    const named = found.clusters.filter((cluster) => cluster.id !== OTHER_TOPIC);
    expect(named.length).toBeGreaterThanOrEqual(5);
    expect(named.length).toBeLessThanOrEqual(8);
    for (const cluster of named) {
      expect(cluster.videoIds.length).toBeGreaterThanOrEqual(3);
      expect(cluster.keywords.length).toBeGreaterThanOrEqual(2);
      expect(cluster.label).toBe(cluster.keywords.slice(0, 3).join(' / '));
    }
    expect(new Set(found.clusters.map((cluster) => cluster.id)).size).toBe(found.clusters.length);
  });

  it('finds an egg cluster', () => {
    expect(found.clusters.some((cluster) => cluster.keywords.includes('eggs'))).toBe(true);
  });

  it('gives the same clusters whatever the input order', () => {
    const shuffled = new SeededRandom('topics-order').shuffle(demo.videos.map(topicVideo));
    expect(discoverTopics(shuffled)).toEqual(found);
  });
});

describe('discoverTopics on real data (Alex The Analyst)', () => {
  const found = discoverTopics(alex.map(topicVideo));
  const named = found.clusters.filter((cluster) => cluster.id !== OTHER_TOPIC);
  const keywordsOf = new Map(found.clusters.map((cluster) => [cluster.id, cluster.keywords]));

  it('finds several meaningful clusters', () => {
    expect(named.length).toBeGreaterThanOrEqual(4);
    const keywords = new Set(named.flatMap((cluster) => cluster.keywords));
    for (const subject of ['sql', 'python', 'excel']) expect(keywords.has(subject), subject).toBe(true);
  });

  it('puts SQL videos in a cluster whose keywords include "sql"', () => {
    const subqueries = alex.find((video) => video.title === 'Advanced SQL Tutorial | Subqueries') as VideoRecord;
    expect(keywordsOf.get(found.assignments.get(subqueries.youtubeId) as string)).toContain('sql');
    const sqlVideos = alex.filter((video) => /\bSQL\b/.test(video.title));
    const inSqlCluster = sqlVideos.filter((video) =>
      keywordsOf.get(found.assignments.get(video.youtubeId) as string)?.includes('sql'),
    );
    expect(inSqlCluster.length / sqlVideos.length).toBeGreaterThanOrEqual(0.8);
  });

  it('drops the words of the channel-wide tags ("Data Analyst" is on almost every video)', () => {
    const keywords = named.flatMap((cluster) => cluster.keywords.flatMap((keyword) => keyword.split(' ')));
    expect(keywords).not.toContain('analyst');
    expect(keywords).not.toContain('data');
  });
});

describe('discoverTopics and channel-wide tags', () => {
  // Each spelling of the channel's tag is on half the videos, all of them together on every one (its words would
  // otherwise make "kitchen sourdough" a phrase); "Fermented" is on half the videos, three times each: more tags
  // than 60 % of the videos, but not more videos.
  const videos: TopicVideo[] = Array.from({ length: 10 }, (_, i) => ({
    id: `v${i}`,
    title: i < 5 ? 'kitchen sourdough bread' : 'kimchi jar',
    tags: [
      i % 2 === 0 ? 'Kitchen Science' : ' kitchen science',
      ...(i < 5 ? [] : ['Fermented', 'Fermented', 'Fermented']),
    ],
    description: null,
  }));
  const keywords = discoverTopics(videos).clusters.flatMap((cluster) => cluster.keywords);

  it('counts a tag written in several ways as one', () => {
    expect(keywords.join(' ')).not.toMatch(/kitchen|science/);
  });

  it('counts the videos carrying a tag, not the times it is written', () => {
    expect(keywords).toContain('fermented');
  });
});

describe('discoverTopics on degenerate input', () => {
  it('returns nothing for no videos', () => {
    expect(discoverTopics([])).toEqual({ clusters: [], assignments: new Map() });
  });

  it('puts everything in "other" when there is nothing to cluster by', () => {
    const videos: TopicVideo[] = [
      { id: 'a', title: '', tags: [], description: null },
      { id: 'b', title: '!!!', tags: [''], description: '' },
      { id: 'c', title: 'the and of', tags: [], description: null },
    ];
    const found = discoverTopics(videos);
    expect(found.clusters).toEqual([{ id: OTHER_TOPIC, label: OTHER_TOPIC, keywords: [], videoIds: ['a', 'b', 'c'] }]);
    expect(discoverTopics([videos[0] as TopicVideo]).assignments.get('a')).toBe(OTHER_TOPIC);
  });

  it('finds two topics in a tiny channel', () => {
    const videos: TopicVideo[] = ['sourdough', 'sourdough', 'sourdough', 'kimchi', 'kimchi', 'kimchi', 'misc'].map(
      (word, i) => ({ id: `v${i}`, title: `${word} video ${i}`, tags: [word], description: null }),
    );
    const found = discoverTopics(videos);
    expect(found.clusters.map((cluster) => [cluster.id, cluster.videoIds])).toEqual([
      ['kimchi', ['v3', 'v4', 'v5']],
      ['sourdough', ['v0', 'v1', 'v2']],
      [OTHER_TOPIC, ['v6']],
    ]);
  });
});

/** A fixture channel's videos, with ids that say their true topic ("crème brûlée#2"). */
function channelVideos(language: string): TopicVideo[] {
  return Object.entries(CHANNELS[language] ?? {}).flatMap(([topic, titles]) =>
    titles.map((title, i) => ({ id: `${topic}#${i}`, title, tags: [], description: null })),
  );
}

const trueTopic = (id: string) => id.split('#')[0] as string;

/** The stop words that apply to a channel: those of the languages its titles are in. */
function channelStopWords(videos: readonly TopicVideo[]): ReadonlySet<string> {
  return stopWordsFor(detectLanguages(videos.map((video) => foldedWords(video.title))));
}

/** Every word of every keyword, folded. */
function keywordWords(clusters: readonly { keywords: string[] }[]): string[] {
  return clusters.flatMap((cluster) => cluster.keywords.flatMap(foldedWords));
}

describe('discoverTopics in any language', () => {
  const languages = ['fr', 'es', 'de', 'pt', 'it', 'ja', 'zh', 'en'];

  it.each(languages)('%s: finds the true topics, each cluster holding one', (language) => {
    const videos = channelVideos(language);
    const found = discoverTopics(videos);
    const named = found.clusters.filter((cluster) => cluster.id !== OTHER_TOPIC);
    expect(named.length).toBe(Object.keys(CHANNELS[language] ?? {}).length);
    for (const cluster of named) expect(new Set(cluster.videoIds.map(trueTopic)).size, cluster.label).toBe(1);
    // Each short channel may leave a title or two unplaced, never more.
    expect(found.clusters.find((cluster) => cluster.id === OTHER_TOPIC)?.videoIds.length ?? 0).toBeLessThanOrEqual(1);
  });

  it.each(languages)('%s: no stop word, number or single letter in any keyword', (language) => {
    const videos = channelVideos(language);
    const stopwords = channelStopWords(videos);
    for (const word of keywordWords(discoverTopics(videos).clusters)) {
      expect(stopwords.has(word), word).toBe(false);
      expect(word, word).not.toMatch(/^\p{N}/u);
      expect([...word].length > 1 || /\p{Script=Han}/u.test(word), word).toBe(true);
      expect(['shorts', 'recette', 'dolci', 'backen'].includes(word) && word === 'shorts', word).toBe(false);
    }
  });

  it('never names a topic after the stop words the issue saw ("de", "les / qui / en", "la / ne / ne pas", "au")', () => {
    const words = new Set(
      languages.flatMap((language) => keywordWords(discoverTopics(channelVideos(language)).clusters)),
    );
    for (const word of [
      'de',
      'les',
      'qui',
      'en',
      'la',
      'ne',
      'pas',
      'au',
      'el',
      'los',
      'die',
      'der',
      'da',
      'o',
      'il',
      'の',
      '的',
    ]) {
      expect(words.has(word), word).toBe(false);
    }
  });

  it('puts a dish written with and without its accents in one cluster, labelled with the accents', () => {
    const clusterOf = (language: string, title: string) => {
      const videos = channelVideos(language);
      const found = discoverTopics(videos);
      const video = videos.find((candidate) => candidate.title === title) as TopicVideo;
      return found.clusters.find((cluster) => cluster.id === found.assignments.get(video.id));
    };
    const cremeBrulee = clusterOf('fr', 'Creme brulee facile en 10 minutes (sans four !)');
    expect(cremeBrulee?.keywords[0]).toBe('crème brûlée');
    expect(cremeBrulee?.id).toBe('crème-brûlée');
    expect(new Set(cremeBrulee?.videoIds.map(trueTopic))).toEqual(new Set(['crème brûlée']));
    expect(cremeBrulee?.videoIds).toHaveLength(4);
    expect(clusterOf('fr', "D'où vient l'oeuf mimosa ? #shorts")?.keywords[0]).toBe('œufs');
    expect(clusterOf('fr', 'Une salade pour cet été, en 5 minutes')?.keywords).toContain('été');
    expect(clusterOf('it', 'Tiramisu senza uova in 10 minuti')?.keywords[0]).toBe('tiramisù');
    expect(clusterOf('de', 'Kasekuchen in 20 Minuten – geht das?')?.keywords[0]).toBe('käsekuchen');
    expect(clusterOf('pt', 'Pao de queijo sem glúten e sem lactose')?.keywords[0]).toBe('pão');
  });

  it('clusters Japanese and Chinese titles by their words', () => {
    const seeds = (language: string) =>
      discoverTopics(channelVideos(language)).clusters.map((cluster) => cluster.keywords[0]);
    expect(seeds('ja')).toEqual(expect.arrayContaining(['ラーメン', 'パンケーキ', 'カレー']));
    expect(seeds('zh')).toEqual(expect.arrayContaining(['红烧肉', '饺子', '麻婆豆腐']));
  });

  it('keeps "AI" and "war" as topics on an English channel, where the union of all stop lists would drop them', () => {
    const seeds = discoverTopics(channelVideos('en')).clusters.map((cluster) => cluster.keywords[0]);
    expect(seeds).toEqual(expect.arrayContaining(['ai', 'war', 'laptop']));
  });

  it('names no topic after a platform hashtag, but reads a topic hashtag as its word', () => {
    const videos = ['pasta', 'pasta', 'pasta', 'soup', 'soup', 'soup'].map((dish, i) => ({
      id: `v${i}`,
      title: `My ${dish} ${i} #shorts #viral #${i % 3 === 0 ? 'weeknight' : 'cooking'}`,
      tags: [],
      description: null,
    }));
    const found = discoverTopics(videos);
    const words = keywordWords(found.clusters);
    expect(words).not.toContain('shorts');
    expect(words).not.toContain('viral');
    expect(found.clusters.map((cluster) => cluster.id)).toEqual(['pasta', 'soup']);
  });
});

describe('matching a typed topic to a cluster', () => {
  // matchTopic reads the channel's topic clusters only.
  const patternsOf = (language: string) =>
    ({ topics: { clusters: discoverTopics(channelVideos(language)).clusters } }) as unknown as ChannelPatterns;

  it('finds the cluster whatever the accents, case or script of what is typed', () => {
    expect(matchTopic(patternsOf('fr'), 'CREME BRULEE au chocolat')).toBe('crème-brûlée');
    expect(matchTopic(patternsOf('it'), 'tiramisu')).toBe('tiramisù');
    expect(matchTopic(patternsOf('ja'), 'ラーメン')).toBe('ラーメン');
    expect(matchTopic(patternsOf('fr'), 'sushi')).toBeNull();
  });
});

describe('discoverTopics on generated titles (property-based)', () => {
  // Pools for titles in any of the languages: their stop words, content words with and without accents, numbers,
  // emoji, punctuation and hashtags.
  const stopPool = [
    'de',
    'la',
    'les',
    'qui',
    'ne',
    'pas',
    'el',
    'los',
    'que',
    'und',
    'die',
    'der',
    'você',
    'não',
    'il',
    'della',
    'the',
    'of',
    'how',
    'の',
    'は',
    '的',
  ];
  const contentPool = [
    'crème',
    'brûlée',
    'été',
    'pâtes',
    'paella',
    'käsekuchen',
    'pão',
    'queijo',
    'tiramisù',
    'ラーメン',
    'カレー',
    '饺子',
    'laptop',
    'ai',
    'war',
  ];
  const noisePool = ['🍜', '🔥', '!', '|', ':', '#shorts', '#recette', '10', '2024', 'x', '¿'];
  const title = fc
    .array(fc.constantFrom(...stopPool, ...contentPool, ...contentPool, ...noisePool), { minLength: 1, maxLength: 9 })
    .map((words) => words.join(' '));
  const videosArbitrary = fc
    .array(title, { minLength: 3, maxLength: 40 })
    .map((titles) =>
      titles.map(
        (text, i): TopicVideo => ({ id: `v${String(i).padStart(2, '0')}`, title: text, tags: [], description: null }),
      ),
    );

  it('never makes a stop word of the channel’s languages, a number or a platform hashtag a keyword', () => {
    fc.assert(
      fc.property(videosArbitrary, (videos) => {
        const stopwords = channelStopWords(videos);
        return keywordWords(discoverTopics(videos, { minClusterSize: 2 }).clusters).every(
          (word) => !stopwords.has(word) && !/^\p{N}/u.test(word) && word !== 'shorts',
        );
      }),
      { numRuns: 60 },
    );
  });

  it('gives each video, by its position, the topic `assignments` gives its id, in any input order', () => {
    fc.assert(
      fc.property(videosArbitrary, fc.integer(), (videos, seed) => {
        const shuffled = new SeededRandom(seed).shuffle(videos);
        const { clusters, topics } = discoverTopicsByPosition(shuffled, { minClusterSize: 2 });
        const { assignments } = discoverTopics(shuffled, { minClusterSize: 2 });
        expect(clusters).toEqual(discoverTopics(shuffled, { minClusterSize: 2 }).clusters);
        expect(topics).toEqual(shuffled.map((video) => assignments.get(video.id)));
      }),
      { numRuns: 40 },
    );
  });

  it('reads again a video whose title, tags or description changed in place since the last call', () => {
    fc.assert(
      fc.property(videosArbitrary, fc.array(title, { minLength: 1, maxLength: 40 }), (videos, texts) => {
        discoverTopics(videos, { minClusterSize: 2 });
        videos.forEach((video, i) => {
          const text = texts[i % texts.length] as string;
          if (i % 3 === 0) video.title = text;
          else if (i % 3 === 1) (video.tags as string[]).push(text);
          else video.description = text;
        });
        const copies = videos.map((video) => ({ ...video, tags: [...video.tags] }));
        const expected = discoverTopics(copies, { minClusterSize: 2 }).clusters;
        expect(discoverTopics(videos, { minClusterSize: 2 }).clusters).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('finds no topic at all in titles of nothing but one language’s stop words and noise', () => {
    const stopWordsByLanguage = [
      ['de', 'la', 'les', 'qui', 'ne', 'pas', 'au', 'en', 'est', 'du', 'des'],
      ['el', 'los', 'las', 'que', 'de', 'la', 'por', 'para', 'con', 'es'],
      ['die', 'der', 'und', 'das', 'mit', 'ist', 'nicht', 'ein', 'zu'],
      ['você', 'não', 'o', 'da', 'do', 'em', 'com', 'uma', 'para'],
      ['il', 'della', 'che', 'non', 'gli', 'per', 'sono', "dell'", 'nel'],
      ['の', 'は', 'を', 'に', 'が', 'で', 'と', 'から'],
      ['的', '了', '是', '在', '和', '我', '也'],
    ];
    const noise = ['🍜', '🔥', '!', '|', ':', '#shorts', '#viral', '10', '2024', 'x', '¿'];
    const channel = fc.constantFrom(...stopWordsByLanguage).chain((pool) =>
      fc.array(
        fc.array(fc.constantFrom(...pool, ...noise), { minLength: 2, maxLength: 8 }).map((words) => words.join(' ')),
        { minLength: 3, maxLength: 30 },
      ),
    );
    fc.assert(
      fc.property(channel, (titles) => {
        // Only channels that show their language ("les", "qui"), not only "de" or "la", which could be French,
        // Spanish or Portuguese: the stop words of the one language drawn must then all go.
        fc.pre(detectLanguages(titles.map(foldedWords)).length > 1);
        const videos = titles.map((text, i) => ({ id: `v${i}`, title: text, tags: [], description: null }));
        return discoverTopics(videos, { minClusterSize: 2 }).clusters.every((cluster) => cluster.id === OTHER_TOPIC);
      }),
      { numRuns: 80 },
    );
  });

  it('reads many titles in one text as it reads each apart, with no phrase across a "|"', () => {
    // Some 2,000–4,000 term ids in one text: more than the reader’s first buffer holds (it doubles from 1,024),
    // and phrases after many different first words (each holds the ids of the phrases it starts).
    fc.assert(
      fc.property(fc.array(title, { minLength: 400, maxLength: 600 }), (titles) => {
        const apart = titles.flatMap((text) => tokeniser().termsOf(text));
        return JSON.stringify(tokeniser().termsOf(titles.join(' | '))) === JSON.stringify(apart);
      }),
      { numRuns: 20 },
    );
  });

  it('finds the same clusters whether or not the titles carry their accents', () => {
    const strip = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    fc.assert(
      fc.property(videosArbitrary, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (videos, stripped) => {
        const plain = videos.map((video, i) => (stripped[i] ? { ...video, title: strip(video.title) } : video));
        const partition = (found: ReturnType<typeof discoverTopics>) =>
          found.clusters.map((cluster) => cluster.videoIds.join(',')).sort();
        return JSON.stringify(partition(discoverTopics(plain))) === JSON.stringify(partition(discoverTopics(videos)));
      }),
      { numRuns: 60 },
    );
  });
});
