// The demo's planted world: the "true" multiplicative effects on views the generator plants, and the truth it
// hands back so analytics can be checked against it.

import type { HookStyle, Weekday } from '../analytics/video-features.js';
import { roundTo } from './curve-math.js';

/** The hook styles the demo writes; analytics reads the same names back from titles and hook lines. */
export type DemoHookStyle = Exclude<HookStyle, 'how-to' | 'other'>;
/**
 * The demo's planted length effect is a step function over these buckets (analytics learns length as a smooth
 * curve over a grid of seconds, video-features.ts): three Shorts ranges, one to three minutes, and long-form.
 */
export type DurationBucket = '0-20s' | '21-40s' | '41-60s' | '61-180s' | '181s+';

/**
 * The planted truth. A video's expected final views are
 * baseViews × topic × hook × hour × weekday × duration effect × trendPer30Days^(days since the first upload / 30,
 * levelling off after three years),
 * times log-normal noise (sd viewNoiseSigma on log views) and, for breakouts, a 10–50× surge.
 */
export interface DemoTruth {
  /** Median final views of a video whose effects are all 1×, at the channel's first upload. */
  baseViews: number;
  viewNoiseSigma: number;
  topicEffects: Record<string, number>;
  hookEffects: Record<DemoHookStyle, number>;
  /** Keyed by local hour 0–23 in the channel timezone. */
  hourEffects: Record<number, number>;
  /** Keyed by local weekday in the channel timezone. */
  weekdayEffects: Record<Weekday, number>;
  durationEffects: Record<DurationBucket, number>;
  /** Audience growth: views multiplier per 30 days of channel age. */
  trendPer30Days: number;
  /** Share of viewers lost in the first 3 s of a Short by hook style; long-form loses 0.15 more. */
  hookEarlyDrop: Record<DemoHookStyle, number>;
  /** Median e-folding time in days of the main growth phase of cumulative views. */
  growthTauDays: { short: number; longForm: number };
  hookStyleByVideo: Record<string, DemoHookStyle>;
  /** Videos whose views were multiplied by a heavy-tailed (Pareto) breakout surge. */
  breakoutVideoIds: string[];
}

export const BASE_VIEWS = 9_000;
export const VIEW_NOISE_SIGMA = 0.55;
const TREND_PER_30_DAYS = 1.05;
/**
 * Audience growth levels off after three years: compounding for the whole history made a 10,000-video channel
 * (decades of uploads) reach quadrillions of views, which no column holds and no channel has.
 */
const TREND_MAX_DAYS = 3 * 365;
export const LONG_FORM_SHARE = 0.05;
export const LONG_FORM_EXTRA_DROP = 0.15;
export const GROWTH_TAU_DAYS = { short: 2.5, longForm: 7 };

export interface Topic {
  label: string;
  effect: number;
  /** Share of uploads. */
  share: number;
}

export const TOPICS: readonly Topic[] = [
  { label: 'Eggs', effect: 2.2, share: 0.18 },
  { label: 'Baking', effect: 1.5, share: 0.2 },
  { label: 'Pasta & rice', effect: 1.2, share: 0.17 },
  { label: 'Meat', effect: 1, share: 0.17 },
  { label: 'Fermentation', effect: 0.7, share: 0.14 },
  { label: 'Food safety', effect: 0.5, share: 0.14 },
];

// Stronger hooks both lose fewer viewers in the first 3 s and earn more views.
export const HOOKS: Record<DemoHookStyle, { effect: number; earlyDrop: number }> = {
  'bold-claim': { effect: 1.35, earlyDrop: 0.12 },
  question: { effect: 1.15, earlyDrop: 0.16 },
  'number-list': { effect: 1.05, earlyDrop: 0.2 },
  pov: { effect: 0.95, earlyDrop: 0.23 },
  story: { effect: 0.8, earlyDrop: 0.3 },
};
/** In the order above, which is the order the generator deals hooks in. */
export const DEMO_HOOK_STYLES = Object.keys(HOOKS) as DemoHookStyle[];

