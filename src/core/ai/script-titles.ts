// Title comparison for scripts: a new script must not repeat one of the channel's recent titles, and a script
// is linked to the video it became when a video appears under one of its titles. Both ask "same title?"
// after normalising case, accents, punctuation and emoji, allowing small edits (word-set overlap ≥ 0.8). Words
// are topic discovery's (text/words.ts), so Japanese or Thai titles compare word by word, not as one long word;
// stop words stay, since "Why X fails" and "How X fails" are different titles.

import { foldedWords } from '../text/words.js';

const SAME_TITLE_OVERLAP = 0.8;

export function sameTitle(a: string, b: string): boolean {
  const left = new Set(foldedWords(a));
  const right = new Set(foldedWords(b));
  if (left.size === 0 || right.size === 0) return false;
  const shared = [...left].filter((word) => right.has(word)).length;
  return shared / (left.size + right.size - shared) >= SAME_TITLE_OVERLAP;
}

/** The title options that repeat one of the recent titles, each with the title it repeats. */
export function repeatedTitles(
  options: readonly string[],
  recent: readonly string[],
): { option: string; repeats: string }[] {
  return options.flatMap((option) => {
    const repeats = recent.find((title) => sameTitle(option, title));
    return repeats === undefined ? [] : [{ option, repeats }];
  });
}

export interface ScriptToLink {
  id: number;
  titleOptions: readonly string[];
  createdAt: Date;
}

export interface PublishedVideo {
  id: number;
  title: string;
  publishedAt: Date | null;
}

/**
 * Which script each new video came from: a video published after the script was written, under one of its
 * title options. Each script and each video is linked at most once; the earliest matching video wins.
 */
export function matchScriptsToVideos(
  scripts: readonly ScriptToLink[],
  videos: readonly PublishedVideo[],
): { scriptId: number; videoId: number }[] {
  const byDate = [...videos]
    .filter((video) => video.publishedAt !== null)
    .sort((a, b) => (a.publishedAt as Date).getTime() - (b.publishedAt as Date).getTime() || a.id - b.id);
  const used = new Set<number>();
  const links: { scriptId: number; videoId: number }[] = [];
  for (const script of [...scripts].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id)) {
    const video = byDate.find(
      (candidate) =>
        !used.has(candidate.id) &&
        (candidate.publishedAt as Date) >= script.createdAt &&
        script.titleOptions.some((title) => sameTitle(title, candidate.title)),
    );
    if (!video) continue;
    used.add(video.id);
    links.push({ scriptId: script.id, videoId: video.id });
  }
  return links;
}
