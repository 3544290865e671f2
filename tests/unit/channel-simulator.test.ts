import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import { ChannelSimulator, SIM_HOOKS, SIM_START, type SimPlan } from '../fakes/channel-simulator.js';
import {
  ARCADE,
  GADGETS,
  GARDEN,
  hasEffects,
  KITCHEN,
  MONTAGNE,
  NEW_YORK,
  NULL_WORLD,
  WORLDS,
  type World,
} from '../fakes/worlds.js';

// The closed-loop benchmark is only as honest as its audiences: these check that each simulated world reads
// videos the way TubePilot does, and that the structure each world claims to plant is really there.

const DAY_MS = 86_400_000;
const day = (n: number) => new Date(SIM_START.getTime() + n * DAY_MS);

/** Expected ln views of a plan published on day `n` of a fresh channel (no fatigue from earlier videos). */
function expected(simulator: ChannelSimulator, plan: SimPlan, n: number): number {
  return simulator.expectedLogViews(simulator.videoFor(plan, day(n), new SeededRandom('write')));
}

const planOf = (world: World) =>
  fc.record({
    topic: fc.constantFrom(...world.topics.map((topic) => topic.id)),
    hook: fc.constantFrom(...SIM_HOOKS),
    lengthS: fc.integer({ min: 5, max: 180 }),
    hour: fc.integer({ min: 0, max: 23 }),
  });

describe('every world', () => {
  it.each(WORLDS.map((world) => [world.name, world] as const))(
    '%s reads back the topic, hook style, length and local hour a plan was written with',
    (_, world) => {
      const simulator = new ChannelSimulator(1, world);
      const rng = new SeededRandom('plans');
      for (const topic of world.topics) {
        for (const hook of SIM_HOOKS) {
          const plan = { topic: topic.id, hook, lengthS: rng.pick(world.planLengths), hour: rng.pick(world.planHours) };
          const features = simulator.readFeatures(simulator.videoFor(plan, day(rng.int(0, 89)), rng));
          expect(features).toMatchObject({ topic: topic.id, hook, lengthS: plan.lengthS, localHour: plan.hour });
        }
      }
    },
  );

  it('draws the same audience for a seed and a different one for another seed', () => {
    for (const world of WORLDS.filter(hasEffects)) {
      expect(new ChannelSimulator(3, world).preferences).toEqual(new ChannelSimulator(3, world).preferences);
      expect(new ChannelSimulator(4, world).preferences).not.toEqual(new ChannelSimulator(3, world).preferences);
    }
    expect(WORLDS.filter((world) => !hasEffects(world))).toEqual([NULL_WORLD]);
  });

  it('reports published videos with daily snapshots, or with the one reading a refresh takes', () => {
    const simulator = new ChannelSimulator(3, MONTAGNE);
    const rng = new SeededRandom('publish');
    const video = simulator.videoFor(simulator.randomPlan(rng), day(0), rng);
    const id = simulator.publish(video);
    const at = new Date(video.publishedAt.getTime() + 5.5 * DAY_MS);
    const [daily] = simulator.videosAt(at);
    const [now] = simulator.videosAt(at, 'now');
    expect(daily?.snapshots).toHaveLength(5);
    expect(now?.snapshots).toEqual([expect.objectContaining({ takenAt: at, views: simulator.viewsAt(id, at) })]);
    expect(simulator.viewsAt(id, day(1))).toBeLessThan(simulator.viewsAt(id, day(3)));
    expect(simulator.viewsAt(id, day(3))).toBeLessThanOrEqual(simulator.viewsAt(id, day(30)));
  });
});

describe('kitchen (the original world)', () => {
  it('gives its best topic, hook, length and daypart the highest expected views', () => {
    const simulator = new ChannelSimulator(2, KITCHEN);
    const best = (effects: Record<string, number>) =>
      Object.entries(effects).reduce((top, entry) => (entry[1] > top[1] ? entry : top))[0];
    const { lengthS, hour } = simulator.bestLengthAndHour();
    const bestPlan = {
      topic: best(simulator.preferences.topic),
      hook: best(simulator.preferences.hook),
      lengthS,
      hour,
    };
    const top = expected(simulator, bestPlan as SimPlan, 0);
    fc.assert(
      fc.property(planOf(KITCHEN), (plan) => {
        expect(expected(simulator, plan as SimPlan, 0)).toBeLessThanOrEqual(top + 1e-12);
      }),
    );
  });
});

describe('montagne (French)', () => {
  it('reads its accented topics with or without the accents, as its audience would', () => {
    const simulator = new ChannelSimulator(1, MONTAGNE);
    const read = (title: string) => simulator.readFeatures({ title, durationS: 30, publishedAt: day(0) }).topic;
    expect(read('5 randonnee mistakes beginners make')).toBe('randonnée');
    expect(read('Pourquoi la MÉTÉO change ?')).toBe('météo');
    expect(read('Un velo de route')).toBe('vélo');
  });

  it('responds to length and hour as smooth curves with their peak inside the drawn range', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const simulator = new ChannelSimulator(seed, MONTAGNE);
      const { lengthS, hour } = simulator.bestLengthAndHour();
      expect(lengthS).toBeGreaterThanOrEqual(30);
      expect(lengthS).toBeLessThanOrEqual(55);
      expect(hour).toBeGreaterThanOrEqual(11);
      expect(hour).toBeLessThanOrEqual(14);
      // Smooth: a second more or less changes little, unlike a bucket edge.
      for (let seconds = 6; seconds <= 180; seconds++) {
        expect(Math.abs(simulator.lengthEffect(seconds) - simulator.lengthEffect(seconds - 1))).toBeLessThan(0.03);
      }
    }
  });
});

