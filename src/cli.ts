// `npm run tubepilot -- <command> [options] [--json]`: every command of the registry as a CLI subcommand.
import { join, resolve } from 'node:path';
import { commandSocketPath, ForwardingUnavailableError, forwardCommand } from './bot/cli/command-socket.js';
import { renderJson } from './bot/cli/render-json.js';
import { renderTerminal } from './bot/cli/render-terminal.js';
import { saveReplyImages } from './bot/cli/save-images.js';
import type { Command } from './bot/commands/command.js';
import { readArguments, UsageError } from './bot/commands/command-input.js';
import { type CommandInput, executeCommand, findCommand } from './bot/commands/execute-command.js';
import { helpReply } from './bot/commands/help.js';
import { commandsFor } from './bot/commands/registry.js';
import { runDiscordCli } from './bot/discord/discord-cli.js';
import { openLocalSession, type Session } from './bot/session.js';
import { startupConfig } from './bot/startup-config.js';
import { DataDirLockedError } from './core/db/data-dir-lock.js';
import { createLogger } from './core/logger.js';
import type { Reply } from './core/reply.js';

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  const words = argv.filter((word) => word !== '--json' && word !== '--help' && word !== '-h');
  const [name, ...rest] = words;
  const commands = commandsFor('cli');
  const print = async (reply: Reply, imageDir?: string) => {
    const imagePaths = imageDir && !json ? await saveReplyImages(reply, imageDir) : {};
    process.stdout.write(
      `${json ? renderJson(reply) : renderTerminal(reply, { color: Boolean(process.stdout.isTTY), imagePaths, width: process.stdout.columns })}\n`,
    );
    return reply.kind === 'error' ? 1 : 0;
  };

  // The cycle alone, without chat adapters; loaded only when asked for.
  if (name === 'worker') return (await import('./jobs/worker.js')).workerCli(rest);

  if (name === 'discord') {
    const config = startupConfig();
    if (!config) return 2;
    const { text, exitCode } = await runDiscordCli(argv.slice(1), config);
    process.stdout.write(`${text}\n`);
    return exitCode;
  }

  // Help needs no database, so it answers at once even on a machine that has none yet.
  if (name === undefined || name === 'help' || (wantsHelp && findCommand(commands, name))) {
    const topic = name === 'help' ? rest[0] : name;
    return print(helpReply(commands, 'cli', topic));
  }

  const config = startupConfig();
  if (!config) return 2;
  const log = createLogger(config.LOG_LEVEL);
  let session: Session;
  try {
    session = await openLocalSession({ config, log, surface: 'cli', holder: `tubepilot ${name}` });
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    return forwardToHolder(error, findCommand(commands, name), name, rest, print, config.DATA_DIR);
  }
  try {
    const reply = await executeCommand(session.ctx, name, { words: rest });
    return await print(reply, join(config.DATA_DIR, 'replies'));
  } finally {
    await session.close();
  }
}

/**
 * The data folder is held by a running bot or console: the command runs there, through its socket, and its
 * reply is printed here as if it had run here. Without a socket that answers, the holder's details and what
 * to do (exit status 3).
 */
async function forwardToHolder(
  locked: DataDirLockedError,
  command: Command | undefined,
  name: string,
  words: string[],
  print: (reply: Reply, imageDir?: string) => Promise<number>,
  dataDir: string,
): Promise<number> {
  // Paths are the operator's, relative to this shell, not to the directory the bot was started in.
  let input: CommandInput = { words };
  if (command) {
    try {
      const values = readArguments(command, words);
      for (const [key, value] of Object.entries(values))
        if (command.options[key]?.kind === 'path' && typeof value === 'string') values[key] = resolve(value);
      input = { values };
    } catch (error) {
      if (!(error instanceof UsageError)) throw error; // the holder answers with the same usage message
    }
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

process.exitCode = await main(process.argv.slice(2));
