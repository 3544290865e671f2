// What a video should have by now: the channel's other recent videos of the same format, read at the same age.
// Comparing with lifetime views instead would make every new video look like a flop.

import { median, medianInPlace, selectInPlace } from '../stats/summary-statistics.js';
import { type AnalyticsVideo, type ChannelData, DAY_MS } from './analytics-video.js';
import {
  type CurveSource,
  fitGrowthCurveToHistories,
  formatOf,
  type GrowthCurve,
  hasFormat,
  projectionSource,
  projectViews,
  type StoredHistories,
  VIDEO_FORMATS,
  type VideoFormat,
} from './growth-curve.js';
import {
  appendViewHistory,
  HistoryStore,
  interpolationPoint,
  storedViewsAtAge,
  viewsBetweenPoints,
} from './views-at-age.js';

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
  /** Its history in the index's store: points `start` … `end - 1`, never empty. */
  start: number;
  end: number;
}

/** One format's indexed videos (oldest first), its growth curve and the medians found so far. */
export interface FormatIndex {
  entries: IndexedVideo[];
  curve: GrowthCurve;
  /**
   * Baseline medians found so far, by the number of entries published by the latest peer's time (NaN: none yet):
   * guesses for baselines whose peers start nearby, which share most of those peers (see `peerMedian`).
   */
  medians: Float64Array;
}

/** Histories and growth curves computed once for one `now`, so many baselines can be drawn from a channel cheaply. */
export interface BaselineIndex {
  /** The videos with a publish time and at least one view count, oldest first. */
  indexed: IndexedVideo[];
  /**
   * Per format, filled on first use (`ofFormat`): a channel without videos of unknown format never reads the
   * 'all' curve, and fitting it was a tenth of the scores' index.
   */
  formats: Partial<Record<VideoFormat, FormatIndex>>;
  histories: HistoryStore;
}

/**
 * Adds the video's history to the store, its latest views counted as read now when the source did not say when
 * (as for its age). Returns the number of points added.
 */
function appendHistoryAsOf(store: HistoryStore, video: AnalyticsVideo, now: Date): number {
  return appendViewHistory(store, video, video.statsAt === null && video.views !== null ? now : video.statsAt);
}

/** The stored histories of `entries`, in reverse order (most recently published first). */
function newestFirst(store: HistoryStore, entries: readonly IndexedVideo[]): StoredHistories {
  const starts = new Int32Array(entries.length);
  const ends = new Int32Array(entries.length);
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[entries.length - 1 - index] as IndexedVideo;
    starts[index] = entry.start;
    ends[index] = entry.end;
  }
  return { store, starts, ends };
}

export function indexForBaselines(videos: readonly AnalyticsVideo[], now: Date): BaselineIndex {
  let capacity = 0;
  for (let position = 0; position < videos.length; position++) {
    capacity += (videos[position] as AnalyticsVideo).snapshots.atMs.length + 1;
  }
  const store = new HistoryStore(capacity);
  const indexed: IndexedVideo[] = [];
  for (let position = 0; position < videos.length; position++) {
    const video = videos[position] as AnalyticsVideo;
    const start = store.length;
    const count = appendHistoryAsOf(store, video, now);
    if (video.publishedAt !== null && count > 0) {
      indexed.push({ video, publishedMs: video.publishedAt.getTime(), start, end: start + count });
    }
  }
  indexed.sort((a, b) => a.publishedMs - b.publishedMs || (a.video.id < b.video.id ? -1 : 1));
  return { indexed, formats: {}, histories: store };
}

/** The indexed videos of a format (oldest first) and the growth curve fitted to their histories. */
function ofFormat(index: BaselineIndex, format: VideoFormat): FormatIndex {
  let ofThis = index.formats[format];
  if (ofThis === undefined) {
    const entries = index.indexed.filter((entry) => hasFormat(entry.video, format));
    ofThis = {
      entries,
      curve: fitGrowthCurveToHistories(newestFirst(index.histories, entries), format),
      medians: new Float64Array(entries.length + 1).fill(Number.NaN),
    };
    index.formats[format] = ofThis;
  }
  return ofThis;
}

/**
 * The index's growth curves that `fitGrowthCurve(videos, format)` would give as well, so a caller holding the index
 * need not fit them again. They agree when both read the same histories in the same order: no video's latest
 * views lack a reading time (the index counts them as read `now`, fitGrowthCurve leaves them out), and no two
 * videos of the format were published at the same instant (the index orders those by id, fitGrowthCurve as given).
 */
export function curvesOfOwnHistories(
  index: BaselineIndex,
  videos: readonly AnalyticsVideo[],
): Partial<Record<VideoFormat, GrowthCurve>> {
  for (const video of videos) {
    if (video.publishedAt !== null && video.statsAt === null && video.views !== null) return {};
  }
  const curves: Partial<Record<VideoFormat, GrowthCurve>> = {};
  // Only the formats the videos have: no other curve is read (see projectedLogViews).
  const present = new Set(videos.map(formatOf));
  for (const format of VIDEO_FORMATS) {
    if (!present.has(format)) continue;
    const { entries, curve } = ofFormat(index, format);
    let tied = false;
    for (let position = 1; position < entries.length && !tied; position++) {
      tied = (entries[position] as IndexedVideo).publishedMs === (entries[position - 1] as IndexedVideo).publishedMs;
    }
    if (!tied) curves[format] = curve;
  }
  return curves;
}

