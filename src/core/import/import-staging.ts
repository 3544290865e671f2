// The database half of the streaming import. Rows are appended, batch by batch, to a temporary table of the
// import's transaction; once the file has been read, one sort there finds repeated rows and each video's latest
// row, and the videos and snapshots are merged into the channel in batches of videos, all in SQL, so the
// process never holds more than one batch. The temporary tables are dropped with the transaction, committed or
// not.

import { jsonParameter } from '../db/bulk-insert.js';
import type { RawSql } from '../db/driver-transaction.js';
import { emptyStats, type VideoRecord, type VideoStats } from '../videos/video-record.js';
import {
  addWritten,
  recordColumnTypes,
  type SaveReport,
  SNAPSHOT_CONFLICT,
  upsertVideos,
  type WrittenVideo,
} from '../videos/video-store.js';
import type { SkippedRow, VideoRow } from './parse-video-csv.js';

const TABLE = 'import_row';
const SNAPSHOTS = 'import_snapshot';
const VIDEOS = 'import_video';
const stagedColumnTypes = { line: 'integer', snapshotAt: 'timestamp(3)', ...recordColumnTypes };
const stagedColumns = Object.keys(stagedColumnTypes);
const recordKeys = Object.keys(recordColumnTypes) as (keyof typeof recordColumnTypes)[];
const recordColumns = recordKeys.map((column) => `"${column}"`);
/** Videos per merge statement. */
const MERGE_BATCH = 20_000;

export async function createStagingTable(db: RawSql): Promise<void> {
  const definitions = Object.entries(stagedColumnTypes).map(([name, type]) => `"${name}" ${type}`);
  await db.$executeRawUnsafe(`CREATE TEMP TABLE ${TABLE} (${definitions.join(', ')}) ON COMMIT DROP`);
}

/**
 * Readable rows on their way to the staging table, held per column as the elements of a PostgreSQL array
 * literal: a row's objects are dropped as soon as it is added, so they die young instead of outliving the batch,
 * and a column travels as one text parameter that the server parses, with no per-element work in the driver.
 * A row's snapshot, when it has one, is its own figures.
 */
export class StagingBatch {
  private columns: string[][] = stagedColumns.map(() => []);
  size = 0;
  // Rows come in runs of one snapshot time (a weekly export after another), so its text is made once per run.
  private lastSnapshotTime = Number.NaN;
  private lastSnapshotText = '';

  add({ line, video, snapshot }: VideoRow): void {
    const columns = this.columns;
    columns[0]?.push(String(line));
    columns[1]?.push(snapshot === null ? 'NULL' : this.snapshotText(snapshot.takenAt));
    for (let index = 0; index < recordReaders.length; index++) {
      columns[index + 2]?.push((recordReaders[index] as Encoder<VideoRecord>)(video));
    }
    this.size++;
  }

  /** Appends the rows to the staging table in one statement and empties the batch. */
  async write(db: RawSql): Promise<number> {
    const columns = this.columns;
    this.columns = stagedColumns.map(() => []);
    this.size = 0;
    return db.$executeRawUnsafe(STAGE_SQL, ...columns.map((elements) => `{${elements.join(',')}}`));
  }

  private snapshotText(takenAt: Date): string {
    const time = takenAt.getTime();
    if (time !== this.lastSnapshotTime) {
      this.lastSnapshotTime = time;
      this.lastSnapshotText = takenAt.toISOString();
    }
    return this.lastSnapshotText;
  }
}

// An array-typed column (tags) travels as each row's array literal, quoted (unnest would flatten an array of
// arrays), and is cast back per row.
const STAGE_SQL = (() => {
  const entries = Object.entries(stagedColumnTypes);
  const names = entries.map(([name]) => `"${name}"`);
  const params = entries.map(([, type], index) => `$${index + 1}::${type.endsWith('[]') ? 'text' : type}[]`);
  const selected = entries.map(([name, type]) => `r."${name}"${type.endsWith('[]') ? `::${type}` : ''}`);
  return `INSERT INTO ${TABLE} (${names.join(', ')}) SELECT ${selected.join(', ')} FROM unnest(${params.join(', ')}) AS r(${names.join(', ')})`;
})();

/**
 * Writes a value as an element of a PostgreSQL array literal; chosen once per column from its type, so that a
 * row's values are not tested for their kind one by one. Text is always quoted, so that a title "NULL" stays
 * text; dates are UTC ISO text (a timestamp column without zone takes them as written).
 */
type Encoder<T = unknown> = (value: T) => string;

