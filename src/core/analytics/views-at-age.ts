import { type AnalyticsVideo, DAY_MS } from './analytics-video.js';

/** Which count a history follows: public views, or engaged views (the pre-2025 way of counting). */
export type ViewMetric = 'views' | 'engagedViews';

export interface HistoryPoint {
  ageDays: number;
  views: number;
}

/** A video's cumulative views by age, oldest first, one point per age, never falling. */
export type ViewHistory = HistoryPoint[];

/**
 * Many histories packed into two shared arrays, for channel-wide work (hundreds of thousands of points would
 * otherwise be as many objects): a history is the points `start` … `end - 1`, point i being
 * (`ages[i]`, `views[i]`). Grows as histories are appended. Written only through `push`, `setViews` and
 * `truncate`, which keep the logarithms `storedViewsAtAge` caches per point in step.
 */
export class HistoryStore {
  ages: Float64Array;
  views: Float64Array;
  /** Points held; behind a getter, so only `truncate` can lower it. */
  private count = 0;
  /**
   * Per point, computed on first use (0: not yet): ln(1 + views[i]) and ln(ages[i] / ages[i − 1]). A channel's
   * scores read some 350,000 interpolated views from only about 12,000 brackets (peers of neighbouring videos are
   * read at neighbouring ages), and these logarithms were most of that time. A true 0 is just computed again.
   * Points past `length` always hold 0 here, so `push` need not clear them.
   */
  private logViews: Float64Array;
  private logSteps: Float64Array;

  constructor(capacity = 64) {
    const size = Math.max(1, capacity);
    this.ages = new Float64Array(size);
    this.views = new Float64Array(size);
    this.logViews = new Float64Array(size);
    this.logSteps = new Float64Array(size);
  }

  get length(): number {
    return this.count;
  }

  push(ageDays: number, views: number): void {
    if (this.count === this.ages.length) {
      const size = this.ages.length * 2;
      this.ages = grown(this.ages, size);
      this.views = grown(this.views, size);
      this.logViews = grown(this.logViews, size);
      this.logSteps = grown(this.logSteps, size);
    }
    this.ages[this.count] = ageDays;
    this.views[this.count] = views;
    this.count++;
  }

  /** Drops the points from `length` on. */
  truncate(length: number): void {
    this.logViews.fill(0, length, this.count);
    this.logSteps.fill(0, length, this.count);
    this.count = length;
  }

  /** Overwrites point i's views (a recount). */
  setViews(i: number, views: number): void {
    this.views[i] = views;
    this.logViews[i] = 0;
  }

  /** ln(1 + views[i]), exactly `Math.log1p(views[i])`. */
  logViewsAt(i: number): number {
    let value = this.logViews[i] as number;
    if (value === 0) {
      value = Math.log1p(this.views[i] as number);
      this.logViews[i] = value;
    }
    return value;
  }

  /** ln(ages[i] / ages[i − 1]), exactly `Math.log(ages[i] / ages[i − 1])`; i must not start a history. */
  logStepAt(i: number): number {
    let value = this.logSteps[i] as number;
    if (value === 0) {
      value = Math.log((this.ages[i] as number) / (this.ages[i - 1] as number));
      this.logSteps[i] = value;
    }
    return value;
  }
}

function grown(values: Float64Array, size: number): Float64Array {
  const larger = new Float64Array(size);
  larger.set(values);
  return larger;
}

/**
 * Adds a reading to the history that starts at `start` (the store's last history): a new point past its last
 * age, or a recount at its last age. False, adding nothing, when the reading is older than the last point.
 */
function addInOrder(store: HistoryStore, start: number, ageDays: number, views: number): boolean {
  const last = store.length - 1;
  if (last < start) {
    store.push(ageDays, Math.max(views, 0));
    return true;
  }
  const lastAge = store.ages[last] as number;
  const lastViews = store.views[last] as number;
  if (ageDays > lastAge) store.push(ageDays, Math.max(views, lastViews));
  else if (ageDays === lastAge) store.setViews(last, Math.max(lastViews, views));
  else return false;
  return true;
}

