// Topic discovery without an LLM, from each video's title, tags and (with less weight) description.
//
// 0. Titles the bot wrote from its own templates are read by their topic alone (title-templates.ts).
// 1. Terms: the words of text/words.ts (any script; Chinese, Japanese and Thai cut into words), folded so that
//    "Été" and "ete" are one term, without stop words, numbers or one-letter words; plurals cut to their singular;
//    plus bigrams of adjacent kept words ("power bi", "food safety"). The stop words are those of the languages
//    the channel's titles are written in (text/stopwords.ts). Platform hashtags ("#shorts") are no terms, and no
//    phrase runs through a hashtag. The words of tags on more than 60 % of the videos (the channel's own name,
//    "shorts"…) and terms in more than 60 % of the videos say nothing about topic and are dropped; so are terms
//    in a single video. So are terms a pipeline stamps on part of the videos whatever they are about (a block of
//    hashtags on half of them, three of five hashtags on each): terms the titles do not write out, on a quarter of
//    the videos or more, that go with none of the titles' words (stamped-terms.ts). Keywords are shown as the
//    channel most often writes them, accents and all.
// 2. TF-IDF: weighted term counts (title 1, tag 1, the description's first 300 characters 0.5) times
//    ln(N / document frequency), each video's vector scaled to unit length.
// 3. Seeds, greedily: the term whose not-yet-covered videos carry the most TF-IDF weight, as long as at least
//    MIN_CLUSTER_SIZE of its videos are still uncovered and they are at least half of its videos (so "rice" is
//    no new seed once "pasta" covers the same videos). At most MAX_CLUSTERS; the data decides how many.
//    Then young topics, a channel's first or second try at a subject: a term all of whose videos (at least
//    YOUNG_TOPIC_SIZE) are still uncovered and either name it twice each (in the title and a tag, say) or share
//    another term besides it ("sourdough" with "starter"), so the planner can choose the subject again. A word
//    said once in each of two titles is a coincidence of wording, not a topic.
//    Their effects rest on two videos: the effect model shrinks them toward the channel and never calls them
//    more than insufficient (MIN_GROUP_VIDEOS), so they are arms to explore, not findings.
// 4. Assignment: each seed's centroid starts as the mean vector of the videos containing it; every video joins
//    the centroid with the highest cosine, centroids are recomputed, and this repeats up to REFINEMENT_ROUNDS
//    times. Videos sharing no term with any centroid, and clusters left with fewer than MIN_CLUSTER_SIZE videos
//    (a young topic's: YOUNG_TOPIC_SIZE), go to 'other'.
// Videos are processed in id order and every tie is broken by text, so input order never changes the result.
// Vectors live in flat typed arrays (one row per video), which keeps 10,000 videos cheap for the garbage collector.
// Each video's texts are cut into words once and kept with the video (topic-texts.ts), and the topics of the last
// few channels are kept while their texts are unchanged (knownTopics): a channel is analysed again after every write.

import { packedMap } from '../packed-map.js';
import { detectLanguages, type Language, stopWordsFor } from '../text/stopwords.js';
import { joinWords } from '../text/words.js';
import { IdList } from './id-list.js';
import { stampedTerms, type TitleWords } from './stamped-terms.js';
import { HASHTAG, JOINED, type TextTables, textTables, type VideoTexts, videoTexts } from './topic-texts.js';

export { stem } from './topic-texts.js';

export interface TopicVideo {
  id: string;
  title: string;
  tags: readonly string[];
  description: string | null;
}

export interface TopicCluster {
  /** The seed keyword as a slug ("power-bi"), or 'other'. */
  id: string;
  /** Its top 2–3 keywords, e.g. "eggs / boiled / poached". */
  label: string;
  keywords: string[];
  /** In id order. */
  videoIds: string[];
}

export interface TopicClustering {
  /** Largest first, 'other' last. */
  clusters: TopicCluster[];
  /** Every video id given → the id of its cluster. */
  assignments: Map<string, string>;
}

export interface TopicOptions {
  maxClusters?: number;
  minClusterSize?: number;
}

export const OTHER_TOPIC = 'other';
const MAX_CLUSTERS = 8;
const MIN_CLUSTER_SIZE = 3;
/** The fewest videos of a young topic (see the file comment). */
const YOUNG_TOPIC_SIZE = 2;
const CHANNEL_WIDE_SHARE = 0.6;
const MIN_SEED_NOVELTY = 0.5;
const REFINEMENT_ROUNDS = 5;
const KEYWORD_COUNT = 5;
const LABEL_KEYWORDS = 3;
const FIELD_WEIGHTS = { title: 1, tags: 1, description: 0.5 } as const;

export interface Tokeniser {
  /** Term keys of a text: unigram stems and bigrams of adjacent kept words ("power bi"). */
  termsOf(text: string): string[];
  /** Each stem's most frequent spelling in the texts read so far, ties alphabetical: "egg" → "eggs", "ete" → "été". */
  spellings(): Map<string, string>;
}

// A word's reading for one channel, by word id: not yet judged, left out, kept before its term has an id (a
// platform hashtag is seen before the word itself), or the id of its term plus FIRST_TERM.
const UNJUDGED = 0;
const LEFT_OUT = 1;
const KEPT = 2;
const FIRST_TERM = 3;

/**
 * Reads texts of `tables` into provisional term ids (in order of first appearance), with `keys` holding each id's
 * term key. Each distinct word is judged once, and a bigram's key is built only the first time the pair is seen.
 */
