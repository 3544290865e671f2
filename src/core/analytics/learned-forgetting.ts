// How fast a channel's evidence is forgotten, chosen by the channel's own videos (when EVIDENCE_HALF_LIFE_VIDEOS
// is not set). A fixed half-life is a compromise between channels: 25 videos follows an audience that drifts,
// and on one that does not it throws away evidence and pays for it in worse plans (docs/benchmarks.md).
//
// The choice is Bayesian model selection between a few half-lives by their prequential (one-step-ahead) evidence:
// the channel's most recent videos, in blocks, each predicted by the effect model fitted on the videos before it
// with that half-life; the sum of the Student-t log densities of those predictions is the log likelihood of the
// recent videos under each half-life given the older ones. A prior favouring "never forget" keeps a stationary
// channel from chasing noise: a shorter half-life is taken only when its predictions are better by more than the
// prior odds. The predictive density is the model's own t (ν = TAIL_DEGREES_OF_FREEDOM) at its σ around the
// posterior mean; the parameters' own uncertainty is left out, which favours the short half-life a little on
// the error's variance and not at all on its bias, so the prior stays the guard.
//
// Cost is bounded whatever the channel's size: FORGETTING_BLOCKS × candidates fits on at most
// FORGETTING_WINDOW_VIDEOS videos each, once per analysis (an analysis is computed once per data version).

import {
  type EffectDimension,
  type EffectObservation,
  fitEffectModel,
  TAIL_DEGREES_OF_FREEDOM,
} from './effect-model.js';
import { decayWeight, REFERENCE_EVIDENCE_HALF_LIFE_VIDEOS } from './evidence-history.js';

/** The half-lives to choose between (0: never forget) and their prior probabilities, longest first. */
export const HALF_LIFE_CANDIDATES: readonly { halfLifeVideos: number; prior: number }[] = [
  { halfLifeVideos: 0, prior: 0.5 },
  { halfLifeVideos: REFERENCE_EVIDENCE_HALF_LIFE_VIDEOS, prior: 0.25 },
  { halfLifeVideos: 25, prior: 0.25 },
];
/** Videos per predicted block: the model is refitted once per block, not once per video. */
export const FORGETTING_BLOCK_VIDEOS = 20;
/** Blocks scored, the most recent ones. */
export const FORGETTING_BLOCKS = 2;
/** Videos a block's fit reads at most (the most recent before it): bounds the cost on a 10,000-video channel. */
export const FORGETTING_WINDOW_VIDEOS = 300;
/** Fewer videos than this before a block: the block is not scored (a fit on fewer says little). */
export const MIN_FORGETTING_TRAINING = 30;

/** −ln σ − (ν+1)/2 ln(1 + r²/(νσ²)): the t log density without its constant, which every candidate shares. */
function tLogDensity(residual: number, noiseVariance: number): number {
  const nu = TAIL_DEGREES_OF_FREEDOM;
  return -0.5 * Math.log(noiseVariance) - ((nu + 1) / 2) * Math.log1p((residual * residual) / (nu * noiseVariance));
}

export interface ForgettingChoice {
  halfLifeVideos: number;
  /** Per candidate (in HALF_LIFE_CANDIDATES' order): ln prior + prequential log score of the recent videos. */
  logPosteriors: number[];
  /** Videos whose prediction was scored (0: too few videos, the prior alone chose). */
  scored: number;
}

/**
 * The half-life the channel's recent videos support best (see the file comment). `newer[i]`: how many of the
 * channel's videos were published after observation i; the observations' own weights are ignored.
 */
export function chooseHalfLife(
  dimensions: readonly EffectDimension[],
  observations: readonly EffectObservation[],
  newer: readonly number[],
): ForgettingChoice {
  const logPosteriors = HALF_LIFE_CANDIDATES.map((candidate) => Math.log(candidate.prior));
  let scored = 0;
  for (let block = 0; block < FORGETTING_BLOCKS; block++) {
    const from = block * FORGETTING_BLOCK_VIDEOS;
    const to = from + FORGETTING_BLOCK_VIDEOS;
    const tested = observations.filter((_, i) => (newer[i] as number) >= from && (newer[i] as number) < to);
    const before = observations.flatMap((observation, i) => {
      const age = (newer[i] as number) - to;
      return age >= 0 && age < FORGETTING_WINDOW_VIDEOS ? [{ observation, age }] : [];
    });
    if (tested.length === 0 || before.length < MIN_FORGETTING_TRAINING) continue;
    scored += tested.length;
    HALF_LIFE_CANDIDATES.forEach((candidate, c) => {
      const model = fitEffectModel(
        dimensions,
        before.map(({ observation, age }) => ({ ...observation, weight: decayWeight(age, candidate.halfLifeVideos) })),
      );
      for (const observation of tested) {
        const residual = observation.value - model.predict(observation);
        logPosteriors[c] = (logPosteriors[c] as number) + tLogDensity(residual, model.noiseVariance);
      }
    });
  }
  let best = 0;
  logPosteriors.forEach((value, c) => {
    if (value > (logPosteriors[best] as number)) best = c;
  });
  return {
    halfLifeVideos: (HALF_LIFE_CANDIDATES[best] as { halfLifeVideos: number }).halfLifeVideos,
    logPosteriors,
    scored,
  };
}
