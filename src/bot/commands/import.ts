import { DAY_MS } from '../../core/analytics/analytics-video.js';
import { UserError } from '../../core/errors.js';
import { formatMoment } from '../../core/format/moments.js';
import { formatCount } from '../../core/format/numbers.js';
import { CellError, parseDateAndTime } from '../../core/import/csv-values.js';
import { type ImportProgress, importCsvFile } from '../../core/import/import-csv.js';
import type { Reply } from '../../core/reply.js';
import { defineCommand, option } from './command.js';

const SKIPPED_SHOWN = 20;

export const importCommand = defineCommand({
  name: 'import',
  description: 'Import videos from a YouTube Studio export or a TubePilot CSV into a channel',
  options: {
    channel: option.string('Channel to import into (created if new)', { required: true, autocomplete: 'channel' }),
    file: option.path('Path of the CSV file on the bot machine'),
    'as-of': option.string(
      "When rows without snapshot_at were read: the export's download day, YYYY-MM-DD (default: now)",
    ),
  },
  scope: 'operator',
  examples: [
    'tubepilot import --channel mychannel --file "Table data.csv"',
    'tubepilot import --channel mychannel --file "Table data.csv" --as-of 2025-04-17',
  ],
  async run(ctx, { channel, file, 'as-of': asOf }): Promise<Reply> {
    const now = ctx.now();
    const readAt = asOf === undefined ? undefined : readingTime(asOf, now);
    const report = await importCsvFile(ctx.db, ctx.team.id, channel, file, now, {
      maxFileMiB: ctx.config.IMPORT_MAX_FILE_MIB,
      // Progress goes to the operator's terminal (stderr), never into the reply.
      onProgress: ctx.notify && ((progress) => ctx.notify?.(progressLine(progress))),
      ...(readAt ? { readAt } : {}),
    });
    const skipped = report.skipped.slice(0, SKIPPED_SHOWN).map((row) => `line ${row.line}: ${row.reason}`);
    const notShown = report.skippedRows - skipped.length;
    const nothing = report.videosInFile === 0;
    return {
      kind: nothing ? 'error' : 'result',
      title: nothing ? 'Nothing imported' : `Imported into ${report.channel}`,
      summary: nothing
        ? `No row of ${file} held a usable video; nothing was written.`
        : `${formatCount(report.videosInFile)} videos read from ${report.dataRows} rows (${report.format === 'youtube-studio' ? 'YouTube Studio export' : 'TubePilot CSV'}).`,
      fields: [
        { label: 'New videos', value: formatCount(report.created) },
        { label: 'Updated', value: formatCount(report.updated) },
        { label: 'Unchanged', value: formatCount(report.unchanged) },
        { label: 'Snapshots added', value: formatCount(report.snapshotsAdded) },
        { label: 'Rows skipped', value: formatCount(report.skippedRows) },
        ...(report.readNow > 0
          ? [
              {
                label: 'Read at',
                value: `${formatCount(report.readNow)} videos' figures carry no reading time: taken as read now (${formatMoment(now, 'UTC')}). For an export downloaded earlier, give its day with --as-of: ages and predictions count from it`,
              },
            ]
          : []),
        ...(report.dateOnly > 0
          ? [
              {
                label: 'Date without time',
                value: `${formatCount(report.dateOnly)} videos have a publish date but no time of day (a date-only export): posting-time analyses leave them out`,
              },
            ]
          : []),
      ],
      sections: skipped.length
        ? [
            {
              heading: 'Skipped rows',
              list: notShown > 0 ? [...skipped, `… and ${formatCount(notShown)} more (see --json)`] : skipped,
            },
          ]
        : [],
      followUps: nothing ? [] : [{ label: 'See the numbers', command: `/stats ${report.channel}` }],
      data: report,
    };
  },
});

function progressLine(progress: ImportProgress): string {
  if (progress.stage === 'reading') {
    const state = progress.done ? 'read' : 'read so far';
    return `import: ${formatCount(progress.rows)} rows ${state} (${formatCount(progress.rowsPerSecond)} rows/s)`;
  }
  return `import: ${formatCount(progress.videos)} of ${formatCount(progress.of)} videos written`;
}

/**
 * The --as-of value as a time: a day alone means its end (an export downloaded that day holds every video
 * published by then), or now when that day is today. Never after now.
 */
function readingTime(text: string, now: Date): Date {
  let parsed: ReturnType<typeof parseDateAndTime>;
  try {
    parsed = parseDateAndTime('--as-of', text);
  } catch (error) {
    if (!(error instanceof CellError)) throw error;
    parsed = null;
  }
  if (parsed === null)
    throw new UserError(
      'Bad --as-of',
      `"${text}" is not a date.`,
      'Use the day of the download, e.g. --as-of 2025-04-17.',
    );
  if (parsed.date.getTime() > now.getTime())
    throw new UserError('Bad --as-of', `${text} is in the future: figures cannot have been read then.`);
  return parsed.timeOfDay ? parsed.date : new Date(Math.min(parsed.date.getTime() + DAY_MS - 1, now.getTime()));
}
