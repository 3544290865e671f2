// THE channel effect model: what each choice (topic, hook style, length, posting time, title features) adds to a
// video's views, all dimensions at once. `/trends`, `/strategy`, insights, planned-video predictions, `/script`'s
// reasons and the bandit's draws all read this one posterior, so a fact has one number everywhere.
//
//   y_i = Σ_c γ_c z_ic + Σ_d β_{d, arm_d(i)} + ε_i,   β_d ~ N(0, τ_d² K_d),   ε_i ~ Student-t_ν(0, σ²)
//
// K_d is the identity (independent arms) unless a dimension gives a prior correlation: arms on a scale — the
// local hour on the daily circle, a grid of video lengths — where neighbours are alike, so a curve is learned
// from all videos near a point rather than each arm's few (pattern-effects.ts sets the kernels). τ_d² is then
// the curve's amplitude; K_d's shape is fixed, not estimated.
//
// y is the response of projected-log-views.ts; z are nuisance covariates with a flat prior (an intercept per
// format and the channel's trend over time, see pattern-effects.ts). Why jointly: a channel that learns does not
// choose at random; once most number-list videos are also about its best topic, a per-dimension mean credits the
// hook with the topic's views. The additive model separates them.
//
// Heavy tails: one viral video 20–50× the channel's usual is common, and under a normal likelihood it inflates σ²
// until every τ_d² is estimated at zero and every effect is shrunk to nothing (the demo's planted hook effect read
// +0 % that way). A Student-t likelihood (ν = 4) written as a scale mixture of normals lets EM down-weight such a
// video: weight w_i = (ν + 1) / (ν + E[r_i²] / σ²). σ², each τ_d² and the weights are estimated together by EM
// (empirical Bayes), run to its fixed point (`expectationMaximisation`), τ_d² floored at MIN_PRIOR_VARIANCE: an
// untried choice is never taken as certainly no better than the rest (the bandit must be able to explore it), and
// the floor (sd 0.1, ±10 %) matches the practical size below which no effect is called real.
//
// Forgetting: an observation may carry a precision weight d_i ≤ 1 (its noise variance is σ²/d_i). Recent videos
// weigh 1 and older ones less (evidence-history.ts explains why and what it costs); every sum above is weighted,
// σ² is the weighted mean square (the scale of a current video), so the posterior precision is Σd/σ² ≤ n/σ² and
// weighting never buys confidence. Kish's effective n per arm is reported for the 'high' threshold.
//
// Two corrections make the intervals honest (measured by bench/effect-calibration.ts on planted effects):
// - the reported posterior uses a sandwich noise variance (`sandwichNoise`), because the t-model given its weights
//   overstates how much each video says;
// - each dimension's posterior is averaged over its τ_d (`integratedBlock`): with five to twelve arms τ_d² is
//   poorly determined, and conditioning on a point estimate that comes out low shrinks real effects away while
//   narrowing their intervals.
//
// What is reported for an arm is its contrast with the channel's average video in that dimension:
// effect_a = β_a − Σ_b (n_b / N_d) β_b. Its posterior (moment-matched to normal after the τ_d average) has mean
// cᵀm and variance cᵀSc, and the interval is mean ± z·sd: it contains its estimate by construction. The bandit draws
// each dimension from that same normal, centred the same way, so what it draws from is what `/trends` shows.
//
// Cost: EM is O(videos × (dimensions + covariates)²) per step, counting the videos that still weigh something
// (NEGLIGIBLE_SHARE), plus a Cholesky and inverse of the ~120 × 120 posterior precision; 9–16 steps on the demo
// channels, 11 in the median simulated channel (docs/benchmarks.md, emconverge); the factor is of the parameters
// outside the largest independent-arms block, whose block is diagonal (diagonal-block-posterior.ts). The τ_d average
// starts from the joint posterior's block for independent arms, and adds one factorisation per correlated dimension
// (block-posterior.ts: along the τ grid only the dimension's own block changes).

import { packedMap } from '../packed-map.js';
import type { SeededRandom } from '../random/seeded-random.js';
import { blockPosteriors, blockPosteriorsFromMarginal } from '../stats/block-posterior.js';
import { cholesky, choleskyInverse } from '../stats/cholesky.js';
import { type DesignRows, dataPrecision, expectedSquaredResiduals } from '../stats/design-rows.js';
import { diagonalBlockPosterior } from '../stats/diagonal-block-posterior.js';
import { squaremSteps } from '../stats/squarem.js';
import { finish, type Steps } from '../stats/steps.js';
import { studentTQuantile } from '../stats/student-t.js';
import { selectInPlace, Z80 } from '../stats/summary-statistics.js';
import type { Confidence } from './analytics-video.js';

/** τ² floor: sd 0.1 in ln views, i.e. ±10 % — the smallest effect called practical (PRACTICAL_EFFECT). */
export const MIN_PRIOR_VARIANCE = 0.01;
/** Student-t degrees of freedom: tails heavy enough for 20–50× hits, still a well-defined variance. */
export const TAIL_DEGREES_OF_FREEDOM = 4;
/** Flat prior on the nuisance covariates (intercepts, trend): large against any ln-views scale. */
const COVARIATE_PRIOR_VARIANCE = 1e4;
/** Half-Cauchy prior on τ_d, scale 0.3: effects of ±30 % are typical, ×3 possible, ×10 rare. */
export const DEFAULT_SHRINKAGE: Shrinkage = { floor: MIN_PRIOR_VARIANCE, scale: 0.3 };
const shrinkageOf = (dimension: EffectDimension): Shrinkage => dimension.shrinkage ?? DEFAULT_SHRINKAGE;
/**
 * EM steps at most: a safety net; SQUAREM meets TOLERANCE in 9–16 steps on real-sized channels (docs/benchmarks.md,
 * emconverge). Small channels (30–80 videos, a τ² creeping toward its floor) have a long tail: SQUAREM keeps only
 * jumps that move no farther than the plain step, and its step length can then alternate between one kept and one
 * 4× longer that is not (traced on the 465-step channel of the fixed-point test). Of 50,000 such channels 64 needed
 * more than 300 steps (the cap until then, so they stopped short of the fixed point), the most 1,181.
 */
