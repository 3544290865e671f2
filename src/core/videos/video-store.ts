import type { Prisma } from '../../generated/prisma/client.js';
import { bulkInsert, type ColumnTypes, jsonParameter } from '../db/bulk-insert.js';
import type { Db } from '../db/database.js';
import type { RawSql } from '../db/driver-transaction.js';
import type { RetentionRecord, SnapshotRecord, VideoRecord, VideoStats } from './video-record.js';

/** A Prisma client or the client of an open transaction. */
export type DbClient = Db | Prisma.TransactionClient;

export interface SaveReport {
  created: number;
  updated: number;
  unchanged: number;
  snapshotsAdded: number;
}

/**
 * The columns of a video that come from a VideoRecord, with their PostgreSQL types: the shape every upsert
 * source provides (plus "statsAt", when its figures were read; null: at the save).
 */
export const recordColumnTypes = {
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
  likes: 'bigint',
  comments: 'bigint',
  shares: 'bigint',
  avgViewPct: 'double precision',
  avgViewDurationS: 'double precision',
  estimatedMinutesWatched: 'double precision',
  subscribersGained: 'bigint',
  impressions: 'bigint',
  ctr: 'double precision',
} satisfies ColumnTypes;

const snapshotColumnTypes = {
  videoId: 'integer',
  takenAt: 'timestamp(3)',
  views: 'bigint',
  engagedViews: 'bigint',
  likes: 'bigint',
  comments: 'bigint',
} satisfies ColumnTypes;

const snapshotCounts = ['views', 'engagedViews', 'likes', 'comments'] as const;
const larger = (column: string, stored: string, incoming: string) =>
  `GREATEST(${stored}."${column}", ${incoming}."${column}")`;

/**
 * Two readings of a video at the same instant that disagree (two exports, or an export and a refresh): each count
 * is the larger, as a history reads a recount (views-at-age.ts), so the stored readings do not depend on which
 * arrived first. A reading that adds nothing leaves the row untouched.
 */
export const SNAPSHOT_CONFLICT = `ON CONFLICT ("videoId", "takenAt") DO UPDATE SET
  ${snapshotCounts.map((column) => `"${column}" = ${larger(column, '"VideoSnapshot"', 'EXCLUDED')}`).join(', ')}
  WHERE ${snapshotCounts.map((column) => `${larger(column, '"VideoSnapshot"', 'EXCLUDED')} IS DISTINCT FROM "VideoSnapshot"."${column}"`).join(' OR ')}`;

const retentionColumnTypes = {
  videoId: 'integer',
  elapsedRatio: 'double precision',
  watchRatio: 'double precision',
  relativePerformance: 'double precision',
} satisfies ColumnTypes;

/** A video of this save, with whether its figures (not just its words) changed. */
interface Touched {
  id: number;
  record: VideoRecord;
  statsChanged: boolean;
  /** Written, from a reading no older than the stored one. */
  current: boolean;
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
] as const satisfies readonly (keyof VideoStats & keyof typeof recordColumnTypes)[];

/** Records per upsert statement: large enough to amortise a round trip, small enough to keep memory flat. */
const BATCH = 2000;

type StoredVideo = Prisma.VideoGetPayload<object>;
/** What a record says about a video, column by column (etag, reachUpdatedAt and unavailable are the refresh's). */
export type RecordColumns = Pick<StoredVideo, keyof typeof recordColumnTypes>;

/** Rows of a SELECT with the columns of `recordColumnTypes` plus "statsAt", and its parameters from $3 on. */
export interface UpsertSource {
  sql: string;
  params: unknown[];
}

/** A video of an upsert's source, stored now: created, changed or left as it was. */
export interface WrittenVideo {
  id: number;
  youtubeId: string;
  created: boolean;
  /** Whether the row was written (created, or something in it new). */
  changed: boolean;
  /** Whether its figures (not just its words) are new or changed. */
  statsChanged: boolean;
  /** Read before the stored figures: it adds history, and changes nothing a newer reading said. */
  older: boolean;
}

