// Breakout alerts, the pure part: where a young video's views stand against the channel's age-matched bands,
// and which crossing of them deserves an alert. Everything is read at the video's latest reading (or at 48 h
// when that reading is later), never at the wall clock.
//
// Bands: the 10th, 30th, 50th, 70th and 90th percentiles of the views of its peers at the same age, the peers
// being the PEER_COUNT most recently published earlier videos of its format whose own readings cover that age
// (no projection along a growth curve: a band is only drawn from what was seen). Fewer than MIN_PEERS such
// videos: no bands, so no alert.
//
// Levels: +1 in the top band (views ≥ p90 and above the median), +2 above every peer; −1 in the bottom band
// (views ≤ p10 and below the median), −2 below every peer; 0 in between. An alert is posted for a level the
// first time the video reaches it, unless a level at least as far out on the same side was alerted already:
// one alert on entering the top (or bottom) band, one more on going past every peer, none for falling back
// and crossing again, and a jump straight past every peer is one alert, not two.

import { type AnalyticsVideo, type ChannelData, DAY_MS, HOUR_MS } from '../analytics/analytics-video.js';
import { formatOf, hasFormat } from '../analytics/growth-curve.js';
import { type ViewHistory, viewHistory, viewsInHistoryAtAge } from '../analytics/views-at-age.js';
import { sortedQuantile } from '../stats/summary-statistics.js';

/** Videos are watched for alerts over their first 48 hours. */
export const ALERT_WINDOW_HOURS = 48;
export const BAND_PERCENTILES = [0.1, 0.3, 0.5, 0.7, 0.9] as const;
export const PEER_COUNT = 30;
/** With fewer peers the 10th and 90th percentiles are one or two videos: no bands. */
export const MIN_PEERS = 10;

export type AlertLevel = -2 | -1 | 0 | 1 | 2;

export interface Bands {
  /** p10, p30, p50, p70, p90 of the peers' views, ascending. */
  percentiles: [number, number, number, number, number];
  min: number;
  max: number;
  n: number;
}

/** The bands of these views, or null when there are fewer than MIN_PEERS of them. */
export function bandsOf(views: readonly number[]): Bands | null {
  const sorted = Float64Array.from(views.filter(Number.isFinite)).sort();
  if (sorted.length < MIN_PEERS) return null;
  const percentiles = BAND_PERCENTILES.map((p) => sortedQuantile(sorted, p) as number) as Bands['percentiles'];
  return { percentiles, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, n: sorted.length };
}

/** The video's level against the bands (see the top of this file). */
export function levelOf(views: number, bands: Bands): AlertLevel {
  const [p10, , p50, , p90] = bands.percentiles;
  if (views > bands.max) return 2;
  if (views < bands.min) return -2;
  if (views >= p90 && views > p50) return 1;
  if (views <= p10 && views < p50) return -1;
  return 0;
}

/** The level to alert now, given the levels already alerted for this video in this room; null: none. */
export function alertToPost(level: AlertLevel, alerted: readonly number[]): AlertLevel | null {
  if (level === 0) return null;
  const covered = alerted.some((done) => Math.sign(done) === Math.sign(level) && Math.abs(done) >= Math.abs(level));
  return covered ? null : level;
}

export interface BandPoint {
  hour: number;
  /** The video's views at this age, from its readings; null where they do not cover it. */
  views: number | null;
  /** The bands of the chosen peers that cover this age; null with fewer than MIN_PEERS. */
  bands: Bands | null;
}

export interface Breakout {
  videoId: string;
  /** The age the video is judged at: its latest reading, or 48 h when that reading is later. */
  ageDays: number;
  views: number;
  /** Earlier videos of its format whose readings cover that age (up to PEER_COUNT). */
  peers: string[];
  /** Null: fewer than MIN_PEERS peers with readings at this age. */
  bands: Bands | null;
  level: AlertLevel;
  /** The video and the bands hour by hour, from hour 1 to the judged age: the alert's chart. */
  byHour: BandPoint[];
}

interface Peer {
  id: string;
  history: ViewHistory;
}

/**
 * The peers of `target` at `ageDays`: the most recently published earlier videos of its format whose own
 * readings cover that age, at most PEER_COUNT.
 */
function peersAt(videos: readonly AnalyticsVideo[], target: AnalyticsVideo, ageDays: number): Peer[] {
  const published = target.publishedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const format = formatOf(target);
  const earlier = videos
    .filter(
      (video) =>
        video.id !== target.id &&
        video.publishedAt !== null &&
        video.publishedAt.getTime() < published &&
        hasFormat(video, format),
    )
    .sort((a, b) => (b.publishedAt as Date).getTime() - (a.publishedAt as Date).getTime());
  const peers: Peer[] = [];
  for (const video of earlier) {
    if (peers.length === PEER_COUNT) break;
    const history = viewHistory(video);
    if (viewsInHistoryAtAge(history, ageDays) !== null) peers.push({ id: video.id, history });
  }
  return peers;
}

function bandsAt(peers: readonly Peer[], ageDays: number): Bands | null {
  return bandsOf(peers.map((peer) => viewsInHistoryAtAge(peer.history, ageDays) ?? Number.NaN));
}

/**
 * Where the video stands against its bands at its latest reading; null when it has no reading in its first
 * 48 hours (or no publish time).
 */
export function breakoutOf(channel: ChannelData, videoId: string): Breakout | null {
  const target = channel.videos.find((video) => video.id === videoId);
  if (!target || target.publishedAt === null) return null;
  const history = viewHistory(target);
  const first = history[0];
  const last = history.at(-1);
  const windowDays = ALERT_WINDOW_HOURS / 24;
  if (!first || !last || first.ageDays > windowDays) return null;
  const ageDays = Math.min(last.ageDays, windowDays);
  const views = viewsInHistoryAtAge(history, ageDays);
  if (views === null) return null;
  const peers = peersAt(channel.videos, target, ageDays);
  const bands = bandsAt(peers, ageDays);
  const byHour: BandPoint[] = [];
  const hours = Math.floor((ageDays * DAY_MS) / HOUR_MS);
  for (let hour = 1; hour <= hours; hour++) {
    const age = (hour * HOUR_MS) / DAY_MS;
    byHour.push({ hour, views: viewsInHistoryAtAge(history, age), bands: bandsAt(peers, age) });
  }
  const judgedHour = (ageDays * DAY_MS) / HOUR_MS;
  if (judgedHour > hours) byHour.push({ hour: judgedHour, views, bands });
  return {
    videoId,
    ageDays,
    views,
    peers: peers.map((peer) => peer.id),
    bands,
    level: bands === null ? 0 : levelOf(views, bands),
    byHour,
  };
}
