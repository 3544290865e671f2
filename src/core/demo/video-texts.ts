// What the demo's videos say: titles, hook lines, descriptions and tags, in English, written from each topic's
// words and each hook style's templates.

import type { SeededRandom } from '../random/seeded-random.js';
import type { DemoHookStyle } from './planted-world.js';

interface TopicWords {
  /** Word used in list titles ("5 {keyword} mistakes …"). */
  keyword: string;
  /** Plural or mass nouns, so every template reads grammatically. */
  subjects: readonly string[];
  tags: readonly string[];
}

/** Keyed by the planted topic's label. */
const TOPIC_WORDS: Record<string, TopicWords> = {
  Eggs: {
    keyword: 'egg',
    subjects: ['boiled eggs', 'scrambled eggs', 'poached eggs', 'fried eggs', 'egg whites'],
    tags: ['eggs', 'egg hacks', 'breakfast', 'egg science'],
  },
  Baking: {
    keyword: 'baking',
    subjects: ['cookies', 'brownies', 'pancakes', 'muffins', 'pie crusts'],
    tags: ['baking', 'baking chemistry', 'dessert', 'baking tips'],
  },
  'Pasta & rice': {
    keyword: 'pasta',
    subjects: ['pasta', 'rice', 'fresh noodles', 'risotto', 'fried rice'],
    tags: ['pasta', 'rice', 'noodles', 'carbs'],
  },
  Meat: {
    keyword: 'steak',
    subjects: ['steak', 'chicken breasts', 'burgers', 'bacon', 'pork chops'],
    tags: ['steak', 'meat', 'searing', 'grilling'],
  },
  Fermentation: {
    keyword: 'fermentation',
    subjects: ['sourdough starters', 'kimchi', 'homemade yogurt', 'sauerkraut', 'pickles'],
    tags: ['fermentation', 'fermented food', 'sourdough', 'probiotics'],
  },
  'Food safety': {
    keyword: 'food safety',
    subjects: ['leftovers', 'raw chicken', 'frozen meat', 'reheated rice', 'deli meat'],
    tags: ['food safety', 'leftovers', 'fridge', 'food poisoning'],
  },
};

const HOOK_TEXTS: Record<DemoHookStyle, { titles: readonly string[] /** The spoken first line. */; line: string }> = {
  'bold-claim': {
    titles: [
      "You've been making {subject} wrong your whole life",
      'This one trick changes {subject} forever',
      'Chefs hate this {keyword} secret',
    ],
    line: 'Everything you know about {subject} is wrong.',
  },
  question: {
    titles: [
      'Are you making {subject} wrong?',
      'What really happens to {subject} in the pan?',
      'Why do restaurant {subject} taste better?',
    ],
    line: 'Ever wondered what actually happens to {subject} when you cook?',
  },
  'number-list': {
    titles: [
      '{n} {keyword} mistakes everyone makes',
      '{n} facts about {subject} nobody told you',
      '{n} {keyword} tricks that actually work',
    ],
    line: 'Here are {n} things about {subject} you need to know.',
  },
  pov: {
    titles: [
      'POV: you finally understand {subject}',
      'POV: a food scientist judges your {subject}',
      'POV: you nail {subject} on the first try',
    ],
    line: "POV: you're about to make the best {subject} of your life.",
  },
  story: {
    titles: [
      'I tested {subject} for 7 days',
      'The day my {subject} went horribly wrong',
      "My grandma's {keyword} secret, explained",
    ],
    line: "Last week I ruined a whole batch of {subject}, and here's why.",
  },
};

export interface VideoWords {
  subject: string;
  title: string;
  hookLine: string;
  description: string;
}

function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

/**
 * A video's title, spoken hook line and description. `usedTitles` counts the titles written so far: real
 * channels rarely repeat a title verbatim, so a repeat becomes a numbered part.
 */
export function writeVideoWords(
  rng: SeededRandom,
  topic: string,
  hook: DemoHookStyle,
  isLongForm: boolean,
  usedTitles: Map<string, number>,
): VideoWords {
  const words = TOPIC_WORDS[topic] as TopicWords;
  const subject = rng.pick(words.subjects);
  const values = { subject, keyword: words.keyword, n: String(rng.int(3, 7)) };
  const baseTitle = fillTemplate(rng.pick(HOOK_TEXTS[hook].titles), values) + (isLongForm ? ' (full breakdown)' : '');
  const timesUsed = usedTitles.get(baseTitle) ?? 0;
  usedTitles.set(baseTitle, timesUsed + 1);
  const hookLine = fillTemplate(HOOK_TEXTS[hook].line, values);
  const pace = isLongForm ? 'step by step' : 'in under a minute';
  return {
    subject,
    title: timesUsed === 0 ? baseTitle : `${baseTitle} (part ${timesUsed + 1})`,
    hookLine,
    description: `${hookLine} The kitchen science of ${subject}, explained ${pace}.`,
  };
}

/** Three of the topic's tags, the subject and the channel's own, without repeats. */
export function videoTags(rng: SeededRandom, topic: string, subject: string, isLongForm: boolean): string[] {
  const topicTags = rng.shuffle((TOPIC_WORDS[topic] as TopicWords).tags).slice(0, 3);
  return [...new Set([...topicTags, subject, 'kitchen science', isLongForm ? 'explainer' : 'shorts'])];
}
