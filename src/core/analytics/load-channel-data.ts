import type { DbClient } from '../videos/video-store.js';
import { letRequestsIn } from '../work-queue.js';
import { type AnalyticsVideo, type ChannelData, channelData, retentionCurve, viewSeries } from './analytics-video.js';
import { ChannelCache } from './channel-cache.js';

const toNumber = (value: bigint | null) => (value === null ? null : Number(value));

/** Shared by the videos without any: nothing writes into a loaded video's columns. */
const NO_SNAPSHOTS = viewSeries([]);
const NO_RETENTION = retentionCurve([]);

interface SnapshotSeries {
  videoId: number;
  at: number[];
  views: number[];
  engagedViews: (number | null)[];
}

interface RetentionSeries {
  videoId: number;
  ratios: number[];
  watchRatios: number[];
}

const caches = new WeakMap<DbClient, ChannelCache>();

/** The cache of channels read through this database handle (each handle, each process has its own). */
export function channelCacheOf(db: DbClient): ChannelCache {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new ChannelCache(readChannelData);
    caches.set(db, cache);
  }
  return cache;
}

/**
 * A channel in the plain shape the analytics engine works on, from memory when nothing was written to it since
 * it was last read through this handle (one query checks: channel-cache.ts), else read by `readChannelData`.
 * Shared between readers: never write into it.
 */
export async function loadChannelData(db: DbClient, channelId: number): Promise<ChannelData> {
  return channelCacheOf(db).get(db, channelId);
}

/**
 * Reads a channel from the database: three queries (videos, snapshots, retention) however many videos there
 * are. Unavailable videos keep their history but are left out.
 */
export async function readChannelData(db: DbClient, channelId: number): Promise<ChannelData> {
  await letRequestsIn();
  const channel = await db.channel.findUniqueOrThrow({ where: { id: channelId }, select: { timezone: true } });
  const rows = await db.video.findMany({
    where: { channelId, unavailable: false },
    orderBy: [{ publishedAt: 'asc' }, { id: 'asc' }],
  });
  const videoIds = rows.map((row) => row.id);
  // Snapshots and retention points come one row per video, as arrays: a channel has tens of thousands of them, and
  // a row each through the ORM made the demo channel's read take 213 ms on the embedded database (77 ms this way;
  // PostgreSQL 67 → 40 ms). Times are epoch milliseconds and counts are below 2^53, so float8 carries them exactly.
  // They are picked by the video ids just read, not by a join on the channel: without table statistics (PGlite
  // never analyses) the join read every channel's rows, so a team of 100 channels read 100 × 100 channels' worth.
  const [snapshots, retention] = await Promise.all([
    db.$queryRaw<SnapshotSeries[]>`
      SELECT s."videoId" AS "videoId",
             array_agg((extract(epoch FROM s."takenAt") * 1000)::float8 ORDER BY s."takenAt") AS "at",
             array_agg(s."views"::float8 ORDER BY s."takenAt") AS "views",
             array_agg(s."engagedViews"::float8 ORDER BY s."takenAt") AS "engagedViews"
      FROM "VideoSnapshot" s
      WHERE s."videoId" = ANY(${videoIds}::integer[])
      GROUP BY s."videoId"`,
    db.$queryRaw<RetentionSeries[]>`
      SELECT r."videoId" AS "videoId",
             array_agg(r."elapsedRatio" ORDER BY r."elapsedRatio") AS "ratios",
             array_agg(r."watchRatio" ORDER BY r."elapsedRatio") AS "watchRatios"
      FROM "RetentionPoint" r
      WHERE r."videoId" = ANY(${videoIds}::integer[])
      GROUP BY r."videoId"`,
  ]);
  const byVideo = new Map<number, AnalyticsVideo>();
  for (const row of rows) {
    byVideo.set(row.id, {
      id: row.youtubeId,
      title: row.title,
      description: row.description,
      tags: row.tags,
      durationS: row.durationS,
      publishedAt: row.publishedAt,
      publishTimeKnown: row.publishTimeKnown,
      isShort: row.isShort,
      hookLine: row.hookLine,
      views: toNumber(row.views),
      engagedViews: toNumber(row.engagedViews),
      likes: row.likes,
      comments: row.comments,
      shares: row.shares,
      avgViewPct: row.avgViewPct,
      avgViewDurationS: row.avgViewDurationS,
      impressions: toNumber(row.impressions),
      ctr: row.ctr,
      statsAt: row.statsUpdatedAt,
      snapshots: NO_SNAPSHOTS,
      retention: NO_RETENTION,
    });
  }
  for (const series of snapshots) {
    const video = byVideo.get(series.videoId);
    if (!video) continue;
    video.snapshots = {
      atMs: Float64Array.from(series.at),
      views: Float64Array.from(series.views),
      engagedViews: Float64Array.from(series.engagedViews, (count) => count ?? Number.NaN),
    };
  }
  for (const series of retention) {
    const video = byVideo.get(series.videoId);
    if (!video) continue;
    video.retention = { ratios: Float64Array.from(series.ratios), watchRatios: Float64Array.from(series.watchRatios) };
  }
  return channelData(
    channel.timezone,
    videoIds.map((id) => byVideo.get(id) as AnalyticsVideo),
  );
}
