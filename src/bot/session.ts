import { ensureLocalTeam } from '../core/channels/teams.js';
import type { Config } from '../core/config.js';
import { type Database, type Db, openDatabase } from '../core/db/database.js';
import type { Logger } from '../core/logger.js';
import type { Command, CommandContext, Surface } from './commands/command.js';
import { loadCommands } from './commands/command-catalog.js';

export interface Session {
  ctx: CommandContext;
  database: Database;
  close(): Promise<void>;
}

type LocalSurface = Extract<Surface, 'console' | 'cli'>;

/** Opens the database (applying migrations) and builds the context local commands run in. */
export async function openLocalSession(options: {
  config: Config;
  log: Logger;
  surface: LocalSurface;
  /** What this process is, shown to a second process that finds the data folder locked. */
  holder: string;
  now?: () => Date;
  /** The commands this session may run; default every local one (the CLI passes just the one it runs). */
  commands?: readonly Command[];
  /** One command and exit (the CLI): see DatabaseOptions.shortLived. */
  shortLived?: boolean;
}): Promise<Session> {
  const database = await openDatabase({
    databaseUrl: options.config.DATABASE_URL,
    dataDir: options.config.DATA_DIR,
    holder: options.holder,
    shortLived: options.shortLived,
  });
  try {
    const stale = database.lock?.tookOverFrom;
    if (stale) options.log.warn({ stale }, 'took over the data folder lock of a TubePilot process that had died');
    const ctx = await localCommandContext(database.prisma, {
      ...options,
      notify: (line) => process.stderr.write(`${line}\n`),
    });
    return { ctx, database, close: () => database.close() };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * The context of the local operator: the local team (never a chat team), every local command unless given. The CLI,
 * the console and CLI commands forwarded to a running process all run in it.
 */
export async function localCommandContext(
  db: Db,
  options: {
    config: Config;
    log: Logger;
    surface: LocalSurface;
    now?: () => Date;
    notify: (line: string) => void;
    commands?: readonly Command[];
  },
): Promise<CommandContext> {
  return {
    db,
    team: await ensureLocalTeam(db),
    config: options.config,
    log: options.log,
    surface: options.surface,
    now: options.now ?? (() => new Date()),
    commands: options.commands ?? (await loadCommands(options.surface)),
    notify: options.notify,
  };
}