const MAX_STEPS = 2_000;
/** Relative change of σ², every τ² and every t weight under which EM stops: far below any printed figure. */
const TOLERANCE = 1e-4;
/**
 * Share of the data's precision (Σd) that the fit may leave out. With evidence decay, a video with k newer ones
 * weighs 2^(−k/H): on a 10,000-video channel (H = 100) ~7,400 rows together hold under a millionth of Σd, yet were
 * three quarters of every EM pass. Rows whose precision is under this share of the mean one (so that all of them
 * together hold at most this share) are left out of the passes; their videos still count in n, effective n and
 * the raw effects. With equal weights (H = 0: never forget) no row is left out.
 */
export const NEGLIGIBLE_SHARE = 1e-6;
/** σ² floor: ln views never repeat to the fourth decimal, but if they do the algebra must stay finite. */
const MIN_NOISE_VARIANCE = 1e-4;
/** σ² with fewer than two videos: ln views of one channel's videos typically spread about ±1. */
const DEFAULT_NOISE_VARIANCE = 1;

/** Fewer videos than this in a group: "not enough data yet (n=…)", never an effect. */
export const MIN_GROUP_VIDEOS = 5;
/** |effect| below ln 1.1 (±10 % views) is too small to act on, whatever the interval says. */
export const PRACTICAL_EFFECT = Math.log(1.1);
/** 'high' needs this many videos and the 95 % interval clear of zero too. */
export const HIGH_CONFIDENCE_VIDEOS = 20;
const Z95 = 1.959963984540054;
/** Every interval the model reports is 80 %. */
export const INTERVAL_LEVEL = 0.8;
const INTERVAL_QUANTILE = (1 + INTERVAL_LEVEL) / 2;
/**
 * Weight, in videos, of σ²'s prior (the channel's own spread). The least that keeps no-effect groups called medium
 * or high ≤ 5 % on channels of 15–20 videos (bench/effect-calibration.ts: 2 → 4.8–5.0 % without forgetting, 3 →
 * 4.8 %; 5 and 10 cost small channels most of their power to find a ±50 % effect).
 */
const NOISE_PRIOR_VIDEOS = 3;

export function insufficientMessage(n: number): string {
  return `not enough data yet (n=${n})`;
}

/**
 * The one confidence scale of the product, from n and the posterior:
 *   insufficient  fewer than MIN_GROUP_VIDEOS videos
 *   low           80 % interval touches zero, or the effect is under ±10 % views
 *   medium        80 % interval clear of zero and the effect at least ±10 %
 *   high          as medium, with the 95 % interval clear of zero too and at least HIGH_CONFIDENCE_VIDEOS videos
 *                 (effective videos, when old ones weigh less)
 */
export function effectConfidence(n: number, effect: number, sd: number, effectiveN = n): Confidence {
  if (n < MIN_GROUP_VIDEOS) return 'insufficient';
  const size = Math.abs(effect);
  if (size < PRACTICAL_EFFECT || size <= Z80 * sd) return 'low';
  return Math.min(n, effectiveN) >= HIGH_CONFIDENCE_VIDEOS && size > Z95 * sd ? 'high' : 'medium';
}

export interface EffectDimension {
  name: string;
  /** Every arm a video (or a plan) can have, tried or not. */
  arms: readonly string[];
  /**
   * How hard τ_d is pulled to zero (default DEFAULT_SHRINKAGE): its floor and its half-Cauchy prior's scale. An
   * interaction dimension (pattern-effects.ts) is expected to be zero, so it gets a lower floor and a smaller scale.
   */
  shrinkage?: Shrinkage;
  /**
   * Report each arm's own β, not its contrast with the dimension's average arm: for an interaction, whose β is
   * already what the pair adds beyond its main effects (0 = no interaction), and whose untried pairs' β is 0 ± τ_d.
   */
  uncentred?: boolean;
  /**
   * Prior correlation of the arms' effects (row-major arms × arms, symmetric positive definite, unit diagonal):
   * β_d ~ N(0, τ_d² K). Absent: independent arms, K = I.
   */
  correlation?: Float64Array;
}

export interface Shrinkage {
  /** τ_d² floor. */
  floor: number;
  /** Scale of the half-Cauchy prior on τ_d. */
  scale: number;
}

export interface EffectObservation {
  value: number;
  /**
   * Per dimension (in order): the video's arm, by name or by its position in the dimension's arms (no name to look
   * up: 120,000 lookups at 10,000 videos), or null when it has none (e.g. publish time unknown).
   */
  arms: readonly (string | number | null)[];
  /** Nuisance covariates (same length for every observation), flat prior. */
  covariates: readonly number[];
  /**
   * Precision weight in (0, 1], default 1: the video's noise variance is σ² / weight. Recent videos weigh 1, older
   * ones less (evidence-decay.ts), so a choice whose effect has changed is read at its recent value.
   */
  weight?: number;
}

export interface ArmEffect {
  arm: string;
  /** Videos with this arm. */
  n: number;
  /**
   * Kish's effective number of its videos under the precision weights, (Σw)² / Σw², at most n: what the 'high'
   * confidence threshold counts, so down-weighting old videos never makes an effect look better supported.
   */
  effectiveN: number;
  /** Their mean response minus the mean of every video with an arm in the dimension, before any modelling. */
  rawEffect: number;
  /** Posterior mean of the arm's effect against the channel's average video, ln views. */
  effect: number;
  sd: number;
  /** effect ∓ z₈₀·sd. */
  low: number;
  high: number;
}

