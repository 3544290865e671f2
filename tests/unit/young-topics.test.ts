import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelData } from '../../src/core/analytics/analytics-video.js';
import { analyzeChannel } from '../../src/core/analytics/channel-analysis.js';
import { MIN_GROUP_VIDEOS } from '../../src/core/analytics/effect-model.js';
import { analyticsVideoFromRecord } from '../../src/core/analytics/from-video-record.js';
import { discoverTopics, OTHER_TOPIC, type TopicVideo } from '../../src/core/analytics/topic-clusters.js';
import { chooseNextVideo } from '../../src/core/learning/next-video-plan.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import { ChannelSimulator, SIM_START } from '../fakes/channel-simulator.js';
import { KITCHEN, NULL_WORLD, WORLDS } from '../fakes/worlds.js';

// Topics a channel has touched only twice are arms the planner can explore, never findings: the effect model shrinks
// them toward the channel and /trends calls them "not enough data" until MIN_GROUP_VIDEOS videos.

const DAY_MS = 86_400_000;
const HISTORY = 30;

/** A world's channel after 30 videos of random plans, one a day, and the true topic of each video. */
function history(world: (typeof WORLDS)[number], seed: number) {
  const simulator = new ChannelSimulator(seed, world);
  const rng = new SeededRandom(`history:${seed}`);
  const truth = new Map<string, string | null>();
  for (let day = 0; day < HISTORY; day++) {
    const input = simulator.videoFor(simulator.randomPlan(rng), new Date(SIM_START.getTime() + day * DAY_MS), rng);
    truth.set(simulator.publish(input), simulator.readFeatures(input).topic);
  }
  const now = new Date(SIM_START.getTime() + (HISTORY + 10) * DAY_MS); // later than the last reading
  const channel = channelData(
    world.timezone,
    simulator.videosAt(now).map((record) => analyticsVideoFromRecord(record)),
  );
  return { channel, truth, now };
}

/** The world topics made exactly twice, each with its two video ids. */
function madeTwice(truth: ReadonlyMap<string, string | null>): string[][] {
  const byTopic = new Map<string, string[]>();
  for (const [id, topic] of truth) if (topic !== null) byTopic.set(topic, [...(byTopic.get(topic) ?? []), id]);
  return [...byTopic.values()].filter((ids) => ids.length === 2);
}

describe('young topics: a subject the channel has made twice', () => {
  it('is a cluster of its own, an arm of the plan, and never more than "not enough data"', () => {
    let young = 0;
    fc.assert(
      fc.property(fc.constantFrom(...WORLDS), fc.integer({ min: 1, max: 40 }), (world, seed) => {
        const { channel, truth, now } = history(world, seed);
        const analysis = analyzeChannel(channel, now);
        const { clusters } = analysis.patterns.topics;
        for (const ids of madeTwice(truth)) {
          const cluster = clusters.find((candidate) => ids.every((id) => candidate.videoIds.includes(id)));
          expect(cluster?.id).not.toBe(OTHER_TOPIC);
          expect(cluster?.videoIds.length).toBeLessThan(MIN_GROUP_VIDEOS);
          young++;
          const id = cluster?.id as string;
          // Never a finding: not among the effects /trends rates, only among the thin groups.
          expect(analysis.patterns.topics.effects.map((effect) => effect.group)).not.toContain(id);
          expect(analysis.patterns.topics.insufficient.map((group) => group.group)).toContain(id);
          // An arm the planner weighs, with the posterior it draws from.
          const plan = chooseNextVideo(analysis, new SeededRandom(seed));
          expect(plan.topic?.choice.posteriors.map((arm) => arm.arm)).toContain(id);
        }
        // No topic of fewer than MIN_GROUP_VIDEOS videos is rated, young or not.
        for (const effect of analysis.patterns.topics.effects)
          expect(effect.n).toBeGreaterThanOrEqual(MIN_GROUP_VIDEOS);
      }),
      { numRuns: 25 },
    );
    // The property is not vacuous: some of the histories drawn had a topic made twice.
    expect(young).toBeGreaterThan(0);
  });

  it('is chosen by some plans: the planner explores it', () => {
    // Seeds whose history made a kitchen topic exactly twice, found from the simulator's truth.
    const found = Array.from({ length: 20 }, (_, seed) => history(KITCHEN, seed + 1)).filter(
      ({ truth }) => madeTwice(truth).length > 0,
    );
    expect(found.length).toBeGreaterThan(0);
    let chosen = 0;
    for (const { channel, truth, now } of found) {
      const analysis = analyzeChannel(channel, now);
      const youngIds = madeTwice(truth).map(
        (ids) => analysis.patterns.topics.clusters.find((cluster) => cluster.videoIds.includes(ids[0] as string))?.id,
      );
      const rng = new SeededRandom('young topics');
      for (let draw = 0; draw < 200; draw++) {
        if (youngIds.includes(chooseNextVideo(analysis, rng).topic?.value)) chosen++;
      }
    }
    expect(chosen).toBeGreaterThan(0);
  });

  it('needs two shared words: one word in two titles is a coincidence of wording, not a topic', () => {
    const word = fc.stringMatching(/^[a-z]{5,9}$/);
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 4, maxLength: 4 }), ([first, second, other1, other2]) => {
        // Three established topics of four videos each, and two more videos.
        const base: TopicVideo[] = ['pasta', 'bread', 'eggs'].flatMap((topic) =>
          [1, 2, 3, 4].map((i) => ({
            id: `${topic}-${i}`,
            title: `${topic} recipe number ${i}`,
            tags: [topic],
            description: null,
          })),
        );
        const pair = (shared: string[]) =>
          discoverTopics([
            ...base,
            { id: 'x-1', title: `${shared.join(' ')} ${other1}`, tags: [], description: null },
            { id: 'x-2', title: `${shared.join(' ')} ${other2}`, tags: [], description: null },
          ]);
        const isOther = (clustering: ReturnType<typeof discoverTopics>) =>
          clustering.assignments.get('x-1') === OTHER_TOPIC && clustering.assignments.get('x-2') === OTHER_TOPIC;
        expect(isOther(pair([first as string]))).toBe(true);
        const young = pair([first as string, second as string]);
        expect(young.assignments.get('x-1')).not.toBe(OTHER_TOPIC);
        expect(young.assignments.get('x-1')).toBe(young.assignments.get('x-2'));
      }),
      { numRuns: 50 },
    );
  });

  it('leaves the topics of a world without effects unconfident (at most 5 % of rows medium or high)', () => {
    let rows = 0;
    let confident = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const { channel, now } = history(NULL_WORLD, seed);
      const { topics } = analyzeChannel(channel, now).patterns;
      rows += topics.effects.length + topics.insufficient.length;
      confident += topics.effects.filter((effect) => effect.confidence !== 'low').length;
    }
    expect(confident / rows).toBeLessThanOrEqual(0.05);
  });
});
