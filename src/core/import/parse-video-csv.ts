// Turns the text of a CSV file into VideoRecords for the `import` command. Two formats are understood: YouTube
// Studio's "Table data.csv" export and TubePilot's own CSV (which may hold a time series per video). Rows that
// cannot be read are skipped and reported by their physical line; a file that is not such a CSV at all throws.
// `parseVideoCsv` reads a whole text at once; the streaming import (csv-record-stream.ts, import-csv.ts) applies
// the same header and row rules one record at a time through `videoRowReader`.

import { CsvError, parse } from 'csv-parse/sync';
import {
  emptyStats,
  isShortByDuration,
  type SnapshotRecord,
  type VideoRecord,
  type VideoStats,
} from '../videos/video-record.js';
import {
  CellError,
  type CellReader,
  parseAmount,
  parseCount,
  parseDate,
  parseDateAndTime,
  parseDurationS,
  parseHoursAsMinutes,
  parseRequiredText,
  parseSignedCount,
  parseTags,
  parseText,
  parseVideoDurationS,
} from './csv-values.js';

export type CsvFormat = 'youtube-studio' | 'tubepilot';

export interface SkippedRow {
  /** 1-based physical line in the file where the row starts. */
  line: number;
  reason: string;
}

export interface ParsedVideoCsv {
  format: CsvFormat;
  videos: VideoRecord[];
  /** Sorted by line. */
  skipped: SkippedRow[];
  /** Rows after the header, not counting blank lines and Studio's "Total" row. */
  dataRows: number;
}

/** The file is not a recognisable CSV of either format; the message says why. */
export class CsvFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

export interface CsvRow {
  /** 1-based physical line where the record starts. */
  line: number;
  cells: string[];
}

interface Header {
  /** Spelled as in the file, for messages. */
  labels: string[];
  /** Normalised column name → position. */
  indexOf: Map<string, number>;
}

/** Reads one cell of a row by normalised column name; an absent column reads as an empty cell. */
type ReadCell = <T>(column: string, reader: (label: string, cell: string | undefined) => T) => T;

interface StatColumn {
  column: string;
  field: keyof VideoStats;
  reader: CellReader;
}

/** The rows of one video: a single row, or a time series whose rows all carry a snapshot. */
interface VideoGroup {
  rows: [VideoRow, ...VideoRow[]];
  snapshotTimes: Set<number>;
}

/** One readable data row; only TubePilot rows with a snapshot_at carry a snapshot. */
export interface VideoRow {
  line: number;
  video: VideoRecord;
  snapshot: SnapshotRecord | null;
}

const TUBEPILOT_REQUIRED = ['video_id', 'title', 'published_at', 'duration_seconds', 'views', 'likes', 'comments'];
const SHOWN_COLUMNS_MAX = 12;
export const BINARY_FILE = 'the file contains NUL bytes: it looks binary, not a CSV text file';

// When several columns feed one field, the first non-empty one wins.
const STUDIO_STATS: StatColumn[] = [
  { column: 'views', field: 'views', reader: parseCount },
  { column: 'engaged views', field: 'engagedViews', reader: parseCount },
  { column: 'likes', field: 'likes', reader: parseCount },
  { column: 'comments added', field: 'comments', reader: parseCount },
  { column: 'shares', field: 'shares', reader: parseCount },
  { column: 'average percentage viewed (%)', field: 'avgViewPct', reader: parseAmount },
  { column: 'average view duration', field: 'avgViewDurationS', reader: parseDurationS },
  { column: 'impressions', field: 'impressions', reader: parseCount },
  { column: 'impressions click-through rate (%)', field: 'ctr', reader: parseAmount },
  { column: 'watch time (hours)', field: 'estimatedMinutesWatched', reader: parseHoursAsMinutes },
  { column: 'subscribers gained', field: 'subscribersGained', reader: parseCount },
  // Studio's "Subscribers" is the net change (gained minus lost), so it may be negative.
  { column: 'subscribers', field: 'subscribersGained', reader: parseSignedCount },
];

const TUBEPILOT_STATS: StatColumn[] = [
  { column: 'views', field: 'views', reader: parseCount },
  { column: 'engaged_views', field: 'engagedViews', reader: parseCount },
  { column: 'likes', field: 'likes', reader: parseCount },
  { column: 'comments', field: 'comments', reader: parseCount },
  { column: 'shares', field: 'shares', reader: parseCount },
  { column: 'avg_view_pct', field: 'avgViewPct', reader: parseAmount },
  { column: 'avg_view_duration_s', field: 'avgViewDurationS', reader: parseDurationS },
  { column: 'impressions', field: 'impressions', reader: parseCount },
  { column: 'ctr', field: 'ctr', reader: parseAmount },
];

