import type { ChatPlatform, ChatPoster } from '../core/chat/chat-poster.js';
import { answerInDiscussion, type DiscussionTarget, openDiscussion } from '../core/chat/discussions.js';
import type { Reply } from '../core/reply.js';
import type { ChatDeps } from './chat-context.js';
import type { CommandContext } from './commands/command.js';

// Discussion threads in chat: opened on a command's answer, and questions asked in them answered there.

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

export interface ThreadMessage {
  platform: ChatPlatform;
  /** Discord guild id or Slack workspace id. */
  teamExternalId: string;
  roomId: string;
  threadRef: string;
  text: string;
}

/**
 * A message a person wrote in a thread: answered in the thread when it is one of the team's discussion
 * threads, ignored otherwise. Returns whether it answered.
 */
export async function answerThreadMessage(
  deps: ChatDeps,
  poster: ChatPoster,
  message: ThreadMessage,
): Promise<boolean> {
  if (message.text.trim() === '') return false;
  const team = await deps.db.team.findUnique({
    where: { platform_externalId: { platform: message.platform, externalId: message.teamExternalId } },
    select: { id: true },
  });
  if (!team) return false;
  const reply = await answerInDiscussion(deps, {
    platform: message.platform,
    teamId: team.id,
    threadKey: poster.threadKey(message.roomId, message.threadRef),
    question: message.text,
  });
  if (!reply) return false;
  await poster.postToRoom(message.roomId, reply, { threadRef: message.threadRef });
  return true;
}