const encodeText: Encoder = (value) => (value === null ? 'NULL' : quoted(value as string));
const encodeNumber: Encoder = (value) => (value === null ? 'NULL' : String(value as number));
// A bigint column's value is the record's number rounded, as columnsOf has it, made a BigInt only when the
// number is beyond 2^53 (three BigInts a row were a visible share of the staging's CPU).
const encodeWholeNumber: Encoder = (value) => {
  if (value === null) return 'NULL';
  return Number.isSafeInteger(value) ? String(value) : BigInt(Math.round(value as number)).toString();
};
const encodeBoolean: Encoder = (value) => (value === null ? 'NULL' : value ? 't' : 'f');
const encodeDate: Encoder = (value) => (value === null ? 'NULL' : (value as Date).toISOString());
const encodeTextArray: Encoder = (value) =>
  value === null ? 'NULL' : quoted(`{${(value as string[]).map((item) => quoted(item)).join(',')}}`);

function encoderFor(type: string): Encoder {
  if (type === 'text') return encodeText;
  if (type === 'text[]') return encodeTextArray;
  if (type === 'boolean') return encodeBoolean;
  if (type.startsWith('timestamp')) return encodeDate;
  if (type === 'bigint') return encodeWholeNumber;
  if (type === 'integer' || type === 'double precision') return encodeNumber;
  throw new Error(`StagingBatch: no encoder for a ${type} column`);
}

/** Each record column's element, read from the record as columnsOf reads it: a stats field or the record's own. */
const recordReaders: Encoder<VideoRecord>[] = recordKeys.map((key) => {
  const encode = encoderFor(recordColumnTypes[key]);
  if (key in emptyStats()) return (video) => encode(video.stats[key as keyof VideoStats]);
  return (video) => encode(video[key as keyof VideoRecord]);
});

function quoted(text: string): string {
  return `"${text.includes('"') || text.includes('\\') ? text.replace(/["\\]/g, '\\$&') : text}"`;
}

export interface Deduplicated {
  /** Distinct videos left. */
  videos: number;
  /** Rows dropped as duplicates. */
  dropped: number;
  /** The first `limit` of them by line, with the reason parseVideoCsv gives. */
  skipped: SkippedRow[];
  /** Videos whose figures carry no reading time (no snapshot_at): they are taken as read at the import. */
  readNow: number;
}

/**
 * Applies parseVideoCsv's rule for repeated ids to the staged rows: the first row of an id stays; a later one
 * stays only when the first and it both carry a snapshot_at not seen before for that id (a time series).
 * The outcome goes to two narrow tables numbered by video in id order, so that the merge reads each batch of
 * videos as a range: SNAPSHOTS (every row's figures, kept or not) and, after one pass over the staged rows,
 * VIDEOS (each video's latest kept row, whose figures are as of its snapshot_at).
 */
