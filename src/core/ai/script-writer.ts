import { z } from 'zod';
import { hookRules } from '../analytics/hook-patterns.js';
import type { BeatKindLoss } from '../analytics/retention-beats.js';
import { type ScriptStyle, STYLE_TEMPLATES } from '../analytics/style-templates.js';
import { hookStyle } from '../analytics/video-features.js';
import { formatFraction } from '../format/numbers.js';
import type { Language } from '../text/stopwords.js';
import type { AiDeps } from './groq-client.js';
import { repeatedTitles } from './script-titles.js';
import { OFFLINE_WRITER, type Written, write } from './writer.js';

// The words of a Shorts script. Its topic, target length and the prediction come from code; the writer
// fills the hook, the timed beats, the on-screen text, the call to action and the title options.

const line = z.string().trim().min(1).max(400);

const scriptWordsSchema = z.object({
  hook: line.describe('the first spoken line, under 3 seconds'),
  beats: z
    .array(
      z.object({
        start_s: z.number().int().min(0),
        end_s: z.number().int().min(1),
        voiceover: line,
        on_screen_text: z.string().trim().max(80),
      }),
    )
    .min(3)
    .max(8)
    .describe('consecutive beats from 0 s to about target_length_s'),
  cta: line.describe('call to action at the end'),
  title_options: z.array(z.string().trim().min(1).max(100)).min(3).max(5),
});

export type ScriptWords = z.infer<typeof scriptWordsSchema>;

/** What a script is written from: all chosen by code. */
export interface ScriptBrief {
  topic: string;
  targetLengthS: number;
  /** From the latest strategy. */
  style: string;
  pacing: string;
  hookTemplates: string[];
  /** The channel's last 20 titles: none may be repeated. */
  recentTitles: string[];
  /** Style of the spoken hook and of the title options, as the hook-style reader classifies them. */
  hookStyle: ScriptStyle;
  titleStyle: ScriptStyle;
  /** Which beat kinds the channel's scripted videos lose most viewers in (retention-beats.ts), largest first. */
  beatLosses: BeatKindLoss[];
  /** The languages the channel writes in, main first (its analysis' `patterns.languages`). */
  languages: readonly Language[];
}

/** Language names for the prompt: the writer is told in words which language to write in. */
const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  fr: 'French',
  es: 'Spanish',
  de: 'German',
  pt: 'Portuguese',
  it: 'Italian',
  ja: 'Japanese',
  zh: 'Chinese',
};

/** The beat losses as the prompt's pacing data: percentages formatted as the replies show them. */
export function beatPacing(losses: readonly BeatKindLoss[]) {
  return losses.map((loss) =>
    'meanLost' in loss
      ? { beat: loss.kind, mean_viewers_lost: formatFraction(loss.meanLost, 0), videos: loss.n }
      : { beat: loss.kind, videos: loss.n, note: loss.insufficient },
  );
}

/** Beats must run in order from 0 s, without overlap, and end near the target length. */
function timingProblems(beats: ScriptWords['beats'], targetLengthS: number): string[] {
  const problems: string[] = [];
  if (beats[0] && beats[0].start_s !== 0) problems.push('the first beat must start at 0 s');
  beats.forEach((beat, index) => {
    if (beat.end_s <= beat.start_s) problems.push(`beat ${index + 1} ends before it starts`);
    const previous = beats[index - 1];
    if (previous && beat.start_s < previous.end_s) problems.push(`beat ${index + 1} overlaps the one before`);
  });
  const end = beats.at(-1)?.end_s ?? 0;
  if (end > targetLengthS + 5 || end < targetLengthS * 0.6) {
    problems.push(`the script lasts ${end} s; it should last about ${targetLengthS} s`);
  }
  return problems;
}

/** The hook and every title option must read as the styles the brief chose (by the analytics or an experiment). */
function styleProblems(brief: ScriptBrief, words: ScriptWords): string[] {
  const problems: string[] = [];
  const rules = hookRules(brief.languages);
  const spoken = hookStyle(words.hook, rules);
  if (spoken !== brief.hookStyle)
    problems.push(`the hook reads as "${spoken}"; it must be a "${brief.hookStyle}" hook`);
  for (const option of words.title_options) {
    const style = hookStyle(option, rules);
    if (style !== brief.titleStyle)
      problems.push(`title option "${option}" reads as "${style}"; titles must be "${brief.titleStyle}"`);
  }
  return problems;
}

function scriptProblems(brief: ScriptBrief, words: ScriptWords): string[] {
  const repeated = repeatedTitles(words.title_options, brief.recentTitles);
  return [
    ...timingProblems(words.beats, brief.targetLengthS),
    ...styleProblems(brief, words),
    ...repeated.map(({ option, repeats }) => `title option "${option}" repeats the recent title "${repeats}"`),
  ];
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A hook template with its slots filled by the topic. */
function fillTemplate(template: string, topic: string): string {
  return template.replace(/\{N\}/g, '3').replace(/\{[^}]*\}/g, topic);
}

