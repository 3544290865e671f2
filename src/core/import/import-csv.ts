import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { checkChannelName } from '../channels/channel-name.js';
import type { Db } from '../db/database.js';
import { inDriverTransaction, type RawSql } from '../db/driver-transaction.js';
import { UserError } from '../errors.js';
import type { SaveReport } from '../videos/video-store.js';
import { readCsvRecords } from './csv-record-stream.js';
import { createStagingTable, dropDuplicates, mergeStaged, StagingBatch } from './import-staging.js';
import {
  type CsvFormat,
  CsvFormatError,
  type ReadingTimes,
  type SkippedRow,
  type VideoRowReader,
  videoRowReader,
} from './parse-video-csv.js';

export interface ImportReport extends SaveReport {
  channel: string;
  channelCreated: boolean;
  format: CsvFormat;
  dataRows: number;
  videosInFile: number;
  /** The first SKIPPED_LISTED skipped rows, by line. */
  skipped: SkippedRow[];
  /** Every skipped row, listed or not. */
  skippedRows: number;
  /** The channel's videos whose publish date is known but not its time of day, after the import. */
  dateOnly: number;
  /** Videos of the file whose figures carry no reading time, taken as read at the import (`now`). */
  readNow: number;
}

export interface ImportOptions {
  /** Files larger than this many MiB are refused; 0 or unset: no limit. */
  maxFileMiB?: number;
  /** Told how far the import is, about once a second and at the end of each stage. */
  onProgress?: (progress: ImportProgress) => void;
  /** When the figures of rows without a snapshot_at were read (the export's download); unset: at `now`. */
  readAt?: Date;
}

export type ImportProgress =
  | { stage: 'reading'; rows: number; rowsPerSecond: number; done: boolean }
  | { stage: 'writing'; videos: number; of: number; done: boolean };

/** Enough to fix a file by; the count of all skipped rows is reported besides. */
export const SKIPPED_LISTED = 1000;
/**
 * Rows per staging statement: enough to spread a statement's cost over many rows, few enough that the two
 * batches held at a time (one being parsed, one being written) stay a few MiB.
 */
const STAGE_BATCH = 5000;
const PROGRESS_INTERVAL_MS = 1000;
/** Bytes read at a time: the records of one such chunk (about 1,500 rows) are parsed and handed on together. */
const READ_CHUNK = 256 * 1024;

/**
 * Imports a CSV file into a channel of the team (created on first import), reading it as a stream so memory
 * stays flat at any size. The whole import is one transaction: a file that cannot be read, is not a video CSV
 * or turns out to be broken anywhere (an unclosed quote on its last line) leaves stored data exactly as it was.
 * Rows whose values cannot be read are skipped and reported with their line, as are repeated rows of a video.
 */
export async function importCsvFile(
  db: Db,
  teamId: number,
  channelName: string,
  path: string,
  now: Date,
  options: ImportOptions = {},
): Promise<ImportReport> {
  checkChannelName(channelName);
  await checkFile(path, options.maxFileMiB ?? 0);
  const progress = options.onProgress ?? (() => {});
  return inDriverTransaction(db, async (sql) => {
    const existing = await findChannel(sql, teamId, channelName);
    if (existing?.source === 'demo') {
      throw new UserError(
        'Demo channel',
        'The demo channel holds generated data; import into a channel of your own.',
        'Pick another name: import --channel NAME --file PATH',
      );
    }
    await createStagingTable(sql);
    const read = await stageFile(sql, path, progress, { now, ...(options.readAt ? { readAt: options.readAt } : {}) });
    const duplicates = await dropDuplicates(sql, SKIPPED_LISTED);
    const base = {
      format: read.format,
      dataRows: read.dataRows,
      videosInFile: duplicates.videos,
      skipped: [...read.skipped, ...duplicates.skipped].sort((a, b) => a.line - b.line).slice(0, SKIPPED_LISTED),
      skippedRows: read.skippedRows + duplicates.dropped,
      readNow: duplicates.readNow,
    };
    if (duplicates.videos === 0) {
      const nothing = { created: 0, updated: 0, unchanged: 0, snapshotsAdded: 0, dateOnly: 0 };
      return { ...base, ...nothing, channel: channelName, channelCreated: false };
    }
    const channel = existing ?? (await createChannel(sql, teamId, channelName, now));
    const due = every(PROGRESS_INTERVAL_MS);
    const report = await mergeStaged(sql, channel.id, duplicates.videos, now, (videos) => {
      const done = videos === duplicates.videos;
      if (done || due()) progress({ stage: 'writing', videos, of: duplicates.videos, done });
    });
    // Counted in the channel, not the file: a time of day known from an earlier source is kept (saveVideos).
    const [dateOnly] = await sql.$queryRawUnsafe<{ count: number }[]>(
      `SELECT count(*)::integer AS count FROM "Video"
      WHERE "channelId" = $1 AND "publishedAt" IS NOT NULL AND NOT "publishTimeKnown"`,
      channel.id,
    );
    return {
      ...base,
      ...report,
      channel: channel.name,
      channelCreated: !existing,
      dateOnly: dateOnly?.count ?? 0,
    };
  });
}