function termReader(tables: TextTables, dropped: ReadonlySet<string>, stopwords: ReadonlySet<string>) {
  // By word id, grown as the tables are: Int32Array's zeros are UNJUDGED.
  let termOfWord = new Int32Array(tables.words.length);
  let uses = new Uint32Array(tables.words.length);
  const judged: number[] = [];
  const keys: string[] = [];
  const ids = new Map<string, number>();
  // By term id, the ids of the bigrams it starts, by the id of their second word: small integer keys, where one
  // key for the pair (first × 2²⁶ + second) was a heap number allocated at every lookup. One slot per id, filled
  // as ids are made, so the array stays packed.
  const bigramsAfter: (Map<number, number> | null)[] = [];
  const idOf = (key: string): number => {
    let id = ids.get(key);
    if (id === undefined) {
      id = keys.length;
      ids.set(key, id);
      keys.push(key);
      bigramsAfter.push(null);
    }
    return id;
  };
  /**
   * Appends the ids of a text's terms, in the order termsOf lists their keys, and to `said` those not written as
   * hashtags (a phrase's words are both written out, or it is no phrase).
   */
  const read = (text: number, out: IdList, said: IdList | null = null) => {
    if (tables.words.length > termOfWord.length) {
      const length = Math.max(tables.words.length, 2 * termOfWord.length);
      const grownTerms = new Int32Array(length);
      grownTerms.set(termOfWord);
      termOfWord = grownTerms;
      const grownUses = new Uint32Array(length);
      grownUses.set(uses);
      uses = grownUses;
    }
    const tokens = tables.tokens.values;
    const to = tables.tokenStart[text + 1] as number;
    let previous = -1;
    for (let entry = tables.tokenStart[text] as number; entry < to; entry++) {
      const token = tokens[entry] as number;
      const word = token >> 2;
      let reading = termOfWord[word] as number;
      if (reading === UNJUDGED) {
        const wordStem = tables.stems[word] as string | null;
        const skip = wordStem === null || stopwords.has(tables.folded[word] as string) || dropped.has(wordStem);
        reading = skip ? LEFT_OUT : KEPT;
        termOfWord[word] = reading;
        judged.push(word);
      }
      uses[word] = (uses[word] as number) + 1;
      if (reading === LEFT_OUT || (token & HASHTAG && tables.platformHashtag[word])) {
        previous = -1;
        continue;
      }
      const wordStem = tables.stems[word] as string;
      // Ids are assigned on first use, exactly when the original reading first produced the key.
      if (reading === KEPT) {
        reading = idOf(wordStem) + FIRST_TERM;
        termOfWord[word] = reading;
      }
      const current = reading - FIRST_TERM;
      out.push(current);
      if (said !== null && !(token & HASHTAG)) said.push(current);
      if (token & JOINED && previous >= 0) {
        let after = bigramsAfter[previous] as Map<number, number> | null;
        if (after === null) {
          after = new Map();
          bigramsAfter[previous] = after;
        }
        let id = after.get(current);
        if (id === undefined) {
          id = idOf(`${keys[previous] as string} ${wordStem}`);
          after.set(current, id);
        }
        out.push(id);
        said?.push(id);
      }
      previous = current;
    }
  };
  const spellings = () => {
    const best = new Map<string, { word: string; uses: number }>();
    for (const id of judged) {
      if (termOfWord[id] === LEFT_OUT) continue;
      const wordStem = tables.stems[id] as string;
      const word = tables.words[id] as string;
      const count = uses[id] as number;
      const current = best.get(wordStem);
      if (!current || count > current.uses || (count === current.uses && word < current.word)) {
        best.set(wordStem, { word, uses: count });
      }
    }
    return new Map([...best].map(([wordStem, { word }]) => [wordStem, word]));
  };
  return { read, keys, spellings };
}

/**
 * Reads texts into term keys, leaving out `stopwords` (English's unless told), numbers, one-letter words and the
 * stems in `dropped`. Words repeat across a channel's texts, so each distinct word is judged once.
 */
export function tokeniser(
  dropped: ReadonlySet<string> = new Set(),
  stopwords: ReadonlySet<string> = stopWordsFor(['en']),
): Tokeniser {
  const tables = textTables();
  const { read, keys, spellings } = termReader(tables, dropped, stopwords);
  const scratch = new IdList();
  const termsOf = (text: string) => {
    scratch.length = 0;
    read(tables.textId(text), scratch);
    return Array.from(scratch.values.subarray(0, scratch.length), (id) => keys[id] as string);
  };
  return { termsOf, spellings };
}

/** Each distinct tag text of the videos, as written, and the number of videos carrying it. */
function distinctTags(tables: TextTables, key: Int32Array): { tags: string[]; videoCounts: number[] } {
  const index = new Int32Array(tables.texts.length).fill(-1);
  const lastVideo = new Int32Array(tables.texts.length).fill(-1);
  const tags: string[] = [];
  const videoCounts: number[] = [];
  for (let video = 0, at = 0; at < key.length; video++, at += (key[at] as number) + TAGS) {
    const to = at + TAGS + (key[at] as number);
    for (let position = at + TAGS; position < to; position++) {
      const text = key[position] as number;
      let id = index[text] as number;
      if (id < 0) {
        id = tags.length;
        index[text] = id;
        tags.push(tables.texts[text] as string);
        videoCounts.push(0);
      }
      if (lastVideo[text] !== video) {
        videoCounts[id] = (videoCounts[id] as number) + 1;
        lastVideo[text] = video;
      }
    }
  }
  return { tags, videoCounts };
}