const MAX_PARTS = 30;

/** Three title options in the brief's style that repeat no recent title; a series number tells repeats apart. */
function freshTitles(brief: ScriptBrief): string[] {
  const candidates = STYLE_TEMPLATES[brief.titleStyle].titles.map((template) => fillTemplate(template, brief.topic));
  const fresh: string[] = [];
  // Long titles differ too little by a part number alone; past MAX_PARTS the last candidates are taken as they are.
  for (let part = 1; fresh.length < 3 && part <= MAX_PARTS; part++) {
    for (const candidate of candidates) {
      const title = part === 1 ? candidate : `${candidate} (part ${part})`;
      if (fresh.length < 3 && repeatedTitles([title], [...brief.recentTitles, ...fresh]).length === 0)
        fresh.push(title);
    }
  }
  return [...fresh, ...candidates.map((candidate) => `${candidate} (part ${MAX_PARTS + 1})`)].slice(0, 3);
}

function offlineScriptWords(brief: ScriptBrief): ScriptWords {
  const topic = brief.topic;
  const length = brief.targetLengthS;
  // The channel's own best hook templates first, where one is in the chosen style.
  const own = brief.hookTemplates
    .filter((template) => template.includes('{subject}'))
    .map((template) => fillTemplate(template, topic))
    .find((line) => hookStyle(line, hookRules(brief.languages)) === brief.hookStyle);
  const hook = own ?? fillTemplate(STYLE_TEMPLATES[brief.hookStyle].hook, topic);
  const middle = Math.round(length * 0.45);
  const payoffEnd = Math.max(middle + 1, length - 4);
  return {
    hook,
    beats: [
      { start_s: 0, end_s: 3, voiceover: hook, on_screen_text: capitalised(topic) },
      {
        start_s: 3,
        end_s: middle,
        voiceover: `[Show the usual way to do ${topic} and where it goes wrong.]`,
        on_screen_text: 'The usual way',
      },
      {
        start_s: middle,
        end_s: payoffEnd,
        voiceover: `[Show the better way, step by step, and the result.]`,
        on_screen_text: 'The better way',
      },
      { start_s: payoffEnd, end_s: length, voiceover: '[Call to action.]', on_screen_text: 'Follow for more' },
    ],
    cta: `Follow for the next ${topic} test.`,
    title_options: freshTitles(brief),
  };
}

export async function writeScriptWords(
  deps: AiDeps,
  channelId: number,
  brief: ScriptBrief,
): Promise<Written<ScriptWords>> {
  const written = await write(deps, {
    purpose: 'script',
    channelId,
    schemaName: 'shorts_script',
    schema: scriptWordsSchema,
    role: 'You write YouTube Shorts scripts that follow a channel’s content strategy.',
    instructions:
      'Write a Shorts script about the topic in the data block, following its style and pacing, opening with a hook in the hook_style style (modelled on hookTemplates where they fit), lasting about target_length_s seconds in 3–8 consecutive beats from 0 s. Give 3–5 title options, all in the title_style style, that repeat none of recentTitles. Pace it by beat_pacing: per kind of beat (hook = the first beat; with 4+ beats cta = the last and payoff = the one before; with 3 payoff = the last; setup = the rest), the mean share of viewers this channel’s scripted videos lose in it; tighten the kinds that lose most, and ignore rows with a note. Styles: question (asks), number-list (opens with a count), bold-claim (an absolute: wrong, never, secret, stop…), pov (opens with "POV:"), story (opens in the first person), how-to (opens with "How to"); in another language, its own words for these. Write the hook, voice-overs, on-screen text, call to action and title options in the channel’s main language, the first of channel_languages.',
    data: {
      topic: brief.topic,
      target_length_s: brief.targetLengthS,
      style: brief.style,
      pacing: brief.pacing,
      hookTemplates: brief.hookTemplates,
      recentTitles: brief.recentTitles,
      hook_style: brief.hookStyle,
      title_style: brief.titleStyle,
      beat_pacing: beatPacing(brief.beatLosses),
      channel_languages: brief.languages.map((language) => LANGUAGE_NAMES[language]),
    },
    // Script lines are for viewers, not claims about the channel: their numbers are content, not figures.
    texts: () => [],
    check: (words) => scriptProblems(brief, words),
    offline: () => offlineScriptWords(brief),
  });
  // The offline templates are English: a channel that writes in another language is told so, not left to wonder.
  const main = brief.languages[0] ?? 'en';
  if (written.writer !== OFFLINE_WRITER || main === 'en') return written;
  const english = `The offline writer writes in English; this channel writes in ${LANGUAGE_NAMES[main]}.`;
  return { ...written, note: written.note ? `${written.note} ${english}` : english };
}
