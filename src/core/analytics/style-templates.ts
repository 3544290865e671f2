// The styles TubePilot writes scripts in, and the hook line and titles of each. They live with the analytics
// engine because it reads them back: the hook-style reader (video-features.ts) classifies each as its style, and
// topic discovery reads a title written from them by its topic (title-templates.ts).

import type { HookStyle } from './video-features.js';

export type ScriptStyle = Exclude<HookStyle, 'other'>;

/** Hook lines and titles in each style; the hook-style reader (video-features.ts) reads each back as its style. */
export const STYLE_TEMPLATES: Record<ScriptStyle, { hook: string; titles: readonly string[] }> = {
  question: {
    hook: 'Why does your {topic} never turn out right?',
    titles: ['Why does {topic} go wrong at home?', 'Are you making {topic} wrong?', 'What really makes {topic} work?'],
  },
  'number-list': {
    hook: '3 {topic} mistakes almost everyone makes.',
    titles: [
      '3 {topic} mistakes almost everyone makes',
      '5 {topic} tricks that actually work',
      '4 things nobody tells you about {topic}',
    ],
  },
  'bold-claim': {
    hook: 'Everything you know about {topic} is wrong.',
    titles: [
      'Everything you know about {topic} is wrong',
      'The {topic} secret nobody shows you',
      'Stop doing {topic} like this',
    ],
  },
  pov: {
    hook: 'POV: you finally get {topic} right.',
    titles: [
      'POV: you finally get {topic} right',
      'POV: a pro watches you make {topic}',
      'POV: your first perfect {topic}',
    ],
  },
  story: {
    hook: 'I got {topic} wrong for years, until this.',
    titles: [
      'I tried every {topic} method for a week',
      'My biggest {topic} fail, explained',
      'I finally fixed my {topic}',
    ],
  },
  'how-to': {
    hook: 'How to get {topic} right every time.',
    titles: ['How to make {topic} at home', 'How to fix {topic} in 30 seconds', 'The {topic} guide for beginners'],
  },
};
