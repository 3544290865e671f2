// How well the effect model finds the best posting hour and length of the closed-loop worlds from a channel's
// videos, without the loop: per world, channels of 30–120 videos at the hours and lengths the bench's plans spread
// (the first 30 from the world's history plans, the rest over every hour and length a plan can name), views from
// the world's own effects and noise; the model fitted on topic, hook, length and hour as the analysis fits them.
// Loss: the world's best allowed hour's (length's) effect minus that of the fitted curve's best, ln views; and the
// same for the arm a plan's tempered draw (EXPLORATION_SCALE) would take. Hour kernels compared on the same
// channels: local structure alone (cycle share 0) against the kernel in use (curve-kernels.ts).

import { hourCorrelation, LENGTH_SCALE_LN, lengthCorrelation } from '../src/core/analytics/curve-kernels.js';
import { type EffectDimension, type EffectModel, fitEffectModel } from '../src/core/analytics/effect-model.js';
import {
  HOOK_STYLES,
  LENGTH_GRID_S,
  LENGTH_NAMES,
  lengthArm,
  POSTING_HOURS,
} from '../src/core/analytics/video-features.js';
import { SCRIPT_LENGTHS, SCRIPT_POSTING_HOURS } from '../src/core/learning/next-video-plan.js';
import { EXPLORATION_SCALE } from '../src/core/learning/thompson-sampling.js';
import { SeededRandom } from '../src/core/random/seeded-random.js';
import { ChannelSimulator, SIM_HOOKS } from '../tests/fakes/channel-simulator.js';
import { WORLDS, type World } from '../tests/fakes/worlds.js';
import type { Benchmark, BenchOptions, BenchTable } from './benchmark.js';
import { meanInterval } from './closed-loop/family-table.js';

const HISTORY_VIDEOS = 30;
const SIZES = [30, 60, 120];
const LENGTH_CORRELATION = lengthCorrelation(LENGTH_GRID_S);
const KERNELS = { local: hourCorrelation(0), cycle: hourCorrelation() };
const ALLOWED_LENGTHS = SCRIPT_LENGTHS.map((arm) => LENGTH_NAMES.indexOf(arm));
const ALLOWED_HOURS = SCRIPT_POSTING_HOURS.map((arm) => POSTING_HOURS.indexOf(arm));

interface Losses {
  hour: number;
  hourDraw: number;
  length: number;
}

/** Student-t (3 df) noise of the given scale, as the worlds draw it. */
function studentT3(rng: SeededRandom, scale: number): number {
  let chi = 0;
  for (let k = 0; k < 3; k++) chi += rng.normal() ** 2;
  return (scale * rng.normal()) / Math.sqrt(chi / 3);
}

function channel(world: World, seed: number, videos: number) {
  const simulator = new ChannelSimulator(`curve-recovery:${seed}`, world);
  const rng = new SeededRandom(`curve-recovery:${world.name}:${seed}:${videos}`);
  const topics = world.topics.map((topic) => topic.id);
  const observations = Array.from({ length: videos }, (_, i) => {
    const history = i < HISTORY_VIDEOS;
    const seconds = history
      ? (rng.pick(world.planLengths) as number)
      : (LENGTH_GRID_S[rng.pick(ALLOWED_LENGTHS) as number] as number);
    const hour = history ? (rng.pick(world.planHours) as number) : (rng.pick(ALLOWED_HOURS) as number);
    const topic = rng.pick(topics) as string;
    const hook = rng.pick(SIM_HOOKS) as string;
    const value =
      (simulator.preferences.topic[topic] as number) +
      (simulator.preferences.hook[hook] ?? 0) +
      simulator.lengthEffect(seconds) +
      simulator.hourEffect(hour) +
      studentT3(rng, world.noiseScale);
    return { value, arms: [topic, lengthArm(seconds), POSTING_HOURS[hour] as string, hook], covariates: [1] };
  });
  return { simulator, observations, topics };
}

/** The allowed arm with the highest value. */
function best(values: readonly number[], allowed: readonly number[]): number {
  return allowed.reduce((top, arm) => ((values[arm] as number) > (values[top] as number) ? arm : top));
}