/**
 * Writes videos into a channel, idempotently: a record equal to what is stored changes nothing, an unknown
 * (null) value never overwrites a known one, and snapshots are unique per video and time. Records without
 * snapshots of their own get one snapshot at `now` when their figures are new or changed, so repeated
 * imports of stats-only files still build a time series. One upsert statement per batch of records.
 * Call inside a transaction.
 */
export async function saveVideos(
  db: DbClient,
  channelId: number,
  records: readonly VideoRecord[],
  now: Date,
): Promise<SaveReport> {
  const report: SaveReport = { created: 0, updated: 0, unchanged: 0, snapshotsAdded: 0 };
  for (let start = 0; start < records.length; start += BATCH) {
    const batch = records.slice(start, start + BATCH);
    const written = await upsertVideos(db, channelId, recordsSource(batch), now);
    addWritten(report, written);
    const byYoutubeId = new Map(batch.map((record) => [record.youtubeId, record] as const));
    const touched = written.map(({ id, youtubeId, statsChanged, changed, older }) => ({
      id,
      record: byYoutubeId.get(youtubeId) as VideoRecord,
      statsChanged,
      current: changed && !older,
    }));
    // Every video's own snapshots (a backfill of history changes no figure), its curve only from a newer reading.
    report.snapshotsAdded += await saveSnapshots(db, touched, now);
    const fromNewerReadings = touched.filter(({ current }) => current);
    await saveRetention(db, fromNewerReadings);
  }
  return report;
}

/** Counts one upsert's outcome into a report. */
export function addWritten(report: SaveReport, written: readonly WrittenVideo[]): void {
  for (const video of written) {
    if (video.created) report.created++;
    else if (video.changed) report.updated++;
    else report.unchanged++;
  }
}

/**
 * Creates or merges the source's videos into the channel in one statement and returns each of them, stored. The
 * merge rules of saveVideos hold column by column: null or an empty tag list keeps what is stored, a publish date
 * without a time of day keeps a stored time of day, and "statsUpdatedAt" moves only when a figure changed. A row
 * read before the stored figures (an older export imported after a refresh) changes no figure and no wording: it
 * only fills in what is unknown (its readings still join the history). Source rows must have distinct youtubeIds.
 */
export async function upsertVideos(
  db: RawSql,
  channelId: number,
  source: UpsertSource,
  now: Date,
): Promise<WrittenVideo[]> {
  return db.$queryRawUnsafe<WrittenVideo[]>(
    UPSERT_SQL.replace('$SOURCE', () => source.sql),
    channelId,
    now.toISOString(),
    ...source.params,
  );
}

const recordColumns = Object.keys(recordColumnTypes) as (keyof typeof recordColumnTypes)[];
const mergedColumns = recordColumns.filter((column) => column !== 'youtubeId');

/** The columns a date without a time of day (a Studio export) may not overwrite when a time is stored. */
const TIME_OF_DAY_COLUMNS = new Set(['publishedAt', 'publishTimeKnown']);

/** Whether `incoming` gives only a publish date where `stored` knows the time of day: then both are kept. */
const keepsTimeOfDay = (incoming: string, stored: string) =>
  `(NOT ${incoming}."publishTimeKnown" AND ${stored}."publishTimeKnown" AND ${stored}."publishedAt" IS NOT NULL)`;

/**
 * What a video says and its figures change over time, so an older reading may not overwrite them; its publish
 * time, length and format do not.
 */
const TIME_BOUND_COLUMNS = new Set<string>(['title', 'description', 'tags', 'topic', 'hookLine', ...statKeys]);
const isStat = (column: string) => (statKeys as readonly string[]).includes(column);

/**
 * Whether `incoming` (figures read at `incomingAt`) is no older than what is stored: stored figures read later
 * (`statsUpdatedAt`) win over it.
 */
const readNoEarlier = (incomingAt: string, stored: string) =>
  `(${stored}."statsUpdatedAt" IS NULL OR ${incomingAt} >= ${stored}."statsUpdatedAt")`;