/** Store position of the peer's point to scale from: its first for an age below it, else its latest. */
function anchorFor(store: HistoryStore, entry: IndexedVideo, ageDays: number): number {
  return ageDays < (store.ages[entry.start] as number) ? entry.start : entry.end - 1;
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

function projectFromAnchor(index: BaselineIndex, entry: IndexedVideo, ageDays: number): number | null {
  const store = index.histories;
  const anchor = anchorFor(store, entry, ageDays);
  const curve = ofFormat(index, formatOf(entry.video)).curve;
  return projectViews(curve, store.views[anchor] as number, store.ages[anchor] as number, ageDays);
}

/**
 * Where `collectPeers` writes the peers it finds; reused from one baseline to the next. A peer read between two
 * points of its history in log-log (see `interpolationPoint`) is left unread: `viewsAtAge` NaN, `after` its
 * point after the age (else −1), its views known to lie in `lows` … `highs` (equal for a peer already read).
 */
interface PeerBuffer {
  entries: IndexedVideo[];
  viewsAtAge: Float64Array;
  after: Int32Array;
  lows: Float64Array;
  highs: Float64Array;
  fromHistory: Uint8Array;
  /** Scratch for the selections of `peerMedian`, which must not reorder the peers. */
  selected: Float64Array;
  /** Whether a peer read as NaN (a projection can): then no bound ranks it, and `peerMedian` reads every peer. */
  anyNaN: boolean;
  /** The number of candidates published by the latest peer's time: where the peers start. */
  top: number;
}

const peerBuffer: PeerBuffer = {
  entries: [],
  viewsAtAge: new Float64Array(0),
  after: new Int32Array(0),
  lows: new Float64Array(0),
  highs: new Float64Array(0),
  fromHistory: new Uint8Array(0),
  selected: new Float64Array(0),
  anyNaN: false,
  top: 0,
};

/**
 * Collects the target's peers, most recently published first, until `size` of them have views at the target's
 * age: read from their own history where it covers that age, else scaled along their format's curve. Writes
 * them to the start of `peerBuffer` (valid until the next call), log-log reads left to `peerViews`, and returns
 * how many there are.
 */
function collectPeers(index: BaselineIndex, target: AnalyticsVideo, ageMs: number, now: Date, size: number): number {
  if (peerBuffer.viewsAtAge.length < size) {
    peerBuffer.viewsAtAge = new Float64Array(size);
    peerBuffer.after = new Int32Array(size);
    peerBuffer.lows = new Float64Array(size);
    peerBuffer.highs = new Float64Array(size);
    peerBuffer.fromHistory = new Uint8Array(size);
    peerBuffer.selected = new Float64Array(size);
  }
  const ageDays = ageMs / DAY_MS;
  const candidates = ofFormat(index, formatOf(target)).entries;
  const store = index.histories;
  let visited = 0;
  peerBuffer.anyNaN = false;
  // Peers are at least as old now as the target was when its views were read.
  peerBuffer.top = countPublishedBy(candidates, now.getTime() - ageMs);
  for (let position = peerBuffer.top - 1; position >= 0 && visited < size; position--) {
    const entry = candidates[position] as IndexedVideo;
    if (entry.video.id === target.id) continue;
    const after = interpolationPoint(store, entry.start, entry.end, ageDays);
    let viewsAtAge = Number.NaN;
    let covered = true;
    if (after < 0) {
      const fromHistory = storedViewsAtAge(store, entry.start, entry.end, ageDays);
      covered = !Number.isNaN(fromHistory);
      const read = covered ? fromHistory : projectFromAnchor(index, entry, ageDays);
      if (read === null) continue;
      viewsAtAge = read;
      if (Number.isNaN(read)) peerBuffer.anyNaN = true;
    }
    peerBuffer.entries[visited] = entry;
    peerBuffer.viewsAtAge[visited] = viewsAtAge;
    peerBuffer.after[visited] = after;
    peerBuffer.lows[visited] = after < 0 ? viewsAtAge : (store.views[after - 1] as number);
    peerBuffer.highs[visited] = after < 0 ? viewsAtAge : (store.views[after] as number);
    peerBuffer.fromHistory[visited] = covered ? 1 : 0;
    visited++;
  }
  return visited;
}

/** Peer `peer`'s views at the age `collectPeers` read, reading them now if it left them. */
function peerViews(store: HistoryStore, peer: number, ageDays: number): number {
  let views = peerBuffer.viewsAtAge[peer] as number;
  const after = peerBuffer.after[peer] as number;
  if (after >= 0 && Number.isNaN(views)) {
    views = viewsBetweenPoints(store, after, ageDays);
    peerBuffer.viewsAtAge[peer] = views;
  }
  return views;
}

/** Relative half-widths of the bands around a guess that `peerMedian` tries, in turn, before reading every peer. */
const GUESS_BANDS: readonly number[] = [1.1, 1.331];

/**
 * The median of the `count` collected peers' views if it lies in `low` … `high`, reading only the peers whose
 * bounds reach into that band; NaN when it does not (then nothing is known). Why that is the median: the peers
 * below the band (`below` of them) are smaller than any value in it and those above larger, so a value in the
 * band at rank r among the peers read is at rank `below` + r among all of them.
 */
function medianWithin(store: HistoryStore, count: number, ageDays: number, low: number, high: number): number {
  const { lows, highs, selected } = peerBuffer;
  let below = 0;
  let read = 0;
  for (let peer = 0; peer < count; peer++) {
    if ((highs[peer] as number) < low) below++;
    else if (!((lows[peer] as number) > high)) selected[read++] = peerViews(store, peer, ageDays);
  }
  // medianInPlace's ranks: the upper middle, and for an even count the largest value below it.
  const rank = (count >> 1) - below;
  const even = count % 2 === 0;
  if (rank < (even ? 1 : 0) || rank >= read) return Number.NaN;
  const upper = selectInPlace(selected, rank, read);
  if (!(upper >= low && upper <= high)) return Number.NaN;
  if (!even) return upper;
  let lower = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < rank; index++) {
    if ((selected[index] as number) > lower) lower = selected[index] as number;
  }
  return lower >= low ? (lower + upper) / 2 : Number.NaN;
}

