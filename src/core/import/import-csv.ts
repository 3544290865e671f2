import { readFile, stat } from 'node:fs/promises';
import { checkChannelName } from '../channels/channel-name.js';
import type { Db } from '../db/database.js';
import { UserError } from '../errors.js';
import { type SaveReport, saveVideos } from '../videos/video-store.js';
import { type CsvFormat, CsvFormatError, parseVideoCsv, type SkippedRow } from './parse-video-csv.js';

export interface ImportReport extends SaveReport {
  channel: string;
  channelCreated: boolean;
  format: CsvFormat;
  dataRows: number;
  videosInFile: number;
  skipped: SkippedRow[];
  /** The channel's videos whose publish date is known but not its time of day, after the import. */
  dateOnly: number;
}

/** Large enough for 100k-row exports; a guard against pointing the importer at the wrong file. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Imports a CSV file into a channel of the team (created on first import). The whole file is one
 * transaction: a file that cannot be read or recognised writes nothing; bad rows are skipped and reported.
 */
export async function importCsvFile(
  db: Db,
  teamId: number,
  channelName: string,
  path: string,
  now: Date,
): Promise<ImportReport> {
  checkChannelName(channelName);
  const text = await readCsvText(path);
  let parsed: ReturnType<typeof parseVideoCsv>;
  try {
    parsed = parseVideoCsv(text);
  } catch (error) {
    if (error instanceof CsvFormatError) throw new UserError('Not a video CSV', `${path}: ${error.message}`);
    throw error;
  }
  const base = {
    format: parsed.format,
    dataRows: parsed.dataRows,
    videosInFile: parsed.videos.length,
    skipped: parsed.skipped,
  };
  if (parsed.videos.length === 0) {
    return {
      ...base,
      channel: channelName,
      channelCreated: false,
      created: 0,
      updated: 0,
      unchanged: 0,
      snapshotsAdded: 0,
      dateOnly: 0,
    };
  }
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
      const channel =
        existing ??
        (await tx.channel.create({ data: { teamId, name: channelName, title: channelName, source: 'csv' } }));
      const report = await saveVideos(tx, channel.id, parsed.videos, now);
      // Counted in the channel, not the file: a time known from an earlier source is kept (saveVideos).
      const dateOnly = await tx.video.count({
        where: { channelId: channel.id, publishedAt: { not: null }, publishTimeKnown: false },
      });
      return { ...base, ...report, channel: channel.name, channelCreated: !existing, dateOnly };
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
}

async function readCsvText(path: string): Promise<string> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UserError('Cannot read file', `${path} is not a file.`);
    if (info.size > MAX_FILE_BYTES)
      throw new UserError('File too large', `${path} is ${Math.round(info.size / 1048576)} MiB; the limit is 256 MiB.`);
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      'Cannot read file',
      code === 'ENOENT' ? `There is no file at ${path}.` : `${path}: ${(error as Error).message}`,
    );
  }
}