export interface EffectModel {
  dimensions: readonly EffectDimension[];
  /** Per dimension, per arm (in the dimension's order). */
  arms: ArmEffect[][];
  /**
   * σ²: the scale of a video's ln views that no choice explains — EM's, pulled toward the videos' own spread as far
   * as its few residual degrees of freedom leave it unmeasured (NOISE_PRIOR_VIDEOS).
   */
  noiseVariance: number;
  /** τ_d² per dimension. */
  priorVariances: number[];
  /** Posterior of each covariate's coefficient (in the observations' order), mean and sd. */
  covariates: { mean: number; sd: number }[];
  /** Observations the model was fitted on. */
  count: number;
  /**
   * Every arm's effect drawn at once from the joint posterior, centred as `arms` are, its spread around the
   * posterior mean scaled by `spread` (1 = the posterior itself): per dimension, per arm.
   */
  draw(rng: SeededRandom, spread?: number): number[][];
}

/** The observations as sparse rows (design-rows.ts), and what the fit reads of them per parameter. */
interface Design extends DesignRows {
  /** Usable observations, the negligible ones included: the count the model reports. */
  observations: number;
  /** EM's starting σ², from every usable observation's response. */
  startingNoiseVariance: number;
  /** Parameters before the first covariate: the dimensions' arms. */
  covariateStart: number;
  /** Per parameter: its dimension, or −1 for a covariate. */
  dimensionOf: Int32Array;
  /** First parameter of each dimension; covariates follow the last dimension. */
  starts: number[];
  counts: Float64Array;
  sums: Float64Array;
  /** Per parameter: Σw and Σw² of its rows' precision weights (Kish's effective n). */
  weightSums: Float64Array;
  weightSquares: Float64Array;
  /** Per dimension: K_d⁻¹ (row-major), or null for independent arms. */
  inverseCorrelations: (Float64Array | null)[];
}

/** K⁻¹ from K's Cholesky factor; throws when K is not positive definite. */
function inverseOf(matrix: Float64Array, n: number): Float64Array {
  return choleskyInverse(cholesky(matrix, n), n);
}

function design(
  dimensions: readonly EffectDimension[],
  observations: readonly EffectObservation[],
  negligibleShare: number,
): Design {
  const starts: number[] = [];
  let size = 0;
  const indexOf = packedMap(dimensions, (dimension) => {
    starts.push(size);
    const index = new Map(dimension.arms.map((arm, a) => [arm, size + a]));
    size += dimension.arms.length;
    return index;
  });
  const usable = observations.filter(
    (observation) =>
      Number.isFinite(observation.value) &&
      (observation.weight === undefined || (Number.isFinite(observation.weight) && observation.weight > 0)),
  );
  const covariateCount = usable[0]?.covariates.length ?? 0;
  const precisionOf = (observation: EffectObservation) => Math.min(1, observation.weight ?? 1);
  let precisionTotal = 0;
  for (const observation of usable) precisionTotal += precisionOf(observation);
  // Rows below this precision, all of them together at most `negligibleShare` of the data's, are left out of the
  // fit's passes (not out of the counts reported): see NEGLIGIBLE_SHARE.
  const negligible = (negligibleShare * precisionTotal) / usable.length;
  const covariateStart = size;
  size += covariateCount;
  const dimensionOf = new Int32Array(size).fill(-1);
  dimensions.forEach((dimension, d) => {
    dimensionOf.fill(d, starts[d] as number, (starts[d] as number) + dimension.arms.length);
  });
  let rows = 0;
  for (const observation of usable) if (precisionOf(observation) >= negligible) rows++;
  const capacity = rows * (dimensions.length + covariateCount);
  const rowStarts = new Int32Array(rows + 1);
  const armEnds = new Int32Array(rows);
  let terms = 0;
  const columns = new Int32Array(capacity);
  const entries = new Float64Array(capacity);
  const values = new Float64Array(rows);
  const precisions = new Float64Array(rows);
  const counts = new Float64Array(size);
  const sums = new Float64Array(size);
  const weightSums = new Float64Array(size);
  const weightSquares = new Float64Array(size);
  let i = 0;
  for (const observation of usable) {
    const precision = precisionOf(observation);
    const kept = precision >= negligible;
    // A loop, not forEach: a closure per observation was most of the design's garbage.
    for (let d = 0; d < dimensions.length; d++) {
      const arm = observation.arms[d];
      const column =
        arm === null || arm === undefined
          ? undefined
          : typeof arm === 'number'
            ? arm >= 0 && arm < (dimensions[d] as EffectDimension).arms.length && Number.isInteger(arm)
              ? (starts[d] as number) + arm
              : undefined
            : indexOf[d]?.get(arm);
      if (column === undefined) continue;
      if (kept) {
        columns[terms] = column;
        entries[terms++] = 1;
      }
      counts[column] = (counts[column] as number) + 1;
      sums[column] = (sums[column] as number) + observation.value;
      weightSums[column] = (weightSums[column] as number) + precision;
      weightSquares[column] = (weightSquares[column] as number) + precision * precision;
    }
    if (!kept) continue;
    values[i] = observation.value;
    precisions[i] = precision;
    armEnds[i] = terms;
    for (let c = 0; c < covariateCount; c++) {
      const value = observation.covariates[c] as number;
      // A zero adds nothing to any sum: left out like a missing arm, so every pass over the rows skips it (all
      // format intercepts but one, and the repetition of most videos).
      if (value === 0) continue;
      columns[terms] = covariateStart + c;
      entries[terms++] = value;
    }
    rowStarts[++i] = terms;
  }
  return {
    observations: usable.length,
    startingNoiseVariance: robustVariance(Float64Array.from(usable, (observation) => observation.value)),
    rows,
    size,
    covariateStart,
    rowStarts,
    armEnds,
    columns,
    entries,
    values,
    precisions,
    dimensionOf,
    starts,
    counts,
    sums,
    weightSums,
    weightSquares,
    inverseCorrelations: packedMap(dimensions, (dimension) =>
      dimension.correlation === undefined ? null : inverseOf(dimension.correlation, dimension.arms.length),
    ),
  };
}

