// Audience retention curves as YouTube Analytics reports them: 100 points of watchRatio, and
// relativePerformance against a typical video of the same length.

import type { SeededRandom } from '../random/seeded-random.js';
import type { RetentionRecord } from '../videos/video-record.js';
import { clamp, logistic, roundTo, smoothstep } from './curve-math.js';
import { DEMO_HOOK_STYLES, type DemoHookStyle, HOOKS, LONG_FORM_EXTRA_DROP } from './planted-world.js';

const HOOK_SECONDS = 3;

interface RetentionShape {
  durationS: number;
  /** watchRatio at 0 s. */
  start: number;
  /** Share of viewers gone by 3 s. */
  earlyDrop: number;
  /** watchRatio at the end relative to the one at 3 s. */
  endLevel: number;
}

/** Longer videos lose more of their audience by the end. */
function typicalEndLevel(durationS: number, isShort: boolean): number {
  return isShort ? clamp(0.95 - durationS / 300, 0.45, 0.9) : 0.3;
}

/** A fast drop during the hook (3 s), then geometric decay to the end. */
function watchRatioAt(shape: RetentionShape, elapsedRatio: number): number {
  const seconds = elapsedRatio * shape.durationS;
  if (seconds <= HOOK_SECONDS) return shape.start * (1 - shape.earlyDrop * Math.sqrt(seconds / HOOK_SECONDS));
  const afterHook = (seconds - HOOK_SECONDS) / (shape.durationS - HOOK_SECONDS);
  return shape.start * (1 - shape.earlyDrop) * shape.endLevel ** afterHook;
}

/** The planted hook's early drop, a loop lift for short Shorts and sometimes a dip mid-video, with a little noise. */
export function makeRetention(
  rng: SeededRandom,
  durationS: number,
  isShort: boolean,
  hook: DemoHookStyle,
): RetentionRecord[] {
  const hookDrop = HOOKS[hook].earlyDrop + (isShort ? 0 : LONG_FORM_EXTRA_DROP);
  const typicalEnd = typicalEndLevel(durationS, isShort);
  const shape: RetentionShape = {
    durationS,
    start: isShort ? rng.uniform(0.9, 1.1) : rng.uniform(0.9, 1),
    earlyDrop: clamp(hookDrop * rng.uniform(0.8, 1.2), 0, 0.9),
    endLevel: clamp(typicalEnd * rng.logNormal(0, 0.1), 0.1, 0.95),
  };
  // What YouTube's relativePerformance compares against: a typical video of the same length.
  const meanHookDrop =
    DEMO_HOOK_STYLES.reduce((sum, style) => sum + HOOKS[style].earlyDrop, 0) / DEMO_HOOK_STYLES.length;
  const reference: RetentionShape = {
    durationS,
    start: 1,
    earlyDrop: meanHookDrop + (isShort ? 0 : LONG_FORM_EXTRA_DROP),
    endLevel: typicalEnd,
  };
  // Short Shorts often loop: rewatches lift the whole curve, most near the end, sometimes above 1.
  const loopChance = isShort ? (durationS <= 30 ? 0.6 : durationS <= 45 ? 0.35 : durationS <= 60 ? 0.15 : 0) : 0;
  const rewatchShare = rng.chance(loopChance) ? rng.uniform(0.1, 0.45) : 0;
  const dip = rng.chance(0.35) ? { depth: rng.uniform(0.05, 0.15), center: rng.uniform(0.25, 0.85) } : null;
  const points: RetentionRecord[] = [];
  for (let i = 1; i <= 100; i++) {
    const elapsedRatio = roundTo(i / 100, 2);
    const dipFactor = dip ? 1 - dip.depth * Math.exp(-(((elapsedRatio - dip.center) / 0.04) ** 2)) : 1;
    const watchRatio = Math.max(
      0,
      (watchRatioAt(shape, elapsedRatio) * dipFactor +
        rewatchShare * (0.5 + 0.5 * smoothstep((elapsedRatio - 0.7) / 0.3))) *
        (1 + rng.normal(0, 0.01)),
    );
    const logRatio = Math.log(Math.max(watchRatio, 1e-6) / watchRatioAt(reference, elapsedRatio));
    points.push({
      elapsedRatio,
      watchRatio: roundTo(watchRatio, 4),
      relativePerformance: roundTo(logistic(4 * logRatio), 3),
    });
  }
  return points;
}