/**
 * When an incoming row's figures were read (`at`), and whether they are no older than the stored ones. Figures
 * read at the same instant as the stored ones merge as snapshots do (SNAPSHOT_CONFLICT): each is the larger, so a
 * video's figures do not depend on which of two disagreeing exports was imported last.
 */
interface Reading {
  at: string;
  current: string;
  /**
   * Read at a time of its own (a snapshot_at, not the import's `now`) later than the stored figures: the video was
   * read again then, so that is when its figures stand, changed or not. Else which of two readings with the same
   * figures was imported first would say when the video was last read.
   */
  later: string;
}
const sameInstant = (reading: Reading, stored: string) => `${reading.at} = ${stored}."statsUpdatedAt"`;

const known = (row: string, column: string) =>
  column === 'tags' ? `cardinality(${row}."tags") > 0` : `${row}."${column}" IS NOT NULL`;

/** Whether `incoming`, read as `reading` says, says something new about column `column` of `stored`. */
function differs(incoming: string, stored: string, column: string, reading: Reading): string {
  const kept = TIME_OF_DAY_COLUMNS.has(column) ? ` AND NOT ${keepsTimeOfDay(incoming, stored)}` : '';
  const changes = `(${known(incoming, column)}${kept} AND ${incoming}."${column}" IS DISTINCT FROM ${stored}."${column}")`;
  if (!TIME_BOUND_COLUMNS.has(column)) return changes;
  // Figures are one reading: an older one fills in no figure (it joins the history), only unknown words.
  const fills = isStat(column) ? 'FALSE' : `(NOT ${known(stored, column)} AND ${known(incoming, column)})`;
  const recount = `(${larger(column, stored, incoming)} IS DISTINCT FROM ${stored}."${column}")`;
  const same = isStat(column) ? `WHEN ${sameInstant(reading, stored)} THEN ${recount} ` : '';
  return `(CASE ${same}WHEN ${reading.current} THEN ${changes} ELSE ${fills} END)`;
}

/** The SET expression of one merged column (see upsertVideos for the rules), the row read as `reading` says. */
function mergedValue(column: string, reading: Reading): string {
  const { current } = reading;
  const value = (incoming: string, stored: string) => {
    if (column === 'tags')
      return `CASE WHEN cardinality(${incoming}."tags") > 0 THEN ${incoming}."tags" ELSE ${stored}."tags" END`;
    return `COALESCE(${incoming}."${column}", ${stored}."${column}")`;
  };
  if (column === 'publishTimeKnown')
    return `CASE WHEN EXCLUDED."publishedAt" IS NULL OR ${keepsTimeOfDay('EXCLUDED', '"Video"')}
      THEN "Video"."publishTimeKnown" ELSE EXCLUDED."publishTimeKnown" END`;
  if (column === 'publishedAt')
    return `CASE WHEN ${keepsTimeOfDay('EXCLUDED', '"Video"')} THEN "Video"."publishedAt"
      ELSE COALESCE(EXCLUDED."publishedAt", "Video"."publishedAt") END`;
  if (!TIME_BOUND_COLUMNS.has(column)) return value('EXCLUDED', '"Video"');
  if (isStat(column))
    return `CASE WHEN ${sameInstant(reading, '"Video"')} THEN ${larger(column, '"Video"', 'EXCLUDED')}
      WHEN ${current} THEN ${value('EXCLUDED', '"Video"')} ELSE "Video"."${column}" END`;
  return `CASE WHEN ${current} THEN ${value('EXCLUDED', '"Video"')} ELSE ${value('"Video"', 'EXCLUDED')} END`;
}

const anyDiffers = (incoming: string, stored: string, columns: readonly string[], reading: Reading) =>
  columns.map((column) => differs(incoming, stored, column, reading)).join(' OR ');

