import { randomBytes } from 'node:crypto';
import { trackImplicitChannel } from '../../core/channels/implicit-channel.js';
import { databaseUnavailable } from '../../core/db/database-errors.js';
import { UserError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { errorReply, type Reply } from '../../core/reply.js';
import { type CommandContext, manageActionOf, requireManageRole } from './command.js';
import { findCommand } from './command-catalog.js';
import { type RawValue, readArguments, UsageError, validateOptions } from './command-input.js';
import { closestName } from './did-you-mean.js';
import { formatUsage, type UsageStyle, usageStyle } from './usage.js';

export type CommandInput = { words: readonly string[] } | { values: Record<string, RawValue> };

/**
 * Runs a command by name on any surface and always returns a Reply: known problems become short error
 * replies with what to do; unexpected ones are logged with an id that the reply shows.
 */
export async function executeCommand(ctx: CommandContext, name: string, input: CommandInput): Promise<Reply> {
  const command = findCommand(ctx.commands, name);
  if (!command) return unknownCommandReply(ctx, name);
  const style = usageStyle(ctx.surface);
  try {
    const raw = 'words' in input ? readArguments(command, input.words) : input.values;
    const options = validateOptions(command, raw);
    const manageAction = manageActionOf(command, options);
    if (manageAction) await requireManageRole(ctx, manageAction);
    const { result, implicit } = await trackImplicitChannel(() => command.run(ctx, options as never));
    return implicit === undefined ? result : withChannelNote(result, implicit, style);
  } catch (error) {
    if (error instanceof UsageError) {
      return errorReply(`Cannot run ${command.name}`, error.message, {
        fields: [{ label: 'Usage', value: formatUsage(command, style) }],
        followUps: [
          { label: 'Help', command: style === 'cli' ? `tubepilot ${command.name} --help` : `/help ${command.name}` },
        ],
      });
    }
    if (error instanceof UserError) {
      return errorReply(
        error.title,
        error.message,
        error.hint ? { fields: [{ label: 'What to do', value: error.hint }] } : {},
      );
    }
    return unexpectedErrorReply(ctx.log, error, command.name, ctx.config.DATABASE_URL);
  }
}

/**
 * An unexpected failure: logged with a short id, which the user sees (and can quote) with what little is
 * safe to say — that the database is down and where it was expected (host:port, never credentials), else
 * nothing more.
 */
export function unexpectedErrorReply(log: Logger, error: unknown, commandName: string, databaseUrl?: string): Reply {
  const errorId = randomBytes(4).toString('hex');
  log.error({ err: error, errorId, command: commandName }, 'command failed');
  const extra = {
    errorId,
    fields: [{ label: 'Error id', value: `${errorId} (quote it to your operator; it is in the log)` }],
  };
  const database = databaseUnavailable(error, databaseUrl);
  if (database) {
    return errorReply(
      'The database is unavailable',
      `The database is unavailable (${database.reason}): check that PostgreSQL is running${database.address ? ` at ${database.address}` : ''}.`,
      extra,
    );
  }
  return errorReply('Something went wrong', `TubePilot hit an unexpected error running ${commandName}.`, extra);
}

/** Says which channel a reply is about when the team has several and the command named none. */
function withChannelNote(reply: Reply, channel: string, style: UsageStyle): Reply {
  if (reply.kind !== 'result') return reply;
  const other = style === 'cli' ? '--channel NAME' : 'channel:NAME';
  const note = { label: 'Channel', value: `${channel} (the team’s default; ${other} for another)` };
  return { ...reply, fields: [note, ...(reply.fields ?? [])] };
}

function unknownCommandReply(ctx: CommandContext, name: string): Reply {
  const closest = closestName(
    name.replace(/^\//, ''),
    ctx.commands.map((command) => command.name),
  );
  const prefix = ctx.surface === 'cli' ? 'tubepilot ' : '/';
  return errorReply(
    'Unknown command',
    `There is no command "${name}".${closest ? ` Did you mean ${prefix}${closest}?` : ''}`,
    {
      fields: [{ label: 'Commands', value: ctx.commands.map((command) => `${prefix}${command.name}`).join(', ') }],
      followUps: [{ label: 'Help', command: `${prefix}help` }],
    },
  );
}
