import type { ChatPlatform, ChatPoster } from '../core/chat/chat-poster.js';
import { answerInDiscussion } from '../core/chat/discussions.js';
import type { ChatDeps } from './chat-context.js';

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
  const reply = await answerInDiscussion(deps.db, {
    platform: message.platform,
    teamId: team.id,
    roomId: message.roomId,
    threadRef: message.threadRef,
    question: message.text,
  });
  if (!reply) return false;
  await poster.postToRoom(message.roomId, reply, { threadRef: message.threadRef });
  return true;
}
