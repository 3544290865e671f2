// The channel's typical growth curve: how cumulative views grow with age. It reads a video's views at an age
// its own history does not reach, e.g. a video seen only once (a CSV import) compared with a younger one.

import { packedMap } from '../packed-map.js';
import { median } from '../stats/summary-statistics.js';
import type { AnalyticsVideo } from './analytics-video.js';
import { appendViewHistory, HistoryStore, storedViewsAtAge } from './views-at-age.js';

/** Shorts and long-form grow differently; a video of unknown format is compared with all videos. */
export type VideoFormat = 'short' | 'long-form' | 'all';
export const VIDEO_FORMATS: readonly VideoFormat[] = ['short', 'long-form', 'all'];

export function formatOf(video: Pick<AnalyticsVideo, 'isShort'>): VideoFormat {
  if (video.isShort === null) return 'all';
  return video.isShort ? 'short' : 'long-form';
}

/** Whether a video belongs among the videos of `format` ('all' holds every video). */
export function hasFormat(video: Pick<AnalyticsVideo, 'isShort'>, format: VideoFormat): boolean {
  return format === 'all' || formatOf(video) === format;
}

/** Ages (days) at which the curve is estimated; beyond a year too, since long-form keeps finding viewers. */
export const GROWTH_CURVE_AGES_DAYS: readonly number[] = [
  0.25, 0.5, 1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90, 180, 365, 730, 1825,
];

/** A step between two grid ages is read from the channel only when this many histories span it. */
export const MIN_HISTORIES_PER_STEP = 5;
/** … and from at most this many, the most recent: how videos grow shifts as the platform changes. */
export const MAX_HISTORIES_PER_STEP = 500;

interface GenericShape {
  /** Share of the views that arrive in the main phase; the rest arrive in a slow tail. */
  mainShare: number;
  mainTauDays: number;
  tailTauDays: number;
}

const GENERIC_SHAPES: Record<'short' | 'long-form', GenericShape> = {
  short: { mainShare: 0.85, mainTauDays: 2.5, tailTauDays: 40 },
  'long-form': { mainShare: 0.5, mainTauDays: 7, tailTauDays: 365 },
};

export const GENERIC_GROWTH_CURVES =
  'Where fewer than 5 of the channel’s own histories span a step of the curve, a generic curve is used: ' +
  'views(age) ∝ m·(1 − e^(−age/τ₁)) + (1 − m)·(1 − e^(−age/τ₂)). Shorts: m = 0.85, τ₁ = 2.5 days, τ₂ = 40 days ' +
  '(the feed pushes a Short for a few days). Long-form: m = 0.5, τ₁ = 7 days, τ₂ = 365 days (search and ' +
  'suggestions keep finding it for years). Unknown format: the mean of the two.';

function genericLevel(format: VideoFormat, ageDays: number): number {
  if (format === 'all') return (genericLevel('short', ageDays) + genericLevel('long-form', ageDays)) / 2;
  const { mainShare, mainTauDays, tailTauDays } = GENERIC_SHAPES[format];
  return mainShare * (1 - Math.exp(-ageDays / mainTauDays)) + (1 - mainShare) * (1 - Math.exp(-ageDays / tailTauDays));
}

export type CurveSource = 'channel' | 'generic';

/** Growth from one grid age to the next: views(toDays) ÷ views(fromDays). */
export interface GrowthStep {
  fromDays: number;
  toDays: number;
  ratio: number;
  /** The channel's histories read for the step (their median ratio is used when ≥ MIN_HISTORIES_PER_STEP). */
  n: number;
  source: CurveSource;
}

export interface GrowthCurve {
  format: VideoFormat;
  /** Histories with at least two points that were offered: the sample size. */
  histories: number;
  source: CurveSource | 'mixed';
  /** At each grid age, the views relative to those at the last grid age (which is 1). */
  points: { ageDays: number; level: number }[];
  steps: GrowthStep[];
}

/** Histories in a store, most recently published first: history h is `starts[h]` … `ends[h] - 1`. */
export interface StoredHistories {
  store: HistoryStore;
  starts: ArrayLike<number>;
  ends: ArrayLike<number>;
}

/** Median growth over one grid step among the most recent histories that span it, or the generic step. */
function fitStep(
  histories: StoredHistories,
  spanning: readonly number[],
  index: number,
  format: VideoFormat,
): GrowthStep {
  const { store, starts, ends } = histories;
  const fromDays = GROWTH_CURVE_AGES_DAYS[index] as number;
  const toDays = GROWTH_CURVE_AGES_DAYS[index + 1] as number;
  const ratios: number[] = [];
  for (const history of spanning) {
    if (ratios.length === MAX_HISTORIES_PER_STEP) break;
    const start = starts[history] as number;
    const end = ends[history] as number;
    // NaN where the history does not reach the age (see `storedViewsAtAge`).
    const from = storedViewsAtAge(store, start, end, fromDays);
    if (!(from > 0)) continue;
    const to = storedViewsAtAge(store, start, end, toDays);
    if (!Number.isNaN(to)) ratios.push(to / from);
  }
  const channelRatio = ratios.length >= MIN_HISTORIES_PER_STEP ? median(ratios) : null;
  if (channelRatio !== null) return { fromDays, toDays, ratio: channelRatio, n: ratios.length, source: 'channel' };
  const ratio = genericLevel(format, toDays) / genericLevel(format, fromDays);
  return { fromDays, toDays, ratio, n: ratios.length, source: 'generic' };
}

