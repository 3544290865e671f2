import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { checkChannelName } from '../channels/channel-name.js';
import type { Db } from '../db/database.js';
import { UserError } from '../errors.js';
import type { DbClient, SaveReport } from '../videos/video-store.js';
import { readCsvRecords } from './csv-record-stream.js';
import { createStagingTable, dropDuplicates, mergeStaged, stageRows } from './import-staging.js';
import {
  type CsvFormat,
  CsvFormatError,
  type SkippedRow,
  type VideoRow,
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
}

export interface ImportOptions {
  /** Files larger than this many MiB are refused; 0 or unset: no limit. */
  maxFileMiB?: number;
  /** Told how far the import is, about once a second and at the end of each stage. */
  onProgress?: (progress: ImportProgress) => void;
}

export type ImportProgress =
  | { stage: 'reading'; rows: number; rowsPerSecond: number; done: boolean }
  | { stage: 'writing'; videos: number; of: number; done: boolean };

/** Enough to fix a file by; the count of all skipped rows is reported besides. */
export const SKIPPED_LISTED = 1000;
/**
 * Rows per staging statement. Small on purpose: Prisma keeps the arguments of its last 100 debug calls, debug
 * off or not, and those include raw queries' parameters, so every batch's JSON stays reachable for a while.
 * With 5,000-row batches a million-row import passed 950 MiB RSS; at 1,000 rows the history holds ~70 MiB.
 */
const STAGE_BATCH = 1000;
const PROGRESS_INTERVAL_MS = 1000;

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
  return db.$transaction(
    async (tx) => {
      const existing = await tx.channel.findFirst({
        where: { teamId, name: { equals: channelName, mode: 'insensitive' } },
      });
      if (existing?.source === 'demo') {
        throw new UserError(
          'Demo channel',
          'The demo channel holds generated data; import into a channel of your own.',
          'Pick another name: import --channel NAME --file PATH',
        );
      }
      await createStagingTable(tx);
      const read = await stageFile(tx, path, progress);
      const duplicates = await dropDuplicates(tx, SKIPPED_LISTED);
      const base = {
        format: read.format,
        dataRows: read.dataRows,
        videosInFile: duplicates.videos,
        skipped: [...read.skipped, ...duplicates.skipped].sort((a, b) => a.line - b.line).slice(0, SKIPPED_LISTED),
        skippedRows: read.skippedRows + duplicates.dropped,
      };
      if (duplicates.videos === 0) {
        const nothing = { created: 0, updated: 0, unchanged: 0, snapshotsAdded: 0, dateOnly: 0 };
        return { ...base, ...nothing, channel: channelName, channelCreated: false };
      }
      const channel =
        existing ??
        (await tx.channel.create({ data: { teamId, name: channelName, title: channelName, source: 'csv' } }));
      const due = every(PROGRESS_INTERVAL_MS);
      const report = await mergeStaged(tx, channel.id, now, (videos) => {
        const done = videos === duplicates.videos;
        if (done || due()) progress({ stage: 'writing', videos, of: duplicates.videos, done });
      });
      // Counted in the channel, not the file: a time of day known from an earlier source is kept (saveVideos).
      const dateOnly = await tx.video.count({
        where: { channelId: channel.id, publishedAt: { not: null }, publishTimeKnown: false },
      });
      return { ...base, ...report, channel: channel.name, channelCreated: !existing, dateOnly };
    },
    // A million rows take about a minute; the limit only ends an import that hangs.
    { timeout: 6 * 60 * 60_000, maxWait: 60_000 },
  );
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
  db: DbClient,
  path: string,
  progress: (progress: ImportProgress) => void,
): Promise<StagedFile> {
  const started = performance.now();
  const due = every(PROGRESS_INTERVAL_MS);
  const reading = (rows: number, done: boolean) => {
    const seconds = (performance.now() - started) / 1000;
    progress({ stage: 'reading', rows, rowsPerSecond: seconds > 0 ? Math.round(rows / seconds) : 0, done });
  };
  let reader: VideoRowReader | undefined;
  let batch: VideoRow[] = [];
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await writing;
    writing = stageRows(db, batch);
    // Awaited at the next flush; until then a failure must not count as unhandled.
    writing.catch(() => {});
    batch = [];
  };
  const file: StagedFile = { format: 'tubepilot', dataRows: 0, skipped: [], skippedRows: 0 };
  try {
    for await (const row of readCsvRecords(createReadStream(path, { highWaterMark: 1 << 20 }))) {
      if (reader === undefined) {
        reader = videoRowReader(row.cells);
        file.format = reader.format;
        continue;
      }
      const result = reader.read(row);
      if (result === 'total') continue;
      file.dataRows++;
      if ('video' in result) {
        batch.push(result);
        if (batch.length === STAGE_BATCH) await flush();
      } else {
        file.skippedRows++;
        // Rows come in line order, so the first ones kept are the first by line.
        if (file.skipped.length < SKIPPED_LISTED) file.skipped.push(result);
      }
      if (due()) reading(file.dataRows, false);
    }
    if (reader === undefined) throw new CsvFormatError('the file is empty');
    if (batch.length > 0) await flush();
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
