import { describe, expect, it } from 'vitest';
import { matchScriptsToVideos, repeatedTitles, sameTitle } from '../../src/core/ai/script-titles.js';

describe('sameTitle', () => {
  it('ignores case, punctuation and emoji, and tolerates a small edit', () => {
    expect(sameTitle('The Toast Fix!', 'the toast fix 🍞')).toBe(true);
    expect(sameTitle('I tested 5 ways to boil eggs for a week', 'I tested 5 ways to boil eggs for one week')).toBe(
      true,
    );
    expect(sameTitle('The toast fix', 'The egg fix')).toBe(false);
    expect(sameTitle('', '')).toBe(false);
  });

  it('repeatedTitles says which recent title each option repeats', () => {
    expect(repeatedTitles(['The toast fix', 'New idea'], ['Old one', 'THE TOAST FIX'])).toEqual([
      { option: 'The toast fix', repeats: 'THE TOAST FIX' },
    ]);
  });
});

describe('matchScriptsToVideos', () => {
  const at = (day: number) => new Date(Date.UTC(2026, 10, day));

  it('links each script to the earliest video published after it under one of its titles, once', () => {
    const scripts = [
      { id: 1, titleOptions: ['Toast fix', 'Better toast'], createdAt: at(10) },
      { id: 2, titleOptions: ['Toast fix'], createdAt: at(11) },
      { id: 3, titleOptions: ['Egg trick'], createdAt: at(12) },
    ];
    const videos = [
      { id: 100, title: 'toast fix', publishedAt: at(9) }, // before any script
      { id: 101, title: 'Better toast!', publishedAt: at(13) },
      { id: 102, title: 'Toast fix', publishedAt: at(14) },
      { id: 103, title: 'Unrelated', publishedAt: at(15) },
      { id: 104, title: 'Egg trick', publishedAt: null },
    ];
    expect(matchScriptsToVideos(scripts, videos)).toEqual([
      { scriptId: 1, videoId: 101 },
      { scriptId: 2, videoId: 102 },
    ]);
  });
});
