import { formatCount } from '../../core/format/numbers.js';
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
  },
  scope: 'operator',
  examples: ['tubepilot import --channel mychannel --file "Table data.csv"'],
  async run(ctx, { channel, file }): Promise<Reply> {
    const report = await importCsvFile(ctx.db, ctx.team.id, channel, file, ctx.now(), {
      maxFileMiB: ctx.config.IMPORT_MAX_FILE_MIB,
      // Progress goes to the operator's terminal (stderr), never into the reply.
      onProgress: ctx.notify && ((progress) => ctx.notify?.(progressLine(progress))),
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
