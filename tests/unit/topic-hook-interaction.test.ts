import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ArmEffect,
  type EffectDimension,
  type EffectModel,
  fitEffectModel,
} from '../../src/core/analytics/effect-model.js';
import {
  estimateOf,
  TOPIC_HOOK_DIMENSION,
  TOPIC_HOOK_SHRINKAGE,
  topicHookArm,
} from '../../src/core/analytics/pattern-effects.js';
import { type ArmChoice, chooseArms, describeChoice } from '../../src/core/learning/thompson-sampling.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';

const TOPICS = ['keyboards', 'phones', 'drones', 'laptops', 'chargers'];
const HOOKS = ['question', 'number-list', 'pov', 'story'];
const PLANTED = topicHookArm('keyboards', 'number-list');

interface Dataset {
  seed: number;
  videos: number;
  /** Main effects' sizes (ln views). */
  topicSd: number;
  hookSd: number;
  noise: number;
}

const datasetArbitrary: fc.Arbitrary<Dataset> = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  videos: fc.integer({ min: 60, max: 180 }),
  topicSd: fc.double({ min: 0, max: 0.5, noNaN: true }),
  hookSd: fc.double({ min: 0, max: 0.4, noNaN: true }),
  noise: fc.double({ min: 0.3, max: 0.7, noNaN: true }),
});

/**
 * The planted interaction: number-list hooks add `size` on keyboards, and, so that neither the topic nor the hook
 * gains on average (the model's main effects would take that part), cost a little on the other topics, as the
 * other hooks do on keyboards. A pair's truth is then its β in the model.
 */
function planted(topic: string, hook: string, size: number): number {
  const onTopic = topic === 'keyboards';
  const onHook = hook === 'number-list';
  if (onTopic && onHook) return size;
  if (onTopic) return -size / (HOOKS.length - 1);
  if (onHook) return -size / (TOPICS.length - 1);
  return size / ((HOOKS.length - 1) * (TOPICS.length - 1));
}

/**
 * A channel's videos in the model's topic, hook and topic × hook dimensions (as pattern-effects.ts builds them),
 * random main effects, and the planted interaction of that size (0: none).
 */
function fitted({ seed, videos, topicSd, hookSd, noise }: Dataset, interaction: number): EffectModel {
  const rng = new SeededRandom(`interaction:${seed}`);
  const topicEffect = new Map(TOPICS.map((topic) => [topic, rng.normal(0, topicSd)]));
  const hookEffect = new Map(HOOKS.map((hook) => [hook, rng.normal(0, hookSd)]));
  const rows = Array.from({ length: videos }, () => {
    const topic = TOPICS[Math.floor(rng.next() * TOPICS.length)] as string;
    const hook = HOOKS[Math.floor(rng.next() * HOOKS.length)] as string;
    const pair = topicHookArm(topic, hook);
    const value =
      (topicEffect.get(topic) as number) +
      (hookEffect.get(hook) as number) +
      planted(topic, hook, interaction) +
      rng.normal(0, noise);
    return { value, arms: [topic, hook, pair], covariates: [1] };
  });
  const pairs = [...new Set(rows.map((row) => row.arms[2] as string))].sort();
  const dimensions: EffectDimension[] = [
    { name: 'topic', arms: TOPICS },
    { name: 'hook', arms: HOOKS },
    { name: TOPIC_HOOK_DIMENSION, arms: pairs, shrinkage: TOPIC_HOOK_SHRINKAGE, uncentred: true },
  ];
  return fitEffectModel(dimensions, rows);
}

const pairsOf = (model: EffectModel) => model.arms[2] ?? [];
const isConfident = (arm: ArmEffect) => {
  const { confidence } = estimateOf(TOPIC_HOOK_DIMENSION, arm);
  return confidence === 'medium' || confidence === 'high';
};
const confident = (model: EffectModel) => pairsOf(model).filter(isConfident);

