import { z } from 'zod';
import type { Reply } from '../reply.js';
import { type AiDeps, llmEnabled } from './groq-client.js';
import { write } from './writer.js';

// Answers a question asked in a chat thread that was opened on an insight or a digest. The thread's
// context (what was posted) is stored with it; the answer is grounded in those figures only.

/** What a discussion thread is about: stored in ConversationThread.context. */
export interface ThreadContext {
  title: string;
  summary?: string;
  channelName?: string;
  /** The statements with figures the thread was opened on, e.g. "retention at 5 s 71% vs channel median 58%". */
  facts: string[];
}

const STOP_WORDS = new Set([
  'the',
  'a',
  'an',
  'is',
  'are',
  'and',
  'or',
  'of',
  'to',
  'in',
  'on',
  'for',
  'why',
  'what',
  'how',
  'does',
  'do',
  'it',
  'this',
  'that',
]);

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 1 && !STOP_WORDS.has(word)),
  );
}

/** Without an LLM: the facts of the thread that share words with the question, most overlapping first. */
export function answerFollowUpOffline(context: ThreadContext, question: string): Reply {
  const asked = words(question);
  const relevant = context.facts
    .map((fact) => ({ fact, overlap: [...words(fact)].filter((word) => asked.has(word)).length }))
    .filter(({ overlap }) => overlap > 0)
    .sort((a, b) => b.overlap - a.overlap)
    .map(({ fact }) => fact);
  const shown = relevant.length > 0 ? relevant : context.facts;
  return {
    kind: 'result',
    title: `Re: ${context.title}`,
    summary:
      relevant.length > 0
        ? 'What the numbers in this thread say about that:'
        : 'I can only answer from the figures this thread was opened on; here they are:',
    labels: ['offline (no LLM)'],
    sections: [{ heading: 'Figures', list: shown.slice(0, 10) }],
    followUps: [{ label: 'Full analysis', command: '/trends' }],
  };
}

const followUpSchema = z.object({
  answer: z.string().trim().min(1).max(1200).describe('the answer, from the thread’s facts only'),
  facts: z.array(z.string()).max(10).describe('the facts of the thread the answer rests on, copied exactly'),
});

type FollowUpWords = z.infer<typeof followUpSchema>;

function unknownFacts(context: ThreadContext, words: FollowUpWords): string[] {
  const known = new Set(context.facts);
  const unknown = words.facts.filter((fact) => !known.has(fact));
  return unknown.length
    ? [`facts must be copied exactly from the thread's facts; not found: ${unknown.join(' | ')}`]
    : [];
}

/**
 * A follow-up question in a thread: the LLM answers from the thread's facts when a key is set (every number it
 * states checked against them), the offline answer otherwise or once today's budget is spent.
 */
export async function answerFollowUp(
  deps: AiDeps,
  input: { channelId?: number; context: ThreadContext; question: string },
): Promise<Reply> {
  const { context, question } = input;
  if (!llmEnabled(deps.config)) return answerFollowUpOffline(context, question);
  const written = await write(deps, {
    purpose: 'follow-up',
    channelId: input.channelId,
    schemaName: 'follow_up_answer',
    schema: followUpSchema,
    role: 'You answer a YouTube team’s question in a chat thread about figures TubePilot posted.',
    instructions:
      'Answer the question in the data block using only the thread’s facts. If they do not answer it, say so and say which figure would. List the facts you used, copied exactly.',
    data: { thread: context, question },
    texts: (words) => [words.answer],
    check: (words) => unknownFacts(context, words),
    offline: () => {
      const offline = answerFollowUpOffline(context, question);
      return { answer: offline.summary ?? '', facts: offline.sections?.[0]?.list ?? [] };
    },
  });
  return {
    kind: 'result',
    title: `Re: ${context.title}`,
    summary: written.value.answer,
    labels: [written.label],
    sections: [
      ...(written.value.facts.length ? [{ heading: 'Figures', list: written.value.facts }] : []),
      ...(written.note ? [{ heading: 'Note', text: written.note }] : []),
    ],
    followUps: [{ label: 'Full analysis', command: '/trends' }],
  };
}
