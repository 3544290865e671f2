import { UserError } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import { beginConnect, YOUTUBE_CALLBACK_PATH } from '../../core/youtube/oauth-connect.js';
import { defineCommand, option } from './command.js';

export const connectCommand = defineCommand({
  name: 'connect',
  description: 'Connect a YouTube channel: get a link to give TubePilot read access',
  options: {
    name: option.string('Name to use for the channel here (default: its handle)'),
  },
  positional: 'name',
  scope: 'chat',
  permission: 'manage',
  examples: ['/connect', '/connect name:kitchen'],
  async run(ctx, { name }): Promise<Reply> {
    const publicUrl = ctx.config.PUBLIC_URL;
    if (!publicUrl) {
      throw new UserError(
        'Cannot connect from chat yet',
        "Google must send the browser back to the bot, and the bot's public address (PUBLIC_URL) is not set.",
        'The operator sets PUBLIC_URL, or connects on the bot machine with `tubepilot auth youtube`.',
      );
    }
    const redirectUri = new URL(YOUTUBE_CALLBACK_PATH, publicUrl).href;
    const { url } = await beginConnect(
      ctx.db,
      ctx.config,
      {
        teamId: ctx.team.id,
        channelName: name,
        platform: ctx.room?.platform ?? 'console',
        roomId: ctx.room?.roomId,
        userId: ctx.user?.id,
        redirectUri,
      },
      ctx.now(),
    );
    return {
      kind: 'result',
      title: 'Connect a YouTube channel',
      summary:
        'Open the link, sign in with the Google account that owns the channel and allow read access to its videos and analytics. The link works once, for 15 minutes.',
      fields: [
        { label: 'Link', value: url },
        { label: 'Access asked for', value: 'YouTube (read only) and YouTube Analytics (read only)' },
      ],
      data: { url },
    };
  },
});