describe('the topic × hook interaction', () => {
  it('calls at most 5 % of pairs medium or high when no interaction is planted', () => {
    const datasets = fc.sample(datasetArbitrary, { seed: 15, numRuns: 40 });
    let shown = 0;
    let called = 0;
    for (const dataset of datasets) {
      const model = fitted(dataset, 0);
      // Pairs /trends would consider: at least MIN_GROUP_VIDEOS videos.
      shown += pairsOf(model).filter((arm) => arm.n >= 5).length;
      called += confident(model).length;
    }
    expect(shown).toBeGreaterThan(100);
    expect(called / shown).toBeLessThanOrEqual(0.05);
  });

  it('recovers a planted interaction: never with the wrong sign, confident in a good share of channels', () => {
    const datasets = fc.sample(datasetArbitrary, { seed: 16, numRuns: 40 });
    const size = 0.8;
    let found = 0;
    let wrong = 0;
    for (const dataset of datasets) {
      const arm = pairsOf(fitted(dataset, size)).find((candidate) => candidate.arm === PLANTED);
      if (arm === undefined) continue;
      if (isConfident(arm) && arm.effect > 0) found++;
      if (isConfident(arm) && arm.effect < 0) wrong++;
    }
    // With 60–180 videos over 20 pairs (3–9 a pair) and strong shrinkage, a single large pair is called in a good
    // share of channels, not all: the price of calling almost no pair in channels without an interaction.
    expect(found / datasets.length).toBeGreaterThan(0.3);
    expect(wrong).toBe(0);
    // Not asserted, measured: its 80 % interval covers the planted 0.8 in only about 15 % of these channels. One
    // large pair among twenty small ones makes τ small, and the shrinkage that keeps the null world quiet pulls the
    // lone pair's estimate and interval below it (issue 15: to be calibrated).
  });

  it('reports every pair at the centre of its own interval, with the same normal the plan draws from', () => {
    fc.assert(
      fc.property(datasetArbitrary, fc.double({ min: -0.8, max: 0.8, noNaN: true }), (dataset, interaction) => {
        const model = fitted({ ...dataset, videos: Math.min(dataset.videos, 90) }, interaction);
        for (const arm of pairsOf(model)) {
          expect(arm.high - arm.effect).toBeCloseTo(arm.effect - arm.low, 10);
          expect(arm.sd).toBeGreaterThan(0);
        }
      }),
      { numRuns: 15 },
    );
  });
});

describe('choosing topic and hook together', () => {
  // Number-list hooks add 0.8 on keyboards and cost a little elsewhere: on average neither the hook nor the topic wins.
  const dataset = { seed: 7, videos: 240, topicSd: 0, hookSd: 0, noise: 0.4 };
  const model = fitted(dataset, 0.8);
  const joint = { interaction: TOPIC_HOOK_DIMENSION, first: 'topic', second: 'hook', arm: topicHookArm };
  const wanted = [
    { dimension: 'hook', arms: HOOKS },
    { dimension: 'topic', arms: TOPICS },
  ];

  it('takes the pair that works, and says the pair decided the hook', () => {
    const [hook, topic] = chooseArms(model, wanted, null, joint) as ArmChoice[];
    expect(topic?.chosen.arm).toBe('keyboards');
    expect(hook?.chosen.arm).toBe('number-list');
    const line = describeChoice(hook as ArmChoice, 'hook style');
    const pair = pairsOf(model).find((arm) => arm.arm === PLANTED);
    expect(pair).toBeDefined();
    // The figure is the one /trends shows for the pair.
    const shown = estimateOf(TOPIC_HOOK_DIMENSION, pair as NonNullable<typeof pair>);
    expect(line).toContain(`; with this topic: +${Math.round((shown.multiplier - 1) * 100)}%`);
    expect(line).toMatch(/beyond each alone, n=\d+, (medium|high) confidence$/);
  });

  it('mostly draws the pair that works, where choosing each dimension alone would not see it', () => {
    const rng = new SeededRandom('pairs');
    const plans = Array.from({ length: 400 }, () => chooseArms(model, wanted, rng, joint) as ArmChoice[]);
    const paired = plans.filter(
      ([hook, topic]) => topic?.chosen.arm === 'keyboards' && hook?.chosen.arm === 'number-list',
    );
    expect(paired.length / plans.length).toBeGreaterThan(0.5);
    const alone = Array.from({ length: 400 }, () => chooseArms(model, wanted, rng) as ArmChoice[]);
    const byChance = alone.filter(
      ([hook, topic]) => topic?.chosen.arm === 'keyboards' && hook?.chosen.arm === 'number-list',
    );
    expect(byChance.length).toBeLessThan(paired.length / 2);
  });

  it('never says a pair decided the hook when the channel has no interaction', () => {
    const flat = fitted({ ...dataset, seed: 8, hookSd: 0.3 }, 0);
    const rng = new SeededRandom('flat');
    const lines = Array.from({ length: 200 }, () => {
      const [hook] = chooseArms(flat, wanted, rng, joint) as ArmChoice[];
      return describeChoice(hook as ArmChoice, 'hook style');
    });
    const confidentPairs = lines.filter((line) => /with this topic: .*(medium|high) confidence$/.test(line));
    expect(confidentPairs.length / lines.length).toBeLessThan(0.05);
  });
});
