import type { Reply } from '../../core/reply.js';
import { defineCommand, option } from './command.js';
import { helpReply } from './help-reply.js';
import { usageStyle } from './usage.js';

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
