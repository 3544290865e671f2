import type { Config } from '../../core/config.js';

/**
 * CLI commands that are a process of their own rather than a command on the team's data: they take their
 * arguments as typed and need no team session. Adding one is one entry; its module loads only when it runs.
 */
export interface ProcessCommand {
  name: string;
  /** As help shows it, e.g. `discord register`. */
  usage: string;
  description: string;
  run(args: string[], config: Config): Promise<number>;
}

export const processCommands: readonly ProcessCommand[] = [
  {
    name: 'discord',
    usage: 'discord register',
    description: 'Register or update the slash commands with Discord (only changes)',
    run: async (args, config) => {
      const { runDiscordCli } = await import('../discord/discord-cli.js');
      const { text, exitCode } = await runDiscordCli(args, config);
      process.stdout.write(`${text}\n`);
      return exitCode;
    },
  },
  {
    name: 'worker',
    usage: 'worker [--cron "* * * * *"]',
    description: 'Run only the cycle (refresh, strategy, digests), no chat: beside the bot or instead of it',
    run: async (args, config) => (await import('../../jobs/worker.js')).workerCli(args, config),
  },
];