export interface DurationSpec {
  bucket: DurationBucket;
  /** Range the generator draws from; the bucket itself runs from the previous bucket's maxS. */
  minS: number;
  maxS: number;
  effect: number;
  /** Share among Shorts (long-form is chosen separately). */
  shortShare: number;
}

const DURATIONS: readonly DurationSpec[] = [
  { bucket: '0-20s', minS: 15, maxS: 20, effect: 0.85, shortShare: 0.12 },
  { bucket: '21-40s', minS: 21, maxS: 40, effect: 1.3, shortShare: 0.43 },
  { bucket: '41-60s', minS: 41, maxS: 60, effect: 1, shortShare: 0.3 },
  { bucket: '61-180s', minS: 61, maxS: 180, effect: 0.7, shortShare: 0.15 },
  { bucket: '181s+', minS: 240, maxS: 720, effect: 0.45, shortShare: 0 },
];
export const SHORT_DURATIONS = DURATIONS.filter((spec) => spec.shortShare > 0);
export const LONG_FORM_DURATION = DURATIONS[DURATIONS.length - 1] as DurationSpec;

export const WEEKDAY_EFFECTS: Record<Weekday, number> = {
  Sun: 1.2,
  Mon: 0.9,
  Tue: 0.85,
  Wed: 0.95,
  Thu: 1,
  Fri: 1.05,
  Sat: 1.25,
};

/** Audience is most active around 18:00 local, with a small commute bump around 8:00. */
function hourEffect(hour: number): number {
  const evening = Math.exp(-(((hour - 18) / 2.5) ** 2));
  const morning = Math.exp(-(((hour - 8) / 1.5) ** 2));
  return roundTo(0.75 + 0.6 * evening + 0.15 * morning, 2);
}

/** What a video is planted to earn, before noise and breakouts: the product of its effects and the trend. */
export function expectedViews(
  video: { topic: Topic; hook: DemoHookStyle; duration: DurationSpec; hour: number; weekday: Weekday },
  daysSinceFirstUpload: number,
): number {
  return (
    BASE_VIEWS *
    video.topic.effect *
    HOOKS[video.hook].effect *
    hourEffect(video.hour) *
    WEEKDAY_EFFECTS[video.weekday] *
    video.duration.effect *
    TREND_PER_30_DAYS ** (Math.min(daysSinceFirstUpload, TREND_MAX_DAYS) / 30)
  );
}

function byHook<T>(value: (style: DemoHookStyle) => T): Record<DemoHookStyle, T> {
  return Object.fromEntries(DEMO_HOOK_STYLES.map((style) => [style, value(style)])) as Record<DemoHookStyle, T>;
}

export function plantedTruth(youtubeIds: string[], hooks: DemoHookStyle[], breakouts: Set<number>): DemoTruth {
  return {
    baseViews: BASE_VIEWS,
    viewNoiseSigma: VIEW_NOISE_SIGMA,
    topicEffects: Object.fromEntries(TOPICS.map((topic) => [topic.label, topic.effect])),
    hookEffects: byHook((style) => HOOKS[style].effect),
    hourEffects: Object.fromEntries(Array.from({ length: 24 }, (_, hour) => [hour, hourEffect(hour)])),
    weekdayEffects: { ...WEEKDAY_EFFECTS },
    durationEffects: Object.fromEntries(DURATIONS.map((spec) => [spec.bucket, spec.effect])) as Record<
      DurationBucket,
      number
    >,
    trendPer30Days: TREND_PER_30_DAYS,
    hookEarlyDrop: byHook((style) => HOOKS[style].earlyDrop),
    growthTauDays: { ...GROWTH_TAU_DAYS },
    hookStyleByVideo: Object.fromEntries(youtubeIds.map((id, i) => [id, hooks[i] as DemoHookStyle])),
    breakoutVideoIds: youtubeIds.filter((_, i) => breakouts.has(i)),
  };
}