interface Posterior {
  mean: Float64Array;
  covariance: Float64Array;
}

/**
 * The size × size arrays one EM step fills, reused by the next: fifteen steps' fresh copies were a tenth of a
 * 10,000-video analysis' garbage. The posterior is solved with the largest independent-arms dimension's diagonal
 * block first (diagonal-block-posterior.ts): the dense factor and inverse are then of the other parameters alone.
 */
interface StepWorkspace {
  data: { precision: Float64Array; right: Float64Array };
  /** The posterior precision. */
  withPrior: Float64Array;
  covariance: Float64Array;
  solve: ReturnType<typeof diagonalBlockPosterior>;
}

/**
 * `forSteps`: the covariance is read by EM's steps alone (expectedSquaredResiduals and the τ² steps, which read an
 * independent dimension's variances only), so of the diagonal block only the variances are written.
 */
function stepWorkspace(model: Design, dimensions: readonly EffectDimension[], forSteps: boolean): StepWorkspace {
  const { size } = model;
  const square = () => new Float64Array(size * size);
  let diagonal = -1;
  dimensions.forEach((dimension, d) => {
    if (dimension.correlation !== undefined) return;
    if (diagonal < 0 || dimension.arms.length > (dimensions[diagonal] as EffectDimension).arms.length) diagonal = d;
  });
  const start = diagonal < 0 ? 0 : (model.starts[diagonal] as number);
  const count = diagonal < 0 ? 0 : (dimensions[diagonal] as EffectDimension).arms.length;
  return {
    data: { precision: square(), right: new Float64Array(size) },
    withPrior: square(),
    covariance: square(),
    solve: diagonalBlockPosterior(size, start, count, forSteps),
  };
}

/**
 * The posterior precision with the given prior variances (covariates: flat); an infinite variance adds nothing.
 * Written over `into` when given.
 */
function precisionWithPrior(
  model: Design,
  data: Float64Array,
  priorVariances: readonly number[],
  into?: Float64Array,
): Float64Array {
  const { size, dimensionOf, inverseCorrelations, starts } = model;
  let precision: Float64Array;
  if (into) {
    into.set(data);
    precision = into;
  } else precision = Float64Array.from(data);
  for (let p = 0; p < size; p++) {
    const d = dimensionOf[p] as number;
    if (d >= 0 && inverseCorrelations[d]) continue;
    const prior = d < 0 ? COVARIATE_PRIOR_VARIANCE : (priorVariances[d] as number);
    precision[p * size + p] = (precision[p * size + p] as number) + 1 / prior;
  }
  // A correlated dimension's prior precision is the block K_d⁻¹ / τ_d².
  inverseCorrelations.forEach((inverse, d) => {
    if (inverse === null) return;
    const start = starts[d] as number;
    const count = Math.round(Math.sqrt(inverse.length));
    const scale = 1 / (priorVariances[d] as number);
    for (let a = 0; a < count; a++)
      for (let b = 0; b < count; b++) {
        const at = (start + a) * size + start + b;
        precision[at] = (precision[at] as number) + scale * (inverse[a * count + b] as number);
      }
  });
  return precision;
}

function posteriorGiven(
  model: Design,
  data: { precision: Float64Array; right: Float64Array },
  priors: number[],
  workspace: StepWorkspace,
) {
  const precision = precisionWithPrior(model, data.precision, priors, workspace.withPrior);
  const mean = workspace.solve(precision, data.right, workspace.covariance);
  const posterior: Posterior = { mean, covariance: workspace.covariance };
  return posterior;
}

/** Median absolute deviation, scaled to σ under normality: a starting σ² no viral video can blow up. */
function robustVariance(values: Float64Array): number {
  if (values.length < 2) return DEFAULT_NOISE_VARIANCE;
  // Selections, not sorts: the same order statistics (the values are finite) in a tenth of the time.
  const middle = selectInPlace(Float64Array.from(values), values.length >> 1);
  const deviations = values.map((value) => Math.abs(value - middle));
  const mad = 1.4826 * selectInPlace(deviations, deviations.length >> 1);
  return Math.max(MIN_NOISE_VARIANCE, mad * mad);
}

/** What EM settles on (see the file comment): σ², each τ_d², and each fitted row's t weight. */
export interface VarianceComponents {
  /** EM's own σ², before its prior (the fixed point; EffectModel's noiseVariance is the one reported). */
  noiseVariance: number;
  priorVariances: number[];
  /** Per row the passes run over (the observations with a finite value and weight, negligible ones left out). */
  weights: Float64Array;
  /** Whether EM met TOLERANCE before MAX_STEPS. */
  converged: boolean;
}

/** What one EM step reads and overwrites: the fit's arrays, reused from step to step. */
interface EmState {
  model: Design;
  dimensions: readonly EffectDimension[];
  /** Each dimension's arm count, read once: the arms arrays come in whichever of V8's shapes their callers made. */
  armCounts: Int32Array;
  weights: Float64Array;
  priorVariances: number[];
  squared: Float64Array;
  /** Each step's data precision and posterior overwrite the last ones', read for the last time by then. */
  workspace: StepWorkspace;
  precisionSum: number;
  /** The last step's posterior. */
  posterior: Posterior | undefined;
}

