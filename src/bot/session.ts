import { ensureLocalTeam } from '../core/channels/teams.js';
import type { Config } from '../core/config.js';
import { type Database, openDatabase } from '../core/db/database.js';
import type { Logger } from '../core/logger.js';
import type { CommandContext, Surface } from './commands/command.js';
import { commandsFor } from './commands/registry.js';

export interface Session {
  ctx: CommandContext;
  database: Database;
  close(): Promise<void>;
}

/** Opens the database (applying migrations) and builds the context local commands run in. */
export async function openLocalSession(options: {
  config: Config;
  log: Logger;
  surface: Extract<Surface, 'console' | 'cli'>;
  now?: () => Date;
}): Promise<Session> {
  const database = await openDatabase({ databaseUrl: options.config.DATABASE_URL, dataDir: options.config.DATA_DIR });
  try {
    const team = await ensureLocalTeam(database.prisma);
    const ctx: CommandContext = {
      db: database.prisma,
      team,
      config: options.config,
      log: options.log,
      surface: options.surface,
      now: options.now ?? (() => new Date()),
      commands: commandsFor(options.surface),
      notify: (line) => process.stderr.write(`${line}\n`),
    };
    return { ctx, database, close: () => database.close() };
  } catch (error) {
    await database.close();
    throw error;
  }
}