/**
 * Stems of the words of tags on more than CHANNEL_WIDE_SHARE of the videos: such a tag ("Data Analyst",
 * "kitchen science") names the channel itself, so its words say nothing about any one video's topic.
 */
function channelWideStems(
  { tags: spellings, videoCounts }: { tags: string[]; videoCounts: number[] },
  videoCount: number,
  stopwords: ReadonlySet<string>,
): Set<string> {
  // Each distinct spelling was counted once per video; merging spellings leaves far fewer strings to lowercase.
  const counts = new Map<string, number>();
  spellings.forEach((tag, id) => {
    const normalised = tag.toLowerCase().trim();
    counts.set(normalised, (counts.get(normalised) ?? 0) + (videoCounts[id] as number));
  });
  const { termsOf } = tokeniser(new Set(), stopwords);
  const tags = [...counts].filter(([, count]) => count > CHANNEL_WIDE_SHARE * videoCount).map(([tag]) => tag);
  return new Set(tags.flatMap((tag) => termsOf(tag).filter((key) => !key.includes(' '))));
}

/** Titles enough to tell a channel's languages: a big channel's are read evenly spaced, up to this many. */
const LANGUAGE_SAMPLE = 2000;

/** The languages the channel's titles are written in: their stop words leave its topics, their hooks are read. */
function channelLanguages(tables: TextTables, key: Int32Array, videoCount: number): Language[] {
  const titles: (readonly string[])[] = [];
  const step = Math.max(1, Math.ceil(videoCount / LANGUAGE_SAMPLE));
  for (let video = 0, at = 0; at < key.length; video++, at += (key[at] as number) + TAGS) {
    if (video % step === 0) titles.push(tables.foldedWordsAsWritten(key[at + SUBJECT] as number));
  }
  return detectLanguages(titles);
}
/**
 * Rows of a sparse matrix: row r holds the entries rowStart[r] … rowStart[r + 1] − 1 of `columns` and `values`.
 * Videos × terms for the TF-IDF vectors, terms × videos for the postings.
 */
interface SparseRows {
  rowStart: Int32Array;
  columns: Int32Array;
  values: Float64Array;
}

interface Corpus {
  /** Term keys by id, alphabetical. */
  terms: string[];
  /** Unit TF-IDF vector of each video. */
  vectors: SparseRows;
  /** The videos containing each term, ascending, with the term's weight in each. */
  postings: SparseRows;
  /** Stem → how users write it. */
  spellings: Map<string, string>;
  /** For each term, the videos that name it twice or more (in the title and a tag, say): their subject. */
  emphatic: Uint32Array;
}

/**
 * Each distinct text's terms as provisional ids (in order of first appearance), and each video's texts as rows of
 * (distinct-text index, field weight). Tags and templated descriptions repeat: each distinct text is read once.
 */
function tokeniseTexts(tables: TextTables, key: Int32Array, videoCount: number, stopwords: ReadonlySet<string>) {
  const dropped = channelWideStems(distinctTags(tables, key), videoCount, stopwords);
  const { read, keys, spellings } = termReader(tables, dropped, stopwords);
  // By text id, its index among this channel's distinct texts, or -1 before its first use.
  const textIndex = new Int32Array(tables.texts.length).fill(-1);
  // The term ids of distinct text t are entries termStart[t] … termStart[t + 1] − 1 of termIds.
  const termIds = new IdList();
  const termStart: number[] = [0];
  // Likewise the terms written out (not as hashtags), entries saidStart[t] … saidStart[t + 1] − 1 of saidIds.
  const saidIds = new IdList();
  const saidStart: number[] = [0];
  const rowStart = new Int32Array(videoCount + 1);
  // Each video's texts: its tags, its subject and its opening, one entry fewer than it has in the key.
  const capacity = key.length - videoCount;
  const columns = new Int32Array(capacity);
  const values = new Float64Array(capacity);
  let size = 0;
  const add = (text: number, weight: number) => {
    let index = textIndex[text] as number;
    if (index < 0) {
      index = termStart.length - 1;
      textIndex[text] = index;
      read(text, termIds, saidIds);
      termStart.push(termIds.length);
      saidStart.push(saidIds.length);
    }
    columns[size] = index;
    values[size] = weight;
    size++;
  };
  for (let doc = 0, at = 0; at < key.length; doc++, at += (key[at] as number) + TAGS) {
    add(key[at + SUBJECT] as number, FIELD_WEIGHTS.title);
    const to = at + TAGS + (key[at] as number);
    for (let tag = at + TAGS; tag < to; tag++) add(key[tag] as number, FIELD_WEIGHTS.tags);
    add(key[at + OPENING] as number, FIELD_WEIGHTS.description);
    rowStart[doc + 1] = size;
  }
  const texts: SparseRows = { rowStart, columns, values };
  const termsOfText: SparseRows = {
    rowStart: Int32Array.from(termStart),
    columns: termIds.values.subarray(0, termIds.length),
    values: new Float64Array(0),
  };
  const saidInText: SparseRows = {
    rowStart: Int32Array.from(saidStart),
    columns: saidIds.values.subarray(0, saidIds.length),
    values: new Float64Array(0),
  };
  return { keys, termsOfText, saidInText, texts, spellings: spellings() };
}

