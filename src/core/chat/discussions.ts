import { answerFollowUp, type ThreadContext } from '../ai/follow-up.js';
import type { AiDeps } from '../ai/groq-client.js';
import type { Db } from '../db/database.js';
import type { DiscussAction, Reply } from '../reply.js';
import type { ChatPlatform, ChatPoster } from './chat-poster.js';

// Discussion threads opened on a reply (an insight, a digest): the thread remembers what it was opened on,
// and questions asked in it are answered from that context. A thread may also be only offered: the message
// carries a Discuss button, and the thread opens when someone clicks it (once: a message holds one thread).

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
  /** Its name, when the caller has it (saves reading it back). */
  channelName?: string;
}

/** Opens a thread on a posted reply and remembers what it is about; returns the thread's ref. */
export async function openDiscussion(
  db: Db,
  poster: ChatPoster,
  target: DiscussionTarget,
  reply: Reply,
): Promise<string> {
  const threadRef = await poster.openThread(target.roomId, target.messageRef, reply.title);
  const channelName =
    target.channelName ??
    (target.channelId
      ? (await db.channel.findUnique({ where: { id: target.channelId }, select: { name: true } }))?.name
      : undefined);
  const context = threadContextOf(reply, channelName);
  // One statement, in SQL: every discussable answer in chat writes one, and Prisma's upsert cost about twice
  // the CPU (its query building), a tenth of a cached /stats. A thread opened again keeps its row, new context.
  await db.$executeRaw`
    INSERT INTO "ConversationThread" ("platform", "threadRef", "teamId", "channelId", "context", "createdAt")
    VALUES (${poster.platform}::"Platform", ${poster.threadKey(target.roomId, threadRef)}, ${target.teamId},
      ${target.channelId ?? null}::integer, ${JSON.stringify(context)}::jsonb, ${new Date()}::timestamp(3))
    ON CONFLICT ("platform", "threadRef") DO UPDATE SET "context" = EXCLUDED."context"`;
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

/** The button under a message whose discussion is offered. */
export const DISCUSS_ACTION: DiscussAction = { id: 'discuss', label: 'Discuss', discuss: true };

export interface OfferedDiscussion {
  teamId: number;
  channelId: number;
  roomId: string;
  /** The posted message (with the Discuss button) the thread will be opened on. */
  messageRef: string;
  /** The thread's name when it opens. */
  name: string;
  context: object;
}

/**
 * Remembers what a posted message's discussion is about, to open it on a click. Stored under the message's
 * own ref, which is its thread's ref on Discord and Slack; a repeat (a retried post) keeps the first.
 */
export async function offerDiscussion(db: Db, poster: ChatPoster, offered: OfferedDiscussion): Promise<void> {
  await db.conversationThread.createMany({
    data: [
      {
        platform: poster.platform,
        threadRef: poster.threadKey(offered.roomId, offered.messageRef),
        teamId: offered.teamId,
        channelId: offered.channelId,
        context: offered.context,
        pendingName: offered.name,
      },
    ],
    skipDuplicates: true,
  });
}

export type DiscussClick =
  | { outcome: 'opened' | 'already-open'; threadRef: string }
  /** No discussion of this team on that message (another team's, or a message that offers none). */
  | { outcome: 'unknown' };

/**
 * A click on Discuss under a message of the team's: opens its thread, or, when it is open already (an earlier
 * click, or two at once), says where. Only one click can claim the opening; a failed opening is released.
 */
export async function openOfferedDiscussion(
  db: Db,
  poster: ChatPoster,
  click: { teamId: number; roomId: string; messageRef: string },
): Promise<DiscussClick> {
  const key = poster.threadKey(click.roomId, click.messageRef);
  const thread = await db.conversationThread.findUnique({
    where: { platform_threadRef: { platform: poster.platform, threadRef: key } },
    select: { id: true, teamId: true, pendingName: true },
  });
  if (!thread || thread.teamId !== click.teamId) return { outcome: 'unknown' };
  const name = thread.pendingName;
  const claimed =
    name !== null &&
    (
      await db.conversationThread.updateMany({
        where: { id: thread.id, pendingName: name },
        data: { pendingName: null },
      })
    ).count === 1;
  if (!claimed) return { outcome: 'already-open', threadRef: click.messageRef };
  try {
    return { outcome: 'opened', threadRef: await poster.openThread(click.roomId, click.messageRef, name) };
  } catch (error) {
    await db.conversationThread.update({ where: { id: thread.id }, data: { pendingName: name } });
    throw error;
  }
}
