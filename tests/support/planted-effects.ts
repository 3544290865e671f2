// Simulated channels with planted effects, for checking the effect model's calibration (the coverage test and the
// effect-calibration benchmark). Each video gets a topic, hook style, length and posting slot; its ln views are
// the sum of the planted effects of its choices, a trend, and noise — normal, or heavy-tailed (Student-t with 3
// degrees of freedom plus the occasional 20–50× viral hit).

import {
  type EffectDimension,
  type EffectModel,
  type EffectObservation,
  fitEffectModel,
} from '../../src/core/analytics/effect-model.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';

export type Noise = 'normal' | 'heavy';

export interface PlantedChannelOptions {
  seed: string | number;
  videos: number;
  noise: Noise;
  /** Spread (sd, ln units) of the planted effects of each dimension; 0 plants none (a null channel). */
  effectSpread: number;
}

export interface PlantedArm {
  dimension: number;
  arm: string;
  n: number;
  /** The planted effect against the channel's average video (the quantity the model reports). */
  truth: number;
}

export interface PlantedChannel {
  dimensions: EffectDimension[];
  observations: EffectObservation[];
  arms: PlantedArm[];
}

const DIMENSIONS: EffectDimension[] = [
  { name: 'topic', arms: ['a', 'b', 'c', 'd', 'e', 'f'] },
  { name: 'hook', arms: ['question', 'number-list', 'bold-claim', 'pov', 'story', 'how-to', 'other'] },
  { name: 'length', arms: ['0-20s', '21-40s', '41-60s', '61-180s', '3-10min'] },
  {
    name: 'posting-time',
    arms: ['08:00–10:00', '10:00–12:00', '12:00–14:00', '14:00–16:00', '16:00–18:00', '18:00–20:00', '20:00–22:00'],
  },
];
/** Uneven use, as on a real channel: some choices are habits, some rare. */
const SHARES = [0.3, 0.22, 0.16, 0.12, 0.1, 0.06, 0.04];
const NOISE_SD = 0.6;
const VIRAL_SHARE = 0.03;

function noiseDraw(rng: SeededRandom, noise: Noise): number {
  if (noise === 'normal') return rng.normal(0, NOISE_SD);
  // Student-t with 3 df, scaled to the same median spread, plus rare viral hits.
  const chi = rng.normal() ** 2 + rng.normal() ** 2 + rng.normal() ** 2;
  const t = rng.normal() / Math.sqrt(chi / 3);
  const viral = rng.chance(VIRAL_SHARE) ? Math.log(rng.uniform(20, 50)) : 0;
  return NOISE_SD * 0.85 * t + viral;
}

export function plantedChannel(options: PlantedChannelOptions): PlantedChannel {
  const rng = new SeededRandom(`planted:${options.seed}`);
  const planted = DIMENSIONS.map((dimension) => dimension.arms.map(() => rng.normal(0, options.effectSpread)));
  const trendPerVideo = rng.uniform(-0.5, 1) / options.videos;
  const observations: EffectObservation[] = [];
  const chosen: number[][] = [];
  for (let i = 0; i < options.videos; i++) {
    const picks = DIMENSIONS.map((dimension) =>
      rng.weightedPick(
        dimension.arms.map((_, a) => a),
        SHARES.slice(0, dimension.arms.length),
      ),
    );
    chosen.push(picks);
    const effect = picks.reduce((sum, a, d) => sum + ((planted[d] as number[])[a] as number), 0);
    const time = i / options.videos - 0.5;
    observations.push({
      value: 8 + effect + trendPerVideo * i + noiseDraw(rng, options.noise),
      arms: picks.map((a, d) => (DIMENSIONS[d] as EffectDimension).arms[a] as string),
      covariates: [1, time],
    });
  }
  const arms = DIMENSIONS.flatMap((dimension, d) => {
    const counts = dimension.arms.map((_, a) => chosen.filter((picks) => picks[d] === a).length);
    const average = counts.reduce((sum, n, a) => sum + n * ((planted[d] as number[])[a] as number), 0) / options.videos;
    return dimension.arms.map((arm, a) => ({
      dimension: d,
      arm,
      n: counts[a] as number,
      truth: ((planted[d] as number[])[a] as number) - average,
    }));
  });
  return { dimensions: DIMENSIONS, observations, arms };
}

export interface CalibrationRow {
  truth: number;
  n: number;
  effect: number;
  low: number;
  high: number;
  model: EffectModel;
  dimension: number;
  arm: number;
}

/**
 * Fits the model to a planted channel: one row per arm with at least `minN` videos. With `halfLifeVideos` > 0 the
 * videos (made in order) weigh as the product weighs them, 2^(−newer/half-life) (evidence-history.ts).
 */
export function fitPlanted(channel: PlantedChannel, minN: number, halfLifeVideos = 0): CalibrationRow[] {
  const last = channel.observations.length - 1;
  const model = fitEffectModel(
    channel.dimensions,
    halfLifeVideos > 0
      ? channel.observations.map((observation, i) => ({ ...observation, weight: 2 ** (-(last - i) / halfLifeVideos) }))
      : channel.observations,
  );
  return channel.arms.flatMap((planted) => {
    if (planted.n < minN) return [];
    const a = (channel.dimensions[planted.dimension] as EffectDimension).arms.indexOf(planted.arm);
    const fitted = model.arms[planted.dimension]?.[a];
    if (!fitted) return [];
    return [
      {
        truth: planted.truth,
        n: planted.n,
        effect: fitted.effect,
        low: fitted.low,
        high: fitted.high,
        model,
        dimension: planted.dimension,
        arm: a,
      },
    ];
  });
}
