import { endianness } from 'node:os';
import { Prisma } from '../../generated/prisma/client.js';
import type { DbClient } from '../videos/video-store.js';
import { letRequestsIn } from '../work-queue.js';
import {
  type AnalyticsVideo,
  type ChannelData,
  channelData,
  type RetentionCurve,
  retentionCurve,
  viewSeries,
} from './analytics-video.js';
import { ChannelCache, type ChannelRead, type ChannelVersion } from './channel-cache.js';

/** Shared by the videos without any: nothing writes into a loaded video's columns. */
const NO_SNAPSHOTS = viewSeries([]);
const NO_RETENTION = retentionCurve([]);

/**
 * The ratios of YouTube's audience-retention report, which samples every 1 % of a video (0.01 … 1), so nearly every
 * stored curve has them: the query leaves them out of such a curve (a third of a 10,000-video channel's series
 * bytes, all of which the driver holds as text until the read ends), and each such curve gets this one array.
 */
const PERCENT_GRID = Float64Array.from({ length: 100 }, (_, index) => (index + 1) / 100);
/** PERCENT_GRID packed as the stored series are (float8, big-endian), for the query to compare with. */
const PERCENT_GRID_BYTES = Buffer.from(PERCENT_GRID.buffer.slice(0));
if (endianness() === 'LE') PERCENT_GRID_BYTES.swap64();
const gridCurve = (curve: { watchRatios: Float64Array } | null | undefined): RetentionCurve | undefined =>
  curve ? { ratios: PERCENT_GRID, watchRatios: curve.watchRatios } : undefined;

/**
 * The video columns the analytics read, as the query returns them: counts as float8 (below 2^53: exact), so no
 * bigint to convert, and tags as JSON text, which JSON.parse reads natively where the driver's text[] parser built
 * every tag character by character (a NULL list, which the analyses could not iterate, reads as none).
 */
interface VideoRow extends Omit<AnalyticsVideo, 'id' | 'tags' | 'statsAt' | 'snapshots' | 'retention'> {
  videoId: number;
  youtubeId: string;
  tags: string;
  statsUpdatedAt: Date | null;
  /** VideoSeries (migration video_packed_series) in base64: float8 bytes, big-endian, column after column. */
  snapshotSeries: string | null;
  /** Without its ratios where they are PERCENT_GRID (`onPercentGrid`). */
  retentionSeries: string | null;
  onPercentGrid: boolean | null;
}

/**
 * Every video's packed series of one kind (base64 of float8 bytes, big-endian) as float8 columns: decoded straight
 * into one aligned buffer, turned to this machine's order in one pass, and each video's `columns` cut from it as
 * views, without further copies.
 */
