// SQUAREM (Varadhan & Roland 2008, scheme S3, with the step-length adaptation of the R package SQUAREM): reaches
// the fixed point of a slowly contracting map, such as an EM step, in far fewer evaluations than iterating it. Each
// cycle takes two plain steps from θ₀, r = F(θ₀) − θ₀ and v = F(F(θ₀)) − F(θ₀) − r, jumps to
// θ′ = θ₀ + 2αr + α²v with α = |r| / |v| (α = 1 is the second plain step), then takes one plain step from θ′.
// The caller's coordinates keep every extrapolated state valid up to `project` (e.g. logarithms of variances, so
// any value is a positive variance; floors by projection). A state whose step returns non-finite values is
// abandoned for the second plain step, and the largest α allowed shrinks back: EM's own step is the fallback. So is
// a jump that lands farther from the fixed point than the second plain step (its step moves it more): accepting any
// finite jump let SQUAREM cycle without converging on about 1 channel in 500 at a half-life of 2–6 videos, where
// plain EM converged in 300 steps (the effect model has no closed-form objective to check a jump against).

import { finish, type Steps } from './steps.js';

export interface FixedPoint {
  /** The state at which the last step was taken, and which met `converged` unless `evaluations` hit the cap. */
  state: Float64Array;
  /** Steps taken (evaluations of the map). */
  evaluations: number;
  converged: boolean;
}

export interface FixedPointOptions {
  /** Whether one step from `from` to `to` moved little enough to stop at `from`. */
  converged(from: Float64Array, to: Float64Array): boolean;
  /** Moves an extrapolated state (in place) into the map's domain: floors, bounds. */
  project(state: Float64Array): void;
  /** Steps at most: a safety net. */
  maxEvaluations: number;
}

/** Growth of the largest step length allowed each time a cycle uses it all (the R package's `mstep`). */
const STEP_GROWTH = 4;

function squaredDistance(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += ((a[k] as number) - (b[k] as number)) ** 2;
  return sum;
}

function allFinite(state: Float64Array): boolean {
  for (const value of state) if (!Number.isFinite(value)) return false;
  return true;
}

/**
 * The fixed point of `step` from `start`. The returned state is always the argument of the last call of `step`,
 * so whatever that call computed on the way (a posterior) belongs to it.
 */
export function squarem(
  start: Float64Array,
  step: (state: Float64Array) => Float64Array,
  options: FixedPointOptions,
): FixedPoint {
  return finish(squaremSteps(start, step, options));
}

/** `squarem`, pausing after each call of `step`. */
export function* squaremSteps(
  start: Float64Array,
  step: (state: Float64Array) => Float64Array,
  { converged, project, maxEvaluations }: FixedPointOptions,
): Steps<FixedPoint> {
  let evaluations = 0;
  let maxLength = 1;
  let current = start;
  for (;;) {
    const first = step(current);
    evaluations++;
    yield;
    if (converged(current, first)) return { state: current, evaluations, converged: true };
    if (evaluations >= maxEvaluations) return { state: current, evaluations, converged: false };
    const second = step(first);
    evaluations++;
    yield;
    if (converged(first, second)) return { state: first, evaluations, converged: true };
    if (evaluations >= maxEvaluations) return { state: first, evaluations, converged: false };
    let r2 = 0;
    let v2 = 0;
    for (let k = 0; k < current.length; k++) {
      const r = (first[k] as number) - (current[k] as number);
      const v = (second[k] as number) - (first[k] as number) - r;
      r2 += r * r;
      v2 += v * v;
    }
    const alpha = Math.max(1, Math.min(maxLength, Math.sqrt(r2 / v2)));
    if (alpha === maxLength) maxLength *= STEP_GROWTH;
    if (alpha === 1 || !(v2 > 0)) {
      // No extrapolation: the second plain step is the next state.
      current = second;
      continue;
    }
    const jumped = new Float64Array(current.length);
    for (let k = 0; k < current.length; k++) {
      const r = (first[k] as number) - (current[k] as number);
      const v = (second[k] as number) - (first[k] as number) - r;
      jumped[k] = (current[k] as number) + 2 * alpha * r + alpha * alpha * v;
    }
    project(jumped);
    const stabilised = step(jumped);
    evaluations++;
    yield;
    if (allFinite(stabilised) && squaredDistance(jumped, stabilised) <= squaredDistance(first, second)) {
      if (converged(jumped, stabilised)) return { state: jumped, evaluations, converged: true };
      if (evaluations >= maxEvaluations) return { state: jumped, evaluations, converged: false };
      current = stabilised;
    } else {
      maxLength = Math.max(1, alpha / STEP_GROWTH);
      current = second;
    }
  }
}
