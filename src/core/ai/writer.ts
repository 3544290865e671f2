// Words for the figures: Groq when a key is configured and today's budget allows, else an offline template
// filled by the analytics (also when Groq is down, for replies whose figures stand without the words). Both
// produce the same structure, and every reply says which one wrote it.

import type { z } from 'zod';
import { type AiDeps, llmEnabled } from './groq-client.js';
import { givenNumbers, ungroundedNumbers } from './number-grounding.js';
import { systemPrompt, userPrompt } from './prompt-data.js';
import { completeStructured, GroqUnavailable, LlmBudgetExhausted } from './structured-completion.js';

export const OFFLINE_WRITER = 'offline';
const OFFLINE_LABEL = 'offline (no LLM)';

export interface WritingTask<T> {
  purpose: string;
  channelId?: number;
  schemaName: string;
  schema: z.ZodType<T>;
  /** Who the model is for this task, one sentence after the common rules. */
  role: string;
  /** What to write, in words. */
  instructions: string;
  /** Every figure and text the words may use; numbers in the answer must come from here. */
  data: unknown;
  /** The answer's free texts whose numbers must be grounded in `data`. */
  texts: (value: T) => string[];
  /** Further problems (e.g. a repeated title); empty when fine. */
  check?: (value: T) => string[];
  /** The same structure from templates, for when no LLM is used. */
  offline: () => T;
  /** The reply's figures stand without these words: when Groq cannot be asked, the offline words answer. */
  offlineWhenUnavailable?: boolean;
}

export interface Written<T> {
  value: T;
  /** The model id, or "offline". */
  writer: string;
  /** Shown on replies: "offline (no LLM)" or "written by <model>". */
  label: string;
  llmCalls: number;
  /** Why the offline writer answered although a key is set. */
  note?: string;
}

/** Whether `given` holds each of `expected` exactly once (the model must cover every id, none twice). */
export function coversEachOnce(expected: readonly string[], given: readonly string[]): boolean {
  return JSON.stringify([...expected].sort()) === JSON.stringify([...given].sort());
}

export function writerLabel(writer: string): string {
  return writer === OFFLINE_WRITER ? OFFLINE_LABEL : `written by ${writer}`;
}

function offline<T>(task: WritingTask<T>, note?: string): Written<T> {
  return {
    value: task.offline(),
    writer: OFFLINE_WRITER,
    label: OFFLINE_LABEL,
    llmCalls: 0,
    ...(note ? { note } : {}),
  };
}

/** The numbers an answer's texts state that the data does not contain: the grounding check of every task. */
function numberProblems(data: unknown, texts: readonly string[]): string[] {
  const ungrounded = ungroundedNumbers(texts, givenNumbers(data));
  return ungrounded.length ? [`these numbers are not in the data: ${ungrounded.join(', ')}`] : [];
}

export async function write<T>(deps: AiDeps, task: WritingTask<T>): Promise<Written<T>> {
  if (!llmEnabled(deps.config)) return offline(task);
  try {
    const answer = await completeStructured(deps, {
      purpose: task.purpose,
      channelId: task.channelId,
      schemaName: task.schemaName,
      schema: task.schema,
      system: systemPrompt(task.role),
      user: userPrompt(task.instructions, task.data),
      problems: (value) => [...numberProblems(task.data, task.texts(value)), ...(task.check?.(value) ?? [])],
    });
    return { value: answer.value, writer: answer.model, label: writerLabel(answer.model), llmCalls: answer.calls };
  } catch (error) {
    if (error instanceof GroqUnavailable && task.offlineWhenUnavailable) {
      deps.log.warn({ purpose: task.purpose, reason: error.message }, 'groq unavailable; offline writer');
      return offline(
        task,
        `The AI writer is unavailable (${error.title}: ${error.message}); the offline writer answered.${error.hint ? ` ${error.hint}` : ''}`,
      );
    }
    if (!(error instanceof LlmBudgetExhausted)) throw error;
    deps.log.warn(
      { purpose: task.purpose, budget: error.budget, spent: error.spent },
      'llm budget spent; offline writer',
    );
    return offline(
      task,
      `Today's LLM budget (${error.budget.toLocaleString('en-US')} tokens) is spent; the offline writer answered. It resets at midnight UTC.`,
    );
  }
}
