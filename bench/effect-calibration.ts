// Effect calibration: does the channel effect model (src/core/analytics/effect-model.ts) say what is true? Many
// simulated channels (tests/support/planted-effects.ts) of 15, 20, 30, 100 and 300 videos, with normal or heavy-tailed
// noise (Student t₃ plus 3 % viral hits of 20–50×), planted effects of several sizes, and null channels with none.
// Per row: how often the 80 % intervals hold the true effect (goal 75–85 %), how often a planted effect of at least
// 20 % is found (sign right, interval clear of zero), and on null channels the share of groups labelled medium or
// high (goal ≤ 5 %). Groups with fewer than 5 videos are left out, as the product leaves them out. Every world is
// fitted twice: keeping every video at full weight, and with the product's default forgetting (evidence half-life
// of 25 videos, evidence-history.ts). These worlds never change, so forgetting can only cost power; the rows show
// that it costs no honesty.

import { effectConfidence, MIN_GROUP_VIDEOS } from '../src/core/analytics/effect-model.js';
import { DEFAULT_EVIDENCE_HALF_LIFE_VIDEOS } from '../src/core/analytics/evidence-history.js';
import { Z80 } from '../src/core/stats/summary-statistics.js';
import { type CalibrationRow, fitPlanted, type Noise, plantedChannel } from '../tests/support/planted-effects.js';
import type { Benchmark, BenchOptions, BenchTable } from './benchmark.js';

const SIZES = [15, 20, 30, 100, 300];
const NOISES: Noise[] = ['normal', 'heavy'];
/** sd of the planted effects (ln units): none, small (≈ ±10 %), realistic (≈ ±28 %), large (≈ ±50 %). */
const SPREADS = [0, 0.1, 0.25, 0.4];
const LARGE_EFFECT = Math.log(1.2);
/** 0: every video at full weight; then the product's default. */
const HALF_LIVES = [0, DEFAULT_EVIDENCE_HALF_LIFE_VIDEOS];

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);

function claimed(row: CalibrationRow): boolean {
  const level = effectConfidence(row.n, row.effect, (row.high - row.effect) / Z80);
  return level === 'medium' || level === 'high';
}

async function run({ quick }: BenchOptions): Promise<BenchTable> {
  const channels = quick ? 10 : 60;
  const rows: string[][] = [];
  for (const halfLife of HALF_LIVES) {
    const forgetting = halfLife === 0 ? 'none' : `half-life ${halfLife}`;
    const totals = { rows: 0, covered: 0, large: 0, found: 0, nullRows: 0, nullClaims: 0 };
    for (const noise of NOISES) {
      for (const videos of SIZES) {
        for (const effectSpread of SPREADS) {
          const fitted = Array.from({ length: channels }, (_, seed) =>
            fitPlanted(
              plantedChannel({ seed: `${noise}:${videos}:${effectSpread}:${seed}`, videos, noise, effectSpread }),
              MIN_GROUP_VIDEOS,
              halfLife,
            ),
          ).flat();
          const covered = fitted.filter((row) => row.low <= row.truth && row.truth <= row.high).length;
          const large = fitted.filter((row) => Math.abs(row.truth) >= LARGE_EFFECT);
          const found = large.filter((row) => (row.truth > 0 ? row.low > 0 : row.high < 0)).length;
          const claims = fitted.filter(claimed).length;
          totals.rows += fitted.length;
          totals.covered += covered;
          totals.large += large.length;
          totals.found += found;
          if (effectSpread === 0) {
            totals.nullRows += fitted.length;
            totals.nullClaims += claims;
          }
          rows.push([
            forgetting,
            noise,
            String(videos),
            effectSpread === 0 ? 'none (null)' : effectSpread.toFixed(2),
            String(fitted.length),
            percent(covered, fitted.length),
            large.length === 0 ? '—' : `${percent(found, large.length)} of ${large.length}`,
            percent(claims, fitted.length),
          ]);
        }
      }
    }
    rows.push([
      forgetting,
      'all',
      '',
      '',
      String(totals.rows),
      percent(totals.covered, totals.rows),
      `${percent(totals.found, totals.large)} of ${totals.large}`,
      `null: ${percent(totals.nullClaims, totals.nullRows)}`,
    ]);
  }
  return {
    title: `Effect calibration (${channels} simulated channels per row; 4 dimensions of 5–7 groups; groups with ≥ ${MIN_GROUP_VIDEOS} videos)`,
    columns: [
      'forgetting',
      'noise',
      'videos',
      'planted sd',
      'groups',
      '80% coverage',
      'found (|effect| ≥ 20%)',
      'medium/high',
    ],
    rows,
    notes: [
      'coverage: share of 80% intervals holding the true effect against the channel average (goal 75–85%).',
      'found: planted effects of at least 20% with the right sign and the interval clear of zero.',
      'medium/high: share of groups labelled so; on null rows every such label is false (goal ≤ 5%).',
      'heavy: Student t with 3 degrees of freedom plus 3% viral hits of 20–50×. Seeded: the same figures every run.',
    ],
  };
}

export const effectCalibration: Benchmark = { name: 'effect-calibration', run };