/** Rebuilds the store's last history (from `start`) with out-of-order readings merged in, sorted by age. */
function rebuildInOrder(store: HistoryStore, start: number, outOfOrder: HistoryPoint[]): void {
  const points: HistoryPoint[] = [];
  for (let index = start; index < store.length; index++) {
    points.push({ ageDays: store.ages[index] as number, views: store.views[index] as number });
  }
  points.push(...outOfOrder);
  points.sort((a, b) => a.ageDays - b.ageDays);
  store.truncate(start);
  for (const point of points) addInOrder(store, start, point.ageDays, point.views);
}

/**
 * Appends the video's history to the store (see `viewHistory`), its latest views counted as read at `statsAt`
 * (pass `video.statsAt` for the video's own). Returns the number of points appended. Readings normally arrive
 * oldest first and go straight into the history; only out-of-order input pays for a sort.
 */
export function appendViewHistory(
  store: HistoryStore,
  video: AnalyticsVideo,
  statsAt: Date | null,
  metric: ViewMetric = 'views',
): number {
  if (video.publishedAt === null) return 0;
  const published = video.publishedAt.getTime();
  const start = store.length;
  const { atMs: takenAt } = video.snapshots;
  const byViews = metric === 'views';
  const counts = byViews ? video.snapshots.views : video.snapshots.engagedViews;
  const snapshotCount = takenAt.length;
  const readings = snapshotCount + (statsAt === null ? 0 : 1);
  let outOfOrder: HistoryPoint[] | null = null;
  for (let reading = 0; reading < readings; reading++) {
    let atMs: number;
    let views: number | null;
    if (reading < snapshotCount) {
      atMs = takenAt[reading] as number;
      views = counts[reading] as number;
    } else {
      atMs = (statsAt as Date).getTime();
      views = byViews ? video.views : video.engagedViews;
    }
    if (views === null || !Number.isFinite(views)) continue;
    const ageDays = (atMs - published) / DAY_MS;
    if (!(ageDays >= 0)) continue;
    if (outOfOrder) outOfOrder.push({ ageDays, views });
    else if (!addInOrder(store, start, ageDays, views)) outOfOrder = [{ ageDays, views }];
  }
  if (outOfOrder) rebuildInOrder(store, start, outOfOrder);
  return store.length - start;
}

/** Scratch store for the one-video functions below; always emptied before use. */
const scratch = new HistoryStore();

/**
 * A video's cumulative views over its age in days: its snapshots plus its latest stats, one point per age,
 * never falling (a later reading below an earlier one is a recount).
 */
export function viewHistory(video: AnalyticsVideo, metric: ViewMetric = 'views'): ViewHistory {
  scratch.truncate(0);
  const count = appendViewHistory(scratch, video, video.statsAt, metric);
  const history: ViewHistory = [];
  for (let index = 0; index < count; index++) {
    history.push({ ageDays: scratch.ages[index] as number, views: scratch.views[index] as number });
  }
  return history;
}

