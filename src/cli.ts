// `tubepilot <command> [options] [--json]`: every command of the registry as a CLI subcommand.
// Only what the command line asks for is loaded: help comes from the command catalog (no handler, database
// or SDK), and a command loads its own module and the database only once it is known to exist.
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { commandSocketPath, ForwardingUnavailableError, forwardCommand } from './bot/cli/command-socket.js';
import { processCommands } from './bot/cli/process-commands.js';
import { renderJson } from './bot/cli/render-json.js';
import { renderTerminal } from './bot/cli/render-terminal.js';
import { saveReplyImages } from './bot/cli/save-images.js';
import { shortLivedV8Flags } from './bot/cli/v8-flags.js';
import type { Command } from './bot/commands/command.js';
import { commandCatalog, findCommand, loadCommand } from './bot/commands/command-catalog.js';
import { readArguments, UsageError } from './bot/commands/command-input.js';
import type { CommandInput } from './bot/commands/execute-command.js';
import { helpReply } from './bot/commands/help-reply.js';
import type { Session } from './bot/session.js';
import { DataDirLockedError } from './core/db/data-dir-lock.js';
import { DatabaseTooNewError } from './core/db/database-too-new.js';
import type { Reply } from './core/reply.js';

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  const words = argv.filter((word) => word !== '--json' && word !== '--help' && word !== '-h');
  const [name, ...rest] = words;
  const print = async (reply: Reply, imageDir?: string) => {
    const imagePaths = imageDir && !json ? await saveReplyImages(reply, imageDir) : {};
    process.stdout.write(
      `${json ? renderJson(reply) : renderTerminal(reply, { color: Boolean(process.stdout.isTTY), imagePaths, width: process.stdout.columns })}\n`,
    );
    return reply.kind === 'error' ? 1 : 0;
  };

  const processCommand = processCommands.find((command) => command.name === name);
  if (processCommand) {
    const config = await startupConfig();
    return config ? processCommand.run(argv.slice(1), config) : 2;
  }
  // One command, then exit: V8's defaults suit a long-running process such as the worker above, not this
  // (v8-flags.ts). Set before the database's WebAssembly is compiled.
  for (const flag of shortLivedV8Flags(process.versions.v8)) setFlagsFromString(flag);

  // Help, and an unknown name (answered with the list and the closest name), need no database, so they
  // answer at once even on a machine that has none yet.
  const catalog = await commandCatalog('cli');
  if (name === undefined || name === 'help' || wantsHelp || !findCommand(catalog, name)) {
    const topic = name === 'help' ? rest[0] : name;
    return print(helpReply(catalog, 'cli', topic));
  }

  const config = await startupConfig();
  if (!config) return 2;
  const [command, { lazyLogger }, { openLocalSession }, { executeCommand }] = await Promise.all([
    loadCommand(name),
    import('./core/logger.js'),
    import('./bot/session.js'),
    import('./bot/commands/execute-command.js'),
  ]);
  if (!command) throw new Error(`The command catalog lists "${name}" but no module has it: run \`npm run build\`.`);
  const log = lazyLogger(config.LOG_LEVEL);
  let session: Session;
  try {
    session = await openLocalSession({
      config,
      log,
      surface: 'cli',
      holder: `tubepilot ${name}`,
      commands: [command],
      shortLived: true,
    });
  } catch (error) {
    if (error instanceof DatabaseTooNewError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (!(error instanceof DataDirLockedError)) throw error;
    return forwardToHolder(error, command, name, rest, print, config.DATA_DIR);
  }
  try {
    const reply = await executeCommand(session.ctx, name, { words: rest });
    return await print(reply, join(config.DATA_DIR, 'replies'));
  } finally {
    await session.close();
  }
}

/** The configuration (zod and the schema load only here, after help), or undefined once its problems are printed. */
async function startupConfig() {
  return (await import('./bot/startup-config.js')).startupConfig();
}

/**
 * The data folder is held by a running bot or console: the command runs there, through its socket, and its
 * reply is printed here as if it had run here. Without a socket that answers, the holder's details and what
 * to do (exit status 3).
 */
async function forwardToHolder(
  locked: DataDirLockedError,
  command: Command,
  name: string,
  words: string[],
  print: (reply: Reply, imageDir?: string) => Promise<number>,
  dataDir: string,
): Promise<number> {
  // Paths are the operator's, relative to this shell, not to the directory the bot was started in.
  let input: CommandInput = { words };
  try {
    const values = readArguments(command, words);
    for (const [key, value] of Object.entries(values))
      if (command.options[key]?.kind === 'path' && typeof value === 'string') values[key] = resolve(value);
    input = { values };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error; // the holder answers with the same usage message
  }
  try {
    const reply = await forwardCommand(commandSocketPath(dataDir), { name, input }, (line) =>
      process.stderr.write(`${line}\n`),
    );
    process.stderr.write(`(ran in the TubePilot process ${locked.holder.pid}, which holds the data folder)\n`);
    return await print(reply, join(dataDir, 'replies'));
  } catch (error) {
    if (!(error instanceof ForwardingUnavailableError)) throw error;
    process.stderr.write(`${locked.message}\n(The command could not be handed to it: ${error.message}.)\n`);
    return 3;
  }
}

const code = await main(process.argv.slice(2));
// Exit now rather than once the event loop drains: V8's background threads would go on compiling code this
// process never runs again (~0.03 s CPU of a command). Only when every line is out: a pipe may still be
// buffering output on some systems.
if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
process.exitCode = code;
