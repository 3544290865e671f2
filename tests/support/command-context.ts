import { Writable } from 'node:stream';
import type { CommandContext, Surface } from '../../src/bot/commands/command.js';
import { commandsFor } from '../../src/bot/commands/registry.js';
import { loadConfig } from '../../src/core/config.js';
import type { Db } from '../../src/core/db/database.js';
import { createLogger } from '../../src/core/logger.js';

/** A pino destination that keeps every log line, parsed, for assertions. */
export function memoryLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, log: createLogger('info', stream) };
}

let teamCounter = 0;

/** A real command context on a test database, for a team of its own so tests never share data. */
export async function commandContext(
  db: Db,
  options: { surface?: Surface; now?: Date; team?: { id: number; name: string } } = {},
): Promise<CommandContext & { logLines: Record<string, unknown>[] }> {
  const surface = options.surface ?? 'console';
  const team =
    options.team ??
    (await db.team.create({
      data: { platform: 'console', externalId: `test-${process.pid}-${++teamCounter}`, name: `Team ${teamCounter}` },
      select: { id: true, name: true },
    }));
  const { lines, log } = memoryLog();
  const now = options.now ?? new Date('2026-11-23T12:00:00Z');
  return {
    db,
    team,
    config: loadConfig({}),
    log,
    surface,
    now: () => now,
    commands: commandsFor(surface),
    logLines: lines,
  };
}
