// `npm run tubepilot -- <command> [options] [--json]`: every command of the registry as a CLI subcommand.
import { join } from 'node:path';
import { renderJson } from './bot/cli/render-json.js';
import { renderTerminal } from './bot/cli/render-terminal.js';
import { saveReplyImages } from './bot/cli/save-images.js';
import { executeCommand, findCommand } from './bot/commands/execute-command.js';
import { helpReply } from './bot/commands/help.js';
import { commandsFor } from './bot/commands/registry.js';
import { runDiscordCli } from './bot/discord/discord-cli.js';
import { openLocalSession } from './bot/session.js';
import { startupConfig } from './bot/startup-config.js';
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
  const session = await openLocalSession({ config, log, surface: 'cli' });
  try {
    const reply = await executeCommand(session.ctx, name, { words: rest });
    return await print(reply, join(config.DATA_DIR, 'replies'));
  } finally {
    await session.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
