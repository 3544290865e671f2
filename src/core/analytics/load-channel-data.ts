import { endianness } from 'node:os';
import { Prisma } from '../../generated/prisma/client.js';
import type { DbClient } from '../videos/video-store.js';
import { letRequestsIn } from '../work-queue.js';
import { type AnalyticsVideo, type ChannelData, channelData, retentionCurve, viewSeries } from './analytics-video.js';
import { ChannelCache, type ChannelRead } from './channel-cache.js';

/** Shared by the videos without any: nothing writes into a loaded video's columns. */
const NO_SNAPSHOTS = viewSeries([]);
const NO_RETENTION = retentionCurve([]);

/** The video columns the analytics read; counts as float8 (below 2^53: exact), so no bigint to convert. */
interface VideoRow extends Omit<AnalyticsVideo, 'id' | 'statsAt' | 'snapshots' | 'retention'> {
  videoId: number;
  youtubeId: string;
  statsUpdatedAt: Date | null;
  /** The packed series (migration video_packed_series): float8 bytes, big-endian, column after column. */
  snapshotSeries: Uint8Array | null;
  retentionSeries: Uint8Array | null;
}

/**
 * Every video's packed series of one kind as float8 columns: the bytes copied into one aligned buffer, turned to
 * this machine's order in one pass, and each video's `columns` cut from it as views, without further copies.
 */
function unpackSeries<K extends string>(
  packed: readonly (Uint8Array | null)[],
  columns: readonly K[],
): (Record<K, Float64Array> | null)[] {
  const all = Buffer.allocUnsafeSlow(packed.reduce((bytes, series) => bytes + (series?.byteLength ?? 0), 0));
  let offset = 0;
  for (const series of packed) {
    if (series === null) continue;
    all.set(series, offset);
    offset += series.byteLength;
  }
  if (endianness() === 'LE') all.swap64();
  const values = new Float64Array(all.buffer, all.byteOffset, all.byteLength / 8);
  let start = 0;
  return packed.map((series) => {
    if (series === null) return null;
    const length = series.byteLength / 8 / columns.length;
    const entries = columns.map((column, at) => [
      column,
      values.subarray(start + at * length, start + (at + 1) * length),
    ]);
    start += series.byteLength / 8;
    return Object.fromEntries(entries) as Record<K, Float64Array>;
  });
}

const caches = new WeakMap<DbClient, ChannelCache>();

/** The cache of channels read through this database handle (each handle, each process has its own). */
export function channelCacheOf(db: DbClient): ChannelCache {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new ChannelCache(readChannel);
    caches.set(db, cache);
  }
  return cache;
}

/**
 * A channel in the plain shape the analytics engine works on, from memory when nothing was written to it since
 * it was last read through this handle (one query checks: channel-cache.ts), else read by `readChannel`.
 * Shared between readers: never write into it.
 */
export async function loadChannelData(db: DbClient, channelId: number): Promise<ChannelData> {
  return channelCacheOf(db).get(db, channelId);
}

/** Reads a whole channel from the database (`readChannel` without an earlier read). */
export async function readChannelData(db: DbClient, channelId: number): Promise<ChannelData> {
  return (await readChannel(db, channelId, null)).data;
}

/**
 * Reads a channel: in full, or from `since` (an earlier read of it) by re-reading only the videos written since
 * that read's snapshot — each write marks its videos (Video."changedBy", migration video_changed_by) — and
 * keeping the others' loaded objects. Unavailable videos keep their history but are left out.
 */
export async function readChannel(db: DbClient, channelId: number, since: ChannelRead | null): Promise<ChannelRead> {
  await letRequestsIn();
  if (since !== null) {
    const patched = await readChangedVideos(db, channelId, since);
    if (patched !== null) return patched;
  }
  // Taken before anything is read: every write it sees is in what follows.
  const [{ snapshot }] = (await db.$queryRaw<{ snapshot: string }[]>`
    SELECT pg_current_snapshot()::text AS "snapshot"`) as [{ snapshot: string }];
  const channel = await db.channel.findUniqueOrThrow({ where: { id: channelId }, select: { timezone: true } });
  const { videoIds, videos } = await readVideos(
    db,
    Prisma.sql`"channelId" = ${channelId} AND NOT "unavailable"`,
    Prisma.sql`ORDER BY "publishedAt" ASC NULLS LAST, "id" ASC`,
  );
  return { data: channelData(channel.timezone, videos), videoIds, snapshot };
}