/**
 * `medianInPlace` of the collected peers' views, the same number. With a guess near it (`near` > 0), most peers
 * rank by their bounds and are never read: 300,000 peer reads of a 10,000-video channel cost more than anything
 * else in its scores, and their logarithm and exponential most of each read.
 */
function peerMedian(store: HistoryStore, count: number, ageDays: number, near: number): number {
  if (near > 0 && !peerBuffer.anyNaN) {
    for (const band of GUESS_BANDS) {
      const middle = medianWithin(store, count, ageDays, near / band, near * band);
      if (!Number.isNaN(middle)) return middle;
    }
  }
  const { selected } = peerBuffer;
  for (let peer = 0; peer < count; peer++) selected[peer] = peerViews(store, peer, ageDays);
  return medianInPlace(selected, count);
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
  const count = collectPeers(index, target, ageMs, now, size);
  const store = index.histories;
  for (let peer = 0; peer < count; peer++) {
    const entry = peerBuffer.entries[peer] as IndexedVideo;
    const fromHistory = peerBuffer.fromHistory[peer] === 1;
    const curve = ofFormat(index, formatOf(entry.video)).curve;
    const anchorAge = store.ages[anchorFor(store, entry, ageDays)] as number;
    peers.push({
      id: entry.video.id,
      viewsAtAge: peerViews(store, peer, ageDays),
      source: fromHistory ? 'snapshots' : 'growth-curve',
      curveSource: fromHistory ? null : projectionSource(curve, anchorAge, ageDays),
    });
  }
  return {
    ageDays,
    format,
    peers,
    median: median(peers.map((peer) => peer.viewsAtAge)),
    n: peers.length,
    method: methodOf(peers),
  };
}

/** Guesses from the medians of baselines whose peers start at most this many candidates away. */
const GUESS_REACH = 8;

/** The median found for the peers starting nearest `top` (see FormatIndex.medians), or NaN. */
function nearbyMedian(medians: Float64Array, top: number): number {
  for (let distance = 0; distance <= GUESS_REACH; distance++) {
    const before = medians[top - distance];
    if (before !== undefined && !Number.isNaN(before)) return before;
    const after = medians[top + distance];
    if (after !== undefined && !Number.isNaN(after)) return after;
  }
  return Number.NaN;
}

/**
 * The baseline's figures without its peer list, for channel-wide scores (10,000 videos have 300,000 peers). The
 * median found is kept in the index as a guess for baselines whose peers start nearby, whatever order the
 * baselines are asked in; a guess changes only how fast a median is found, never its value.
 */
export function baselineMedianFromIndex(
  index: BaselineIndex,
  target: AnalyticsVideo,
  now: Date,
  size = DEFAULT_BASELINE_SIZE,
): Pick<AgeMatchedBaseline, 'ageDays' | 'median' | 'n'> {
  assertBaselineSize(size);
  const ageMs = statsAgeMs(target, now);
  if (ageMs === null) return { ageDays: null, median: null, n: 0 };
  const ageDays = ageMs / DAY_MS;
  const count = collectPeers(index, target, ageMs, now, size);
  if (count === 0) return { ageDays, median: null, n: 0 };
  const { medians } = ofFormat(index, formatOf(target));
  const middle = peerMedian(index.histories, count, ageDays, nearbyMedian(medians, peerBuffer.top));
  medians[peerBuffer.top] = middle;
  return { ageDays, median: middle, n: count };
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
