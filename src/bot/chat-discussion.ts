import type { ChatPoster } from '../core/chat/chat-poster.js';
import { type DiscussionTarget, openDiscussion } from '../core/chat/discussions.js';
import type { Reply } from '../core/reply.js';
import type { CommandContext } from './commands/command.js';

/**
 * Opens the discussion thread on a posted reply. The answer is already posted, so a failure here (no
 * permission to create threads, chat outage) is logged and does not turn the command into an error.
 */
export async function startDiscussion(
  ctx: CommandContext,
  poster: ChatPoster,
  target: Omit<DiscussionTarget, 'channelId'>,
  reply: Reply,
): Promise<string | undefined> {
  try {
    const channelId = await replyChannelId(ctx, reply);
    return await openDiscussion(ctx.db, poster, { ...target, ...(channelId ? { channelId } : {}) }, reply);
  } catch (error) {
    ctx.log.warn({ err: error, messageRef: target.messageRef }, 'could not open a discussion thread');
    return undefined;
  }
}

/** The team's YouTube channel a reply is about, read from its data (`channel` as a name or `{ name }`). */
async function replyChannelId(ctx: CommandContext, reply: Reply): Promise<number | undefined> {
  const channel = (reply.data as { channel?: unknown } | undefined)?.channel;
  const name = typeof channel === 'string' ? channel : (channel as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string') return undefined;
  const found = await ctx.db.channel.findFirst({ where: { teamId: ctx.team.id, name }, select: { id: true } });
  return found?.id;
}
