import { describe, expect, it } from 'vitest';
import { discoverTopics, OTHER_TOPIC } from '../../src/core/analytics/topic-clusters.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import {
  ENGLISH,
  FRENCH,
  type PipelineVideo,
  pipelineChannel,
  SPANISH,
  type Stamp,
  VLOG,
} from '../fixtures/pipeline-channels.js';

// Pipelines stamp the same hashtags, tags and description on videos whatever they are about: on every video the
// words are channel-wide, but on half of them (a pipeline started mid-life) or rotated (three of five hashtags a
// video) they made one topic of every dish (stamped-terms.ts).

/** The most of the 600 random channels that may keep a mixed topic (3 measured). */
const MIXED = 6;

const STAMPS: Record<string, { topics: Record<string, string[]>; stamp: Stamp }> = {
  fr: {
    topics: FRENCH,
    stamp: {
      hashtags: ['recette', 'cuisine', 'faitmaison', 'chezmamielou', 'viral'],
      tags: ['chezmamielou', 'recette facile', 'cuisine française'],
      description: 'Abonne-toi pour plus de recettes faciles ! 🔔 Lien en bio',
    },
  },
  es: {
    topics: SPANISH,
    stamp: {
      hashtags: ['recetas', 'cocina', 'comida', 'cocinaconmigo', 'fyp'],
      tags: ['recetas fáciles', 'cocina casera'],
      description: '¡Suscríbete y activa la campanita! 🔔 Link in bio',
    },
  },
  en: {
    topics: ENGLISH,
    stamp: {
      hashtags: ['cooking', 'food', 'foodie', 'kitchenbro', 'recipe'],
      tags: ['kitchenbro', 'easy recipes'],
      description: 'Link in bio for the full recipe! Follow for more 👉',
    },
  },
};

/** Each topic found (not "other") as the true topics of its videos, with their counts. */
function topicsFound(videos: readonly PipelineVideo[]): Record<string, Record<string, number>> {
  const truth = new Map(videos.map((video) => [video.id, video.topic]));
  const found: Record<string, Record<string, number>> = {};
  for (const cluster of discoverTopics(videos).clusters) {
    if (cluster.id === OTHER_TOPIC) continue;
    const counts: Record<string, number> = {};
    for (const id of cluster.videoIds) counts[truth.get(id) as string] = (counts[truth.get(id) as string] ?? 0) + 1;
    found[cluster.id] = counts;
  }
  return found;
}

/** Whether more than half of a topic's videos are of one true topic. */
const ownedByOne = (counts: Record<string, number>) =>
  2 * Math.max(...Object.values(counts)) > Object.values(counts).reduce((sum, count) => sum + count, 0);

/** Whether every topic found holds videos of a single true topic. */
const pure = (found: Record<string, Record<string, number>>) =>
  Object.values(found).every((counts) => Object.keys(counts).length === 1);

describe('hashtags and boilerplate a pipeline stamps on a share of the videos', () => {
  for (const [language, { topics, stamp }] of Object.entries(STAMPS)) {
    it(`make no topic (${language}: on half the videos, or three of five hashtags on each)`, () => {
      const half = topicsFound(pipelineChannel(topics, stamp, 0.5, `${language} half`));
      const rotated = topicsFound(pipelineChannel(topics, { ...stamp, perVideo: 3 }, 1, `${language} rotated`));
      for (const found of [half, rotated]) {
        expect(pure(found)).toBe(true);
        // One topic found for each true topic.
        expect(Object.values(found).flatMap(Object.keys).sort()).toEqual(Object.keys(topics).sort());
      }
    });
  }

  it('leave no topic a mix of dishes on 600 random channels (stamped on 30–60 % of the videos, or 2–3 of 5 a video)', () => {
    // A chance draw can favour one dish (the data then do show the stamp with it) or stamp under a quarter of the
    // videos (untested): a few channels keep such a topic. Measured: 3 of 600; before stamped terms were tested, 388.
    const random = new SeededRandom('stamped channels');
    let mixed = 0;
    for (let channel = 0; channel < 600; channel++) {
      const language = ['fr', 'es', 'en'][channel % 3] as string;
      const { topics, stamp } = STAMPS[language] as (typeof STAMPS)[string];
      const rotated = channel % 2 === 1;
      const share = rotated ? 1 : random.uniform(0.3, 0.6);
      const perVideo = rotated ? random.int(2, 3) : undefined;
      const found = topicsFound(pipelineChannel(topics, { ...stamp, perVideo }, share, random.nextUint32()));
      if (!Object.values(found).every(ownedByOne)) mixed++;
    }
    console.log('MIXED', mixed);
    expect(mixed).toBeLessThanOrEqual(MIXED);
  });
});

describe('a hashtag that is the real topic of a third of the videos', () => {
  const recipes = (VLOG.recette as string[]).length;
  const own = { recette: ['recette'] };

  it('still makes its topic, holding exactly the recipe videos', () => {
    expect(topicsFound(pipelineChannel(VLOG, STAMPS.fr?.stamp as Stamp, 0, 'vlog', own)).recette).toEqual({
      recette: recipes,
    });
  });

  it('still makes its topic beside a pipeline stamping half the channel', () => {
    const stamp = { hashtags: ['foodie', 'france', 'viral'], tags: [], description: 'Abonne-toi ! 🔔' };
    const found = topicsFound(pipelineChannel(VLOG, stamp, 0.5, 'vlog pipeline', own));
    expect(found.recette).toEqual({ recette: recipes });
    expect(pure(found)).toBe(true);
  });
});
