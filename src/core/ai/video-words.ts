import { z } from 'zod';
import type { AiDeps } from './groq-client.js';
import { type Written, write } from './writer.js';

// /analyze in plain words: key insights, strengths and weaknesses, written from the figures the reply shows.

const sentence = z.string().trim().min(1).max(400);

const videoWordsSchema = z.object({
  key_insights: z.array(sentence).min(1).max(4).describe('the 1–4 things the team should take from the figures'),
  strengths: z.array(sentence).max(5).describe('what went well, in plain language, with the figure behind it'),
  weaknesses: z.array(sentence).max(5).describe('what held it back, in plain language, with the figure behind it'),
});

export type VideoWords = z.infer<typeof videoWordsSchema>;

/** What the analysis reply states: the only material the words may use. */
export interface VideoFigures {
  title: string;
  summary: string;
  figures: { label: string; value: string }[];
  strengths: string[];
  weaknesses: string[];
}

function offlineVideoWords(figures: VideoFigures): VideoWords {
  const [strength] = figures.strengths;
  const [weakness] = figures.weaknesses;
  return {
    key_insights: [
      figures.summary,
      ...(strength ? [`Strongest point: ${strength}.`] : []),
      ...(weakness ? [`Weakest point: ${weakness}.`] : []),
    ],
    strengths: figures.strengths,
    weaknesses: figures.weaknesses,
  };
}

export function writeVideoWords(deps: AiDeps, channelId: number, figures: VideoFigures): Promise<Written<VideoWords>> {
  return write(deps, {
    purpose: 'video-analysis',
    channelId,
    schemaName: 'video_analysis',
    schema: videoWordsSchema,
    role: 'You explain to a YouTube team, in plain language, how one of its videos did against the channel.',
    instructions:
      'Write key_insights, strengths and weaknesses for the video in the data block. Base every statement on the figures, strengths and weaknesses given; quote their numbers as given. If there are no strengths (or weaknesses), return an empty list.',
    data: figures,
    texts: (words) => [...words.key_insights, ...words.strengths, ...words.weaknesses],
    offline: () => offlineVideoWords(figures),
    offlineWhenUnavailable: true,
  });
}