/**
 * The channel from an earlier read and the videos written since its snapshot, in one query for what changed
 * (and the order, which drops deleted and unavailable videos) and one read of the changed videos. A snapshot
 * counts the reader's own transaction as seen, so its own writes count as changed too (a read, a write and a
 * read in one transaction). Null when the channel is gone or the earlier read cannot be patched: the caller
 * reads in full.
 */
async function readChangedVideos(db: DbClient, channelId: number, since: ChannelRead): Promise<ChannelRead | null> {
  const [changes] = await db.$queryRaw<
    { snapshot: string; timezone: string; order: number[] | null; changed: number[] | null }[]
  >`
    SELECT pg_current_snapshot()::text AS "snapshot", c."timezone",
           (SELECT array_agg(v."id" ORDER BY v."publishedAt" ASC NULLS LAST, v."id" ASC) FROM "Video" v
            WHERE v."channelId" = c."id" AND NOT v."unavailable") AS "order",
           (SELECT array_agg(v."id") FROM "Video" v
            WHERE v."channelId" = c."id" AND NOT v."unavailable"
              AND (NOT pg_visible_in_snapshot(v."changedBy", ${since.snapshot}::pg_snapshot)
                   OR v."changedBy" = pg_current_xact_id_if_assigned())) AS "changed"
    FROM "Channel" c WHERE c."id" = ${channelId}`;
  if (changes === undefined) return null;
  const order = changes.order ?? [];
  const changed = new Set(changes.changed ?? []);
  const known = new Map(since.videoIds.map((id, at) => [id, since.data.videos[at] as AnalyticsVideo]));
  const fresh =
    changed.size === 0
      ? new Map<number, AnalyticsVideo>()
      : await readVideos(
          db,
          Prisma.sql`"channelId" = ${channelId} AND NOT "unavailable" AND "id" = ANY(${[...changed]}::integer[])`,
        ).then(({ videoIds, videos }) => new Map(videoIds.map((id, at) => [id, videos[at] as AnalyticsVideo])));
  const videoIds: number[] = [];
  const videos: AnalyticsVideo[] = [];
  for (const id of order) {
    const video = changed.has(id) ? fresh.get(id) : known.get(id);
    // A changed video gone since the first query (deleted or marked unavailable) is left out, as the next read
    // would; an unchanged one the earlier read does not hold cannot be: read in full.
    if (video === undefined) {
      if (changed.has(id)) continue;
      return null;
    }
    videoIds.push(id);
    videos.push(video);
  }
  return { data: channelData(changes.timezone, videos), videoIds, snapshot: changes.snapshot };
}

/** The videos `where` picks, in `order`, with their snapshots and retention curves. */
async function readVideos(
  db: DbClient,
  where: Prisma.Sql,
  order: Prisma.Sql = Prisma.empty,
): Promise<{ videoIds: number[]; videos: AnalyticsVideo[] }> {
  // The series come packed per video, as the triggers keep them: a 10,000-video channel has over a million
  // snapshots and retention points, and aggregating them at every read kept the server busy for 0.6 s, and their
  // bytes in one row cost the driver as much again (it grows its buffer by copying, chunk after chunk). Times
  // are epoch milliseconds and counts are below 2^53, so float8 carries them exactly.
  const rows = await db.$queryRaw<VideoRow[]>`
    SELECT "id" AS "videoId", "youtubeId", "title", "description", "tags", "durationS", "publishedAt",
           "publishTimeKnown", "isShort", "hookLine", "views"::float8 AS "views",
           "engagedViews"::float8 AS "engagedViews", "likes", "comments", "shares", "avgViewPct", "avgViewDurationS",
           "impressions"::float8 AS "impressions", "ctr", "statsUpdatedAt", "snapshotSeries", "retentionSeries"
    FROM "Video" WHERE ${where} ${order}`;
  const snapshots = unpackSeries(
    rows.map((row) => row.snapshotSeries),
    ['atMs', 'views', 'engagedViews'],
  );
  const retention = unpackSeries(
    rows.map((row) => row.retentionSeries),
    ['ratios', 'watchRatios'],
  );
  const videos = rows.map(
    ({ videoId, youtubeId, statsUpdatedAt, snapshotSeries, retentionSeries, ...columns }, at): AnalyticsVideo => ({
      ...columns,
      id: youtubeId,
      statsAt: statsUpdatedAt,
      snapshots: snapshots[at] ?? NO_SNAPSHOTS,
      retention: retention[at] ?? NO_RETENTION,
    }),
  );
  return { videoIds: rows.map((row) => row.videoId), videos };
}