/** Weighted term counts of every video by provisional term id, and each id's document frequency. */
function countTerms(tables: TextTables, key: Int32Array, videoCount: number, stopwords: ReadonlySet<string>) {
  const { keys, termsOfText, saidInText, texts, spellings } = tokeniseTexts(tables, key, videoCount, stopwords);
  let capacity = 0;
  for (let entry = 0; entry < texts.columns.length; entry++) {
    const text = texts.columns[entry] as number;
    capacity += (termsOfText.rowStart[text + 1] as number) - (termsOfText.rowStart[text] as number);
  }
  const accumulator = new Float64Array(keys.length);
  const documentFrequency = new Uint32Array(keys.length);
  const rowStart = new Int32Array(videoCount + 1);
  const columns = new Int32Array(capacity);
  const values = new Float64Array(capacity);
  let size = 0;
  for (let doc = 0; doc < videoCount; doc++) {
    const rowFrom = size;
    for (let entry = texts.rowStart[doc] as number; entry < (texts.rowStart[doc + 1] as number); entry++) {
      const weight = texts.values[entry] as number;
      const text = texts.columns[entry] as number;
      for (let term = termsOfText.rowStart[text] as number; term < (termsOfText.rowStart[text + 1] as number); term++) {
        const id = termsOfText.columns[term] as number;
        // Field weights are positive, so 0 means "not yet in this video".
        if (accumulator[id] === 0) columns[size++] = id;
        accumulator[id] = (accumulator[id] as number) + weight;
      }
    }
    for (let entry = rowFrom; entry < size; entry++) {
      const id = columns[entry] as number;
      values[entry] = accumulator[id] as number;
      accumulator[id] = 0;
      documentFrequency[id] = (documentFrequency[id] as number) + 1;
    }
    rowStart[doc + 1] = size;
  }
  const counts: SparseRows = { rowStart, columns: columns.subarray(0, size), values: values.subarray(0, size) };
  // Each video's title subject is its first text.
  const titleWords: TitleWords = {
    ...saidInText,
    textOf: (doc) => texts.columns[texts.rowStart[doc] as number] as number,
  };
  return { keys, documentFrequency, counts, titleWords, spellings };
}

/** The transpose: for each term, the videos containing it (ascending) and its weight in each. */
function transpose(rows: SparseRows, columnCount: number): SparseRows {
  const rowStart = new Int32Array(columnCount + 1);
  for (let entry = 0; entry < rows.columns.length; entry++) {
    const column = rows.columns[entry] as number;
    rowStart[column + 1] = (rowStart[column + 1] as number) + 1;
  }
  for (let column = 0; column < columnCount; column++) {
    rowStart[column + 1] = (rowStart[column + 1] as number) + (rowStart[column] as number);
  }
  const next = rowStart.slice(0, columnCount);
  const columns = new Int32Array(rows.columns.length);
  const values = new Float64Array(rows.columns.length);
  for (let row = 0; row + 1 < rows.rowStart.length; row++) {
    for (let entry = rows.rowStart[row] as number; entry < (rows.rowStart[row + 1] as number); entry++) {
      const column = rows.columns[entry] as number;
      const position = next[column] as number;
      columns[position] = row;
      values[position] = rows.values[entry] as number;
      next[column] = position + 1;
    }
  }
  return { rowStart, columns, values };
}

/** TF-IDF vectors (unit length) over the terms in at least 2 and at most CHANNEL_WIDE_SHARE of the videos. */
function buildCorpus(tables: TextTables, key: Int32Array, videoCount: number, stopwords: ReadonlySet<string>): Corpus {
  const { keys, documentFrequency, counts, titleWords, spellings } = countTerms(tables, key, videoCount, stopwords);
  const inRange = (id: number) => {
    const df = documentFrequency[id] as number;
    return df >= 2 && df <= CHANNEL_WIDE_SHARE * videoCount;
  };
  const stamped = stampedTerms({ keys, documentFrequency, videos: counts, titleWords, inRange });
  const provisionalIds = keys
    .map((_, id) => id)
    .filter((id) => inRange(id) && !stamped[id])
    .sort((a, b) => compareText(keys[a] as string, keys[b] as string));
  const terms = provisionalIds.map((id) => keys[id] as string);
  const finalId = new Int32Array(keys.length).fill(-1);
  const idf = provisionalIds.map((provisional, id) => {
    finalId[provisional] = id;
    return Math.log(videoCount / (documentFrequency[provisional] as number));
  });
  const rowStart = new Int32Array(videoCount + 1);
  // The vectors overwrite the counts in place (an entry is never written past the one being read): no second
  // pair of arrays as long as all the counts, which would cost as much in fresh memory as the arithmetic.
  const { columns, values } = counts;
  const emphatic = new Uint32Array(terms.length);
  let size = 0;
  for (let doc = 0; doc < videoCount; doc++) {
    const rowFrom = size;
    let sumOfSquares = 0;
    for (let entry = counts.rowStart[doc] as number; entry < (counts.rowStart[doc + 1] as number); entry++) {
      const id = finalId[counts.columns[entry] as number] as number;
      if (id < 0) continue;
      if ((counts.values[entry] as number) >= 2) emphatic[id] = (emphatic[id] as number) + 1;
      const weight = (counts.values[entry] as number) * (idf[id] as number);
      columns[size] = id;
      values[size] = weight;
      sumOfSquares += weight * weight;
      size++;
    }
    const norm = Math.sqrt(sumOfSquares);
    for (let entry = rowFrom; entry < size; entry++) values[entry] = (values[entry] as number) / norm;
    rowStart[doc + 1] = size;
  }
  const vectors = { rowStart, columns: columns.subarray(0, size), values: values.subarray(0, size) };
  return { terms, vectors, postings: transpose(vectors, terms.length), spellings, emphatic };
}

