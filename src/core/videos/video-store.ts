import type { Prisma } from '../../generated/prisma/client.js';
import { bulkInsert, type ColumnTypes } from '../db/bulk-insert.js';
import type { Db } from '../db/database.js';
import type { RetentionRecord, SnapshotRecord, VideoRecord, VideoStats } from './video-record.js';

/** A Prisma client or the client of an open transaction. */
export type DbClient = Db | Prisma.TransactionClient;

export interface SaveReport {
  created: number;
  updated: number;
  unchanged: number;
  snapshotsAdded: number;
}

const videoColumnTypes = {
  channelId: 'integer',
  youtubeId: 'text',
  title: 'text',
  description: 'text',
  tags: 'text[]',
  durationS: 'integer',
  publishedAt: 'timestamp(3)',
  publishTimeKnown: 'boolean',
  isShort: 'boolean',
  topic: 'text',
  hookLine: 'text',
  views: 'bigint',
  engagedViews: 'bigint',
  likes: 'integer',
  comments: 'integer',
  shares: 'integer',
  avgViewPct: 'double precision',
  avgViewDurationS: 'double precision',
  estimatedMinutesWatched: 'double precision',
  subscribersGained: 'integer',
  impressions: 'bigint',
  ctr: 'double precision',
  statsUpdatedAt: 'timestamp(3)',
  updatedAt: 'timestamp(3)',
} satisfies ColumnTypes;

const snapshotColumnTypes = {
  videoId: 'integer',
  takenAt: 'timestamp(3)',
  views: 'bigint',
  engagedViews: 'bigint',
  likes: 'integer',
  comments: 'integer',
} satisfies ColumnTypes;

const retentionColumnTypes = {
  videoId: 'integer',
  elapsedRatio: 'double precision',
  watchRatio: 'double precision',
  relativePerformance: 'double precision',
} satisfies ColumnTypes;

/** A video this save created or changed, with whether its figures (not just its words) changed. */
interface Touched {
  id: number;
  record: VideoRecord;
  statsChanged: boolean;
}

const statKeys = [
  'views',
  'engagedViews',
  'likes',
  'comments',
  'shares',
  'avgViewPct',
  'avgViewDurationS',
  'estimatedMinutesWatched',
  'subscribersGained',
  'impressions',
  'ctr',
] as const satisfies readonly (keyof VideoStats)[];

type StoredVideo = Prisma.VideoGetPayload<object>;
// etag and reachUpdatedAt belong to the YouTube refresh, which sets them itself.
type VideoColumns = Omit<
  StoredVideo,
  'id' | 'channelId' | 'createdAt' | 'updatedAt' | 'unavailable' | 'etag' | 'reachUpdatedAt'
>;

/**
 * Writes videos into a channel, idempotently: a record equal to what is stored changes nothing, an unknown
 * (null) value never overwrites a known one, and snapshots are unique per video and time. Records without
 * snapshots of their own get one snapshot at `now` when their figures are new or changed, so repeated
 * imports of stats-only files still build a time series. Call inside a transaction.
 */
export async function saveVideos(
  db: DbClient,
  channelId: number,
  records: readonly VideoRecord[],
  now: Date,
): Promise<SaveReport> {
  const existing = new Map(
    (await db.video.findMany({ where: { channelId } })).map((video) => [video.youtubeId, video] as const),
  );
  const report: SaveReport = { created: 0, updated: 0, unchanged: 0, snapshotsAdded: 0 };
  const fresh: VideoRecord[] = [];
  const touched: Touched[] = [];

  for (const record of records) {
    const stored = existing.get(record.youtubeId);
    if (!stored) {
      fresh.push(record);
      continue;
    }
    const merged = mergeColumns(stored, record, now);
    if (merged === null) {
      report.unchanged++;
      continue;
    }
    await db.video.update({ where: { id: stored.id }, data: merged });
    touched.push({ id: stored.id, record, statsChanged: 'statsUpdatedAt' in merged });
    report.updated++;
  }

  if (fresh.length > 0) {
    const { returned } = await bulkInsert<{ id: number; youtubeId: string }>(
      db,
      'Video',
      videoColumnTypes,
      fresh.map((record) => ({ channelId, ...columnsOf(record, now), updatedAt: now })),
      { returning: ['id', 'youtubeId'] },
    );
    const ids = new Map(returned.map((row) => [row.youtubeId, row.id]));
    for (const record of fresh) touched.push({ id: ids.get(record.youtubeId) as number, record, statsChanged: true });
    report.created = returned.length;
  }

  report.snapshotsAdded = await saveSnapshots(db, touched, now);
  await saveRetention(db, touched);
  return report;
}