function losses(world: World, seed: number, videos: number): Record<keyof typeof KERNELS, Losses> {
  const { simulator, observations, topics } = channel(world, seed, videos);
  const lengthEffect = (arm: number) => simulator.lengthEffect(LENGTH_GRID_S[arm] as number);
  const hourEffect = (arm: number) => simulator.hourEffect(arm);
  const bestLength = Math.max(...ALLOWED_LENGTHS.map(lengthEffect));
  const bestHour = Math.max(...ALLOWED_HOURS.map(hourEffect));
  const fitted = (hourKernel: Float64Array): EffectModel =>
    fitEffectModel(
      [
        { name: 'topic', arms: topics },
        { name: 'length', arms: LENGTH_NAMES, correlation: LENGTH_CORRELATION },
        { name: 'hour', arms: POSTING_HOURS, correlation: hourKernel },
        { name: 'hook', arms: HOOK_STYLES },
      ] satisfies EffectDimension[],
      observations,
    );
  const of = (kernel: Float64Array): Losses => {
    const model = fitted(kernel);
    const effects = (d: number) => (model.arms[d] ?? []).map((arm) => arm.effect);
    const drawn = model.draw(new SeededRandom(`curve-recovery:draw:${seed}`), EXPLORATION_SCALE);
    return {
      hour: bestHour - hourEffect(best(effects(2), ALLOWED_HOURS)),
      hourDraw: bestHour - hourEffect(best(drawn[2] ?? [], ALLOWED_HOURS)),
      length: bestLength - lengthEffect(best(effects(1), ALLOWED_LENGTHS)),
    };
  };
  return { local: of(KERNELS.local), cycle: of(KERNELS.cycle) };
}

const f3 = (value: number) => value.toFixed(3);
const interval = (values: readonly number[]) => {
  const { mean, low, high } = meanInterval(values);
  return `${mean >= 0 ? '+' : ''}${f3(mean)} [${f3(low)}, ${f3(high)}]`;
};

async function run(options: BenchOptions): Promise<BenchTable> {
  const seeds = options.quick ? 8 : Number(process.env.CURVE_RECOVERY_SEEDS ?? 60);
  const rows: string[][] = [];
  for (const world of WORLDS.filter((candidate) => candidate.name !== 'null')) {
    for (const videos of SIZES) {
      const results = Array.from({ length: seeds }, (_, s) => losses(world, s + 1, videos));
      const column = (kernel: keyof typeof KERNELS, key: keyof Losses) => results.map((result) => result[kernel][key]);
      const mean = (values: readonly number[]) => f3(meanInterval(values).mean);
      const change = (key: keyof Losses) => interval(results.map((result) => result.cycle[key] - result.local[key]));
      rows.push([
        world.name,
        String(videos),
        `${mean(column('local', 'hour'))} → ${mean(column('cycle', 'hour'))}`,
        change('hour'),
        `${mean(column('local', 'hourDraw'))} → ${mean(column('cycle', 'hourDraw'))}`,
        change('hourDraw'),
        `${mean(column('local', 'length'))} → ${mean(column('cycle', 'length'))}`,
      ]);
    }
  }
  return {
    title: `Curve recovery: ${seeds} channels per world and size, videos at the plans' hours and lengths, no loop`,
    columns: [
      'world',
      'videos',
      'hour loss local → cycle',
      'change [95%]',
      `drawn hour (×${EXPLORATION_SCALE}) local → cycle`,
      'change [95%]',
      'length loss local → cycle',
    ],
    rows,
    notes: [
      "loss: ln views, the world's best allowed hour (length) minus the fitted curve's best one's; drawn: the arm of one tempered posterior draw, as a plan's everyday choice. Mean over channels; change: cycle − local, paired, 95% t interval.",
      `local: the hour kernel's local structure alone (length scale as in curve-kernels.ts); cycle: the kernel in use, with the daily cycle. Length kernel ${LENGTH_SCALE_LN} ln s in both.`,
    ],
  };
}

export const curveRecovery: Benchmark = { name: 'curve-recovery', run };