/** Index of the first point of the history `start` … `end - 1` whose age is not below `ageDays` (`end - 1` if none). */
function firstPointFrom(ages: Float64Array, start: number, end: number, ageDays: number): number {
  let low = start;
  let high = end - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((ages[middle] as number) < ageDays) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * `viewsInHistoryAtAge` for the history at `start` … `end - 1` of a store, but NaN where that gives null: a read
 * of finite views is never NaN, and a plain number keeps hot loops from boxing each result.
 */
export function storedViewsAtAge(store: HistoryStore, start: number, end: number, ageDays: number): number {
  const ages = store.ages;
  const views = store.views;
  if (end <= start) return Number.NaN;
  const lastAge = ages[end - 1] as number;
  if (ageDays > lastAge) return Number.NaN;
  if (ageDays === lastAge) return views[end - 1] as number;
  const firstAge = ages[start] as number;
  if (ageDays < firstAge) return ageDays <= 0 ? 0 : Number.NaN;
  const low = firstPointFrom(ages, start, end, ageDays);
  const afterAge = ages[low] as number;
  const afterViews = views[low] as number;
  if (low === start || afterAge === ageDays) return afterViews;
  const beforeAge = ages[low - 1] as number;
  const beforeViews = views[low - 1] as number;
  if (beforeAge <= 0) return beforeViews + ((afterViews - beforeViews) * ageDays) / afterAge;
  // From a reading of 0 views (a new video's count is frozen at first) a straight line too: a power of age has no
  // start at 0 views, and in ln(1 + views) the +1 made the curve's shape depend on the count's scale (halfway in
  // ln age from 0 to 10⁶ views read 1,000, 0.1 %; from 0 to 50 read 6, 12 %).
  if (beforeViews <= 0) return (afterViews * (ageDays - beforeAge)) / (afterAge - beforeAge);
  return viewsBetweenPoints(store, low, ageDays);
}

/**
 * Days between the readings `storedViewsAtAge` reads `ageDays` from: 0 at a reading, else the gap between the two
 * around it; NaN where the history does not cover that age. How far a read is measured rather than drawn.
 */
export function storedBracketDays(store: HistoryStore, start: number, end: number, ageDays: number): number {
  if (end <= start) return Number.NaN;
  const ages = store.ages;
  if (!(ageDays >= (ages[start] as number) && ageDays <= (ages[end - 1] as number))) return Number.NaN;
  const after = firstPointFrom(ages, start, end, ageDays);
  const afterAge = ages[after] as number;
  return afterAge === ageDays ? 0 : afterAge - (ages[after - 1] as number);
}

/**
 * The point after `ageDays` when `storedViewsAtAge` reads that age between two points of the history in
 * log(1 + views) against log(age), else −1 (an exact point, before the first or after the last, a linear step
 * from publication or from 0 views). Then `viewsBetweenPoints(store, point, ageDays)` is the read, and it lies
 * between the two points' views: a channel's baselines can rank most peers by those bounds alone and skip the
 * logarithm and exponential, which are most of a read's cost.
 */
export function interpolationPoint(store: HistoryStore, start: number, end: number, ageDays: number): number {
  if (end <= start) return -1;
  const ages = store.ages;
  if (!(ageDays > (ages[start] as number) && ageDays < (ages[end - 1] as number))) return -1;
  const low = firstPointFrom(ages, start, end, ageDays);
  return ages[low] === ageDays || (ages[low - 1] as number) <= 0 || (store.views[low - 1] as number) <= 0 ? -1 : low;
}

/** The read between points `after` − 1 and `after` (see `interpolationPoint`), within their views. */
export function viewsBetweenPoints(store: HistoryStore, after: number, ageDays: number): number {
  const beforeViews = store.views[after - 1] as number;
  // Cumulative views grow roughly as a power of age early on: a straight line in log views against log age.
  const position = Math.log(ageDays / (store.ages[after - 1] as number)) / store.logStepAt(after);
  const logBefore = store.logViewsAt(after - 1);
  const interpolated = Math.expm1(logBefore + (store.logViewsAt(after) - logBefore) * position);
  // Rounding must not step outside the two readings (views never fall).
  return Math.min(store.views[after] as number, Math.max(beforeViews, interpolated));
}

/** `viewsInHistoryAtAge` for the history at `start` … `end - 1` of a store. */
export function viewsInStoredHistoryAtAge(
  store: HistoryStore,
  start: number,
  end: number,
  ageDays: number,
): number | null {
  const views = storedViewsAtAge(store, start, end, ageDays);
  return Number.isNaN(views) ? null : views;
}

/**
 * Views at `ageDays` read from a history: exact at a point, between two interpolated linearly in log(1 + views)
 * against log(age) (in views against age from publication or from 0 views), so irregular readings (periodic
 * snapshots) can be read at any age they bracket. Null when the history does not cover that age: before the first
 * point it would be a guess, after the last one the future.
 */
export function viewsInHistoryAtAge(history: ViewHistory, ageDays: number): number | null {
  scratch.truncate(0);
  for (const point of history) scratch.push(point.ageDays, point.views);
  return viewsInStoredHistoryAtAge(scratch, 0, scratch.length, ageDays);
}

/** Views the video had at `ageDays`, from its own history (see `viewsInHistoryAtAge`). */
export function viewsAtAge(video: AnalyticsVideo, ageDays: number, metric: ViewMetric = 'views'): number | null {
  scratch.truncate(0);
  const count = appendViewHistory(scratch, video, video.statsAt, metric);
  return viewsInStoredHistoryAtAge(scratch, 0, count, ageDays);
}