function overallSource(sources: readonly CurveSource[]): CurveSource | 'mixed' {
  if (sources.every((source) => source === 'channel')) return 'channel';
  return sources.every((source) => source === 'generic') ? 'generic' : 'mixed';
}

/**
 * The curve from histories already computed with `appendViewHistory` (e.g. shared with baselines), most
 * recently published first.
 */
export function fitGrowthCurveToHistories(histories: StoredHistories, format: VideoFormat): GrowthCurve {
  const spanning: number[] = [];
  for (let history = 0; history < histories.starts.length; history++) {
    if ((histories.ends[history] as number) - (histories.starts[history] as number) >= 2) spanning.push(history);
  }
  const steps = GROWTH_CURVE_AGES_DAYS.slice(1).map((_, index) => fitStep(histories, spanning, index, format));
  const cumulative = [1];
  for (const step of steps) cumulative.push((cumulative.at(-1) as number) * step.ratio);
  const total = cumulative.at(-1) as number;
  return {
    format,
    histories: spanning.length,
    source: overallSource(steps.map((step) => step.source)),
    points: packedMap(GROWTH_CURVE_AGES_DAYS, (ageDays, index) => ({
      ageDays,
      level: (cumulative[index] as number) / total,
    })),
    steps,
  };
}

/** The channel's growth curve for `format`, from the view histories of its videos of that format. */
export function fitGrowthCurve(videos: readonly AnalyticsVideo[], format: VideoFormat): GrowthCurve {
  const newestFirst = videos
    .filter((video) => video.publishedAt !== null && hasFormat(video, format))
    .sort((a, b) => (b.publishedAt as Date).getTime() - (a.publishedAt as Date).getTime());
  // Sized for every reading up front: growing by doubling copied the whole store some twenty times.
  let capacity = 0;
  for (const video of newestFirst) capacity += video.snapshots.atMs.length + 1;
  const store = new HistoryStore(capacity);
  const starts = new Int32Array(newestFirst.length);
  const ends = new Int32Array(newestFirst.length);
  for (let history = 0; history < newestFirst.length; history++) {
    starts[history] = store.length;
    appendViewHistory(store, newestFirst[history] as AnalyticsVideo, (newestFirst[history] as AnalyticsVideo).statsAt);
    ends[history] = store.length;
  }
  return fitGrowthCurveToHistories({ store, starts, ends }, format);
}

/** Relative views at any age: linear in log(age) between grid ages, from 0 at age 0. */
function levelAt(curve: GrowthCurve, ageDays: number): number {
  const first = curve.points[0] as GrowthCurve['points'][number];
  if (ageDays <= 0) return 0;
  if (ageDays < first.ageDays) return (first.level * ageDays) / first.ageDays;
  for (let index = 1; index < curve.points.length; index++) {
    const after = curve.points[index] as GrowthCurve['points'][number];
    if (ageDays < after.ageDays) {
      const before = curve.points[index - 1] as GrowthCurve['points'][number];
      const position = Math.log(ageDays / before.ageDays) / Math.log(after.ageDays / before.ageDays);
      return before.level + (after.level - before.level) * position;
    }
  }
  // Past the last grid age growth is too slow to tell apart from none.
  return (curve.points.at(-1) as GrowthCurve['points'][number]).level;
}

/** Which sources the steps between two ages came from; outside the grid the curve is a fixed convention. */
export function projectionSource(curve: GrowthCurve, ageNow: number, ageTarget: number): CurveSource | 'mixed' {
  const low = Math.min(ageNow, ageTarget);
  const high = Math.max(ageNow, ageTarget);
  const used = curve.steps.filter((step) => step.toDays > low && step.fromDays < high).map((step) => step.source);
  return used.length === 0 ? 'generic' : overallSource(used);
}

/**
 * Views at `ageTarget` of a video that had `viewsNow` at `ageNow`, scaled along the curve (see
 * `projectionSource` for where that stretch of the curve came from). Null when that cannot be told: a video
 * seen at age 0 has no views to scale.
 */
export function projectViews(curve: GrowthCurve, viewsNow: number, ageNow: number, ageTarget: number): number | null {
  if (!Number.isFinite(viewsNow) || !Number.isFinite(ageNow) || !Number.isFinite(ageTarget)) return null;
  const levelTarget = levelAt(curve, ageTarget);
  if (levelTarget === 0) return 0;
  const levelNow = levelAt(curve, ageNow);
  return levelNow > 0 ? (viewsNow * levelTarget) / levelNow : null;
}
