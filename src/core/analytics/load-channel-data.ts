import { endianness } from 'node:os';
import { Prisma } from '../../generated/prisma/client.js';
import type { DbClient } from '../videos/video-store.js';
import { letRequestsIn } from '../work-queue.js';
import { type AnalyticsVideo, type ChannelData, channelData, retentionCurve, viewSeries } from './analytics-video.js';
import { ChannelCache, type ChannelRead } from './channel-cache.js';

/** Shared by the videos without any: nothing writes into a loaded video's columns. */
const NO_SNAPSHOTS = viewSeries([]);
const NO_RETENTION = retentionCurve([]);

/**
 * A channel's series of one kind, every video's in one row: the videos (by id), how many values each has, and
 * each column as the float8 values of all videos one after the other, as bytes (float8send: big-endian).
 */
interface PackedSeries {
  videoIds: number[] | null;
  counts: number[] | null;
}
type SnapshotColumns = PackedSeries & Record<'at' | 'views' | 'engagedViews', Uint8Array | null>;
type RetentionColumns = PackedSeries & Record<'ratios' | 'watchRatios', Uint8Array | null>;

/** The video columns the analytics read; counts as float8 (below 2^53: exact), so no bigint to convert. */
interface VideoRow extends Omit<AnalyticsVideo, 'id' | 'statsAt' | 'snapshots' | 'retention'> {
  videoId: number;
  youtubeId: string;
  statsUpdatedAt: Date | null;
}

/** float8 values sent as bytes: copied into an aligned buffer and turned to this machine's order in one pass. */
function float8s(bytes: Uint8Array | null): Float64Array {
  if (bytes === null) return new Float64Array(0);
  const own = Buffer.alloc(bytes.byteLength);
  own.set(bytes);
  if (endianness() === 'LE') own.swap64();
  return new Float64Array(own.buffer, own.byteOffset, own.byteLength / 8);
}

/** Each video's slice of packed series, by video id: views into one buffer per column, no copies. */
function unpack<K extends string>(
  packed: PackedSeries & Record<K, Uint8Array | null>,
  columns: readonly K[],
): Map<number, Record<K, Float64Array>> {
  const values = columns.map((column) => float8s(packed[column]));
  const byVideo = new Map<number, Record<K, Float64Array>>();
  let start = 0;
  (packed.videoIds ?? []).forEach((videoId, index) => {
    const end = start + (packed.counts?.[index] as number);
    const entries = columns.map((column, at) => [column, (values[at] as Float64Array).subarray(start, end)]);
    byVideo.set(videoId, Object.fromEntries(entries) as Record<K, Float64Array>);
    start = end;
  });
  return byVideo;
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
  const rows = await db.$queryRaw<VideoRow[]>`
    SELECT "id" AS "videoId", "youtubeId", "title", "description", "tags", "durationS", "publishedAt",
           "publishTimeKnown", "isShort", "hookLine", "views"::float8 AS "views",
           "engagedViews"::float8 AS "engagedViews", "likes"::float8 AS "likes", "comments"::float8 AS "comments",
           "shares"::float8 AS "shares", "avgViewPct", "avgViewDurationS",
           "impressions"::float8 AS "impressions", "ctr", "statsUpdatedAt"
    FROM "Video" WHERE ${where} ${order}`;
  const videoIds = rows.map((row) => row.videoId);
  // Snapshots and retention points come in one row per kind, each column as the bytes of its float8 values: a
  // 10,000-video channel has a million of them, and parsing them as a row of text arrays per video took 0.6 s of
  // CPU on PostgreSQL; a row each through the ORM was slower still. Times are epoch milliseconds and counts are
  // below 2^53, so float8 carries them exactly; an unknown engaged-view count is NaN, as in the loaded series. They
  // are picked by the video ids just read, not by a join on the channel: without table statistics (PGlite never
  // analyses) the join read every channel's rows, so a team of 100 channels read 100 × 100 channels' worth.
  const [[snapshots], [retention]] = await Promise.all([
    db.$queryRaw<SnapshotColumns[]>`
      WITH series AS (
        SELECT s."videoId", count(*)::integer AS n,
               string_agg(float8send((extract(epoch FROM s."takenAt") * 1000)::float8), ''::bytea
                 ORDER BY s."takenAt") AS "at",
               string_agg(float8send(s."views"::float8), ''::bytea ORDER BY s."takenAt") AS "views",
               string_agg(float8send(COALESCE(s."engagedViews"::float8, 'NaN')), ''::bytea ORDER BY s."takenAt")
                 AS "engagedViews"
        FROM "VideoSnapshot" s WHERE s."videoId" = ANY(${videoIds}::integer[]) GROUP BY s."videoId")
      SELECT array_agg("videoId" ORDER BY "videoId") AS "videoIds", array_agg(n ORDER BY "videoId") AS "counts",
             string_agg("at", ''::bytea ORDER BY "videoId") AS "at",
             string_agg("views", ''::bytea ORDER BY "videoId") AS "views",
             string_agg("engagedViews", ''::bytea ORDER BY "videoId") AS "engagedViews"
      FROM series`,
    db.$queryRaw<RetentionColumns[]>`
      WITH series AS (
        SELECT r."videoId", count(*)::integer AS n,
               string_agg(float8send(r."elapsedRatio"), ''::bytea ORDER BY r."elapsedRatio") AS "ratios",
               string_agg(float8send(r."watchRatio"), ''::bytea ORDER BY r."elapsedRatio") AS "watchRatios"
        FROM "RetentionPoint" r WHERE r."videoId" = ANY(${videoIds}::integer[]) GROUP BY r."videoId")
      SELECT array_agg("videoId" ORDER BY "videoId") AS "videoIds", array_agg(n ORDER BY "videoId") AS "counts",
             string_agg("ratios", ''::bytea ORDER BY "videoId") AS "ratios",
             string_agg("watchRatios", ''::bytea ORDER BY "videoId") AS "watchRatios"
      FROM series`,
  ]);
  const snapshotsOf = unpack(snapshots as SnapshotColumns, ['at', 'views', 'engagedViews']);
  const retentionOf = unpack(retention as RetentionColumns, ['ratios', 'watchRatios']);
  const videos = rows.map(({ videoId, youtubeId, statsUpdatedAt, ...columns }): AnalyticsVideo => {
    const series = snapshotsOf.get(videoId);
    const curve = retentionOf.get(videoId);
    return {
      ...columns,
      id: youtubeId,
      statsAt: statsUpdatedAt,
      snapshots: series ? { atMs: series.at, views: series.views, engagedViews: series.engagedViews } : NO_SNAPSHOTS,
      retention: curve ?? NO_RETENTION,
    };
  });
  return { videoIds, videos };
}
