// What a video should have by now: the channel's other recent videos of the same format, read at the same age.
// Comparing with lifetime views instead would make every new video look like a flop.

import { median } from '../stats/summary-statistics.js';
import { type AnalyticsVideo, type ChannelData, DAY_MS } from './analytics-video.js';
import {
  type CurveSource,
  fitGrowthCurveToHistories,
  formatOf,
  type GrowthCurve,
  hasFormat,
  projectionSource,
  projectViews,
  VIDEO_FORMATS,
  type VideoFormat,
} from './growth-curve.js';
import { type ViewHistory, viewHistory, viewsInHistoryAtAge } from './views-at-age.js';

export const DEFAULT_BASELINE_SIZE = 30;

/** The channel has no video with this id. */
export class UnknownVideoError extends Error {
  constructor(readonly videoId: string) {
    super(`No video with id "${videoId}" in this channel.`);
    this.name = 'UnknownVideoError';
  }
}

export interface BaselinePeer {
  id: string;
  viewsAtAge: number;
  /** 'snapshots': read from the peer's own history; 'growth-curve': scaled along the channel's curve. */
  source: 'snapshots' | 'growth-curve';
  /** For 'growth-curve': whether the curve's steps used came from the channel, the generic curve or both. */
  curveSource: CurveSource | 'mixed' | null;
}

export interface AgeMatchedBaseline {
  /** The target's age when its views were read; null when its publish time is unknown. */
  ageDays: number | null;
  format: VideoFormat;
  /** Most recently published first. */
  peers: BaselinePeer[];
  /** Median of the peers' views at `ageDays`; null when there are none. */
  median: number | null;
  n: number;
  /** 'none' when there are no peers. */
  method: 'snapshots' | 'growth-curve' | 'mixed' | 'none';
}

/** Milliseconds from publishing to when the video's views were read (statsAt, else now); null if unpublished. */
function statsAgeMs(video: AnalyticsVideo, now: Date): number | null {
  if (video.publishedAt === null) return null;
  return Math.max(0, (video.statsAt ?? now).getTime() - video.publishedAt.getTime());
}

interface IndexedVideo {
  video: AnalyticsVideo;
  publishedMs: number;
  /** Never empty. */
  history: ViewHistory;
}

/** Histories and growth curves computed once for one `now`, so many baselines can be drawn from a channel cheaply. */
export interface BaselineIndex {
  /** Per format, the videos with a publish time and at least one view count, oldest first. */
  byFormat: Record<VideoFormat, IndexedVideo[]>;
  curves: Record<VideoFormat, GrowthCurve>;
}

/** The video's history, its latest views counted as read now when the source did not say when (as for its age). */
function historyAsOf(video: AnalyticsVideo, now: Date): ViewHistory {
  return viewHistory(video.statsAt === null && video.views !== null ? { ...video, statsAt: now } : video);
}

export function indexForBaselines(videos: readonly AnalyticsVideo[], now: Date): BaselineIndex {
  const indexed: IndexedVideo[] = [];
  for (const video of videos) {
    const history = historyAsOf(video, now);
    if (video.publishedAt !== null && history.length > 0) {
      indexed.push({ video, publishedMs: video.publishedAt.getTime(), history });
    }
  }
  indexed.sort((a, b) => a.publishedMs - b.publishedMs || (a.video.id < b.video.id ? -1 : 1));
  const byFormat = Object.fromEntries(
    VIDEO_FORMATS.map((format) => [format, indexed.filter((entry) => hasFormat(entry.video, format))]),
  ) as Record<VideoFormat, IndexedVideo[]>;
  const curves = Object.fromEntries(
    VIDEO_FORMATS.map((format) => [
      format,
      fitGrowthCurveToHistories(byFormat[format].map((entry) => entry.history).reverse(), format),
    ]),
  ) as Record<VideoFormat, GrowthCurve>;
  return { byFormat, curves };
}

/** The peer's nearest point to `ageDays` to scale from: its first for a younger age, else its latest. */
function anchorFor(history: ViewHistory, ageDays: number): ViewHistory[number] {
  const first = history[0] as ViewHistory[number];
  return ageDays < first.ageDays ? first : (history.at(-1) as ViewHistory[number]);
}

/** Number of entries published at or before `latestMs` (entries are oldest first). */
function countPublishedBy(entries: readonly IndexedVideo[], latestMs: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((entries[middle] as IndexedVideo).publishedMs <= latestMs) low = middle + 1;
    else high = middle;
  }
  return low;
}

function assertBaselineSize(size: number): void {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`Baseline size must be a positive integer: ${size}`);
}

