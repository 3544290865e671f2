import type { Config } from '../../core/config.js';
import type { Db } from '../../core/db/database.js';
import type { Logger } from '../../core/logger.js';
import type { WorkQueue } from '../../core/work-queue.js';
import { executeCommand } from '../commands/execute-command.js';
import { localCommandContext } from '../session.js';
import { type CommandSocket, commandSocketPath, serveCommandSocket } from './command-socket.js';

/**
 * Lets CLI commands run in this process while it holds the data folder: each runs as the local operator,
 * exactly as `tubepilot …` does on its own, and waits its turn in `queue` with the process's other work.
 * Undefined, with a warning, where the socket cannot be created (a path too long for a socket, Windows).
 */
export async function serveForwardedCommands(deps: {
  db: Db;
  config: Config;
  log: Logger;
  queue: WorkQueue;
}): Promise<CommandSocket | undefined> {
  const path = commandSocketPath(deps.config.DATA_DIR);
  try {
    return await serveCommandSocket(path, (command, notify) =>
      deps.queue.run(async () => {
        deps.log.info({ command: command.name }, 'running a forwarded CLI command');
        const ctx = await localCommandContext(deps.db, { ...deps, surface: 'cli', notify });
        return executeCommand(ctx, command.name, command.input);
      }),
    );
  } catch (error) {
    deps.log.warn(
      { path, err: (error as Error).message },
      'no command socket: CLI commands cannot reach this process while it runs',
    );
    return undefined;
  }
}