/** Whether the term's videos all hold another term besides it, not one of its own words or phrases. */
function sharesAnotherTerm({ vectors, terms }: Corpus, docs: ArrayLike<number>, term: number): boolean {
  const own = new Set((terms[term] as string).split(' '));
  const related = (id: number) => id === term || (terms[id] as string).split(' ').some((word) => own.has(word));
  const first = docs[0] as number;
  for (let entry = vectors.rowStart[first] as number; entry < (vectors.rowStart[first + 1] as number); entry++) {
    const id = vectors.columns[entry] as number;
    if (related(id)) continue;
    let everywhere = true;
    for (let i = 1; i < docs.length && everywhere; i++) {
      const doc = docs[i] as number;
      const row = vectors.columns.subarray(vectors.rowStart[doc], vectors.rowStart[doc + 1]);
      everywhere = row.includes(id);
    }
    if (everywhere) return true;
  }
  return false;
}

/**
 * Greedy seed terms: most uncovered TF-IDF weight first, then young topics (see the file comment). `young` is
 * how many of the seeds, the last ones, are young topics.
 *
 * Each pass sums every term's uncovered weight afresh, in video order, so the scores (and their ties) are those of
 * a plain sum. But a term is not summed again while its last sum is no more than the best so far, or its last
 * count of uncovered videos is below the minimum: videos only get covered, and a sum over fewer positive weights,
 * in the same order, is never larger (rounding is monotone). On the 10,000-video demo channel this reads 0.56 M
 * entries instead of 1.2 M.
 */
function chooseSeeds(
  corpus: Corpus,
  videoCount: number,
  options: Required<TopicOptions>,
): { seeds: number[]; young: number } {
  const { postings, terms } = corpus;
  const covered = new Uint8Array(videoCount);
  const seeds: number[] = [];
  const lastScore = new Float64Array(terms.length).fill(Number.POSITIVE_INFINITY);
  const lastUncovered = new Int32Array(terms.length).fill(videoCount);
  const grow = (minSize: number, accepts: (term: number, uncovered: number, df: number) => boolean) => {
    while (seeds.length < options.maxClusters) {
      let bestTerm = -1;
      let bestScore = 0;
      for (let term = 0; term < terms.length; term++) {
        if ((lastUncovered[term] as number) < minSize || (lastScore[term] as number) <= bestScore) continue;
        const from = postings.rowStart[term] as number;
        const to = postings.rowStart[term + 1] as number;
        let uncovered = 0;
        let score = 0;
        for (let entry = from; entry < to; entry++) {
          if (covered[postings.columns[entry] as number]) continue;
          uncovered++;
          score += postings.values[entry] as number;
        }
        lastScore[term] = score;
        lastUncovered[term] = uncovered;
        if (uncovered < minSize || !accepts(term, uncovered, to - from)) continue;
        // Terms are in alphabetical id order, so a strict comparison keeps ties deterministic. Two plain assignments:
        // a destructured pair allocated an array (and boxed the score) at every improvement.
        if (score > bestScore) {
          bestTerm = term;
          bestScore = score;
        }
      }
      if (bestTerm < 0) break;
      seeds.push(bestTerm);
      for (const doc of postingDocs(corpus, bestTerm)) covered[doc] = 1;
    }
  };
  grow(options.minClusterSize, (_, uncovered, df) => uncovered >= MIN_SEED_NOVELTY * df);
  const established = seeds.length;
  if (options.minClusterSize > YOUNG_TOPIC_SIZE) {
    const isSubject = (term: number, df: number) =>
      corpus.emphatic[term] === df || sharesAnotherTerm(corpus, postingDocs(corpus, term), term);
    grow(YOUNG_TOPIC_SIZE, (term, uncovered, df) => uncovered === df && isSubject(term, df));
  }
  return { seeds, young: seeds.length - established };
}

/** The videos' mean vector, scaled to unit length (its direction is all a cosine needs). */
function meanVector({ vectors, terms }: Corpus, docs: ArrayLike<number>): Float64Array {
  const centroid = new Float64Array(terms.length);
  for (let i = 0; i < docs.length; i++) addVector(vectors, docs[i] as number, centroid);
  return toUnitLength(centroid);
}

function addVector(vectors: SparseRows, doc: number, into: Float64Array): void {
  const to = vectors.rowStart[doc + 1] as number;
  for (let entry = vectors.rowStart[doc] as number; entry < to; entry++) {
    const id = vectors.columns[entry] as number;
    into[id] = (into[id] as number) + (vectors.values[entry] as number);
  }
}

/** A sum of vectors scaled in place to unit length, unless it is zero. */
function toUnitLength(sum: Float64Array): Float64Array {
  let sumOfSquares = 0;
  for (let id = 0; id < sum.length; id++) sumOfSquares += (sum[id] as number) * (sum[id] as number);
  const norm = Math.sqrt(sumOfSquares);
  if (norm > 0) for (let id = 0; id < sum.length; id++) sum[id] = (sum[id] as number) / norm;
  return sum;
}

