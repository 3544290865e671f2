import type { ChatPlatform, ChatPoster } from '../core/chat/chat-poster.js';
import {
  answerInDiscussion,
  type DiscussionTarget,
  openDiscussion,
  openOfferedDiscussion,
} from '../core/chat/discussions.js';
import { errorReply, type Reply } from '../core/reply.js';
import type { ChatDeps } from './chat-context.js';
import type { CommandContext } from './commands/command.js';
import { unexpectedErrorReply } from './commands/execute-command.js';

// Discussion threads in chat: opened on a command's answer, and questions asked in them answered there.

/**
 * Opens the discussion thread on a posted reply. The answer is already posted, so a failure here (no
 * permission to create threads, chat outage) is logged and does not turn the command into an error.
 */
export async function startDiscussion(
  ctx: CommandContext,
  poster: ChatPoster,
  target: Omit<DiscussionTarget, 'channelId' | 'channelName'>,
  reply: Reply,
): Promise<string | undefined> {
  const { channel } = reply;
  try {
    return await openDiscussion(
      ctx.db,
      poster,
      { ...target, ...(channel ? { channelId: channel.id, channelName: channel.name } : {}) },
      reply,
    );
  } catch (error) {
    ctx.log.warn({ err: error, messageRef: target.messageRef }, 'could not open a discussion thread');
    return undefined;
  }
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

export interface DiscussClick {
  platform: ChatPlatform;
  /** The Discord guild or Slack workspace of the message clicked. */
  teamExternalId: string;
  /** The clicker's own workspace, when the platform says (Slack Connect lets other workspaces' people in). */
  clickerTeamExternalId?: string;
  roomId: string;
  messageRef: string;
}

/**
 * The private answer to a click on Discuss: the thread it opened, or the one already open (a message holds
 * one thread), or why there is none. `pointTo` names a thread as the platform shows it.
 */
export async function answerDiscussClick(
  deps: ChatDeps,
  poster: ChatPoster,
  click: DiscussClick,
  pointTo: (threadRef: string) => string,
): Promise<Reply> {
  const notYours = errorReply('Nothing to discuss here', 'This message offers no discussion to your team.', {
    fields: [{ label: 'What to do', value: 'Discuss works on your own team’s insights, in its rooms.' }],
  });
  if (click.clickerTeamExternalId !== undefined && click.clickerTeamExternalId !== click.teamExternalId)
    return notYours;
  try {
    const team = await deps.db.team.findUnique({
      where: { platform_externalId: { platform: click.platform, externalId: click.teamExternalId } },
      select: { id: true },
    });
    if (!team) return notYours;
    const result = await openOfferedDiscussion(deps.db, poster, {
      teamId: team.id,
      roomId: click.roomId,
      messageRef: click.messageRef,
    });
    if (result.outcome === 'unknown') return notYours;
    const where = pointTo(result.threadRef);
    return result.outcome === 'opened'
      ? {
          kind: 'result',
          title: 'Discussion opened',
          summary: `Ask in ${where}: TubePilot answers there from this insight’s figures.`,
          private: true,
        }
      : {
          kind: 'result',
          title: 'Already under discussion',
          summary: `This insight has its thread: ${where}. Ask there.`,
          private: true,
        };
  } catch (error) {
    return unexpectedErrorReply(deps.log, error, 'discuss', deps.config.DATABASE_URL);
  }
}
