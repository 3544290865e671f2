// One seed of one world: the same audience and the same noise behind three policies (TubePilot, static, random)
// and behind every fixed plan, reduced to the figures the family table reports.

import type { Db } from '../../src/core/db/database.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import { ChannelSimulator, type PublishInput, SIM_HOOKS, SIM_START } from '../../tests/fakes/channel-simulator.js';
import { WORLDS, worldNamed } from '../../tests/fakes/worlds.js';
import { addChoiceCounts, type ChoiceCounts } from './family-table.js';
import { type PlanChoice, type RefreshPath, runTubePilot } from './tubepilot-run.js';

const DAY_MS = 86_400_000;
export const HISTORY_VIDEOS = 30;
/** Views are compared at this age: every video of the run has reached it when the run is scored. */
export const VIEWS_AGE_DAYS = 7;

export interface JobSpec {
  world: string;
  seed: number;
  days: number;
  path: RefreshPath;
}

export interface PolicyFigures {
  /** Mean views at VIEWS_AGE_DAYS of the videos of the first and last `window` days. */
  first: number;
  last: number;
  /** Expected (noise-free, median) views summed over the run. */
  expectedTotal: number;
}

export interface JobResult {
  spec: JobSpec;
  window: number;
  tubepilot: PolicyFigures;
  static: PolicyFigures;
  random: PolicyFigures;
  /** Expected views of the best fixed plan in hindsight, summed over the run. */
  bestFixedTotal: number;
  /** Share of TubePilot's videos with an explored choice, per third of the run. */
  exploreThirds: number[];
  /** Per dimension of the plan: choices made, how many explored, and how many were challengers or retries. */
  choiceCounts: Record<string, ChoiceCounts>;
  /** TubePilot's pre-publication 80% intervals: how many were scored, how many held the actual views. */
  coverage: { scored: number; inside: number };
  trendRows: { total: number; confident: number };
  /** Mean ln views lost per plan dimension against the world's best choice there, last window (where loss comes from). */
  loss: { tubepilot: DimensionLoss; static: DimensionLoss };
  seconds: number;
}

export interface DimensionLoss {
  topic: number;
  hook: number;
  length: number;
  hour: number;
}

/**
 * Per video, each dimension's effect against the best the world offers there on that day (the hook at the video's
 * topic, with its interaction), averaged: ln views lost to that dimension's choice. Fatigue is left out.
 */
function lossByDimension(simulator: ChannelSimulator, inputs: readonly PublishInput[]): DimensionLoss {
  const { hook: hooks, interaction } = simulator.preferences;
  const { lengthS, hour } = simulator.bestLengthAndHour();
  const total: DimensionLoss = { topic: 0, hook: 0, length: 0, hour: 0 };
  for (const input of inputs) {
    const features = simulator.readFeatures(input);
    const topicEffects = simulator.world.topics.map((topic) => simulator.topicEffect(topic.id, features.day));
    const chosenTopic =
      features.topic === null ? Math.min(...topicEffects) : simulator.topicEffect(features.topic, features.day);
    const hookValue = (hook: string) =>
      (hooks[hook] ?? 0) + (features.topic === null ? 0 : (interaction[features.topic]?.[hook] ?? 0));
    total.topic += Math.max(...topicEffects) - chosenTopic;
    total.hook += Math.max(...SIM_HOOKS.map(hookValue)) - hookValue(features.hook);
    total.length += simulator.lengthEffect(lengthS) - simulator.lengthEffect(features.lengthS);
    total.hour += simulator.hourEffect(hour) - simulator.hourEffect(features.localHour);
  }
  const n = Math.max(1, inputs.length);
  return { topic: total.topic / n, hook: total.hook / n, length: total.length / n, hour: total.hour / n };
}

/** Per dimension: how often the plan explored, and through which rule (the frozen static plan never explores). */
function countChoices(videos: readonly { choices: readonly PlanChoice[] }[]): Record<string, ChoiceCounts> {
  const counts: Record<string, ChoiceCounts> = {};
  for (const choice of videos.flatMap((video) => video.choices)) {
    addChoiceCounts(counts, choice.dimension, {
      choices: 1,
      explore: choice.mode === 'explore' ? 1 : 0,
      challenger: choice.reason === 'challenger' ? 1 : 0,
      retry: choice.reason === 'retry' ? 1 : 0,
    });
  }
  return counts;
}

const dayOf = (n: number) => new Date(SIM_START.getTime() + n * DAY_MS);

/** A fresh channel of the world with its history: 30 videos of random plans, one a day before the run. */
function channelWithHistory(world: string, seed: number): ChannelSimulator {
  const simulator = new ChannelSimulator(seed, worldNamed(world));
  const history = new SeededRandom(`history:${seed}`);
  for (let i = HISTORY_VIDEOS; i > 0; i--) {
    simulator.publish(simulator.videoFor(simulator.randomPlan(history), dayOf(-i), history));
  }
  return simulator;
}

