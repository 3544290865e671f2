// How fast a video is gaining views right now: the latest window between two readings of its view count.
// Lifetime views ÷ age would mostly measure the launch days, long after they are over.

import { type AnalyticsVideo, HOUR_MS } from './analytics-video.js';

export type VelocityUnknownReason = 'fewer-than-two-points' | 'no-time-between-points';

export type ViewVelocity =
  | {
      viewsPerHour: number;
      /** Negative when YouTube removed views (spam filtering) in the window. */
      viewsGained: number;
      from: Date;
      to: Date;
      hours: number;
      /** Readings of the view count (snapshots and latest stats). */
      points: number;
    }
  | { viewsPerHour: null; reason: VelocityUnknownReason; points: number };

interface Reading {
  atMs: number;
  views: number;
}

function readings(video: AnalyticsVideo): Reading[] {
  const { atMs, views } = video.snapshots;
  const all = Array.from(atMs, (at, reading) => ({ atMs: at, views: views[reading] as number }));
  if (video.views !== null && video.statsAt !== null) all.push({ atMs: video.statsAt.getTime(), views: video.views });
  return all.filter((reading) => Number.isFinite(reading.atMs) && Number.isFinite(reading.views));
}

/**
 * Views per hour between the two most recent distinct moments of the video's readings. Readings taken at the
 * same moment (a snapshot stored with the latest stats) count once, with the higher figure.
 */
export function viewVelocity(video: AnalyticsVideo): ViewVelocity {
  const all = readings(video);
  if (all.length < 2) return { viewsPerHour: null, reason: 'fewer-than-two-points', points: all.length };
  const viewsByMoment = new Map<number, number>();
  for (const { atMs, views } of all) viewsByMoment.set(atMs, Math.max(views, viewsByMoment.get(atMs) ?? views));
  const moments = [...viewsByMoment.keys()].sort((a, b) => a - b);
  const endMs = moments.at(-1) as number;
  const startMs = moments.at(-2);
  if (startMs === undefined) return { viewsPerHour: null, reason: 'no-time-between-points', points: all.length };
  const hours = (endMs - startMs) / HOUR_MS;
  const viewsGained = (viewsByMoment.get(endMs) as number) - (viewsByMoment.get(startMs) as number);
  return {
    viewsPerHour: viewsGained / hours,
    viewsGained,
    from: new Date(startMs),
    to: new Date(endMs),
    hours,
    points: all.length,
  };
}
