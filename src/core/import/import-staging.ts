// The database half of the streaming import. Rows are appended, batch by batch, to a temporary table of the
// import's transaction; once the file has been read, duplicates are dropped there and the videos and snapshots
// are merged into the channel in batches of videos, all in SQL, so the process never holds more than one batch.
// The table is dropped with the transaction, committed or not.

import { driverValue, insertColumns, jsonParameter } from '../db/bulk-insert.js';
import type { RawSql } from '../db/driver-transaction.js';
import {
  addWritten,
  columnsOf,
  recordColumnTypes,
  type SaveReport,
  type UpsertSource,
  upsertVideos,
  type WrittenVideo,
} from '../videos/video-store.js';
import type { SkippedRow, VideoRow } from './parse-video-csv.js';

const TABLE = 'import_row';
const stagedColumnTypes = { line: 'integer', snapshotAt: 'timestamp(3)', ...recordColumnTypes };
const stagedColumns = Object.keys(stagedColumnTypes);
const recordColumns = Object.keys(recordColumnTypes).map((column) => `"${column}"`);
/** Videos per merge statement. */
const MERGE_BATCH = 20_000;

export async function createStagingTable(db: RawSql): Promise<void> {
  const definitions = Object.entries(stagedColumnTypes).map(([name, type]) => `"${name}" ${type}`);
  await db.$executeRawUnsafe(`CREATE TEMP TABLE ${TABLE} (${definitions.join(', ')}) ON COMMIT DROP`);
}

/**
 * Readable rows on their way to the staging table, held as one array of plain values per column: a row's
 * objects are dropped as soon as it is added, so they die young instead of outliving the batch. A row's
 * snapshot, when it has one, is its own figures.
 */
export class StagingBatch {
  private columns: unknown[][] = stagedColumns.map(() => []);
  size = 0;

  add({ line, video, snapshot }: VideoRow): void {
    const values: Record<string, unknown> = { line, snapshotAt: snapshot?.takenAt ?? null, ...columnsOf(video) };
    for (const [index, column] of stagedColumns.entries()) this.columns[index]?.push(driverValue(values[column]));
    this.size++;
  }

  /** Appends the rows to the staging table in one statement and empties the batch. */
  write(db: RawSql): Promise<number> {
    const columns = this.columns;
    this.columns = stagedColumns.map(() => []);
    this.size = 0;
    return insertColumns(db, TABLE, stagedColumnTypes, columns);
  }
}

export interface Deduplicated {
  /** Distinct videos left. */
  videos: number;
  /** Rows dropped as duplicates. */
  dropped: number;
  /** The first `limit` of them by line, with the reason parseVideoCsv gives. */
  skipped: SkippedRow[];
}

/**
 * Applies parseVideoCsv's rule for repeated ids to the staged rows: the first row of an id stays; a later one
 * stays only when the first and it both carry a snapshot_at not seen before for that id (a time series).
 */
export async function dropDuplicates(db: RawSql, limit: number): Promise<Deduplicated> {
  // Temporary tables are never analysed automatically; the planner needs the row count for these joins.
  await db.$executeRawUnsafe(`ANALYZE ${TABLE}`);
  const [result] = await db.$queryRawUnsafe<{ videos: number; dropped: number; skipped: string }[]>(
    `WITH ranked AS (
      SELECT line, "youtubeId",
        first_value(line) OVER by_id AS "firstLine",
        first_value("snapshotAt") OVER by_id IS NOT NULL AS series,
        "snapshotAt" IS NOT NULL
          AND row_number() OVER (PARTITION BY "youtubeId", "snapshotAt" ORDER BY line) = 1 AS "newTime"
      FROM ${TABLE}
      WINDOW by_id AS (PARTITION BY "youtubeId" ORDER BY line)
    ),
    dropped AS (
      DELETE FROM ${TABLE} r USING ranked d
      WHERE r.line = d.line AND d.line <> d."firstLine" AND NOT (d.series AND d."newTime")
      RETURNING r.line, r."youtubeId", d."firstLine"
    )
    SELECT
      (SELECT count(*) FROM ranked WHERE line = "firstLine")::integer AS videos,
      (SELECT count(*) FROM dropped)::integer AS dropped,
      (SELECT COALESCE(json_agg(f ORDER BY f.line), '[]')
        FROM (SELECT * FROM dropped ORDER BY line LIMIT $1::integer) f)::text AS skipped`,
    limit,
  );
  if (result === undefined) throw new Error('dropDuplicates: no result row');
  const first = JSON.parse(result.skipped) as { line: number; youtubeId: string; firstLine: number }[];
  await db.$executeRawUnsafe(`CREATE INDEX ON ${TABLE} ("youtubeId", line)`);
  return {
    videos: result.videos,
    dropped: result.dropped,
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
  now: Date,
  onBatch: (videosDone: number) => void,
): Promise<SaveReport> {
  const report: SaveReport = { created: 0, updated: 0, unchanged: 0, snapshotsAdded: 0 };
  let after = '';
  let videosDone = 0;
  for (;;) {
    const [range] = await db.$queryRawUnsafe<{ last: string | null; videos: number }[]>(
      `SELECT max("youtubeId") AS last, count(*)::integer AS videos FROM (
        SELECT DISTINCT "youtubeId" FROM ${TABLE} WHERE "youtubeId" > $1 ORDER BY 1 LIMIT ${MERGE_BATCH}
      ) ids`,
      after,
    );
    if (range?.last == null) return report;
    const written = await upsertVideos(db, channelId, stagedSource(after, range.last), now);
    addWritten(report, written, range.videos);
    report.snapshotsAdded += await insertSnapshots(db, written, now);
    after = range.last;
    videosDone += range.videos;
    onBatch(videosDone);
  }
}

/** The latest row of each staged video with an id in (after, last]; its figures are as of its snapshot_at. */
function stagedSource(after: string, last: string): UpsertSource {
  return {
    sql: `SELECT DISTINCT ON ("youtubeId") ${recordColumns.join(', ')},
        max("snapshotAt") OVER (PARTITION BY "youtubeId") AS "statsAt"
      FROM ${TABLE} WHERE "youtubeId" > $3 AND "youtubeId" <= $4
      ORDER BY "youtubeId", "snapshotAt" DESC NULLS LAST, line`,
    params: [after, last],
  };
}

/** Snapshots of the videos just written: their series rows, or one at `now` for changed figures without one. */
async function insertSnapshots(db: RawSql, written: readonly WrittenVideo[], now: Date): Promise<number> {
  if (written.length === 0) return 0;
  return db.$executeRawUnsafe(
    `INSERT INTO "VideoSnapshot" ("videoId", "takenAt", views, "engagedViews", likes, comments)
    SELECT w.id, COALESCE(r."snapshotAt", $2::timestamp(3)), r.views, r."engagedViews", r.likes, r.comments
    FROM jsonb_to_recordset($1::jsonb) AS w(id integer, "youtubeId" text, "statsChanged" boolean)
    JOIN ${TABLE} r ON r."youtubeId" = w."youtubeId"
    WHERE r."snapshotAt" IS NOT NULL OR (w."statsChanged" AND r.views IS NOT NULL)
    ON CONFLICT DO NOTHING`,
    jsonParameter(written.map(({ id, youtubeId, statsChanged }) => ({ id, youtubeId, statsChanged }))),
    now.toISOString(),
  );
}