export function parseVideoCsv(text: string): ParsedVideoCsv {
  const [headerRow, ...rowsAfterHeader] = readCsvRows(text);
  if (headerRow === undefined) throw new CsvFormatError('the file is empty');
  const reader = videoRowReader(headerRow.cells);
  const skipped: SkippedRow[] = [];
  const videoRows: VideoRow[] = [];
  let dataRows = 0;
  for (const row of rowsAfterHeader) {
    const result = reader.read(row);
    if (result === 'total') continue;
    dataRows++;
    if ('video' in result) videoRows.push(result);
    else skipped.push(result);
  }
  const videos = groupByVideo(videoRows, skipped);
  return { format: reader.format, videos, skipped: skipped.sort((a, b) => a.line - b.line), dataRows };
}

/** Reads the data rows of a file with this header, one at a time. */
export interface VideoRowReader {
  format: CsvFormat;
  /** A readable row, the reason it cannot be read, or 'total' for Studio's summary row (not a data row). */
  read(row: CsvRow): VideoRow | SkippedRow | 'total';
}

/** When a file's figures were read, and the time they cannot be later than. */
export interface ReadingTimes {
  /** When rows without a snapshot_at were read (an export's download); unset: they get no time here. */
  readAt?: Date;
  /** A reading after it is refused: it would outrank every refresh until then. */
  now?: Date;
}

/** Recognises the format from the header row; throws CsvFormatError when it is neither. */
export function videoRowReader(headerCells: string[], times: ReadingTimes = {}): VideoRowReader {
  const header = readHeader(headerCells);
  const format = detectFormat(header);
  // Studio puts a "Total" summary row first; it is not a video. Only the first such row is dropped.
  const contentIndex = format === 'youtube-studio' ? (header.indexOf.get('content') ?? -1) : -1;
  let totalSeen = contentIndex === -1;
  return {
    format,
    read(row) {
      if (!totalSeen && row.cells[contentIndex]?.trim().toLowerCase() === 'total') {
        totalSeen = true;
        return 'total';
      }
      try {
        return readVideoRow(format, header, row, times);
      } catch (error) {
        if (!(error instanceof CellError)) throw error;
        return { line: row.line, reason: error.message };
      }
    },
  };
}