/**
 * One EM step from `state` (ln σ², each ln τ_d², each row's ln t weight): a module function, not a closure per fit,
 * for the reason diagonal-block-posterior.ts gives (1 analysis in about 5 at 10,000 videos ran 4–13 of its steps
 * unoptimised, speed10k).
 */
function emStep(em: EmState, state: Float64Array): Float64Array {
  const { model, dimensions, armCounts, weights, priorVariances, squared, workspace, precisionSum } = em;
  const { rows, size, precisions } = model;
  const weightStart = 1 + dimensions.length;
  const nu = TAIL_DEGREES_OF_FREEDOM;
  const noiseVariance = Math.exp(state[0] as number);
  for (let d = 0; d < dimensions.length; d++) priorVariances[d] = Math.exp(state[1 + d] as number);
  for (let i = 0; i < rows; i++) weights[i] = Math.exp(state[weightStart + i] as number);
  const posterior = posteriorGiven(
    model,
    dataPrecision(model, weights, noiseVariance, workspace.data),
    priorVariances,
    workspace,
  );
  em.posterior = posterior;
  const { mean, covariance } = posterior;
  expectedSquaredResiduals(model, mean, covariance, squared);
  const next = new Float64Array(state.length);
  // Row i's noise variance is σ²/d_i: σ² is the scale of a current video, E[r²]·d_i its estimate from row i.
  let weightedSquares = 0;
  for (let i = 0; i < rows; i++)
    weightedSquares += (weights[i] as number) * (precisions[i] as number) * (squared[i] as number);
  const nextNoise = Math.max(MIN_NOISE_VARIANCE, weightedSquares / precisionSum);
  next[0] = Math.log(nextNoise);
  for (let i = 0; i < rows; i++)
    next[weightStart + i] = Math.log(
      (nu + 1) / (nu + ((precisions[i] as number) * (squared[i] as number)) / nextNoise),
    );
  dimensions.forEach((dimension, d) => {
    const start = model.starts[d] as number;
    const count = armCounts[d] as number;
    const previous = priorVariances[d] as number;
    const inverse = model.inverseCorrelations[d];
    // MacKay's update τ² = mᵀK⁻¹m / γ, γ = arms − tr(K⁻¹S)/τ² (the arms the data determine; an untried
    // independent arm adds 1 − τ²/τ² = 0). Its fixed point is EM's, arms·τ² = mᵀK⁻¹m + tr(K⁻¹S), but where the
    // data say little about a dimension EM's τ² creeps toward its floor at a rate near 1, this one geometrically.
    let quadratic = 0;
    let trace = 0;
    let tried = 0;
    for (let a = 0; a < count; a++) {
      if ((model.counts[start + a] as number) > 0) tried++;
      if (!inverse) {
        quadratic += (mean[start + a] as number) ** 2;
        trace += covariance[(start + a) * size + start + a] as number;
        continue;
      }
      for (let b = 0; b < count; b++) {
        const k = inverse[a * count + b] as number;
        quadratic += k * (mean[start + a] as number) * (mean[start + b] as number);
        trace += k * (covariance[(start + a) * size + start + b] as number);
      }
    }
    const determined = count - trace / previous;
    const floor = shrinkageOf(dimension).floor;
    next[1 + d] = Math.log(tried === 0 || !(determined > 0) ? previous : Math.max(floor, quadratic / determined));
  });
  return next;
}

/**
 * EM's fixed point (σ², τ_d², t weights), to TOLERANCE. Plain EM crept: after its former 15-step cap σ² or a τ²
 * still moved 5–7 % a step, and a τ² whose fixed point is its floor (often the topic × hook interaction's) creeps
 * sublinearly (on demo seed 42 still 1.6 % a step after 60 steps). Two changes, neither moving the fixed point:
 * - the τ² step is MacKay's (below), which reaches such a floor geometrically;
 * - the steps are accelerated by SQUAREM (squarem.ts), chosen over parameter expansion or Newton on the variance
 *   components because it needs nothing but the step, so the fixed point is by construction the step's. The state
 *   is ln σ², each ln τ_d² and each ln weight (this EM alternates the posterior and the weights, so they are part of
 *   it): any extrapolation is a valid posterior; floors and the weights' ceiling are kept by projection. There is no
 *   closed-form objective to check a jump against; a jump whose step is not finite, or moves it more than the second
 *   plain step moved, falls back to the plain step.
 * The sandwich noise reads the last step's posterior: squarem returns that step's argument.
 */
