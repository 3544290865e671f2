import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeCalibration } from '../../src/core/format/calibration.js';
import {
  CALIBRATION_WINDOW,
  calibrateInterval,
  calibratePrediction,
  calibrationResiduals,
  type Interval,
  MIN_CALIBRATION_SCORES,
  normalisedResidual,
  OWN_LEDGER_ENOUGH,
  type ScoredForecast,
} from '../../src/core/predictions/interval-calibration.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';

// Split-conformal calibration of pre-publication intervals (interval-calibration.ts). The synthetic worlds
// below draw each video's error in ln(1 + views) from a law the raw model does not know (a wider or narrower
// spread, a bias as when the channel grows, heavy or skewed tails), scaled by the raw interval's own width, so
// the normalised residuals are exchangeable, which is what the conformal guarantee assumes.

const Z80 = 1.2815515655446004;
const HORIZON = 30;
const day = 86_400_000;
const at = new Date('2026-11-20T00:00:00Z');

type Noise = 'normal' | 'student-t3' | 'skewed';

interface World {
  /** True spread of ln errors ÷ the spread the raw interval claims. */
  scale: number;
  /** Error in ln(1 + views) the raw model does not know about (positive: it predicts low). */
  bias: number;
  noise: Noise;
}

function draw(random: SeededRandom, noise: Noise): number {
  if (noise === 'normal') return random.normal();
  if (noise === 'student-t3') {
    const chiSquare = random.normal() ** 2 + random.normal() ** 2 + random.normal() ** 2;
    return (random.normal() / Math.sqrt(chiSquare / 3)) * Math.sqrt(1 / 3); // unit variance
  }
  return -Math.log(random.next() || Number.MIN_VALUE) - 1; // exponential, centred: skewed to the right
}

/** A raw forecast of its own size and width, and the actual the world gives it. */
function scoredVideo(random: SeededRandom, world: World): { raw: Interval; actual: number } {
  const centre = random.uniform(Math.log(200), Math.log(200_000));
  const halfWidth = random.uniform(0.3, 1.5); // the raw model's claimed 80 % half-width in ln units
  const raw = {
    predicted: Math.expm1(centre),
    low: Math.expm1(centre - halfWidth),
    high: Math.expm1(centre + halfWidth),
  };
  const error = world.bias * (halfWidth / Z80) + world.scale * (halfWidth / Z80) * draw(random, world.noise);
  return { raw, actual: Math.expm1(Math.max(0, centre + error)) };
}

function ledgerEntry(
  channelId: number,
  video: { raw: Interval; actual: number },
  scoredAt: Date,
  horizonDays = HORIZON,
): ScoredForecast {
  return { channelId, horizonDays, madeAt: new Date(scoredAt.getTime() - 40 * day), scoredAt, ...video };
}

function ledgerOf(random: SeededRandom, world: World, channelId: number, n: number): ScoredForecast[] {
  return Array.from({ length: n }, (_, i) =>
    ledgerEntry(channelId, scoredVideo(random, world), new Date(at.getTime() - (i + 1) * day)),
  );
}

const inside = (interval: Interval, actual: number) => interval.low <= actual && actual <= interval.high;

const worlds = fc.record({
  // Away from 1 and 0, so the raw intervals are clearly off and the test can tell calibration from none.
  scale: fc.oneof(fc.double({ min: 0.3, max: 0.6, noNaN: true }), fc.double({ min: 1.7, max: 3, noNaN: true })),
  bias: fc.double({ min: -1.5, max: 1.5, noNaN: true }),
  noise: fc.constantFrom<Noise>('normal', 'student-t3', 'skewed'),
});