/** Centroids scored together by nearestCentroids, each group's sums held in locals. */
const GROUP = 8;

/**
 * Each video's index of the centroid with the highest cosine, or -1 when it shares no term with any.
 *
 * The centroids' weights are laid out by group of GROUP centroids, then term, then centroid (`weights`, rebuilt by
 * every round in the same array; a last group's missing centroids weigh 0), so one pass over a video's terms
 * scores a whole group in local sums. Each score adds the video's terms in order as a sum per centroid would;
 * the zero weights add exact zeros (every weight and value is positive or zero), so the sums are the same.
 * Lists of each term's non-zero weights (~4.5 of 8 on the 10,000-video demo channel) cost more in indirection
 * than the zeros they skip.
 *
 * The same pass adds each video's vector to `sums` of its centroid and counts it in `sizes` (both zero before):
 * videos in ascending order, as meanVector would add a cluster's members, while the vector is at hand.
 */
function nearestCentroids(
  { vectors, terms }: Corpus,
  centroids: readonly Float64Array[],
  into: Int32Array,
  weights: Float64Array,
  sums: readonly Float64Array[],
  sizes: Int32Array,
): void {
  const count = centroids.length;
  const groupStride = terms.length * GROUP;
  for (let k = 0; k < count; k++) {
    const centroid = centroids[k] as Float64Array;
    const at = Math.floor(k / GROUP) * groupStride + (k % GROUP);
    for (let id = 0; id < terms.length; id++) weights[at + id * GROUP] = centroid[id] as number;
  }
  const scores = new Float64Array(Math.ceil(count / GROUP) * GROUP);
  for (let doc = 0; doc < into.length; doc++) {
    const from = vectors.rowStart[doc] as number;
    const to = vectors.rowStart[doc + 1] as number;
    for (let group = 0; group * GROUP < count; group++) {
      const offset = group * groupStride;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let s4 = 0;
      let s5 = 0;
      let s6 = 0;
      let s7 = 0;
      for (let entry = from; entry < to; entry++) {
        const at = offset + (vectors.columns[entry] as number) * GROUP;
        const value = vectors.values[entry] as number;
        s0 += (weights[at] as number) * value;
        s1 += (weights[at + 1] as number) * value;
        s2 += (weights[at + 2] as number) * value;
        s3 += (weights[at + 3] as number) * value;
        s4 += (weights[at + 4] as number) * value;
        s5 += (weights[at + 5] as number) * value;
        s6 += (weights[at + 6] as number) * value;
        s7 += (weights[at + 7] as number) * value;
      }
      const first = group * GROUP;
      scores[first] = s0;
      scores[first + 1] = s1;
      scores[first + 2] = s2;
      scores[first + 3] = s3;
      scores[first + 4] = s4;
      scores[first + 5] = s5;
      scores[first + 6] = s6;
      scores[first + 7] = s7;
    }
    let best = -1;
    let bestScore = 0;
    for (let k = 0; k < count; k++) {
      if ((scores[k] as number) > bestScore) {
        best = k;
        bestScore = scores[k] as number;
      }
    }
    into[doc] = best;
    if (best >= 0) {
      addVector(vectors, doc, sums[best] as Float64Array);
      sizes[best] = (sizes[best] as number) + 1;
    }
  }
}

/** Videos by cluster index; -1 (no shared term) is left out. */
function membersByCluster(assignment: ArrayLike<number>, clusterCount: number): number[][] {
  const members: number[][] = Array.from({ length: clusterCount }, () => []);
  for (let doc = 0; doc < assignment.length; doc++) members[assignment[doc] as number]?.push(doc);
  return members;
}

function postingDocs({ postings }: Corpus, term: number): Int32Array {
  return postings.columns.subarray(postings.rowStart[term], postings.rowStart[term + 1]);
}

/** Each video's cluster (-1: none) and each cluster's unit mean vector: step 4 of the file comment. */
function assignToSeeds(
  corpus: Corpus,
  seeds: readonly number[],
  videoCount: number,
): { assignment: Int32Array; centroids: Float64Array[] } {
  const termCount = corpus.terms.length;
  const centroids: Float64Array[] = packedMap(seeds, (term) => meanVector(corpus, postingDocs(corpus, term)));
  // The members' sums of the assignment last made: the next round's centroids, scaled in place.
  const sums: Float64Array[] = packedMap(seeds, () => new Float64Array(termCount));
  const sizes = new Int32Array(seeds.length);
  let assignment = new Int32Array(videoCount);
  let next = new Int32Array(videoCount);
  const weights = new Float64Array(Math.ceil(seeds.length / GROUP) * GROUP * termCount);
  nearestCentroids(corpus, centroids, assignment, weights, sums, sizes);
  for (let round = 1; round < REFINEMENT_ROUNDS; round++) {
    // A cluster left empty keeps its centroid; the others become their members' mean, and the arrays they
    // leave hold the next round's sums.
    for (let k = 0; k < seeds.length; k++) {
      if ((sizes[k] as number) > 0) {
        const previous = centroids[k] as Float64Array;
        centroids[k] = toUnitLength(sums[k] as Float64Array);
        sums[k] = previous;
      }
      (sums[k] as Float64Array).fill(0);
    }
    sizes.fill(0);
    nearestCentroids(corpus, centroids, next, weights, sums, sizes);
    let changed = false;
    for (let doc = 0; doc < videoCount && !changed; doc++) changed = next[doc] !== assignment[doc];
    [assignment, next] = [next, assignment];
    if (!changed) break;
  }
  // `sums` are those of the assignment returned: its clusters' mean vectors, once scaled.
  return { assignment, centroids: sums.map((sum, k) => ((sizes[k] as number) > 0 ? toUnitLength(sum) : sum)) };
}

