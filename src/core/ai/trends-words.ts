import { z } from 'zod';
import type { AiDeps } from './groq-client.js';
import { coversEachOnce, type Written, write } from './writer.js';

// /trends in words: a short narrative and a readable name for each discovered topic cluster.

const trendsWordsSchema = z.object({
  narrative: z
    .string()
    .trim()
    .min(1)
    .max(900)
    .describe('3–5 sentences: what works on this channel and how sure we are'),
  topic_names: z
    .array(z.object({ id: z.string(), name: z.string().trim().min(1).max(40) }))
    .describe('one short human name per topic cluster id given'),
});

export type TrendsWords = z.infer<typeof trendsWordsSchema>;

/** One group of a /trends table, as the reply shows it. */
export interface PatternRow {
  group: string;
  n: number;
  /** "+20% [+4%, +40%]": the estimate and its 80 % interval. */
  effect: string;
  confidence: string;
}

export interface TrendsFigures {
  channel: string;
  /** Each table of the reply; a curve's best stretch as its summary line when its peak earns the confidence. */
  patterns: { heading: string; rows: PatternRow[]; summary?: string }[];
  clusters: { id: string; keywords: string[]; videos: number }[];
}

/** A cluster's offline name: its first keywords, capitalised. */
function clusterName(keywords: readonly string[], id: string): string {
  const words = keywords.slice(0, 2).join(' & ') || id;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function offlineTrendsWords(figures: TrendsFigures): TrendsWords {
  const sentences = figures.patterns.flatMap(({ heading, rows, summary }) => {
    const [best] = rows;
    const worst = rows.at(-1);
    if (!best) return [];
    const lead = `${heading}: "${best.group}" does best (${best.effect}, n=${best.n}, ${best.confidence} confidence)`;
    return [
      rows.length > 1 && worst ? `${lead}; "${worst.group}" does worst (${worst.effect}, n=${worst.n}).` : `${lead}.`,
      ...(summary ? [`${summary}.`] : []),
    ];
  });
  return {
    narrative: sentences.length ? sentences.join(' ') : 'Not enough videos with enough data to name a pattern yet.',
    topic_names: figures.clusters.map((cluster) => ({
      id: cluster.id,
      name: clusterName(cluster.keywords, cluster.id),
    })),
  };
}

function namingProblems(figures: TrendsFigures, words: TrendsWords): string[] {
  const expected = figures.clusters.map((cluster) => cluster.id).sort();
  return coversEachOnce(
    expected,
    words.topic_names.map((topic) => topic.id),
  )
    ? []
    : [`topic_names must name each cluster id exactly once: ${expected.join(', ')}`];
}

export function writeTrendsWords(
  deps: AiDeps,
  channelId: number,
  figures: TrendsFigures,
): Promise<Written<TrendsWords>> {
  return write(deps, {
    purpose: 'trends',
    channelId,
    schemaName: 'trends_narrative',
    schema: trendsWordsSchema,
    role: 'You summarise for a YouTube team which topics, lengths, posting times and hooks work on its channel.',
    instructions:
      'Write a short narrative of the patterns in the data block (strongest, clearest effects first; say when confidence is low) and give every topic cluster a short human name from its keywords.',
    data: figures,
    texts: (words) => [words.narrative, ...words.topic_names.map((topic) => topic.name)],
    check: (words) => namingProblems(figures, words),
    offline: () => offlineTrendsWords(figures),
  });
}
