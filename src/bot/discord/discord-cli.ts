import { parseArgs } from 'node:util';
import type { Config } from '../../core/config.js';
import { createDiscordRest } from './discord-poster.js';
import { registerDiscordCommands } from './register-commands.js';

export const DISCORD_CLI_USAGE =
  'Usage: tubepilot discord register [--guild ID]\n' +
  '  Registers every chat command with Discord: in one server with --guild (instant, for development),\n' +
  '  else globally. Sends nothing when Discord already has the same commands.\n' +
  '  Needs DISCORD_TOKEN and DISCORD_APPLICATION_ID.';

/** `tubepilot discord …`: the operator's Discord tasks. Returns what to print and the exit code. */
export async function runDiscordCli(args: string[], config: Config): Promise<{ text: string; exitCode: number }> {
  const { values, positionals } = parseArgs({
    args,
    options: { guild: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help || positionals[0] !== 'register') return { text: DISCORD_CLI_USAGE, exitCode: values.help ? 0 : 1 };
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    return { text: `DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set.\n${DISCORD_CLI_USAGE}`, exitCode: 2 };
  }
  const result = await registerDiscordCommands(createDiscordRest(config), {
    applicationId: config.DISCORD_APPLICATION_ID,
    ...(values.guild ? { guildId: values.guild } : {}),
  });
  const where =
    result.scope === 'guild' ? `server ${values.guild}` : 'all servers (global; may take up to an hour to show)';
  return {
    text: result.changed
      ? `Registered ${result.count} commands for ${where}.`
      : `Discord already has these ${result.count} commands for ${where}; nothing sent.`,
    exitCode: 0,
  };
}