function* expectationMaximisation(model: Design, dimensions: readonly EffectDimension[]) {
  const { rows, size, precisions } = model;
  const weightStart = 1 + dimensions.length;
  let precisionSum = 0;
  for (let i = 0; i < rows; i++) precisionSum += precisions[i] as number;
  const em: EmState = {
    model,
    dimensions,
    armCounts: Int32Array.from(dimensions, (dimension) => dimension.arms.length),
    weights: new Float64Array(rows),
    priorVariances: packedMap(dimensions, () => 0),
    squared: new Float64Array(rows),
    workspace: stepWorkspace(model, dimensions, true),
    precisionSum,
    posterior: undefined,
  };
  const { weights, priorVariances } = em;
  const nu = TAIL_DEGREES_OF_FREEDOM;
  const step = (state: Float64Array) => emStep(em, state);
  const start = new Float64Array(weightStart + rows);
  start[0] = Math.log(model.startingNoiseVariance);
  // τ_d² starts at σ²/10, or at its prior's scale² when smaller (an interaction's 0.1²): nearer its fixed point.
  dimensions.forEach((dimension, d) => {
    const { floor, scale } = shrinkageOf(dimension);
    start[1 + d] = Math.log(Math.max(floor, Math.min(scale * scale, model.startingNoiseVariance / 10)));
  });
  const floors = [MIN_NOISE_VARIANCE, ...dimensions.map((dimension) => shrinkageOf(dimension).floor)].map(Math.log);
  const topWeight = Math.log((nu + 1) / nu);
  const fixedPoint = yield* squaremSteps(start, step, {
    // ln change under TOLERANCE: relative change of σ², every τ² and every weight. Under two observations there is
    // no σ² to estimate: the posterior at the start. Nor is there with no more evidence (Σ precision weights) than
    // the covariates with a flat prior take: EM's σ² then grows with that prior's arbitrary variance (five rows of
    // zeros weighing 0.99 in all: σ² 168; a half-life under a video does that).
    converged: (from, to) => {
      if (model.observations < 2 || precisionSum <= size - model.covariateStart) return true;
      for (let k = 0; k < from.length; k++)
        if (!(Math.abs((to[k] as number) - (from[k] as number)) < TOLERANCE)) return false;
      return true;
    },
    project: (state) => {
      floors.forEach((floor, k) => {
        state[k] = Math.max(floor, state[k] as number);
      });
      for (let i = weightStart; i < state.length; i++) state[i] = Math.min(topWeight, state[i] as number);
    },
    maxEvaluations: MAX_STEPS,
  });
  const fitted = Math.exp(fixedPoint.state[0] as number);
  const sandwich = sandwichNoise(model, (em.posterior as Posterior).mean, weights, fitted);
  // σ² measured on few residual degrees of freedom is too low, and intervals given it too narrow: the effects absorb
  // the noise (10 videos, a dozen dimensions: σ² 0.004, i.e. ±6 % per video, and a title feature on 7 of them read
  // −18 % [−20 %, −16 %], "medium"; on no-effect channels of 15 videos σ² came out at a sixth of the truth, and 7.6 %
  // of groups were called medium or high). So σ² gets a conjugate prior: the videos' own spread, as if no choice
  // explained any of it, weighing NOISE_PRIOR_VIDEOS videos; and, σ² being an estimate on that many videos' worth of
  // evidence, the data's precision is that of Student's t at the 80 % level everything reports (an untried arm keeps
  // its prior). On a channel of hundreds of videos both vanish. bench/effect-calibration.ts measures the result.
  const { residualDof } = sandwich;
  const spread = model.startingNoiseVariance;
  const withPrior = (variance: number) =>
    (NOISE_PRIOR_VIDEOS * spread + residualDof * variance) / (NOISE_PRIOR_VIDEOS + residualDof);
  const noiseVariance = withPrior(fitted);
  const tRatio = studentTQuantile(INTERVAL_QUANTILE, NOISE_PRIOR_VIDEOS + residualDof) / Z80;
  const robustNoise = model.observations < 2 ? noiseVariance : withPrior(sandwich.noise) * tRatio * tRatio;
  const components: VarianceComponents = {
    noiseVariance: fitted,
    priorVariances,
    weights,
    converged: fixedPoint.converged,
  };
  return { data: dataPrecision(model, weights, robustNoise), components, noiseVariance };
}

/**
 * The noise variance the reported posterior uses, σ²_eff = Σdw · Σψ² / (Σψ')² with ψ_i = d_i·w_i·r_i (d: precision
 * weight, w: t weight), at least σ². Given its weights, the t-model's posterior treats each video as worth
 * d_i·w_i/σ² of information; that ignores how uncertain the t weights are, and under normal or skewed noise it made
 * 80 % intervals cover about 70 %. This is the sandwich (M-estimator) variance of a weighted mean written as a
 * noise variance: equal to σ² when every weight is 1, larger when the weighting is less efficient than it assumes.
 * Also the residual degrees of freedom Σ d·w·r²/σ²: at EM's fixed point the videos' precision (Σd) less what the
 * effects took of it, i.e. how many videos' worth of evidence σ² was measured on.
 */
function sandwichNoise(
  model: Design,
  mean: Float64Array,
  weights: Float64Array,
  noiseVariance: number,
): { noise: number; residualDof: number } {
  const { rows, rowStarts, armEnds, columns, entries, values, precisions } = model;
  let weightSum = 0;
  let scoreSquares = 0;
  let slope = 0;
  let residualDof = 0;
  for (let i = 0; i < rows; i++) {
    let fitted = 0;
    const armEnd = armEnds[i] as number;
    for (let p = rowStarts[i] as number; p < armEnd; p++) fitted += mean[columns[p] as number] as number;
    for (let p = armEnd; p < (rowStarts[i + 1] as number); p++)
      fitted += (entries[p] as number) * (mean[columns[p] as number] as number);
    const residual = (values[i] as number) - fitted;
    const precision = precisions[i] as number;
    const scaled = (precision * residual * residual) / noiseVariance;
    const weight = precision * (weights[i] as number);
    weightSum += weight;
    residualDof += (weights[i] as number) * scaled;
    scoreSquares += (weight * residual) ** 2;
    slope += (weight * (TAIL_DEGREES_OF_FREEDOM - scaled)) / (TAIL_DEGREES_OF_FREEDOM + scaled);
  }
  // A slope near zero means the fit rests on too few central videos to say; the weighted mean's own variance then.
  const stableSlope = Math.max(slope, 0.25 * weightSum);
  const noise =
    model.observations < 2 ? noiseVariance : Math.max(noiseVariance, (weightSum * scoreSquares) / stableSlope ** 2);
  return { noise, residualDof };
}

