// The family table: per world, over its paired seeds, what the closed loop earned against the baselines, with
// 95 % intervals over seeds, and the goals of issue 15 checked against those figures (not tuned to them).

import { hasEffects, type World } from '../../tests/fakes/worlds.js';
import type { BenchTable } from '../benchmark.js';
import type { DimensionLoss, JobResult } from './world-job.js';

/** Two-sided 95 % Student-t quantiles by degrees of freedom (1–30); beyond, the normal's. */
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export interface ChoiceCounts {
  choices: number;
  explore: number;
  challenger: number;
  retry: number;
}

/** Adds `add` to the counts of `dimension` in `into`. */
export function addChoiceCounts(into: Record<string, ChoiceCounts>, dimension: string, add: ChoiceCounts): void {
  const count = into[dimension] ?? { choices: 0, explore: 0, challenger: 0, retry: 0 };
  into[dimension] = {
    choices: count.choices + add.choices,
    explore: count.explore + add.explore,
    challenger: count.challenger + add.challenger,
    retry: count.retry + add.retry,
  };
}

export interface Interval {
  mean: number;
  low: number;
  high: number;
}

/** Mean over seeds with its 95 % t interval (a single seed: no interval, low = high = mean). */
export function meanInterval(values: readonly number[]): Interval {
  const n = values.length;
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  if (n < 2) return { mean, low: mean, high: mean };
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1);
  const half = (T95[n - 2] ?? 1.96) * Math.sqrt(variance / n);
  return { mean, low: mean - half, high: mean + half };
}

export interface WorldSummary {
  world: string;
  seeds: number;
  /** TubePilot's last-window mean views over the baseline's, geometric mean over seeds, as a ratio − 1. */
  liftVsStatic: Interval;
  liftVsRandom: Interval;
  /** 1 − expected views / the best fixed plan's, over the run. */
  regret: { tubepilot: Interval; static: Interval; random: Interval };
  exploreThirds: number[];
  /** Plan choices summed over seeds, per dimension. */
  choiceCounts: Record<string, ChoiceCounts>;
  coverage: Interval & { scored: number };
  confidentRowShare: { confident: number; total: number };
  /** Mean over seeds of each policy's ln views lost per dimension in the last window; null for results without it. */
  loss: { tubepilot: DimensionLoss; static: DimensionLoss } | null;
  secondsPerSeed: number;
}

const LOSS_DIMENSIONS = ['topic', 'hook', 'length', 'hour'] as const;

/** Per dimension, the mean of `losses` (one per seed). */
function meanLoss(losses: readonly DimensionLoss[]): DimensionLoss {
  const mean = (dimension: keyof DimensionLoss) =>
    losses.reduce((sum, loss) => sum + loss[dimension], 0) / losses.length;
  return { topic: mean('topic'), hook: mean('hook'), length: mean('length'), hour: mean('hour') };
}

/** "0.05 · 0.14 · 0.07 · 0.03": ln views lost to topic, hook, length and hour. */
const lossText = (loss: DimensionLoss) => LOSS_DIMENSIONS.map((dimension) => loss[dimension].toFixed(2)).join(' · ');

/** Geometric mean of ratios from their logs, with its 95 % t interval, as ratio − 1. */
export const ratioInterval = (logs: number[]): Interval => {
  const { mean, low, high } = meanInterval(logs);
  return { mean: Math.exp(mean) - 1, low: Math.exp(low) - 1, high: Math.exp(high) - 1 };
};

function sumCounts(perSeed: readonly Record<string, ChoiceCounts>[]): Record<string, ChoiceCounts> {
  const total: Record<string, ChoiceCounts> = {};
  for (const counts of perSeed) {
    for (const [dimension, count] of Object.entries(counts)) addChoiceCounts(total, dimension, count);
  }
  return total;
}

/** The plan's dimensions as the table names them, in this order. */
const PLAN_DIMENSIONS: [string, string][] = [
  ['topic', 'topic'],
  ['hook', 'hook'],
  ['length', 'length'],
  ['posting-time', 'time'],
];

/** "topic 30% · hook 45% · length 20% · time 60%": explored choices per dimension. */
function exploreByDimension(counts: Record<string, ChoiceCounts>): string {
  return PLAN_DIMENSIONS.filter(([dimension]) => (counts[dimension]?.choices ?? 0) > 0)
    .map(([dimension, label]) => {
      const count = counts[dimension] as ChoiceCounts;
      return `${label} ${share(count.explore / count.choices)}`;
    })
    .join(' · ');
}

/** "38% (challenger 9%, retry 2%)": explored choices of every dimension, and those the top-two rules made. */
function exploreOfChoices(counts: Record<string, ChoiceCounts>): string {
  const total: Record<string, ChoiceCounts> = {};
  for (const count of Object.values(counts)) addChoiceCounts(total, 'all', count);
  const all = total.all ?? { choices: 0, explore: 0, challenger: 0, retry: 0 };
  if (all.choices === 0) return 'none counted';
  const of = (value: number) => share(value / all.choices);
  return `${of(all.explore)} (challenger ${of(all.challenger)}, retry ${of(all.retry)})`;
}