/**
 * The cluster's heaviest term keys, seed first; a term whose words are all in a heavier keyword adds nothing. A
 * phrase stands for its words when they never appear without it in the cluster ("crème brûlée", not "brûlée /
 * crème"); words that also appear apart ("eggs" beside "boiled eggs") keep their own place. `centroid`: the
 * members' unit mean vector, which assignment made.
 */
function clusterKeywords(corpus: Corpus, members: readonly number[], centroid: Float64Array, seed: number): string[] {
  const phraseOf = wholePhrases(corpus, members);
  const ranked = [...centroid.keys()]
    .filter((id) => (centroid[id] as number) > 0 && id !== seed)
    .sort((a, b) => (centroid[b] as number) - (centroid[a] as number) || a - b);
  const keywords: string[] = [];
  for (const id of [seed, ...ranked]) {
    if (keywords.length >= KEYWORD_COUNT) break;
    const term = corpus.terms[id] as string;
    const candidate = phraseOf.get(term) ?? term;
    const known = new Set(keywords.flatMap((keyword) => keyword.split(' ')));
    if (!candidate.split(' ').every((word) => known.has(word))) keywords.push(candidate);
  }
  return keywords;
}

/** Word key → the phrase (bigram key) found in exactly the cluster videos that hold the word. */
function wholePhrases({ vectors, terms }: Corpus, members: readonly number[]): Map<string, string> {
  const videosWith = new Uint32Array(terms.length);
  for (const doc of members) {
    for (let entry = vectors.rowStart[doc] as number; entry < (vectors.rowStart[doc + 1] as number); entry++) {
      const id = vectors.columns[entry] as number;
      videosWith[id] = (videosWith[id] as number) + 1;
    }
  }
  const phrases = new Map<string, string>();
  terms.forEach((term, id) => {
    if (videosWith[id] === 0 || !term.includes(' ')) return;
    const words = term.split(' ');
    const whole = words.every((word) => videosWith[termId(terms, word)] === videosWith[id]);
    if (whole) for (const word of words) phrases.set(word, term);
  });
  return phrases;
}