interface ChannelRow {
  id: number;
  name: string;
  source: string;
}

/** The team's channel of that name, in any case (names are compared as users type them). */
async function findChannel(sql: RawSql, teamId: number, name: string): Promise<ChannelRow | undefined> {
  const [channel] = await sql.$queryRawUnsafe<ChannelRow[]>(
    `SELECT id, name, source::text AS source FROM "Channel" WHERE "teamId" = $1 AND lower(name) = lower($2) LIMIT 1`,
    teamId,
    name,
  );
  return channel;
}

async function createChannel(sql: RawSql, teamId: number, name: string, now: Date): Promise<ChannelRow> {
  const [channel] = await sql.$queryRawUnsafe<ChannelRow[]>(
    `INSERT INTO "Channel" ("teamId", name, title, source, "updatedAt")
    VALUES ($1, $2, $2, 'csv', $3::timestamp(3)) RETURNING id, name, source::text AS source`,
    teamId,
    name,
    now.toISOString(),
  );
  if (channel === undefined) throw new Error('createChannel: no row returned');
  return channel;
}

interface StagedFile {
  format: CsvFormat;
  dataRows: number;
  skipped: SkippedRow[];
  skippedRows: number;
}

/**
 * Reads the file record by record into the staging table. While one batch is written the next is parsed, so
 * parsing and the database work side by side; at most two batches are held.
 */
async function stageFile(
  db: RawSql,
  path: string,
  progress: (progress: ImportProgress) => void,
  times: ReadingTimes,
): Promise<StagedFile> {
  const started = performance.now();
  const due = every(PROGRESS_INTERVAL_MS);
  const reading = (rows: number, done: boolean) => {
    const seconds = (performance.now() - started) / 1000;
    progress({ stage: 'reading', rows, rowsPerSecond: seconds > 0 ? Math.round(rows / seconds) : 0, done });
  };
  let reader: VideoRowReader | undefined;
  const batch = new StagingBatch();
  let writing: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    await writing;
    writing = batch.write(db);
    // Awaited at the next flush; until then a failure must not count as unhandled.
    writing.catch(() => {});
  };
  const file: StagedFile = { format: 'tubepilot', dataRows: 0, skipped: [], skippedRows: 0 };
  try {
    for await (const rows of readCsvRecords(createReadStream(path, { highWaterMark: READ_CHUNK }))) {
      for (const row of rows) {
        if (reader === undefined) {
          reader = videoRowReader(row.cells, times);
          file.format = reader.format;
          continue;
        }
        const result = reader.read(row);
        if (result === 'total') continue;
        file.dataRows++;
        if ('video' in result) {
          batch.add(result);
          if (batch.size === STAGE_BATCH) await flush();
        } else {
          file.skippedRows++;
          // Rows come in line order, so the first ones kept are the first by line.
          if (file.skipped.length < SKIPPED_LISTED) file.skipped.push(result);
        }
      }
      if (due()) reading(file.dataRows, false);
    }
    if (reader === undefined) throw new CsvFormatError('the file is empty');
    if (batch.size > 0) await flush();
    await writing;
  } catch (error) {
    await writing.catch(() => {});
    if (error instanceof CsvFormatError) throw new UserError('Not a video CSV', `${path}: ${error.message}`);
    if (isFileError(error)) throw new UserError('Cannot read file', `${path}: ${error.message}`);
    throw error;
  }
  reading(file.dataRows, true);
  return file;
}

/** True about once per interval: for progress lines that should not flood the terminal. */
function every(intervalMs: number): () => boolean {
  let last = performance.now();
  return () => {
    const now = performance.now();
    if (now - last < intervalMs) return false;
    last = now;
    return true;
  };
}

async function checkFile(path: string, maxFileMiB: number): Promise<void> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UserError('Cannot read file', `${path} is not a file.`);
    if (maxFileMiB > 0 && info.size > maxFileMiB * 1048576) {
      throw new UserError(
        'File too large',
        `${path} is ${Math.ceil(info.size / 1048576)} MiB; the limit is ${maxFileMiB} MiB.`,
        'Raise IMPORT_MAX_FILE_MIB (0: no limit) if the file is the right one.',
      );
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      'Cannot read file',
      code === 'ENOENT' ? `There is no file at ${path}.` : `${path}: ${(error as Error).message}`,
    );
  }
}

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}