/** Largest τ_d the posterior is averaged over: effects of ×7. */
const TAU_GRID_TOP = 2;
/** τ_d values the posterior is averaged over: 10, log-spaced from the dimension's floor up to TAU_GRID_TOP. */
function tauGrid(floor: number): number[] {
  const bottom = Math.sqrt(floor);
  return Array.from({ length: 10 }, (_, g) => bottom * (TAU_GRID_TOP / bottom) ** (g / 9));
}

/** One dimension's arms, β_d before centring: mean and covariance (row-major) of the τ_d-averaged posterior. */
interface Block {
  mean: Float64Array;
  covariance: Float64Array;
  /** Posterior mean of τ_d². */
  priorVariance: number;
}

/**
 * The posterior of one dimension's effects averaged over τ_d (the other dimensions' τ² held at their EM values):
 * with a handful of arms per dimension, τ_d² is poorly determined, and the posterior given its point estimate is too
 * narrow whenever the estimate comes out low (80 % intervals covered 55–70 % of planted effects that way).
 * Weighted by the marginal likelihood of each τ_d on TAU_GRID (log-spaced, hence the factor τ) and the prior:
 *   log p(y | τ) = −½ Σ_p log v_p − ½ log|A| + ½ mᵀ A m,   A = XᵀWX/σ² + diag(1/v),  m = A⁻¹ XᵀWy/σ².
 */
function integratedBlock(
  model: Design,
  data: { precision: Float64Array; right: Float64Array },
  joint: Posterior,
  priorVariances: readonly number[],
  d: number,
  count: number,
  shrinkage: Shrinkage,
): Block {
  const start = model.starts[d] as number;
  const inverse = model.inverseCorrelations[d];
  const posteriorWith = inverse
    ? // Only this dimension's prior changes along the grid: the rest of the precision is factored once.
      blockPosteriors(
        precisionWithPrior(
          model,
          data.precision,
          priorVariances.map((variance, e) => (e === d ? Number.POSITIVE_INFINITY : variance)),
        ),
        model.size,
        data.right,
        start,
        count,
      )
    : // Independent arms: from the joint posterior's block, without factoring the other parameters again.
      blockPosteriorsFromMarginal(
        joint.mean.slice(start, start + count),
        blockOf(joint.covariance, model.size, start, count),
        count,
        diagonalPrior(count, 1 / (priorVariances[d] as number)),
      );
  const fits = tauGrid(shrinkage.floor).map((tau) => {
    const prior = new Float64Array(count * count);
    for (let a = 0; a < count; a++)
      for (let b = 0; b < count; b++)
        prior[a * count + b] = (inverse ? (inverse[a * count + b] as number) : a === b ? 1 : 0) / (tau * tau);
    const { mean, covariance, logDeterminant, quadratic } = posteriorWith(prior);
    const logLikelihood = -count * Math.log(tau) - 0.5 * logDeterminant + 0.5 * quadratic;
    const logPrior = -Math.log(1 + (tau / shrinkage.scale) ** 2) + Math.log(tau);
    return { tau, weight: logLikelihood + logPrior, mean, covariance };
  });
  const top = Math.max(...fits.map((fit) => fit.weight));
  const weights = fits.map((fit) => Math.exp(fit.weight - top));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const mean = new Float64Array(count);
  const second = new Float64Array(count * count);
  let priorVariance = 0;
  fits.forEach((fit, g) => {
    const share = (weights[g] as number) / total;
    priorVariance += share * fit.tau * fit.tau;
    for (let a = 0; a < count; a++) {
      mean[a] = (mean[a] as number) + share * (fit.mean[a] as number);
      for (let b = 0; b < count; b++) {
        second[a * count + b] =
          (second[a * count + b] as number) +
          share * ((fit.covariance[a * count + b] as number) + (fit.mean[a] as number) * (fit.mean[b] as number));
      }
    }
  });
  const covariance = second.map(
    (value, k) => value - (mean[Math.floor(k / count)] as number) * (mean[k % count] as number),
  );
  return { mean, covariance, priorVariance };
}

/** Weights π_b = n_b / N_d of the dimension's arms: the contrast with the channel's average video. */
function centringWeights(model: Design, start: number, count: number): Float64Array {
  const weights = new Float64Array(count);
  let total = 0;
  for (let a = 0; a < count; a++) total += model.counts[start + a] as number;
  if (total > 0) for (let a = 0; a < count; a++) weights[a] = (model.counts[start + a] as number) / total;
  return weights;
}

/** Rows and columns start…start + count − 1 of a row-major size × size matrix. */
function blockOf(matrix: Float64Array, size: number, start: number, count: number): Float64Array {
  const block = new Float64Array(count * count);
  for (let a = 0; a < count; a++)
    block.set(matrix.subarray((start + a) * size + start, (start + a) * size + start + count), a * count);
  return block;
}

function diagonalPrior(count: number, precision: number): Float64Array {
  const prior = new Float64Array(count * count);
  for (let a = 0; a < count; a++) prior[a * count + a] = precision;
  return prior;
}

/** The joint posterior at EM's variance components: the covariates' figures and the independent blocks' start. */
function jointPosterior(
  model: Design,
  dimensions: readonly EffectDimension[],
  data: { precision: Float64Array; right: Float64Array },
  priorVariances: readonly number[],
): Posterior {
  const workspace = stepWorkspace(model, dimensions, false);
  const mean = workspace.solve(
    precisionWithPrior(model, data.precision, priorVariances, workspace.withPrior),
    data.right,
    workspace.covariance,
  );
  return { mean, covariance: workspace.covariance };
}

