import type { Reply } from '../../core/reply.js';
import { defineCommand } from './command.js';

// Opening the database applies pending migrations, so by the time this runs they are in; it reports state.
export const migrateCommand = defineCommand({
  name: 'migrate',
  description: 'Apply pending database migrations and show which are applied',
  options: {},
  scope: 'operator',
  async run(ctx): Promise<Reply> {
    const rows = await ctx.db.$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`
      SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name`;
    return {
      kind: 'result',
      title: 'Database migrations',
      summary: `${rows.length} migration${rows.length === 1 ? '' : 's'} applied; the schema is up to date.`,
      sections: [
        {
          heading: 'Applied',
          list: rows.map((row) => `${row.migration_name} (${row.finished_at?.toISOString() ?? 'unfinished'})`),
        },
      ],
      data: { applied: rows.map((row) => row.migration_name) },
    };
  },
});
