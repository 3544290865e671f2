import type { Reply } from '../../core/reply.js';
import { connectViaLoopback } from '../../core/youtube/oauth-loopback.js';
import { defineCommand, option } from './command.js';

export const authCommand = defineCommand({
  name: 'auth',
  description: 'Connect a YouTube channel from this machine: opens Google sign-in, stores the token encrypted',
  options: {
    service: option.choice('What to connect', ['youtube'], { required: true }),
    channel: option.string('Name to use for the channel (default: its handle)'),
  },
  positional: 'service',
  scope: 'operator',
  examples: ['tubepilot auth youtube', 'tubepilot auth youtube --channel kitchen'],
  async run(ctx, { channel }): Promise<Reply> {
    const say = ctx.notify ?? ((line: string) => ctx.log.info(line));
    const connected = await connectViaLoopback(
      { db: ctx.db, config: ctx.config, log: ctx.log, now: ctx.now },
      {
        teamId: ctx.team.id,
        channelName: channel,
        onUrl: (url) => say(`Open this link in a browser on this machine and allow access:\n\n  ${url}\n\nWaiting…`),
      },
    );
    return {
      kind: 'result',
      title: `Connected ${connected.title}`,
      summary: `The channel is "${connected.channelName}" here; its refresh token is stored encrypted.`,
      followUps: [{ label: 'Fetch its videos', command: `tubepilot refresh --channel ${connected.channelName}` }],
      data: connected,
    };
  },
});
