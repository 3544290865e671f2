import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelData } from '../../src/core/analytics/analytics-video.js';
import { analyzeChannel } from '../../src/core/analytics/channel-analysis.js';
import { analyticsVideoFromRecord } from '../../src/core/analytics/from-video-record.js';
import { forecastPlannedVideo } from '../../src/core/analytics/planned-video-prediction.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import { median } from '../../src/core/stats/summary-statistics.js';
import { ChannelSimulator, SIM_HOOKS, SIM_START, type SimPlan } from '../fakes/channel-simulator.js';
import { KITCHEN, NEW_YORK } from '../fakes/worlds.js';

// A channel that has learned what works makes the same plan again and again. Its recent videos already carry that
// plan's effects, so the prediction for the plan must not apply them a second time: it should say about what those
// videos got. (Counted twice, the closed-loop new-york world's intervals ran up to 1 ln view high once the plan
// settled and covered 69 % of videos.)

const DAY_MS = 86_400_000;
const RANDOM_VIDEOS = 50;
const SETTLED_VIDEOS = 40;
const HORIZON = 30;

/** The plan the audience likes best at the start, by the simulator's hidden preferences. */
function bestPlan(simulator: ChannelSimulator): SimPlan {
  const { topic, hook } = simulator.preferences;
  const best = (values: Record<string, number>, allowed: readonly string[]) =>
    allowed.reduce((top, key) => ((values[key] as number) > (values[top] as number) ? key : top));
  return {
    topic: best(
      topic,
      simulator.world.topics.map((candidate) => candidate.id),
    ),
    hook: best(hook, SIM_HOOKS) as SimPlan['hook'],
    ...simulator.bestLengthAndHour(),
  };
}

describe('the pre-publication prediction on a channel that has settled on a plan', () => {
  it('predicts the settled plan at about what its recent videos got at the horizon', () => {
    fc.assert(
      fc.property(fc.constantFrom(KITCHEN, NEW_YORK), fc.integer({ min: 1, max: 1000 }), (world, seed) => {
        const simulator = new ChannelSimulator(seed, world);
        const rng = new SeededRandom(`settled:${seed}`);
        const plan = bestPlan(simulator);
        const settled: { id: string; at: Date }[] = [];
        for (let day = 0; day < RANDOM_VIDEOS + SETTLED_VIDEOS; day++) {
          const date = new Date(SIM_START.getTime() + day * DAY_MS);
          const input = simulator.videoFor(day < RANDOM_VIDEOS ? simulator.randomPlan(rng) : plan, date, rng);
          const id = simulator.publish(input);
          if (day >= RANDOM_VIDEOS) settled.push({ id, at: input.publishedAt });
        }
        // Later than the last reading; the last settled videos are young and projected to the horizon.
        const now = new Date(SIM_START.getTime() + (RANDOM_VIDEOS + SETTLED_VIDEOS + 1) * DAY_MS);
        const videos = simulator.videosAt(now).map((record) => analyticsVideoFromRecord(record));
        const analysis = analyzeChannel(channelData(world.timezone, videos), now);
        const forecast = forecastPlannedVideo(
          videos,
          analysis.patterns,
          { topic: plan.topic, hook: plan.hook, lengthS: plan.lengthS, hour: plan.hour },
          now,
          HORIZON,
        );
        if ('insufficient' in forecast.prediction) throw new Error(forecast.prediction.reason);
        // What the settled videos get at the horizon, read from the simulator (their future included).
        const got = median(
          settled.map(({ id, at }) => simulator.viewsAt(id, new Date(at.getTime() + HORIZON * DAY_MS))),
        );
        // Over all 2,000 inputs (both worlds, seeds 1–1,000) the largest miss is 0.30 ln (new-york 794).
        expect(Math.abs(Math.log(forecast.prediction.predicted / (got as number)))).toBeLessThan(0.35);
        expect(forecast.prediction.low).toBeLessThan(got as number);
        expect(forecast.prediction.high).toBeGreaterThan(got as number);
      }),
      // Always with the channels where discovery named the settled topic by other words its titles share
      // ("pickled onions" for the plan's "pickles", "better" for "sourdough"): the plan's topic effect was left out,
      // 0.37–0.66 ln low, before the forecast matched a topic by its videos' titles.
      {
        numRuns: 8,
        examples: [
          [KITCHEN, 63],
          [KITCHEN, 383],
          [KITCHEN, 554],
        ],
      },
    );
  });
});