function unpackSeries<K extends string>(
  packed: readonly (string | null)[],
  columns: readonly K[],
): (Record<K, Float64Array> | null)[] {
  // Base64 holds at most three bytes per four characters (fewer where PostgreSQL broke the lines).
  let room = 0;
  for (const text of packed) room += Math.ceil(((text?.length ?? 0) * 3) / 4);
  const all = Buffer.allocUnsafeSlow(room);
  const ends: number[] = [];
  let used = 0;
  for (const text of packed) {
    if (text !== null) used += all.write(text, used, 'base64');
    ends.push(used);
  }
  if (endianness() === 'LE') all.subarray(0, used).swap64();
  const values = new Float64Array(all.buffer, all.byteOffset, used / 8);
  let start = 0;
  return packed.map((text, at) => {
    if (text === null) return null;
    const end = (ends[at] as number) / 8;
    const length = (end - start) / columns.length;
    const series = {} as Record<K, Float64Array>;
    columns.forEach((column, index) => {
      series[column] = values.subarray(start + index * length, start + (index + 1) * length);
    });
    start = end;
    return series;
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
 * it was last read through this handle (one query checks: channel-cache.ts), else read by `readChannel`. Given
 * the channel with the version just read with it (resolveChannel), that version is the check: no query more.
 * Shared between readers: never write into it.
 */
export async function loadChannelData(
  db: DbClient,
  channel: number | ({ id: number } & ChannelVersion),
): Promise<ChannelData> {
  if (typeof channel === 'number') return channelCacheOf(db).get(db, channel);
  return channelCacheOf(db).at(db, channel.id, { dataVersion: channel.dataVersion, timezone: channel.timezone });
}

/** Reads a whole channel from the database (`readChannel` without an earlier read). */
export async function readChannelData(db: DbClient, channelId: number): Promise<ChannelData> {
  return (await readChannel(db, channelId, null)).data;
}

/**
 * Reads a channel: in full, or from `since` (an earlier read of it) by re-reading only the videos written since
 * that read's snapshot — each write marks its videos (Video."changedBy", migration video_changed_by) — and
 * keeping the others' loaded objects. Unavailable videos keep their history but are left out.
 * One query takes the snapshot (before anything is read: every write it sees is in what follows), the order of
 * the videos (which drops deleted and unavailable ones) and what changed; one more reads the videos needed, in
 * no order: sorting 10,000 rows with their series made PostgreSQL spill 30 MB to disk. A snapshot counts the
 * reader's own transaction as seen, so its own writes count as changed too (a read, a write and a read in one
 * transaction).
 */
export async function readChannel(db: DbClient, channelId: number, since: ChannelRead | null): Promise<ChannelRead> {
  await letRequestsIn();
  const changedSince =
    since === null
      ? Prisma.sql`NULL::integer[]`
      : Prisma.sql`(SELECT array_agg(v."id") FROM "Video" v
                    WHERE v."channelId" = c."id" AND NOT v."unavailable"
                      AND (NOT pg_visible_in_snapshot(v."changedBy", ${since.snapshot}::pg_snapshot)
                           OR v."changedBy" = pg_current_xact_id_if_assigned()))`;
  const [state] = await db.$queryRaw<
    { snapshot: string; timezone: string; order: number[] | null; changed: number[] | null }[]
  >`
    SELECT pg_current_snapshot()::text AS "snapshot", c."timezone",
           (SELECT array_agg(v."id" ORDER BY v."publishedAt" ASC NULLS LAST, v."id" ASC) FROM "Video" v
            WHERE v."channelId" = c."id" AND NOT v."unavailable") AS "order",
           ${changedSince} AS "changed"
    FROM "Channel" c WHERE c."id" = ${channelId}`;
  if (state === undefined) throw new Error(`channel ${channelId} does not exist`);
  const order = state.order ?? [];
  const changed = new Set(state.changed ?? []);
  const known = new Map(since?.videoIds.map((id, at) => [id, since.data.videos[at] as AnalyticsVideo]));
  const stale = order.filter((id) => changed.has(id) || !known.has(id));
  const everyVideo = Prisma.sql`"channelId" = ${channelId} AND NOT "unavailable"`;
  const fresh =
    stale.length === 0
      ? new Map<number, AnalyticsVideo>()
      : await readVideos(
          db,
          since === null ? everyVideo : Prisma.sql`${everyVideo} AND "id" = ANY(${stale}::integer[])`,
        );
  const videoIds: number[] = [];
  const videos: AnalyticsVideo[] = [];
  for (const id of order) {
    // A video gone since the first query (deleted or marked unavailable) is left out, as the next read would.
    const video = fresh.get(id) ?? (changed.has(id) ? undefined : known.get(id));
    if (video === undefined) continue;
    videoIds.push(id);
    videos.push(video);
  }
  return { data: channelData(state.timezone, videos), videoIds, snapshot: state.snapshot };
}

/** The videos `where` picks, by id, with their snapshots and retention curves. */
async function readVideos(db: DbClient, where: Prisma.Sql): Promise<Map<number, AnalyticsVideo>> {
  // The series come packed per video, as the triggers keep them: a 10,000-video channel has over a million
  // snapshots and retention points, and aggregating them at every read kept the server busy for 0.6 s, and their
  // bytes in one row cost the driver as much again (it grows its buffer by copying, chunk after chunk). Times
  // are epoch milliseconds and counts are below 2^53, so float8 carries them exactly.
  const gridBytes = PERCENT_GRID_BYTES.byteLength;
  const onPercentGrid = Prisma.sql`(octet_length(s."retention") = ${2 * gridBytes}
    AND substring(s."retention" FOR ${gridBytes}) = decode(${PERCENT_GRID_BYTES.toString('hex')}, 'hex'))`;
  const rows = await db.$queryRaw<VideoRow[]>`
    SELECT "id" AS "videoId", "youtubeId", "title", "description",
           COALESCE(array_to_json("tags"), '[]')::text AS "tags", "durationS", "publishedAt",
           "publishTimeKnown", "isShort", "hookLine", "views"::float8 AS "views",
           "engagedViews"::float8 AS "engagedViews", "likes"::float8 AS "likes", "comments"::float8 AS "comments",
           "shares"::float8 AS "shares", "avgViewPct", "avgViewDurationS",
           "impressions"::float8 AS "impressions", "ctr", "statsUpdatedAt",
           encode(s."snapshots", 'base64') AS "snapshotSeries",
           encode(CASE WHEN ${onPercentGrid} THEN substring(s."retention" FROM ${gridBytes + 1}) ELSE s."retention" END,
                  'base64') AS "retentionSeries", ${onPercentGrid} AS "onPercentGrid"
    FROM "Video" LEFT JOIN "VideoSeries" s ON s."videoId" = "id" WHERE ${where}`;
  const snapshots = unpackSeries(
    rows.map((row) => row.snapshotSeries),
    ['atMs', 'views', 'engagedViews'],
  );
  const retention = unpackSeries(
    rows.map((row) => (row.onPercentGrid ? null : row.retentionSeries)),
    ['ratios', 'watchRatios'],
  );
  const onGrid = unpackSeries(
    rows.map((row) => (row.onPercentGrid ? row.retentionSeries : null)),
    ['watchRatios'],
  );
  const videos = new Map<number, AnalyticsVideo>();
  rows.forEach((row, at) => {
    // Built as one literal, every video alike: copying the row's other columns by rest and spread (a runtime call
    // per row) took 80 ms of a 10,000-video read in a profile, and the analyses ran 1.5–2× slower over its objects.
    videos.set(row.videoId, {
      title: row.title,
      description: row.description,
      tags: JSON.parse(row.tags),
      durationS: row.durationS,
      publishedAt: row.publishedAt,
      publishTimeKnown: row.publishTimeKnown,
      isShort: row.isShort,
      hookLine: row.hookLine,
      views: row.views,
      engagedViews: row.engagedViews,
      likes: row.likes,
      comments: row.comments,
      shares: row.shares,
      avgViewPct: row.avgViewPct,
      avgViewDurationS: row.avgViewDurationS,
      impressions: row.impressions,
      ctr: row.ctr,
      id: row.youtubeId,
      statsAt: row.statsUpdatedAt,
      snapshots: snapshots[at] ?? NO_SNAPSHOTS,
      retention: retention[at] ?? gridCurve(onGrid[at]) ?? NO_RETENTION,
    });
  });
  return videos;
}
