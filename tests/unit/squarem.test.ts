import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { squarem } from '../../src/core/stats/squarem.js';

// SQUAREM on maps whose fixed point is known: slow linear contractions (EM near a poorly determined variance), a
// map undefined beyond a bound (the fallback to the plain step) and a fixed point on a floor (the projection).

const TOLERANCE = 1e-9;
const converged = (from: Float64Array, to: Float64Array) =>
  from.every((value, k) => Math.abs((to[k] as number) - value) < TOLERANCE);
const noProjection = () => {};

/** x ↦ x* + R(x − x*), R diagonal with the given rates: plain iteration needs ln(tol)/ln(rate) steps. */
function contraction(target: number[], rates: number[]) {
  let last: Float64Array | undefined;
  const step = (state: Float64Array) => {
    last = state;
    return state.map((value, k) => (target[k] as number) + (rates[k] as number) * (value - (target[k] as number)));
  };
  return { step, lastArgument: () => last };
}

describe('squarem', () => {
  it('reaches a slow contraction’s fixed point in a fraction of the plain steps, stopping at the last step’s argument', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 4 }),
        fc.double({ min: 0.9, max: 0.999, noNaN: true }),
        (target, slowest) => {
          const rates = target.map((_, k) => slowest ** (k + 1));
          const map = contraction(target, rates);
          const fit = squarem(new Float64Array(target.length), map.step, {
            converged,
            project: noProjection,
            maxEvaluations: 1000,
          });
          expect(fit.converged).toBe(true);
          expect(map.lastArgument()).toBe(fit.state);
          fit.state.forEach((value, k) => {
            expect(Math.abs(value - (target[k] as number))).toBeLessThan(1e-6);
          });
          // Plain iteration would take ln(10⁻⁹ / 5) / ln(rate) steps: 200 to 22,000 here.
          expect(fit.evaluations).toBeLessThan(60);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('falls back to the plain step when an extrapolated state is outside the map’s domain', () => {
    // Curved toward its fixed point 1 from below, so the jumps overshoot it: undefined above 1.01.
    let outside = 0;
    const step = (state: Float64Array) =>
      state.map((value) => {
        if (value > 1.01) {
          outside++;
          return Number.NaN;
        }
        return 1 + 0.9 * (value - 1) - 0.05 * (value - 1) ** 2;
      });
    const fit = squarem(new Float64Array(1), step, { converged, project: noProjection, maxEvaluations: 1000 });
    expect(outside).toBeGreaterThan(0);
    expect(fit.converged).toBe(true);
    expect(fit.state[0]).toBeCloseTo(1, 6);
  });

  it('keeps extrapolated states on their floor, and stops at a fixed point on it', () => {
    // Heads for −1 but is floored at 0, like a τ² whose fixed point is its floor.
    const step = (state: Float64Array) => state.map((value) => Math.max(0, -1 + 0.98 * (value + 1)));
    let lowest = Number.POSITIVE_INFINITY;
    const fit = squarem(
      new Float64Array([3]),
      (state) => {
        lowest = Math.min(lowest, state[0] as number);
        return step(state);
      },
      {
        converged,
        project: (state) => {
          state[0] = Math.max(0, state[0] as number);
        },
        maxEvaluations: 1000,
      },
    );
    expect(fit.converged).toBe(true);
    expect(fit.state[0]).toBe(0);
    expect(lowest).toBe(0);
  });

  it('stops at the cap, unconverged, when the map never settles', () => {
    const step = (state: Float64Array) => state.map((value) => -value + 1);
    const fit = squarem(new Float64Array([0]), step, { converged, project: noProjection, maxEvaluations: 7 });
    expect(fit.converged).toBe(false);
    expect(fit.evaluations).toBeLessThanOrEqual(7);
  });
});
