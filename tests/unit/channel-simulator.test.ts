import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import { ChannelSimulator, SIM_DAYPARTS, SIM_HOOKS, SIM_LENGTHS, SIM_TOPICS } from '../fakes/channel-simulator.js';

// The closed-loop benchmark is only as honest as its audience: these check that the simulated audience
// reads videos the way TubePilot does and responds to its hidden preferences.
describe('channel simulator', () => {
  const start = new Date('2026-01-01T00:00:00Z');

  it('reads back the topic, hook style, length and time of day a plan was written with', () => {
    const simulator = new ChannelSimulator(1);
    const rng = new SeededRandom('plans');
    for (const topic of SIM_TOPICS) {
      for (const hook of SIM_HOOKS) {
        for (const daypart of SIM_DAYPARTS) {
          const plan = { topic: topic.id, hook, lengthS: rng.pick(SIM_LENGTHS), daypart };
          const features = simulator.readFeatures(simulator.videoFor(plan, start, rng));
          expect(features).toMatchObject({ topic: topic.id, hook, daypart });
        }
      }
    }
  });

  it('gives the best plan the highest expected views, and views that grow with age', () => {
    const simulator = new ChannelSimulator(2);
    const best = simulator.expectedViews(simulator.bestPlan());
    const rng = new SeededRandom('random plans');
    for (let i = 0; i < 200; i++) {
      expect(simulator.expectedViews(ChannelSimulator.randomPlan(rng))).toBeLessThanOrEqual(best * (1 + 1e-12));
    }
    const id = simulator.publish(simulator.videoFor(simulator.bestPlan(), start, rng));
    const day = (n: number) => new Date(start.getTime() + n * 86_400_000);
    expect(simulator.viewsAt(id, day(1))).toBeLessThan(simulator.viewsAt(id, day(3)));
    expect(simulator.viewsAt(id, day(3))).toBeLessThanOrEqual(simulator.viewsAt(id, day(30)));
  });

  it('reports published videos with daily snapshots, and differs between seeds', () => {
    const simulator = new ChannelSimulator(3);
    const rng = new SeededRandom('publish');
    simulator.publish(simulator.videoFor(ChannelSimulator.randomPlan(rng), start, rng));
    const [video] = simulator.videosAt(new Date(start.getTime() + 5.5 * 86_400_000));
    expect(video?.snapshots).toHaveLength(5);
    expect(video?.stats.views).toBeGreaterThanOrEqual(video?.snapshots.at(-1)?.views ?? 0);
    expect(new ChannelSimulator(3).preferences).toEqual(simulator.preferences);
    expect(new ChannelSimulator(4).preferences).not.toEqual(simulator.preferences);
  });
});
