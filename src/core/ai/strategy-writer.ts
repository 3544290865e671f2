import { z } from 'zod';
import type { AiDeps } from './groq-client.js';
import { describeEvidence, type Evidence, type StrategyBasis } from './strategy-basis.js';
import { coversEachOnce, type Written, write } from './writer.js';

// The words of a content strategy. Rankings, effects, n and confidence stay in the basis; the writer explains
// each recommended or avoided topic, describes style and pacing, turns the best hooks into templates and
// phrases what to test next.

const text = z.string().trim().min(1).max(600);

const strategyWordsSchema = z.object({
  summary: text.describe('2–3 sentences: the strategy in short'),
  topics: z
    .array(z.object({ id: z.string(), why: text }))
    .describe('one entry per recommended or avoided topic id given, explaining it from its figures'),
  style: text.describe('content style: hook style, tone, title features that work'),
  pacing: text.describe('length and pacing, from the length effects and the hook hold'),
  hook_templates: z
    .array(z.string().trim().min(1).max(200))
    .min(1)
    .max(5)
    .describe('reusable opening lines modelled on the best hooks, with {placeholders} for the subject'),
  next_tests: z.array(text).min(1).max(4).describe('what to try next to learn more'),
});

export type StrategyWords = z.infer<typeof strategyWordsSchema>;

const listLabels = (groups: readonly Evidence[]) => groups.map((group) => `"${group.label}"`).join(', ');

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// A topic word stands alone, not inside a longer word ("egg" in "eggplant"), where words are spaced: \b would be
// ASCII-only ("été", "café" never matched), and in Chinese, Japanese or Thai, written without spaces, the words
// around it are letters too ("東京で一番おいしいラーメン").
const SPACED_WORD_CHARACTER =
  '[[\\p{L}\\p{M}\\p{N}]--[\\p{scx=Han}\\p{scx=Hiragana}\\p{scx=Katakana}\\p{scx=Thai}\\p{scx=Lao}\\p{scx=Khmer}\\p{scx=Myanmar}]]';
const NOT_IN_WORD_BEFORE = `(?<!${SPACED_WORD_CHARACTER})`;
const NOT_IN_WORD_AFTER = `(?!${SPACED_WORD_CHARACTER})`;

/** A best hook as a template: its figures and its topic's words (plural too) become slots. */
function hookTemplate(hook: { text: string; topicKeywords: readonly string[] }): string {
  const words = [...hook.topicKeywords].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const withNumbers = hook.text.replace(/\d+(?:[.,]\d+)*/g, '{N}');
  if (words.length === 0) return withNumbers;
  const subject = new RegExp(`${NOT_IN_WORD_BEFORE}(?:${words.join('|')})(?:e?s)?${NOT_IN_WORD_AFTER}`, 'giv');
  return withNumbers.replace(subject, '{subject}').replace(/\{subject\}(?:\s+\{subject\})+/g, '{subject}');
}

function offlineStrategyWords(basis: StrategyBasis): StrategyWords {
  const [bestStyle] = basis.hookStyles;
  const [bestLength] = basis.lengths;
  const make = basis.recommendedTopics.length
    ? `Make more ${listLabels(basis.recommendedTopics)}`
    : 'No topic stands out yet';
  const avoid = basis.avoidTopics.length ? `; make less ${listLabels(basis.avoidTopics)}` : '';
  return {
    summary: `From ${basis.videoCount} videos. ${make}${avoid}.`,
    topics: [
      ...basis.recommendedTopics.map((topic) => ({
        id: topic.id,
        why: `Make more: it beats the channel average (${topic.confidence} confidence).`,
      })),
      ...basis.avoidTopics.map((topic) => ({
        id: topic.id,
        why: `Make less: it trails the channel average (${topic.confidence} confidence).`,
      })),
    ],
    style: bestStyle
      ? `Open with a ${bestStyle.id} hook: ${describeEvidence(bestStyle)}.`
      : 'No hook style stands out from the others yet.',
    pacing: [
      bestLength ? `Length ${bestLength.id} works best: ${describeEvidence(bestLength)}.` : 'No length stands out yet.',
      basis.hookHoldPct === null
        ? ''
        : `At 3 s, a median ${basis.hookHoldPct}% of viewers are still watching: the first line decides.`,
    ]
      .filter(Boolean)
      .join(' '),
    hook_templates: basis.bestHooks.length
      ? [...new Set(basis.bestHooks.map(hookTemplate))]
      : ['{A surprising claim about the subject}?'],
    next_tests: basis.testNext.length
      ? basis.testNext.map((test) => `Try more ${test.dimension} "${test.label}": ${test.reason}.`)
      : ['Keep posting: every new video narrows the intervals.'],
  };
}

function topicProblems(basis: StrategyBasis, words: StrategyWords): string[] {
  const expected = [...basis.recommendedTopics, ...basis.avoidTopics].map((topic) => topic.id).sort();
  return coversEachOnce(
    expected,
    words.topics.map((topic) => topic.id),
  )
    ? []
    : [`topics must explain each of these ids exactly once: ${expected.join(', ') || '(none)'}`];
}

export function writeStrategyWords(
  deps: AiDeps,
  channelId: number,
  basis: StrategyBasis,
): Promise<Written<StrategyWords>> {
  return write(deps, {
    purpose: 'strategy',
    channelId,
    schemaName: 'content_strategy',
    schema: strategyWordsSchema,
    role: 'You turn a YouTube channel’s measured patterns into a content strategy its team can follow.',
    instructions:
      'Write the strategy for the channel in the data block: explain each recommended and avoided topic from its figures (effectPct is the % change in views against the channel average video, lowPct–highPct its 80% interval, n the videos behind it), describe style and pacing, write hook templates modelled on bestHooks, and say what to test next (testNext). Keep the given order and confidence; do not rank or score anything yourself.',
    data: basis,
    texts: (words) => [
      words.summary,
      ...words.topics.map((topic) => topic.why),
      words.style,
      words.pacing,
      ...words.hook_templates,
      ...words.next_tests,
    ],
    check: (words) => topicProblems(basis, words),
    offline: () => offlineStrategyWords(basis),
  });
}