/** EM's fixed point alone (see VarianceComponents): what the fit below reports its posterior from. */
export function fitVarianceComponents(
  dimensions: readonly EffectDimension[],
  observations: readonly EffectObservation[],
  negligibleShare = NEGLIGIBLE_SHARE,
): VarianceComponents {
  return finish(expectationMaximisation(design(dimensions, observations, negligibleShare), dimensions)).components;
}

/**
 * The fitted model (see the file comment). Deterministic: the same observations in the same order, the same fit.
 * `negligibleShare`: see NEGLIGIBLE_SHARE; 0 fits on every row (the exact fit the default is checked against).
 */
export function fitEffectModel(
  dimensions: readonly EffectDimension[],
  observations: readonly EffectObservation[],
  negligibleShare = NEGLIGIBLE_SHARE,
): EffectModel {
  return finish(effectModelSteps(dimensions, observations, negligibleShare));
}

/** `fitEffectModel`, pausing after each EM step and each dimension's τ average. */
export function* effectModelSteps(
  dimensions: readonly EffectDimension[],
  observations: readonly EffectObservation[],
  negligibleShare = NEGLIGIBLE_SHARE,
): Steps<EffectModel> {
  const model = design(dimensions, observations, negligibleShare);
  yield;
  const { data, components, noiseVariance } = yield* expectationMaximisation(model, dimensions);
  const { priorVariances } = components;
  const joint = jointPosterior(model, dimensions, data, priorVariances);
  yield;
  const blocks: Block[] = [];
  for (let d = 0; d < dimensions.length; d++) {
    const count = (dimensions[d] as EffectDimension).arms.length;
    blocks.push(
      integratedBlock(model, data, joint, priorVariances, d, count, shrinkageOf(dimensions[d] as EffectDimension)),
    );
    yield;
  }
  // An uncentred dimension's weights are all zero: its arms are reported (and drawn) as their own β.
  const centring = dimensions.map((dimension, d) =>
    dimension.uncentred
      ? new Float64Array(dimension.arms.length)
      : centringWeights(model, model.starts[d] as number, dimension.arms.length),
  );
  const arms = dimensions.map((dimension, d) => {
    const start = model.starts[d] as number;
    const { mean, covariance } = blocks[d] as Block;
    const pi = centring[d] as Float64Array;
    const count = dimension.arms.length;
    let centre = 0;
    let valued = 0;
    let valueSum = 0;
    for (let b = 0; b < count; b++) {
      centre += (pi[b] as number) * (mean[b] as number);
      valued += model.counts[start + b] as number;
      valueSum += model.sums[start + b] as number;
    }
    const dimensionMean = valued > 0 ? valueSum / valued : 0;
    // Var(β_a − πᵀβ) = S_aa − 2 (Sπ)_a + πᵀSπ.
    const sPi = new Float64Array(count);
    let piSPi = 0;
    for (let a = 0; a < count; a++) {
      let sum = 0;
      for (let b = 0; b < count; b++) sum += (covariance[a * count + b] as number) * (pi[b] as number);
      sPi[a] = sum;
      piSPi += (pi[a] as number) * sum;
    }
    return dimension.arms.map((arm, a): ArmEffect => {
      const n = model.counts[start + a] as number;
      // + 0 turns −0 into 0, which prints and compares as users expect.
      const effect = (mean[a] as number) - centre + 0;
      const variance = (covariance[a * count + a] as number) - 2 * (sPi[a] as number) + piSPi;
      const sd = Math.sqrt(Math.max(0, variance));
      const rawEffect = n > 0 ? (model.sums[start + a] as number) / n - dimensionMean + 0 : 0;
      const squares = model.weightSquares[start + a] as number;
      const effectiveN = squares > 0 ? Math.min(n, (model.weightSums[start + a] as number) ** 2 / squares) : 0;
      return { arm, n, effectiveN, rawEffect, effect, sd, low: effect - Z80 * sd, high: effect + Z80 * sd };
    });
  });
  const { covariateStart } = model;
  const covariateCount = model.size - covariateStart;
  const covariates = Array.from({ length: covariateCount }, (_, c) => {
    const p = covariateStart + c;
    return {
      mean: joint.mean[p] as number,
      sd: Math.sqrt(Math.max(0, joint.covariance[p * model.size + p] as number)),
    };
  });
  return {
    dimensions,
    arms,
    noiseVariance,
    priorVariances: blocks.map((block) => block.priorVariance),
    covariates,
    count: model.observations,
    draw: posteriorDraw(dimensions, blocks, centring),
  };
}

/**
 * Draws from each dimension's block, from its own factor: the normal with the moments /trends shows. Built outside
 * fitEffectModel so the closure keeps the blocks alone, not the design (a 10,000-video channel's rows).
 */
function posteriorDraw(
  dimensions: readonly EffectDimension[],
  blocks: readonly Block[],
  centring: readonly Float64Array[],
): EffectModel['draw'] {
  const factors = blocks.map((block, d) => cholesky(block.covariance, (dimensions[d] as EffectDimension).arms.length));
  return (rng, spread = 1) =>
    dimensions.map((dimension, d) => {
      const count = dimension.arms.length;
      const { mean } = blocks[d] as Block;
      const lower = factors[d] as Float64Array;
      const standard = Array.from({ length: count }, () => rng.normal());
      const pi = centring[d] as Float64Array;
      const drawn = dimension.arms.map((_, a) => {
        let deviation = 0;
        for (let k = 0; k <= a; k++) deviation += (lower[a * count + k] as number) * (standard[k] as number);
        return (mean[a] as number) + spread * deviation;
      });
      const centre = drawn.reduce((sum, value, a) => sum + (pi[a] as number) * value, 0);
      return drawn.map((value) => value - centre);
    });
}
