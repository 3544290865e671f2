import { answerFollowUp, type ThreadContext } from '../ai/follow-up.js';
import type { AiDeps } from '../ai/groq-client.js';
import type { Db } from '../db/database.js';
import type { Reply } from '../reply.js';
import type { ChatPlatform, ChatPoster } from './chat-poster.js';

// Discussion threads opened on a reply (an insight, a digest): the thread remembers what it was opened on,
// and questions asked in it are answered from that context.

const MAX_FACTS = 40;

/** The statements with figures a reply makes, for answering follow-up questions about it. */
export function threadContextOf(reply: Reply, channelName?: string): ThreadContext {
  const facts = [
    ...(reply.fields ?? []).map((field) => `${field.label}: ${field.value}`),
    ...(reply.sections ?? []).flatMap((section) => [
      ...(section.text ? [`${section.heading}: ${section.text}`] : []),
      ...(section.list ?? []).map((item) => `${section.heading}: ${item}`),
      ...(section.table?.rows ?? []).map((row) => `${section.heading}: ${row.join(' · ')}`),
    ]),
  ];
  return {
    title: reply.title,
    ...(reply.summary ? { summary: reply.summary } : {}),
    ...(channelName ? { channelName } : {}),
    facts: facts.slice(0, MAX_FACTS),
  };
}

export interface DiscussionTarget {
  teamId: number;
  roomId: string;
  /** The posted message the thread is opened on. */
  messageRef: string;
  /** The YouTube channel the reply is about, when known. */
  channelId?: number;
}

/** Opens a thread on a posted reply and remembers what it is about; returns the thread's ref. */
export async function openDiscussion(
  db: Db,
  poster: ChatPoster,
  target: DiscussionTarget,
  reply: Reply,
): Promise<string> {
  const threadRef = await poster.openThread(target.roomId, target.messageRef, reply.title);
  const channelName = target.channelId
    ? (await db.channel.findUnique({ where: { id: target.channelId }, select: { name: true } }))?.name
    : undefined;
  const context = threadContextOf(reply, channelName);
  await db.conversationThread.upsert({
    where: {
      platform_threadRef: {
        platform: poster.platform,
        threadRef: poster.threadKey(target.roomId, threadRef),
      },
    },
    create: {
      platform: poster.platform,
      threadRef: poster.threadKey(target.roomId, threadRef),
      teamId: target.teamId,
      channelId: target.channelId ?? null,
      context: context as object,
    },
    update: { context: context as object },
  });
  return threadRef;
}

export interface ThreadQuestion {
  platform: ChatPlatform;
  teamId: number;
  /** The thread's key, as the platform's poster names it (`ChatPoster.threadKey`). */
  threadKey: string;
  question: string;
}

/** The answer to a question asked in a discussion thread of this team, or undefined for any other thread. */
export async function answerInDiscussion(deps: AiDeps, asked: ThreadQuestion): Promise<Reply | undefined> {
  const { db } = deps;
  const thread = await db.conversationThread.findUnique({
    where: {
      platform_threadRef: {
        platform: asked.platform,
        threadRef: asked.threadKey,
      },
    },
    select: { teamId: true, channelId: true, context: true },
  });
  if (!thread || thread.teamId !== asked.teamId) return undefined;
  // The one place a follow-up is answered: by the LLM when one is configured, grounded in the thread's figures.
  return answerFollowUp(deps, {
    channelId: thread.channelId ?? undefined,
    context: thread.context as unknown as ThreadContext,
    question: asked.question,
  });
}
