import type { Reply } from '../../core/reply.js';
import { processCommands } from '../cli/process-commands.js';
import type { CommandInfo } from './command.js';
import { findCommand } from './command-catalog.js';
import { closestName } from './did-you-mean.js';
import { describeOptions, formatUsage, type UsageStyle } from './usage.js';

// Help is pure and needs only what the command catalog holds, so `tubepilot --help` loads no handler.

/** The list of commands, or one command explained. Pure, so `--help` works without a database. */
export function helpReply(commands: readonly CommandInfo[], style: UsageStyle, name?: string): Reply {
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
  const prefix = { slash: '/', slack: '/tubepilot ', cli: 'tubepilot ' }[style];
  const closest =
    name === undefined
      ? undefined
      : closestName(
          name.replace(/^\//, ''),
          commands.map((item) => item.name),
        );
  const extra = style === 'cli' ? processCommands.map(({ usage, description }) => ({ name: usage, description })) : [];
  // Names only: every option of every command on one screen made the list 288 columns wide; `help NAME` has them.
  return {
    kind: name === undefined ? 'result' : 'error',
    title: 'TubePilot commands',
    summary:
      name === undefined
        ? `What makes your videos work, with numbers. ${style === 'cli' ? 'Add --json for machine-readable output.' : 'Options go as name:value.'}`
        : `There is no command "${name}".${closest ? ` Did you mean ${prefix}${closest}?` : ''} These are the commands:`,
    sections: [
      {
        heading: 'Commands',
        // A list, not a table: it wraps on a phone, where a monospace table of descriptions does not.
        list: [...commands, ...extra].map((item) => `${prefix}${item.name} — ${item.description}`),
      },
    ],
    followUps: [{ label: 'Options of one', command: `${prefix}help stats` }],
    data: { commands: commands.map((item) => item.name) },
  };
}