/** Non-blank records with the line each starts on (csv-parse's own line count is off after quoted newlines). */
function readCsvRows(text: string): CsvRow[] {
  if (text.includes('\0')) throw new CsvFormatError(BINARY_FILE);
  const rows: CsvRow[] = [];
  let line = 1;
  try {
    parse(text, {
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      on_record: (cells) => {
        rows.push({ line, cells });
        line += 1 + lineBreaksWithin(cells);
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new CsvFormatError(describeCsvError(error, line));
  }
  return rows.filter((row) => !isBlankRecord(row.cells));
}

/** A record of empty or whitespace-only cells: a blank line, not a data row. */
export function isBlankRecord(cells: string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** Line breaks inside a record's cells (a quoted cell may hold some); the record spans one line more. */
export function lineBreaksWithin(cells: string[]): number {
  let count = 0;
  for (const cell of cells) {
    for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) count++;
  }
  return count;
}

export function describeCsvError(error: CsvError, recordLine: number): string {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return `the quoted field in the row starting on line ${recordLine} is never closed: a closing " is missing`;
  }
  return `the file is not valid CSV near line ${recordLine}: ${error.message}`;
}

function readHeader(cells: string[]): Header {
  const labels = cells.map((cell) => cell.trim());
  const indexOf = new Map<string, number>();
  labels.forEach((label, index) => {
    const column = label.toLowerCase().replace(/\s+/g, ' ');
    if (!indexOf.has(column)) indexOf.set(column, index);
  });
  return { labels, indexOf };
}

function detectFormat(header: Header): CsvFormat {
  const has = (column: string) => header.indexOf.has(column);
  const missingTubePilot = TUBEPILOT_REQUIRED.filter((column) => !has(column));
  if (missingTubePilot.length === 0) return 'tubepilot';
  const missingStudio = [
    ...(has('content') ? [] : ['Content']),
    ...(has('video title') || has('views') ? [] : ['Video title or Views']),
  ];
  if (missingStudio.length === 0) return 'youtube-studio';
  throw new CsvFormatError(
    'the header row matches neither known CSV format. ' +
      `A YouTube Studio export ("Table data.csv") needs Content and Video title or Views; missing: ${missingStudio.join(', ')}. ` +
      `A TubePilot CSV needs ${TUBEPILOT_REQUIRED.join(', ')}; missing: ${missingTubePilot.join(', ')}. ` +
      `The header has: ${describeLabels(header.labels)}.`,
  );
}

function describeLabels(labels: string[]): string {
  const shown = labels.slice(0, SHOWN_COLUMNS_MAX).map((label) => JSON.stringify(label));
  return labels.length > SHOWN_COLUMNS_MAX ? `${shown.join(', ')} … (${labels.length} columns)` : shown.join(', ');
}

function readVideoRow(format: CsvFormat, header: Header, row: CsvRow, { readAt, now }: ReadingTimes): VideoRow {
  if (row.cells.length !== header.labels.length) {
    throw new CellError(`has ${row.cells.length} fields where the header has ${header.labels.length}`);
  }
  const read: ReadCell = (column, reader) => {
    const index = header.indexOf.get(column);
    return index === undefined ? reader(column, undefined) : reader(header.labels[index] ?? column, row.cells[index]);
  };
  const video = format === 'youtube-studio' ? readStudioVideo(read) : readTubePilotVideo(read);
  const ownTime = format === 'tubepilot' ? read('snapshot_at', parseDate) : null;
  if (ownTime !== null && now !== undefined && ownTime > now)
    throw new CellError(`snapshot_at ${ownTime.toISOString()} is in the future (now ${now.toISOString()})`);
  if (ownTime !== null) return { line: row.line, video, snapshot: toSnapshot(ownTime, video, 'snapshot_at') };
  if (readAt === undefined || video.stats.views === null) return { line: row.line, video, snapshot: null };
  return { line: row.line, video, snapshot: toSnapshot(readAt, video, '--as-of') };
}

function toSnapshot(takenAt: Date, { stats, publishedAt }: VideoRecord, source: string): SnapshotRecord {
  const { views, engagedViews, likes, comments } = stats;
  if (views === null) throw new CellError(`views is empty, but a row with ${source} needs it`);
  // Before its publish day: a day alone is read as its start, so a reading later that day passes.
  if (publishedAt !== null && takenAt < publishedAt)
    throw new CellError(
      `published ${publishedAt.toISOString()}, after its figures were read (${source} ${takenAt.toISOString()})`,
    );
  return { takenAt, views, engagedViews, likes, comments };
}

// Readers shared by every row rather than made per row: the streaming import calls them a million times.
const optionalText = (_label: string, cell: string | undefined) => parseText(cell);

function readStudioVideo(read: ReadCell): VideoRecord {
  const youtubeId = read('content', parseRequiredText);
  const durationS = read('duration', parseVideoDurationS);
  const published = read('video publish time', parseDateAndTime);
  return {
    ...blankVideo(youtubeId),
    title: read('video title', optionalText) ?? youtubeId,
    durationS,
    publishedAt: published?.date ?? null,
    publishTimeKnown: published?.timeOfDay ?? false,
    isShort: isShortByDuration(durationS),
    stats: readStats(read, STUDIO_STATS),
  };
}

function readTubePilotVideo(read: ReadCell): VideoRecord {
  // Read in a fixed order: a row with several bad cells is reported by the first of them.
  const durationS = read('duration_seconds', parseVideoDurationS);
  const youtubeId = read('video_id', parseRequiredText);
  const title = read('title', parseRequiredText);
  const description = read('description', optionalText);
  const tags = read('tags', parseTags);
  const published = read('published_at', parseDateAndTime);
  return {
    ...blankVideo(youtubeId),
    title,
    description,
    tags,
    durationS,
    publishedAt: published?.date ?? null,
    publishTimeKnown: published?.timeOfDay ?? false,
    isShort: isShortByDuration(durationS),
    topic: read('topic', optionalText),
    stats: readStats(read, TUBEPILOT_STATS),
  };
}

function blankVideo(youtubeId: string): VideoRecord {
  return {
    youtubeId,
    title: youtubeId,
    description: null,
    tags: [],
    durationS: null,
    publishedAt: null,
    publishTimeKnown: false,
    isShort: null,
    topic: null,
    hookLine: null,
    stats: emptyStats(),
    statsAt: null,
    snapshots: [],
    retention: [],
  };
}

function readStats(read: ReadCell, statColumns: StatColumn[]): VideoStats {
  const stats = emptyStats();
  for (const { column, field, reader } of statColumns) stats[field] ??= read(column, reader);
  return stats;
}

/**
 * One video per id. Rows of one id with distinct snapshot_at become its time series, and the latest supplies its
 * figures and metadata; any other repeat of an id (same or no snapshot_at) is a duplicate and is skipped.
 */
function groupByVideo(rows: VideoRow[], skipped: SkippedRow[]): VideoRecord[] {
  const groups = new Map<string, VideoGroup>();
  for (const row of rows) {
    const id = row.video.youtubeId;
    const group = groups.get(id);
    if (group === undefined) {
      groups.set(id, { rows: [row], snapshotTimes: new Set([takenAt(row)]) });
    } else if (row.snapshot !== null && group.rows[0].snapshot !== null && !group.snapshotTimes.has(takenAt(row))) {
      group.rows.push(row);
      group.snapshotTimes.add(takenAt(row));
    } else {
      skipped.push({
        line: row.line,
        reason: `duplicate row for video ${id} (first seen on line ${group.rows[0].line})`,
      });
    }
  }
  return [...groups.values()].map(({ rows: videoRows }) => mergeTimeSeries(videoRows));
}

function mergeTimeSeries(rows: [VideoRow, ...VideoRow[]]): VideoRecord {
  const latest = rows.reduce((newest, row) => (takenAt(row) > takenAt(newest) ? row : newest));
  const snapshots = rows.flatMap((row) => (row.snapshot === null ? [] : [row.snapshot]));
  snapshots.sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
  // The latest row's figures are as of its snapshot time, not as of the import.
  return { ...latest.video, statsAt: snapshots.at(-1)?.takenAt ?? null, snapshots };
}

function takenAt(row: VideoRow): number {
  return row.snapshot?.takenAt.getTime() ?? 0;
}
