import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  discoverTopics,
  OTHER_TOPIC,
  stem,
  type TopicVideo,
  tokeniser,
} from '../../src/core/analytics/topic-clusters.js';
import { generateDemoChannel } from '../../src/core/demo/demo-channel.js';
import { parseVideoCsv } from '../../src/core/import/parse-video-csv.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import type { VideoRecord } from '../../src/core/videos/video-record.js';

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