const readingOf = (at: string, stored: string): Reading => ({
  at,
  current: readNoEarlier(at, stored),
  later: `(${at} <> $2::timestamp(3) AND ${at} > ${stored}."statsUpdatedAt")`,
});
const SOURCE_READING = readingOf('COALESCE(s."statsAt", $2::timestamp(3))', 'v');
const EXCLUDED_READING = readingOf('EXCLUDED."statsUpdatedAt"', '"Video"');

// $1 channel id, $2 now (ISO text), $SOURCE the rows. `existing` reads the stored rows before the write (all
// CTEs see one snapshot), which is how created/changed and "figures changed" are known for each written row.
const UPSERT_SQL = `
WITH source AS ($SOURCE),
existing AS (
  SELECT s."youtubeId", v.id,
    ${anyDiffers('s', 'v', mergedColumns, SOURCE_READING)} OR ${SOURCE_READING.later} AS changed,
    ${anyDiffers('s', 'v', statKeys, SOURCE_READING)} AS "statsChanged",
    NOT ${SOURCE_READING.current} AS older
  FROM source s JOIN "Video" v ON v."channelId" = $1::integer AND v."youtubeId" = s."youtubeId"
),
written AS (
  INSERT INTO "Video" ("channelId", ${recordColumns.map((column) => `"${column}"`).join(', ')}, "statsUpdatedAt", "updatedAt")
  SELECT $1::integer, ${recordColumns.map((column) => `s."${column}"`).join(', ')},
    COALESCE(s."statsAt", $2::timestamp(3)), $2::timestamp(3)
  FROM source s LEFT JOIN existing e ON e."youtubeId" = s."youtubeId"
  WHERE e.id IS NULL OR e.changed
  ON CONFLICT ("channelId", "youtubeId") DO UPDATE SET
    ${mergedColumns.map((column) => `"${column}" = ${mergedValue(column, EXCLUDED_READING)}`).join(',\n    ')},
    "statsUpdatedAt" = CASE WHEN ${anyDiffers('EXCLUDED', '"Video"', statKeys, EXCLUDED_READING)} OR ${EXCLUDED_READING.later}
      THEN EXCLUDED."statsUpdatedAt" ELSE "Video"."statsUpdatedAt" END,
    "updatedAt" = EXCLUDED."updatedAt"
  RETURNING id, "youtubeId"
)
SELECT COALESCE(w.id, e.id) AS id, s."youtubeId", e.id IS NULL AS created, w.id IS NOT NULL AS changed,
  COALESCE(e."statsChanged", TRUE) AS "statsChanged", COALESCE(e.older, FALSE) AS older
FROM source s LEFT JOIN written w ON w."youtubeId" = s."youtubeId" LEFT JOIN existing e ON e."youtubeId" = s."youtubeId"`;

/** Records as an upsert source: one JSON parameter unpacked by `jsonb_to_recordset`. */
function recordsSource(records: readonly VideoRecord[]): UpsertSource {
  const definitions = Object.entries({ ...recordColumnTypes, statsAt: 'timestamp(3)' }).map(
    ([name, type]) => `"${name}" ${type}`,
  );
  return {
    sql: `SELECT * FROM jsonb_to_recordset($3::jsonb) AS r(${definitions.join(', ')})`,
    params: [jsonParameter(records.map((record) => ({ ...columnsOf(record), statsAt: record.statsAt })))],
  };
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
  const { count } = await bulkInsert(db, 'VideoSnapshot', snapshotColumnTypes, rows, { onConflict: SNAPSHOT_CONFLICT });
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

export function columnsOf(record: VideoRecord): RecordColumns {
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
    likes: toBigInt(stats.likes),
    comments: toBigInt(stats.comments),
    shares: toBigInt(stats.shares),
    avgViewPct: stats.avgViewPct,
    avgViewDurationS: stats.avgViewDurationS,
    estimatedMinutesWatched: stats.estimatedMinutesWatched,
    subscribersGained: toBigInt(stats.subscribersGained),
    impressions: toBigInt(stats.impressions),
    ctr: stats.ctr,
  };
}

function toBigInt(value: number | null): bigint | null {
  return value === null ? null : BigInt(Math.round(value));
}