/** The id of a term key in the alphabetical `terms`, or -1. */
function termId(terms: readonly string[], key: string): number {
  let low = 0;
  let high = terms.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const order = compareText(terms[middle] as string, key);
    if (order === 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** A term as users would write it: "boiled egg" → "boiled eggs", "ete" → "été", "ラーメン 屋" → "ラーメン屋". */
function displayTerm(key: string, spellings: ReadonlyMap<string, string>): string {
  return joinWords(key.split(' ').map((wordStem) => spellings.get(wordStem) ?? wordStem));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function slug(text: string): string {
  // Marks stay: Thai vowels and tones are marks.
  return text.replace(/[^\p{L}\p{M}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'topic';
}

/**
 * Positions sorted rather than the videos, by id, then title, then position: each doc's position in `videos` at
 * hand. The sort starts from the order the videos had when last read (their `lastDoc`), so a channel read again
 * is one sorted run, checked in one comparison per video instead of some 130,000 for 10,000 videos; the order
 * is total, so where the sort starts changes nothing.
 */
function idOrder(videos: readonly TopicVideo[], ids: readonly string[], textsAt: readonly VideoTexts[]): number[] {
  const atDoc = new Int32Array(videos.length).fill(-1);
  const unplaced: number[] = [];
  for (let position = 0; position < videos.length; position++) {
    const doc = (textsAt[position] as VideoTexts).lastDoc;
    if (doc >= 0 && doc < atDoc.length && atDoc[doc] === -1) atDoc[doc] = position;
    else unplaced.push(position);
  }
  const order: number[] = [];
  for (let doc = 0; doc < atDoc.length; doc++) if ((atDoc[doc] as number) >= 0) order.push(atDoc[doc] as number);
  for (const position of unplaced) order.push(position);
  return order.sort(
    (a, b) =>
      compareText(ids[a] as string, ids[b] as string) ||
      compareText((videos[a] as TopicVideo).title, (videos[b] as TopicVideo).title) ||
      a - b,
  );
}

/**
 * The clusters, and the topic id of each given video by its position in `videos`: what the channel's analysis
 * reads, 10,000 positions where looking each video up by id in `assignments` cost as much again.
 */
export function discoverTopicsByPosition(
  videos: readonly TopicVideo[],
  options: TopicOptions = {},
): { clusters: TopicCluster[]; topics: string[]; languages: Language[] } {
  const settings = {
    maxClusters: options.maxClusters ?? MAX_CLUSTERS,
    minClusterSize: options.minClusterSize ?? MIN_CLUSTER_SIZE,
  };
  // Each id read once: the sort and the clusters' lists read them from an array, not from 10,000 video objects.
  const ids: string[] = [];
  for (let position = 0; position < videos.length; position++) ids.push((videos[position] as TopicVideo).id);
  const tables = textTables();
  const textsAt = packedMap(videos, (video) => videoTexts(tables, video));
  const order = idOrder(videos, ids, textsAt);
  const { found, languages } = knownTopics(tables, textsKey(textsAt, order), videos.length, settings);
  const topics: string[] = new Array(videos.length).fill(OTHER_TOPIC);
  const placed = new Uint8Array(videos.length);
  const clusters: TopicCluster[] = found.map(({ id, label, keywords, docs }) => {
    const videoIds: string[] = [];
    for (const doc of docs) {
      const position = order[doc] as number;
      videoIds.push(ids[position] as string);
      topics[position] = id;
      placed[doc] = 1;
    }
    return { id, label, keywords: [...keywords], videoIds };
  });
  const otherIds: string[] = [];
  for (let doc = 0; doc < videos.length; doc++) if (!placed[doc]) otherIds.push(ids[order[doc] as number] as string);
  if (otherIds.length > 0) clusters.push({ id: OTHER_TOPIC, label: OTHER_TOPIC, keywords: [], videoIds: otherIds });
  return { clusters, topics, languages };
}

/** A topic found, its videos as doc indexes (videos in id order); largest first. */
interface FoundTopic {
  id: string;
  label: string;
  keywords: string[];
  docs: number[];
}

/** What the channel's texts give: its topics, and the languages they are written in. */
interface FoundTopics {
  found: FoundTopic[];
  languages: Language[];
}

/** The topics of videos with these texts, in this order: steps 1–4 of the file comment. */
function findTopics(
  tables: TextTables,
  key: Int32Array,
  videoCount: number,
  settings: Required<TopicOptions>,
): FoundTopics {
  const languages = channelLanguages(tables, key, videoCount);
  const corpus = buildCorpus(tables, key, videoCount, stopWordsFor(languages));
  const { seeds, young } = chooseSeeds(corpus, videoCount, settings);
  const { assignment, centroids } = assignToSeeds(corpus, seeds, videoCount);
  const members = membersByCluster(assignment, seeds.length);
  const found = seeds.flatMap((seed, k): FoundTopic[] => {
    const docs = members[k] ?? [];
    if (docs.length < (k < seeds.length - young ? settings.minClusterSize : YOUNG_TOPIC_SIZE)) return [];
    const keywords = clusterKeywords(corpus, docs, centroids[k] as Float64Array, seed).map((key) =>
      displayTerm(key, corpus.spellings),
    );
    const id = slug(keywords[0] as string);
    return [{ id, label: keywords.slice(0, LABEL_KEYWORDS).join(' / '), keywords, docs }];
  });
  return { found: found.sort((a, b) => b.docs.length - a.docs.length || compareText(a.id, b.id)), languages };
}

/**
 * The topics of the last few channels read, kept while their texts are the same: a channel is analysed again
 * after every write to it, and most writes (new snapshots) leave every title, tag and description as it was.
 * Keyed by the texts' ids in doc order and the options; what is found depends on nothing else.
 */
interface KnownTopics {
  epoch: number;
  key: Int32Array;
  maxClusters: number;
  minClusterSize: number;
  found: FoundTopics;
}

const KNOWN_CHANNELS = 4;
/** Where a video's entry in a texts key holds its tag count, its subject, its opening and its first tag. */
const SUBJECT = 1;
const OPENING = 2;
const TAGS = 3;
const known: KnownTopics[] = [];

/**
 * Each video's tag count, title subject, description opening and tags, as text ids, in doc order: the channel's
 * texts in one flat array, which the reading walks where the videos' entries lie wherever they were made. Each
 * entry learns its doc (`lastDoc`) in the same pass.
 */
function textsKey(textsAt: readonly VideoTexts[], order: readonly number[]): Int32Array {
  let length = 0;
  for (const video of textsAt) length += video.tagTexts.length + TAGS;
  const key = new Int32Array(length);
  let at = 0;
  for (let doc = 0; doc < order.length; doc++) {
    const video = textsAt[order[doc] as number] as VideoTexts;
    video.lastDoc = doc;
    const { tagTexts } = video;
    key[at] = tagTexts.length;
    key[at + SUBJECT] = video.subject;
    key[at + OPENING] = video.opening;
    at += TAGS;
    for (let tag = 0; tag < tagTexts.length; tag++) key[at++] = tagTexts[tag] as number;
  }
  return key;
}

function sameKey(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

function knownTopics(
  tables: TextTables,
  key: Int32Array,
  videoCount: number,
  settings: Required<TopicOptions>,
): FoundTopics {
  const index = known.findIndex(
    (entry) =>
      entry.epoch === tables.epoch &&
      entry.maxClusters === settings.maxClusters &&
      entry.minClusterSize === settings.minClusterSize &&
      sameKey(entry.key, key),
  );
  const entry =
    index >= 0
      ? (known.splice(index, 1)[0] as KnownTopics)
      : { epoch: tables.epoch, key, ...settings, found: findTopics(tables, key, videoCount, settings) };
  known.unshift(entry);
  known.length = Math.min(known.length, KNOWN_CHANNELS);
  return entry.found;
}

export function discoverTopics(videos: readonly TopicVideo[], options: TopicOptions = {}): TopicClustering {
  const { clusters } = discoverTopicsByPosition(videos, options);
  const assignments = new Map<string, string>();
  for (const cluster of clusters) for (const id of cluster.videoIds) assignments.set(id, cluster.id);
  return { clusters, assignments };
}