export async function dropDuplicates(db: RawSql, limit: number): Promise<Deduplicated> {
  // Everything in one sort by id, time and line: the videos' numbers, each id's first row (a series when that
  // row has a time), and the first row of each id and time. Kept rows of a video are then its first row alone
  // or a series with distinct times, so its latest kept row is the one at the id's latest time.
  await db.$executeRawUnsafe(
    `CREATE TEMP TABLE ${SNAPSHOTS} ON COMMIT DROP AS
    SELECT video, line, "youtubeId", "snapshotAt", views, "engagedViews", likes, comments, "firstLine",
      line = "firstLine" OR (series AND "firstAtTime") AS kept,
      CASE WHEN series THEN "snapshotAt" = "lastAt" AND "firstAtTime" ELSE line = "firstLine" END AS latest,
      CASE WHEN series THEN "lastAt" END AS "statsAt"
    FROM (
      SELECT dense_rank() OVER (ORDER BY "youtubeId") AS video, line, "youtubeId", "snapshotAt",
        views, "engagedViews", likes, comments,
        min(line) OVER by_id AS "firstLine",
        COALESCE(min(line) FILTER (WHERE "snapshotAt" IS NOT NULL) OVER by_id = min(line) OVER by_id, FALSE)
          AS series,
        max("snapshotAt") OVER by_id AS "lastAt",
        "snapshotAt" IS NOT NULL AND row_number() OVER (PARTITION BY "youtubeId", "snapshotAt" ORDER BY line) = 1
          AS "firstAtTime"
      FROM ${TABLE}
      WINDOW by_id AS (PARTITION BY "youtubeId")
    ) r`,
  );
  await db.$executeRawUnsafe(`CREATE INDEX ON ${SNAPSHOTS} (video)`);
  const [result] = await db.$queryRawUnsafe<{ videos: number; dropped: number; readNow: number; skipped: string }[]>(
    `SELECT
      (SELECT COALESCE(max(video), 0) FROM ${SNAPSHOTS})::integer AS videos,
      (SELECT count(*) FROM ${SNAPSHOTS} WHERE latest AND "statsAt" IS NULL AND views IS NOT NULL)::integer
        AS "readNow",
      (SELECT count(*) FROM ${SNAPSHOTS} WHERE NOT kept)::integer AS dropped,
      (SELECT COALESCE(json_agg(f ORDER BY f.line), '[]') FROM (
        SELECT line, "youtubeId", "firstLine" FROM ${SNAPSHOTS} WHERE NOT kept ORDER BY line LIMIT $1::integer
      ) f)::text AS skipped`,
    limit,
  );
  if (result === undefined) throw new Error('dropDuplicates: no result row');
  await db.$executeRawUnsafe(
    `CREATE TEMP TABLE ${VIDEOS} ON COMMIT DROP AS
    SELECT s.video, ${recordColumns.map((column) => `r.${column}`).join(', ')}, s."statsAt"
    FROM ${SNAPSHOTS} s JOIN ${TABLE} r ON r.line = s.line
    WHERE s.latest`,
  );
  await db.$executeRawUnsafe(`CREATE INDEX ON ${VIDEOS} (video)`);
  // Temporary tables are never analysed automatically; the merge's joins are planned on these row counts.
  await db.$executeRawUnsafe(`ANALYZE ${VIDEOS}, ${SNAPSHOTS}`);
  const first = JSON.parse(result.skipped) as { line: number; youtubeId: string; firstLine: number }[];
  return {
    videos: result.videos,
    dropped: result.dropped,
    readNow: result.readNow,
    skipped: first.map(({ line, youtubeId, firstLine }) => ({
      line,
      reason: `duplicate row for video ${youtubeId} (first seen on line ${firstLine})`,
    })),
  };
}

/**
 * Merges the staged videos into the channel, MERGE_BATCH videos per statement, with saveVideos' rules: the
 * latest row of a time series supplies a video's figures (as of its snapshot_at), every row of a series
 * becomes a snapshot, and a video without a series gets a snapshot at `now` when its figures changed.
 */
export async function mergeStaged(
  db: RawSql,
  channelId: number,
  videos: number,
  now: Date,
  onBatch: (videosDone: number) => void,
): Promise<SaveReport> {
  const report: SaveReport = { created: 0, updated: 0, unchanged: 0, snapshotsAdded: 0 };
  for (let after = 0; after < videos; after += MERGE_BATCH) {
    const last = Math.min(after + MERGE_BATCH, videos);
    const source = {
      sql: `SELECT ${recordColumns.join(', ')}, "statsAt" FROM ${VIDEOS} WHERE video > $3 AND video <= $4`,
      params: [after, last],
    };
    const written = await upsertVideos(db, channelId, source, now);
    addWritten(report, written);
    report.snapshotsAdded += await insertSnapshots(db, written, after, last, now);
    onBatch(last);
  }
  return report;
}

/** Snapshots of the batch's videos: their series rows, or one at `now` for changed figures without one. */
async function insertSnapshots(
  db: RawSql,
  written: readonly WrittenVideo[],
  after: number,
  last: number,
  now: Date,
): Promise<number> {
  if (written.length === 0) return 0;
  // xmax is 0 in a row this statement inserted, not in one it merged a reading into: only new ones are counted.
  const [result] = await db.$queryRawUnsafe<{ added: number }[]>(
    `WITH written AS (
      INSERT INTO "VideoSnapshot" ("videoId", "takenAt", views, "engagedViews", likes, comments)
      SELECT w.id, COALESCE(r."snapshotAt", $2::timestamp(3)), r.views, r."engagedViews", r.likes, r.comments
      FROM jsonb_to_recordset($1::jsonb) AS w(id integer, "youtubeId" text, "statsChanged" boolean)
      JOIN ${SNAPSHOTS} r ON r."youtubeId" = w."youtubeId"
      WHERE r.video > $3 AND r.video <= $4 AND r.kept
        AND (r."snapshotAt" IS NOT NULL OR (w."statsChanged" AND r.views IS NOT NULL))
      ${SNAPSHOT_CONFLICT}
      RETURNING xmax = 0 AS inserted
    )
    SELECT (count(*) FILTER (WHERE inserted))::integer AS added FROM written`,
    jsonParameter(written.map(({ id, youtubeId, statsChanged }) => ({ id, youtubeId, statsChanged }))),
    now.toISOString(),
    after,
    last,
  );
  return result?.added ?? 0;
}
