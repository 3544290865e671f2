import type { StrategyBasis } from '../../src/core/ai/strategy-basis.js';
import type { TrendsFigures } from '../../src/core/ai/trends-words.js';
import type { VideoFigures } from '../../src/core/ai/video-words.js';
import { type ScriptStyle, STYLE_TEMPLATES } from '../../src/core/analytics/style-templates.js';
import { loadConfig } from '../../src/core/config.js';
import { type ChatRequest, type FakeAnswer, promptData, schemaName } from '../fakes/fake-groq.js';

// A well-behaved model for the fake Groq server: answers each writer's schema from the data block of the
// request, quoting only figures it was given. Tests break it on purpose where they need to.

export const TEST_GROQ_KEY = 'gsk_test_not_a_real_key_0123456789';

/** Configuration pointing the real groq-sdk at the fake; the cache is off unless a test turns it on. */
export function llmConfig(baseURL: string, overrides: Record<string, string> = {}) {
  return loadConfig({
    GROQ_API_KEY: TEST_GROQ_KEY,
    GROQ_BASE_URL: baseURL,
    GROQ_MAX_RETRIES: '0',
    GROQ_TIMEOUT_MS: '5000',
    LLM_CACHE_HOURS: '0',
    ...overrides,
  });
}

export function goodAnswer(request: ChatRequest): FakeAnswer {
  const data = promptData(request) as Record<string, unknown>;
  switch (schemaName(request)) {
    case 'video_analysis': {
      const figures = data as unknown as VideoFigures;
      return {
        json: {
          key_insights: [`In short: ${figures.summary}`],
          strengths: figures.strengths.map((fact) => `Good: ${fact}`),
          weaknesses: figures.weaknesses.map((fact) => `Could be better: ${fact}`),
        },
      };
    }
    case 'trends_narrative': {
      const figures = data as unknown as TrendsFigures;
      const best = figures.patterns[0]?.rows[0];
      return {
        json: {
          narrative: best ? `The clearest pattern: ${best.group} at ${best.effect} (n=${best.n}).` : 'Too little data.',
          topic_names: figures.clusters.map((cluster) => ({
            id: cluster.id,
            name: `All about ${cluster.keywords[0] ?? cluster.id}`,
          })),
        },
      };
    }
    case 'content_strategy': {
      const basis = data as unknown as StrategyBasis;
      return {
        json: {
          summary: `Lean into what works, from ${basis.videoCount} videos.`,
          topics: [...basis.recommendedTopics, ...basis.avoidTopics].map((topic) => ({
            id: topic.id,
            why: `${topic.effectPct}% over ${topic.n} videos.`,
          })),
          style: 'Open with a clear promise and show the result early.',
          pacing:
            basis.hookHoldPct === null ? 'Cut fast.' : `Only ${basis.hookHoldPct}% stay past the hook, so cut fast.`,
          hook_templates: ['The {subject} trick nobody told you about'],
          next_tests: ['Try a question hook on the next video.'],
        },
      };
    }
    case 'shorts_script': {
      const length = data.target_length_s as number;
      const topic = data.topic as string;
      // A model that follows the asked styles: the product's own templates are examples of them.
      const fill = (template: string) => template.replaceAll('{topic}', topic);
      const hook = fill(STYLE_TEMPLATES[data.hook_style as ScriptStyle].hook);
      return {
        json: {
          hook,
          beats: [
            { start_s: 0, end_s: 3, voiceover: hook, on_screen_text: 'Hook' },
            { start_s: 3, end_s: Math.round(length / 2), voiceover: 'Here is the usual way.', on_screen_text: 'Usual' },
            {
              start_s: Math.round(length / 2),
              end_s: length,
              voiceover: 'And here is the better way.',
              on_screen_text: 'Better',
            },
          ],
          cta: 'Follow for part two.',
          title_options: STYLE_TEMPLATES[data.title_style as ScriptStyle].titles.map(fill),
        },
      };
    }
    case 'follow_up_answer': {
      const facts = (data.thread as { facts: string[] }).facts;
      return { json: { answer: `From the thread: ${facts[0] ?? 'nothing'}.`, facts: facts.slice(0, 1) } };
    }
    default:
      throw new Error(`goodAnswer: unknown schema ${schemaName(request)}`);
  }
}