describe('new-york (DST)', () => {
  it('keeps the audience peak at a local hour, which moves an hour earlier in UTC on 8 March', () => {
    const simulator = new ChannelSimulator(1, NEW_YORK);
    const { hour } = simulator.bestLengthAndHour();
    const before = simulator.instantOf(new Date('2026-03-06T00:00:00Z'), hour);
    const after = simulator.instantOf(new Date('2026-03-10T00:00:00Z'), hour);
    expect((before.getUTCHours() - after.getUTCHours() + 24) % 24).toBe(1);
    // The same UTC hour is worth less after the change than the local peak, and was the peak before it.
    const atUtc = (date: string, utcHour: number) =>
      simulator.expectedLogViews({
        title: 'How to get the deadlift right',
        durationS: 25,
        publishedAt: new Date(`${date}T${String(utcHour).padStart(2, '0')}:00:00Z`),
      });
    const peakUtc = before.getUTCHours();
    const localPeakAfter = simulator.expectedLogViews({
      title: 'How to get the deadlift right',
      durationS: 25,
      publishedAt: after,
    });
    expect(atUtc('2026-03-06', peakUtc)).toBeCloseTo(localPeakAfter, 10);
    expect(atUtc('2026-03-10', peakUtc)).toBeLessThan(localPeakAfter - 0.01);
  });
});

describe('garden (drift, fatigue, a rising topic)', () => {
  it('tires of a topic repeated daily and recovers for another topic', () => {
    const simulator = new ChannelSimulator(1, GARDEN);
    const rng = new SeededRandom('fatigue');
    const plan = { topic: 'tomatoes', hook: 'how-to' as const, lengthS: 45, hour: 9 };
    const first = expected(simulator, plan, 0);
    for (let n = 0; n < 10; n++) simulator.publish(simulator.videoFor(plan, day(n), rng));
    const tenth = simulator.expectedLogViews(simulator.videoFor(plan, day(10), rng));
    const drift = simulator.topicEffect('tomatoes', 10) - simulator.topicEffect('tomatoes', 0);
    expect(first - (tenth - drift)).toBeGreaterThan(GARDEN.fatigue?.perVideo ?? 1);
    expect(simulator.fatigue('compost', day(10))).toBe(0);
  });

  it('has a last topic that rises past every other around day 45, and topics that drift', () => {
    const rising = GARDEN.topics.at(-1)?.id as string;
    for (let seed = 1; seed <= 5; seed++) {
      const simulator = new ChannelSimulator(seed, GARDEN);
      const others = GARDEN.topics.slice(0, -1).map((topic) => topic.id);
      expect(simulator.topicEffect(rising, 80) - simulator.topicEffect(rising, 10)).toBeGreaterThan(1);
      expect(simulator.topicEffect(rising, 10)).toBeLessThan(
        Math.max(...others.map((id) => simulator.topicEffect(id, 10))),
      );
      const drifted = others.map((id) => Math.abs(simulator.topicEffect(id, 60) - simulator.topicEffect(id, 0)));
      expect(Math.max(...drifted)).toBeGreaterThan(0.05);
    }
  });
});

describe('gadgets (hook × topic)', () => {
  it('has hook styles whose worth depends on the topic', () => {
    const simulator = new ChannelSimulator(1, GADGETS);
    const bestHook = (topic: string) =>
      SIM_HOOKS.reduce((top, hook) =>
        expected(simulator, { topic, hook, lengthS: 50, hour: 17 }, 0) >
        expected(simulator, { topic, hook: top, lengthS: 50, hour: 17 }, 0)
          ? hook
          : top,
      );
    expect(new Set(GADGETS.topics.map((topic) => bestHook(topic.id))).size).toBeGreaterThan(1);
  });
});

describe('arcade (viral hits, growth)', () => {
  it('makes about 3% of videos 20–50× hits and grows about 1% a day', () => {
    const simulator = new ChannelSimulator(1, ARCADE);
    const rng = new SeededRandom('virals');
    const plan = { topic: 'retro', hook: 'story' as const, lengthS: 30, hour: 18 };
    const ratios = Array.from({ length: 2000 }, (_, i) => {
      const id = simulator.publish(simulator.videoFor(plan, day(i % 90), rng));
      const { finalViews, expectedLogViews, viral } = simulator.outcome(id);
      return { viral, ratio: finalViews / Math.exp(expectedLogViews) };
    });
    const viral = ratios.filter((entry) => entry.viral);
    expect(viral.length / ratios.length).toBeGreaterThan(0.015);
    expect(viral.length / ratios.length).toBeLessThan(0.05);
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
    expect(median(viral.map((entry) => entry.ratio))).toBeGreaterThan(10);
    expect(median(ratios.filter((entry) => !entry.viral).map((entry) => entry.ratio))).toBeLessThan(1.5);
    const fresh = new ChannelSimulator(1, ARCADE);
    expect(expected(fresh, plan, 60) - expected(fresh, plan, 0)).toBeCloseTo(60 * ARCADE.growthPerDay, 10);
  });
});

describe('null world', () => {
  it('expects the same views of every plan on every day: there is nothing to learn', () => {
    const simulator = new ChannelSimulator(1, NULL_WORLD);
    const baseline = Math.log(NULL_WORLD.baseViews);
    fc.assert(
      fc.property(planOf(NULL_WORLD), fc.integer({ min: -30, max: 120 }), (plan, n) => {
        expect(expected(simulator, plan as SimPlan, n)).toBeCloseTo(baseline, 10);
      }),
    );
  });
});
