import type { Reply } from '../../core/reply.js';
import { type Command, defineCommand, option } from './command.js';
import { findCommand } from './execute-command.js';
import { describeOptions, formatUsage, type UsageStyle, usageStyle } from './usage.js';

export const helpCommand = defineCommand({
  name: 'help',
  description: 'List the commands, or explain one',
  options: { command: option.string('Command to explain') },
  positional: 'command',
  scope: 'chat',
  async run(ctx, { command: name }): Promise<Reply> {
    return helpReply(ctx.commands, usageStyle(ctx.surface), name);
  },
});

/** The list of commands, or one command explained. Pure, so `--help` works without a database. */
export function helpReply(commands: readonly Command[], style: UsageStyle, name?: string): Reply {
  const command = name === undefined ? undefined : findCommand(commands, name);
  if (command) {
    return {
      kind: 'result',
      title: `Help: ${command.name}`,
      summary: command.description,
      fields: [{ label: 'Usage', value: formatUsage(command, style) }],
      sections: [
        ...(Object.keys(command.options).length ? [{ heading: 'Options', list: describeOptions(command) }] : []),
        ...(command.examples?.length ? [{ heading: 'Examples', list: command.examples }] : []),
      ],
      data: { command: command.name, usage: formatUsage(command, style) },
    };
  }
  return {
    kind: name === undefined ? 'result' : 'error',
    title: 'TubePilot commands',
    summary:
      name === undefined
        ? `What makes your videos work, with numbers. ${style === 'cli' ? 'Add --json for machine-readable output.' : 'Options go as name:value.'}`
        : `There is no command "${name}". These are the commands:`,
    sections: [
      {
        heading: 'Commands',
        table: {
          columns: ['Command', 'What it does'],
          rows: commands.map((item) => [formatUsage(item, style), item.description]),
        },
      },
    ],
    followUps: [{ label: 'Explain one', command: style === 'cli' ? 'tubepilot help stats' : '/help stats' }],
    data: { commands: commands.map((item) => item.name) },
  };
}
