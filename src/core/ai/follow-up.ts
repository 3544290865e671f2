import type { Reply } from '../reply.js';

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
