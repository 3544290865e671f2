// Terms a channel's pipeline stamps on its videos whatever they are about: a block of hashtags ("#recette
// #cuisine #faitmaison"), a tag list, a description's "abonne-toi". Stamped on every video they are channel-wide
// and dropped as such (topic-clusters.ts); stamped on half of them (the pipeline started mid-life) or rotated
// (three of five hashtags a video) they are on 40–60 % of the videos and made one topic of every dish at once.
//
// The channel's own titles tell them apart, with no word list. A term the titles do not write out (a hashtag, a
// tag, a description's word) is tested against the words the titles do write: a term about something goes with
// them — "#recette" is on the crème brûlée and tarte videos, not on the restaurant visits — where a stamped term
// falls on each title word's videos at random. For a title word on m of the N videos, a of them carrying a term
// on a share p of the videos, independence gives a hypergeometric a: mean mp, variance mp(1 − p)(N − m)/(N − 1).
// Pearson's (a − mp)² / variance is 1 on average for each of the k title words, so the sum less k, over √(2k)
// (each term's χ² with one degree of freedom), is about 0 ± 1 for a stamped term. A term is stamped unless that
// score reaches MIN_ASSOCIATION: three standard errors, a plain "not chance". Only terms on at least
// MIN_TESTED_SHARE of the videos are tested: a stamp worth the name is, and on fewer videos the test cannot tell
// a small topic from chance (a demo topic tag on 3 of 140 videos scores 1.3).

/** Rows of ids: row r holds entries rowStart[r] … rowStart[r + 1] − 1 of `columns`. */
export interface IdRows {
  rowStart: Int32Array;
  columns: Int32Array;
}

/** The terms titles write out (not as hashtags), by text, and each video's title text. */
export interface TitleWords extends IdRows {
  textOf: (video: number) => number;
}

/** Standardised association with the title words below which a term is stamped. */
const MIN_ASSOCIATION = 3;
/** Terms on fewer of the videos are not tested. */
const MIN_TESTED_SHARE = 0.25;
/** Fewer title words (each on two videos or more) than this say nothing either way. */
const MIN_TITLE_WORDS = 5;

/**
 * By term id, 1 when the term is stamped (see the file comment). `videos`: each video's term ids, each once;
 * `inRange`: whether a term is frequent enough and not channel-wide, so could be a topic.
 */
export function stampedTerms({
  keys,
  documentFrequency,
  videos,
  titleWords,
  inRange,
}: {
  keys: readonly string[];
  documentFrequency: Uint32Array;
  videos: IdRows;
  titleWords: TitleWords;
  inRange: (term: number) => boolean;
}): Uint8Array {
  const videoCount = videos.rowStart.length - 1;
  const stamped = new Uint8Array(keys.length);
  const tested: number[] = [];
  for (let term = 0; term < keys.length; term++) {
    if (inRange(term) && (documentFrequency[term] as number) >= MIN_TESTED_SHARE * videoCount) tested.push(term);
  }
  if (tested.length === 0) return stamped;
  // By term: the videos whose titles write it.
  const written = new Uint32Array(keys.length);
  const lastVideo = new Int32Array(keys.length).fill(-1);
  for (let doc = 0; doc < videoCount; doc++) {
    forEachTitleWord(titleWords, doc, lastVideo, (term) => {
      written[term] = (written[term] as number) + 1;
    });
  }
  // Title words: single words the titles write on two videos or more, which could be topics themselves.
  const isTitleWord = (term: number) =>
    (written[term] as number) >= 2 && inRange(term) && !(keys[term] as string).includes(' ');
  /** Σ m / (N − m) over the title words: each one's χ², as a multiple of p / (1 − p)·(N − 1), when a = 0. */
  const noneCarrying = (term: number) => (written[term] as number) / (videoCount - (written[term] as number));
  let titleWordCount = 0;
  let allNoneCarrying = 0;
  for (let term = 0; term < keys.length; term++) {
    if (!isTitleWord(term)) continue;
    titleWordCount++;
    allNoneCarrying += noneCarrying(term);
  }
  const idOf = new Map(keys.map((key, id) => [key, id]));
  const videosOf = postings(videos, tested, keys.length);
  const carrying = new Uint32Array(keys.length);
  tested.forEach((term, index) => {
    const docs = videosOf[index] as number[];
    // A term the titles write on half its videos or more is a title's word itself.
    if (2 * (written[term] as number) >= docs.length) return;
    // The term's own words are the term again, no evidence about it.
    const own = (keys[term] as string).split(' ').map((word) => idOf.get(word) ?? -1);
    const touched: number[] = [];
    lastVideo.fill(-1);
    for (const doc of docs) {
      forEachTitleWord(titleWords, doc, lastVideo, (word) => {
        if (!isTitleWord(word) || own.includes(word)) return;
        if (carrying[word] === 0) touched.push(word);
        carrying[word] = (carrying[word] as number) + 1;
      });
    }
    const p = docs.length / videoCount;
    const whenNone = (p * (videoCount - 1)) / (1 - p);
    let words = titleWordCount;
    let chiSquare = whenNone * allNoneCarrying;
    for (const word of new Set(own)) {
      if (word < 0 || !isTitleWord(word)) continue;
      words--;
      chiSquare -= whenNone * noneCarrying(word);
    }
    for (const word of touched) {
      const m = written[word] as number;
      const a = carrying[word] as number;
      carrying[word] = 0;
      chiSquare -= whenNone * noneCarrying(word);
      // A title word on exactly the term's videos is the term said again ("#cuisine" beside "#recette").
      if (a === m && m === docs.length) words--;
      else chiSquare += (a - m * p) ** 2 / ((m * p * (1 - p) * (videoCount - m)) / (videoCount - 1));
    }
    if (words >= MIN_TITLE_WORDS && (chiSquare - words) / Math.sqrt(2 * words) < MIN_ASSOCIATION) stamped[term] = 1;
  });
  return stamped;
}

/** Calls `visit` with each term the video's title writes out, once (`lastVideo[term]` is set to the video). */
function forEachTitleWord(
  titleWords: TitleWords,
  video: number,
  lastVideo: Int32Array,
  visit: (term: number) => void,
): void {
  const text = titleWords.textOf(video);
  for (let entry = titleWords.rowStart[text] as number; entry < (titleWords.rowStart[text + 1] as number); entry++) {
    const term = titleWords.columns[entry] as number;
    if (lastVideo[term] === video) continue;
    lastVideo[term] = video;
    visit(term);
  }
}

/** For each of the `terms`, the videos holding it, ascending. */
function postings(videos: IdRows, terms: readonly number[], termCount: number): number[][] {
  const index = new Int32Array(termCount).fill(-1);
  terms.forEach((term, at) => {
    index[term] = at;
  });
  const docs: number[][] = terms.map(() => []);
  for (let doc = 0; doc < videos.rowStart.length - 1; doc++) {
    for (let entry = videos.rowStart[doc] as number; entry < (videos.rowStart[doc + 1] as number); entry++) {
      const at = index[videos.columns[entry] as number] as number;
      if (at >= 0) (docs[at] as number[]).push(doc);
    }
  }
  return docs;
}