function projectFromAnchor(entry: IndexedVideo, ageDays: number, curves: BaselineIndex['curves']): number | null {
  const anchor = anchorFor(entry.history, ageDays);
  return projectViews(curves[formatOf(entry.video)], anchor.views, anchor.ageDays, ageDays);
}

type PeerVisitor = (entry: IndexedVideo, viewsAtAge: number, fromHistory: boolean) => void;

/**
 * Visits the target's peers, most recently published first, until `size` of them have views at the target's
 * age: read from their own history where it covers that age, else scaled along their format's curve.
 */
function visitPeers(
  index: BaselineIndex,
  target: AnalyticsVideo,
  ageMs: number,
  now: Date,
  size: number,
  visit: PeerVisitor,
): void {
  const ageDays = ageMs / DAY_MS;
  const candidates = index.byFormat[formatOf(target)];
  let visited = 0;
  // Peers are at least as old now as the target was when its views were read.
  for (
    let position = countPublishedBy(candidates, now.getTime() - ageMs) - 1;
    position >= 0 && visited < size;
    position--
  ) {
    const entry = candidates[position] as IndexedVideo;
    if (entry.video.id === target.id) continue;
    const fromHistory = viewsInHistoryAtAge(entry.history, ageDays);
    const viewsAtAge = fromHistory ?? projectFromAnchor(entry, ageDays, index.curves);
    if (viewsAtAge === null) continue;
    visit(entry, viewsAtAge, fromHistory !== null);
    visited++;
  }
}

function methodOf(peers: readonly BaselinePeer[]): AgeMatchedBaseline['method'] {
  if (peers.length === 0) return 'none';
  if (peers.every((peer) => peer.source === 'snapshots')) return 'snapshots';
  return peers.every((peer) => peer.source === 'growth-curve') ? 'growth-curve' : 'mixed';
}

/** The baseline of `target` among the indexed videos; see `ageMatchedBaseline`. */
export function baselineFromIndex(
  index: BaselineIndex,
  target: AnalyticsVideo,
  now: Date,
  size = DEFAULT_BASELINE_SIZE,
): AgeMatchedBaseline {
  assertBaselineSize(size);
  const format = formatOf(target);
  const ageMs = statsAgeMs(target, now);
  if (ageMs === null) return { ageDays: null, format, peers: [], median: null, n: 0, method: 'none' };
  const ageDays = ageMs / DAY_MS;
  const peers: BaselinePeer[] = [];
  visitPeers(index, target, ageMs, now, size, (entry, viewsAtAge, fromHistory) => {
    const curve = index.curves[formatOf(entry.video)];
    peers.push({
      id: entry.video.id,
      viewsAtAge,
      source: fromHistory ? 'snapshots' : 'growth-curve',
      curveSource: fromHistory ? null : projectionSource(curve, anchorFor(entry.history, ageDays).ageDays, ageDays),
    });
  });
  return {
    ageDays,
    format,
    peers,
    median: median(peers.map((peer) => peer.viewsAtAge)),
    n: peers.length,
    method: methodOf(peers),
  };
}

/**
 * Median of the first `count` values, sorting them in place: a typed array sorts without boxing numbers,
 * which matters for 10,000 medians in a row. Same value as `median` for finite numbers.
 */
function medianInPlace(values: Float64Array, count: number): number | null {
  if (count === 0) return null;
  const sorted = values.subarray(0, count).sort();
  const middle = count >> 1;
  const upper = sorted[middle] as number;
  return count % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/** The baseline's figures without its peer list, for channel-wide scores (10,000 videos have 300,000 peers). */
export function baselineMedianFromIndex(
  index: BaselineIndex,
  target: AnalyticsVideo,
  now: Date,
  size = DEFAULT_BASELINE_SIZE,
): Pick<AgeMatchedBaseline, 'ageDays' | 'median' | 'n'> {
  assertBaselineSize(size);
  const ageMs = statsAgeMs(target, now);
  if (ageMs === null) return { ageDays: null, median: null, n: 0 };
  const views = new Float64Array(size);
  let count = 0;
  visitPeers(index, target, ageMs, now, size, (_, viewsAtAge) => {
    views[count++] = viewsAtAge;
  });
  return { ageDays: ageMs / DAY_MS, median: medianInPlace(views, count), n: count };
}

/**
 * Compares the target at its current age A (statsAt − publishedAt, else now − publishedAt) with the `size`
 * (30) most recently published other videos of its format that are at least A old, each read at age A.
 */
export function ageMatchedBaseline(
  channel: ChannelData,
  targetId: string,
  now: Date,
  options: { size?: number } = {},
): AgeMatchedBaseline {
  const target = channel.videos.find((video) => video.id === targetId);
  if (!target) throw new UnknownVideoError(targetId);
  return baselineFromIndex(indexForBaselines(channel.videos, now), target, now, options.size);
}