export function summarise(world: string, results: readonly JobResult[]): WorldSummary {
  const regret = (policy: 'tubepilot' | 'static' | 'random') =>
    meanInterval(results.map((result) => 1 - result[policy].expectedTotal / result.bestFixedTotal));
  const scored = results.filter((result) => result.coverage.scored > 0);
  const thirds = [0, 1, 2].map(
    (third) => results.reduce((sum, result) => sum + (result.exploreThirds[third] ?? 0), 0) / results.length,
  );
  return {
    world,
    seeds: results.length,
    liftVsStatic: ratioInterval(results.map((result) => Math.log(result.tubepilot.last / result.static.last))),
    liftVsRandom: ratioInterval(results.map((result) => Math.log(result.tubepilot.last / result.random.last))),
    regret: { tubepilot: regret('tubepilot'), static: regret('static'), random: regret('random') },
    exploreThirds: thirds,
    choiceCounts: sumCounts(results.map((result) => result.choiceCounts ?? {})),
    coverage: {
      ...meanInterval(scored.map((result) => result.coverage.inside / result.coverage.scored)),
      scored: scored.reduce((sum, result) => sum + result.coverage.scored, 0),
    },
    confidentRowShare: {
      confident: results.reduce((sum, result) => sum + result.trendRows.confident, 0),
      total: results.reduce((sum, result) => sum + result.trendRows.total, 0),
    },
    loss: results.every((result) => result.loss !== undefined)
      ? {
          tubepilot: meanLoss(results.map((result) => result.loss.tubepilot)),
          static: meanLoss(results.map((result) => result.loss.static)),
        }
      : null,
    secondsPerSeed: results.reduce((sum, result) => sum + result.seconds, 0) / results.length,
  };
}

const signed = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(0)}%`;
const lift = ({ mean, low, high }: Interval) => `${signed(mean)} [${signed(low)}, ${signed(high)}]`;
const share = (value: number) => `${(value * 100).toFixed(0)}%`;

/** Which of issue 15's goals a world meets, in words. */
function goals(world: World, summary: WorldSummary): string {
  if (summary.seeds < 2) return 'too few seeds for an interval';
  const covered = summary.coverage.mean >= 0.75 && summary.coverage.mean <= 0.85 ? 'coverage ok' : 'coverage off';
  if (!hasEffects(world)) {
    const { confident, total } = summary.confidentRowShare;
    return `${total > 0 && confident / total <= 0.05 ? 'null ok' : 'null off'}, ${covered}`;
  }
  return `${summary.liftVsStatic.low > 0 ? 'beats static' : 'not clear of static'}, ${covered}`;
}

export function familyTable(
  worlds: readonly World[],
  summaries: readonly WorldSummary[],
  /** `seconds` null: the table of a saved run. */
  setup: { seeds: number; days: number; path: string; jobs: number; seconds: number | null },
): BenchTable {
  const rows = summaries.map((summary) => {
    const world = worlds.find((candidate) => candidate.name === summary.world) as World;
    const { confident, total } = summary.confidentRowShare;
    return [
      summary.world,
      lift(summary.liftVsStatic),
      lift(summary.liftVsRandom),
      `${share(summary.regret.tubepilot.mean)} ± ${share(summary.regret.tubepilot.high - summary.regret.tubepilot.mean)}`,
      `${share(summary.regret.static.mean)} / ${share(summary.regret.random.mean)}`,
      summary.exploreThirds.map(share).join(' → '),
      exploreOfChoices(summary.choiceCounts),
      exploreByDimension(summary.choiceCounts),
      summary.loss === null ? 'not saved' : `${lossText(summary.loss.tubepilot)} / ${lossText(summary.loss.static)}`,
      summary.coverage.scored === 0
        ? 'none scored'
        : `${share(summary.coverage.mean)} [${share(summary.coverage.low)}, ${share(summary.coverage.high)}]`,
      hasEffects(world) ? '' : `${confident}/${total} = ${share(total === 0 ? 0 : confident / total)}`,
      goals(world, summary),
    ];
  });
  return {
    title: `Closed loop across ${worlds.length} worlds: ${setup.seeds} paired seeds × ${setup.days} days each, one video a day after 30 random ones (${setup.path} path, ${setup.seconds === null ? 'saved results' : `${setup.jobs} processes, ${(setup.seconds / 60).toFixed(1)} min`})`,
    columns: [
      'world',
      'lift vs static [95%]',
      'lift vs random [95%]',
      'regret TubePilot',
      'regret static / random',
      'explore share by third',
      'explored choices',
      'explored by dimension',
      'ln views lost TubePilot / static',
      '80% coverage [95%]',
      'null: /trends rows medium/high',
      'goals',
    ],
    rows,
    notes: [
      `lift: TubePilot's mean views at 7 days of the videos of the last ${Math.min(30, Math.floor(setup.days / 3))} days over the baseline's, paired per seed (same audience, same noise); geometric mean over seeds with a 95% t interval.`,
      "regret: 1 − expected views over the run / those of the best fixed plan in hindsight (best topic × hook at the audience's best length and hour, published daily on the same channel, fatigue and drift included); negative = better than any fixed plan.",
      "explore share: TubePilot videos with at least one \"explore:\" choice, per third of the run. explored choices: the share of all plan choices (topic, hook, length, time) that explore, and of them the top-two challengers and retries; by dimension: each dimension's share. coverage: /script's pre-publication 80% interval vs the video's views at the same horizon (30 days), mean over seeds.",
      "ln views lost: per plan dimension (topic · hook · length · hour), the mean over the last window's videos of the world's best choice's effect minus the chosen one's (the hook at the video's topic; fatigue left out), mean over seeds: where each policy's loss comes from.",
      'goals (issue 15): beat static with the interval clear of zero where there are effects; null world ≤ 5% medium/high rows; coverage 75–85%.',
      ...worlds.map((world) => `${world.name}: ${world.description}.`),
    ],
  };
}