function figures(simulator: ChannelSimulator, ids: string[], inputs: PublishInput[], window: number): PolicyFigures {
  const atAge = ids.map((id, i) =>
    simulator.viewsAt(id, new Date((inputs[i] as PublishInput).publishedAt.getTime() + VIEWS_AGE_DAYS * DAY_MS)),
  );
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const expectedTotal = ids.reduce((sum, id) => sum + Math.exp(simulator.outcome(id).expectedLogViews), 0);
  return { first: mean(atAge.slice(0, window)), last: mean(atAge.slice(-window)), expectedTotal };
}

/**
 * The best fixed plan in hindsight: every topic × hook at the audience's best length and hour, published every
 * day of the run on a fresh copy of the channel (so fatigue, drift and the rising topic count as they would),
 * the largest expected total.
 */
function bestFixedTotal(world: string, seed: number, days: number): number {
  let best = 0;
  const probe = channelWithHistory(world, seed);
  const { lengthS, hour } = probe.bestLengthAndHour();
  for (const topic of probe.world.topics) {
    for (const hook of SIM_HOOKS) {
      const simulator = channelWithHistory(world, seed);
      const rng = new SeededRandom('fixed plan');
      let total = 0;
      for (let d = 0; d < days; d++) {
        const input = simulator.videoFor({ topic: topic.id, hook, lengthS, hour }, dayOf(d), rng);
        total += Math.exp(simulator.expectedLogViews(input));
        simulator.publish(input);
      }
      best = Math.max(best, total);
    }
  }
  return best;
}

/** Team and channel ids unique to a job and policy, so runs can share a database and still be reproducible. */
function runIds(spec: JobSpec, freeze: boolean): { team: number; channel: number } {
  const id = (WORLDS.findIndex((world) => world.name === spec.world) + 1) * 100_000 + spec.seed * 10 + (freeze ? 1 : 0);
  return { team: id, channel: id };
}

/** Runs one seed of one world; `db` is the process's shared database on the store path. */
export async function runJob(spec: JobSpec, db?: Db): Promise<JobResult> {
  const started = performance.now();
  const { world, seed, days, path } = spec;
  const window = Math.max(1, Math.min(30, Math.floor(days / 3)));
  const score = async (policy: 'tubepilot' | 'static' | 'random') => {
    const simulator = channelWithHistory(world, seed);
    if (policy === 'random') {
      const rng = new SeededRandom(`random policy:${seed}`);
      const inputs = Array.from({ length: days }, (_, d) =>
        simulator.videoFor(simulator.randomPlan(rng), dayOf(d), rng),
      );
      const ids = inputs.map((input) => simulator.publish(input));
      return { figures: figures(simulator, ids, inputs, window), run: null, loss: null };
    }
    const freeze = policy === 'static';
    const run = await runTubePilot(simulator, dayOf(0), days, { freeze, path, ids: runIds(spec, freeze), db });
    const ids = run.videos.map((video) => video.youtubeId);
    const inputs = run.videos.map((video) => video.input);
    const loss = lossByDimension(simulator, inputs.slice(-window));
    return { figures: figures(simulator, ids, inputs, window), run: { run, simulator }, loss };
  };
  const tube = await score('tubepilot');
  const staticPolicy = await score('static');
  const random = await score('random');
  const { run, simulator } = tube.run as NonNullable<typeof tube.run>;
  const thirds = [0, 1, 2].map((third) => {
    const part = run.videos.slice(Math.floor((third * days) / 3), Math.floor(((third + 1) * days) / 3));
    return part.length === 0 ? 0 : part.filter((video) => video.explored).length / part.length;
  });
  const coverage = { scored: 0, inside: 0 };
  for (const video of run.videos) {
    if (video.prediction === null) continue;
    const at = new Date(video.input.publishedAt.getTime() + video.prediction.horizonDays * DAY_MS);
    const actual = simulator.viewsAt(video.youtubeId, at);
    coverage.scored++;
    if (actual >= video.prediction.low && actual <= video.prediction.high) coverage.inside++;
  }
  return {
    spec,
    window,
    tubepilot: tube.figures,
    static: staticPolicy.figures,
    random: random.figures,
    bestFixedTotal: bestFixedTotal(world, seed, days),
    exploreThirds: thirds,
    choiceCounts: countChoices(run.videos),
    coverage,
    trendRows: run.trendRows,
    loss: { tubepilot: tube.loss as DimensionLoss, static: staticPolicy.loss as DimensionLoss },
    seconds: (performance.now() - started) / 1000,
  };
}