describe('calibrated pre-publication intervals', () => {
  it('cover about 80% of new videos where the raw intervals do not, and centre on them', () => {
    const trials = 1_000;
    const tolerance = 0.04; // over 3 standard errors of a share near 0.8 from 1,000 trials
    fc.assert(
      fc.property(
        worlds,
        fc.integer({ min: OWN_LEDGER_ENOUGH, max: CALIBRATION_WINDOW }),
        fc.integer(),
        (world, n, seed) => {
          const random = new SeededRandom(seed);
          let covered = 0;
          let rawCovered = 0;
          let above = 0;
          for (let trial = 0; trial < trials; trial++) {
            const ledger = ledgerOf(random, world, 1, n);
            const next = scoredVideo(random, world);
            const calibrated = calibratePrediction(next.raw, ledger, { channelId: 1, horizonDays: HORIZON, at });
            expect(calibrated.calibration).toMatchObject({ source: 'channel', n, ownN: n });
            if (inside(calibrated, next.actual)) covered++;
            if (inside(next.raw, next.actual)) rawCovered++;
            if (next.actual > calibrated.predicted) above++;
          }
          // Conformal: each side misses at most ⌊0.1 (n + 1)⌋ / (n + 1) ≤ 10 %, and not much less.
          expect(covered / trials).toBeGreaterThanOrEqual(0.8 - tolerance);
          expect(covered / trials).toBeLessThanOrEqual(0.8 + 2 / (n + 1) + tolerance);
          expect(Math.abs(above / trials - 0.5)).toBeLessThanOrEqual(0.06); // the bias is taken out
          // The worlds are chosen so that the raw intervals miss the mark: the test can fail.
          expect(Math.abs(rawCovered / trials - 0.8)).toBeGreaterThan(tolerance);
        },
      ),
      { seed: 20261206, numRuns: 24 },
    );
  });

  it('keep the centre inside the interval, finite and non-negative, whatever the residuals', () => {
    const raws = fc
      .tuple(
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 50, noNaN: true }),
      )
      .map(([predicted, down, up]) => ({ predicted, low: predicted * down, high: predicted * up }));
    fc.assert(
      fc.property(raws, fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { maxLength: 80 }), (raw, scores) => {
        const calibrated = calibrateInterval(raw, scores);
        if (scores.length < MIN_CALIBRATION_SCORES) return calibrated === null;
        if (calibrated === null) return false;
        const { predicted, low, high } = calibrated;
        return [predicted, low, high].every(Number.isFinite) && 0 <= low && low <= predicted && predicted <= high;
      }),
      { seed: 7 },
    );
  });

  it('keep the high finite when a residual far out meets a wide interval', () => {
    // Found by the property above at 20× its draws (seed 7): 684 half-widths above a raw interval 1.04 wide in
    // ln(1 + views) is e^710 views, past the largest double.
    const raw = { predicted: 0.38486175250397514, low: 0, high: 2.9027043762343343 };
    const calibrated = calibrateInterval(raw, [0, 0, 0, 0, 684.7582748870898, 0, 0, 0, 0]);
    expect(calibrated?.high).toBe(Number.MAX_VALUE);
    expect(calibrated?.predicted).toBeCloseTo(raw.predicted, 12);
  });

  it('leave a raw interval unchanged when its residuals are what it claimed', () => {
    // Residuals spread evenly from −1.5 to 1.5 in raw half-widths: 80 % of them within ±1.2, median 0.
    const residuals = Array.from({ length: 29 }, (_, i) => -1.5 + (3 * i) / 28);
    const raw = { predicted: 1_000, low: 400, high: 3_000 };
    const calibrated = calibrateInterval(raw, residuals);
    const lnCentre = Math.log1p(1_000);
    // 29 residuals: k_lo = ⌊3⌋ = 3rd smallest (−1.286), k_hi = ⌈27⌉ = 27th (+1.286).
    expect(calibrated?.predicted).toBeCloseTo(1_000, 6);
    expect(Math.log1p(calibrated?.low as number)).toBeCloseTo(
      lnCentre - (1.5 - 6 / 28) * (lnCentre - Math.log1p(400)),
      9,
    );
    expect(Math.log1p(calibrated?.high as number)).toBeCloseTo(
      lnCentre + (1.5 - 6 / 28) * (Math.log1p(3_000) - lnCentre),
      9,
    );
  });

  it('ignore predictions scored after the prediction is made, and other horizons', () => {
    const random = new SeededRandom('no-peeking');
    const world: World = { scale: 2, bias: 0.5, noise: 'normal' };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.array(
          fc.record({
            afterDays: fc.double({ min: 0.001, max: 400, noNaN: true }),
            actual: fc.double({ min: 0, max: 1e9, noNaN: true }),
            horizonDays: fc.constantFrom(7, 30, 90),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (n, later) => {
          const known = ledgerOf(random, world, 1, n);
          const next = scoredVideo(random, world);
          const unseen = later.map(({ afterDays, actual, horizonDays }) => {
            const entry = ledgerEntry(1, { raw: next.raw, actual }, new Date(at.getTime() + afterDays * day));
            // Same-horizon entries are scored after `at`; other horizons may be scored any time.
            return horizonDays === HORIZON
              ? entry
              : { ...entry, horizonDays, scoredAt: new Date(at.getTime() - afterDays * day) };
          });
          const query = { channelId: 1, horizonDays: HORIZON, at };
          expect(calibratePrediction(next.raw, [...unseen, ...known], query)).toEqual(
            calibratePrediction(next.raw, known, query),
          );
        },
      ),
      { seed: 11 },
    );
  });

  it('pool the team while the channel has fewer than 20 scored predictions, and only then', () => {
    const random = new SeededRandom('pooling');
    const own: World = { scale: 1, bias: 0, noise: 'normal' };
    const teamWorld: World = { scale: 3, bias: 1, noise: 'normal' };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 45 }), fc.integer({ min: 0, max: 80 }), (ownN, teamN) => {
        const channel = ledgerOf(random, own, 1, ownN);
        const team = [
          ...ledgerOf(random, teamWorld, 2, teamN >> 1),
          ...ledgerOf(random, teamWorld, 3, teamN - (teamN >> 1)),
        ];
        const query = { channelId: 1, horizonDays: HORIZON, at };
        const pooled = calibrationResiduals([...team, ...channel], query);
        const alone = calibrationResiduals(channel, query);
        if (ownN >= OWN_LEDGER_ENOUGH || teamN === 0) {
          expect(pooled).toEqual({ ...alone, source: 'channel' });
        } else {
          expect(pooled.source).toBe('team');
          expect(pooled.ownN).toBe(ownN);
          expect(pooled.residuals).toHaveLength(Math.min(CALIBRATION_WINDOW, ownN + teamN));
          // All of the channel's own come first; the team only fills the rest of the window.
          expect(pooled.residuals.slice(0, ownN)).toEqual(alone.residuals);
        }
      }),
      { seed: 13 },
    );
  });

  it('use the most recent scored predictions, at most the window', () => {
    const random = new SeededRandom('window');
    const world: World = { scale: 1, bias: 0, noise: 'normal' };
    const ledger = ledgerOf(random, world, 1, CALIBRATION_WINDOW + 30);
    const { residuals } = calibrationResiduals(ledger, { channelId: 1, horizonDays: HORIZON, at });
    // ledgerOf scores entry i on day i + 1 before `at`: the first ones are the most recent.
    const expected = ledger.slice(0, CALIBRATION_WINDOW).map((entry) => normalisedResidual(entry.raw, entry.actual));
    expect(residuals).toEqual(expected);
  });

  it('say what they were calibrated on', () => {
    expect(describeCalibration({ source: 'channel', n: 34, ownN: 34, shift: Math.log(1.12) })).toBe(
      'calibrated on 34 scored predictions of this channel, centre +12%',
    );
    expect(describeCalibration({ source: 'team', n: 23, ownN: 5, shift: 0.001 })).toBe(
      'calibrated on 23 scored predictions of the team (5 of this channel)',
    );
    expect(describeCalibration({ source: 'none', n: 3, ownN: 3, shift: 0 })).toBe(
      'not yet calibrated: 3 scored predictions so far, 9 needed',
    );
    const random = new SeededRandom('few');
    const few = calibratePrediction(
      { predicted: 100, low: 50, high: 200 },
      ledgerOf(random, { scale: 1, bias: 0, noise: 'normal' }, 1, 8),
      {
        channelId: 1,
        horizonDays: HORIZON,
        at,
      },
    );
    expect(few).toEqual({
      predicted: 100,
      low: 50,
      high: 200,
      calibration: { source: 'none', n: 8, ownN: 8, shift: 0 },
    });
  });

  it('score a residual in raw half-widths on the side the actual fell', () => {
    const raw = { predicted: Math.expm1(5), low: Math.expm1(4), high: Math.expm1(7) };
    expect(normalisedResidual(raw, Math.expm1(6))).toBeCloseTo(0.5, 12);
    expect(normalisedResidual(raw, Math.expm1(3))).toBeCloseTo(-2, 12);
    expect(normalisedResidual(raw, Number.NaN)).toBeNull();
    expect(normalisedResidual({ predicted: 10, low: 20, high: 30 }, 10)).toBeNull();
  });
});
