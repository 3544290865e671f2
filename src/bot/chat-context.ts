import type { TeamRef } from '../core/channels/teams.js';
import type { Config } from '../core/config.js';
import type { Db } from '../core/db/database.js';
import type { Logger } from '../core/logger.js';
import type { WorkQueue } from '../core/work-queue.js';
import type { ChatRoomRef, CommandContext, CommandUser } from './commands/command.js';
import { commandsFor } from './commands/registry.js';

/** What every chat adapter needs from the running bot. */
export interface ChatDeps {
  db: Db;
  config: Config;
  log: Logger;
  now(): Date;
  /** Where acknowledged commands wait their turn; the running bot always has one (tests may run them directly). */
  queue?: WorkQueue;
}

/** A command context for one chat command: its team's data only, its room and who typed it. */
export function chatCommandContext(
  deps: ChatDeps,
  team: TeamRef,
  room: ChatRoomRef,
  user: CommandUser,
): CommandContext {
  return {
    db: deps.db,
    team: { id: team.id, name: team.name },
    config: deps.config,
    log: deps.log.child({ platform: room.platform, teamId: team.id, room: room.roomId }),
    surface: room.platform,
    now: deps.now,
    commands: commandsFor(room.platform),
    room,
    user,
  };
}
