import type { ChatPoster } from '../../src/core/chat/chat-poster.js';
import { DISCUSS_ACTION, offerDiscussion } from '../../src/core/chat/discussions.js';
import type { Db } from '../../src/core/db/database.js';

/**
 * An insight posted into a room as the daily cycle posts it (daily-cycle.ts): a message of its own with a
 * Discuss button, its discussion offered under the message. Returns the message's ref.
 */
export async function postInsight(
  poster: ChatPoster,
  db: Db,
  insight: { teamId: number; roomId: string; summary: string },
): Promise<string> {
  const channel = await db.channel.findFirstOrThrow({ where: { teamId: insight.teamId }, orderBy: { id: 'asc' } });
  const { messageRef } = await poster.postToRoom(insight.roomId, {
    kind: 'result',
    title: insight.summary,
    summary: 'From 24 videos (topic). Discuss opens a thread to ask about it.',
    actions: [DISCUSS_ACTION],
  });
  await offerDiscussion(db, poster, {
    teamId: insight.teamId,
    channelId: channel.id,
    roomId: insight.roomId,
    messageRef,
    name: `Insight: ${insight.summary}`,
    context: {
      kind: 'insight',
      title: insight.summary,
      summary: insight.summary,
      channelName: channel.name,
      facts: [insight.summary, 'Videos behind it: 24 (topic)'],
    },
  });
  return messageRef;
}