async function saveSnapshots(db: DbClient, touched: Touched[], now: Date): Promise<number> {
  const rows = touched.flatMap(({ id, record, statsChanged }) => {
    const snapshots: SnapshotRecord[] =
      record.snapshots.length > 0
        ? record.snapshots
        : record.stats.views === null || !statsChanged
          ? []
          : [
              {
                takenAt: record.statsAt ?? now,
                views: record.stats.views,
                engagedViews: record.stats.engagedViews,
                likes: record.stats.likes,
                comments: record.stats.comments,
              },
            ];
    return snapshots.map((snapshot) => ({
      videoId: id,
      takenAt: snapshot.takenAt,
      views: BigInt(Math.round(snapshot.views)),
      engagedViews: toBigInt(snapshot.engagedViews),
      likes: snapshot.likes,
      comments: snapshot.comments,
    }));
  });
  const { count } = await bulkInsert(db, 'VideoSnapshot', snapshotColumnTypes, rows, { onConflictDoNothing: true });
  return count;
}

async function saveRetention(db: DbClient, touched: Touched[]): Promise<void> {
  const withCurves = touched.filter(({ record }) => record.retention.length > 0);
  if (withCurves.length === 0) return;
  await db.retentionPoint.deleteMany({ where: { videoId: { in: withCurves.map(({ id }) => id) } } });
  const rows = withCurves.flatMap(({ id, record }) =>
    record.retention.map((point: RetentionRecord) => ({ videoId: id, ...point })),
  );
  await bulkInsert(db, 'RetentionPoint', retentionColumnTypes, rows);
}

function columnsOf(record: VideoRecord, now: Date): VideoColumns {
  const { stats } = record;
  return {
    youtubeId: record.youtubeId,
    title: record.title,
    description: record.description,
    tags: record.tags,
    durationS: record.durationS,
    publishedAt: record.publishedAt,
    publishTimeKnown: record.publishTimeKnown,
    isShort: record.isShort,
    topic: record.topic,
    hookLine: record.hookLine,
    views: toBigInt(stats.views),
    engagedViews: toBigInt(stats.engagedViews),
    likes: stats.likes,
    comments: stats.comments,
    shares: stats.shares,
    avgViewPct: stats.avgViewPct,
    avgViewDurationS: stats.avgViewDurationS,
    estimatedMinutesWatched: stats.estimatedMinutesWatched,
    subscribersGained: stats.subscribersGained,
    impressions: toBigInt(stats.impressions),
    ctr: stats.ctr,
    statsUpdatedAt: record.statsAt ?? now,
  };
}

const timeOfDayKeys = new Set<keyof VideoColumns>(['publishedAt', 'publishTimeKnown']);

/** The columns to update, or null when the record adds nothing to what is stored. */
function mergeColumns(stored: StoredVideo, record: VideoRecord, now: Date): Partial<VideoColumns> | null {
  const incoming = columnsOf(record, now);
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(incoming) as (keyof VideoColumns)[]) {
    if (key === 'statsUpdatedAt') continue;
    const value = incoming[key];
    if (value === null || (Array.isArray(value) && value.length === 0)) continue; // unknown never erases known
    // A date alone (a Studio export) never replaces a publish time of day known from a richer source.
    if (timeOfDayKeys.has(key) && !incoming.publishTimeKnown && stored.publishTimeKnown) continue;
    if (!sameValue(value, stored[key])) changes[key] = value;
  }
  if (Object.keys(changes).length === 0) return null;
  if (statKeys.some((key) => key in changes)) changes.statsUpdatedAt = incoming.statsUpdatedAt;
  return changes as Partial<VideoColumns>;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => item === b[index]);
  return a === b;
}

function toBigInt(value: number | null): bigint | null {
  return value === null ? null : BigInt(Math.round(value));
}
