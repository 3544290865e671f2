import { formatCount } from '../../core/format/numbers.js';
import { importCsvFile } from '../../core/import/import-csv.js';
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
    const report = await importCsvFile(ctx.db, ctx.team.id, channel, file, ctx.now());
    const skipped = report.skipped.map((row) => `line ${row.line}: ${row.reason}`);
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
        { label: 'Rows skipped', value: formatCount(report.skipped.length) },
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
              list:
                skipped.length > SKIPPED_SHOWN
                  ? [...skipped.slice(0, SKIPPED_SHOWN), `… and ${skipped.length - SKIPPED_SHOWN} more (see --json)`]
                  : skipped,
            },
          ]
        : [],
      followUps: nothing ? [] : [{ label: 'See the numbers', command: `/stats ${report.channel}` }],
      data: report,
    };
  },
});
