// Topic discovery's reading of each video's texts (its title's subject, its tags, its description's opening),
// cut into words once and kept across analyses. A channel is analysed again after every write to it (new
// snapshots, mostly) with the same titles, tags and descriptions: each video's texts are found again by its id,
// checked field by field against what was read, so a changed video is read afresh. By id, not by video object:
// a channel read again from the database is new objects and new strings, and looking its 79,000 texts up again
// hashed every one (and cut every description's opening again), where the id is one short string per video.
//
// Words and texts get ids in order of first reading, so an analysis indexes arrays by id where it hashed every
// word of every title. The tables are process-wide; past MAX_TEXTS texts, MAX_WORDS words or MAX_VIDEOS videos
// the next reader starts new ones (a reader holding the old ones keeps them), so they cannot grow without end.

import { fold } from '../text/fold.js';
import { PLATFORM_HASHTAGS } from '../text/stopwords.js';
import { forEachWord, forEachWordSpan, isIdeograph } from '../text/words.js';
import { IdList } from './id-list.js';
import { titleSubject } from './title-templates.js';
import type { TopicVideo } from './topic-clusters.js';

const MAX_TEXTS = 200_000;
const MAX_WORDS = 200_000;
/** Videos whose texts are kept by id: removed videos' entries stay until the tables are renewed. */
const MAX_VIDEOS = 200_000;
/** The description's opening: what shows above "more"; the rest is mostly links and boilerplate. */
const DESCRIPTION_CHARS = 300;

/** A token is its word's id × 4, plus JOINED when only blanks separate it from the word before (words.ts)… */
export const JOINED = 2;
/** …plus HASHTAG when it is written "#word". */
export const HASHTAG = 1;

/** Singular by simple rules: "eggs" → "egg", "stories" → "story", "dishes" → "dish"; "class", "analysis" kept. */
export function stem(word: string): string {
  if (word.length <= 3 || /(ss|us|is)$/.test(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|sses|xes|zes)$/.test(word)) return word.slice(0, -2);
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

const STARTS_WITH_DIGIT = /^\p{N}/u;
const ASCII = /^[\0-\x7f]*$/;

/** Whether a folded word can be (part of) a topic's name: no number, no single letter, but a single ideograph. */
function canNameTopic(word: string): boolean {
  if (STARTS_WITH_DIGIT.test(word)) return false;
  const first = word.codePointAt(0) ?? 0;
  return word.length > (first > 0xffff ? 2 : 1) || isIdeograph(first);
}

/** Interned words and texts, each text's tokens, and what a channel's reading needs of each word. */
export class TextTables {
  readonly epoch: number;
  /**
   * The word ids by a hash of their characters, open addressing (slot = id + 1, 0 empty, at most half full): a
   * word is found from its place in the text scanned, where a map needed it cut into a new string and hashed.
   */
  private wordSlots = new Int32Array(1024);
  /** By word id: the hash its slot was found by. */
  private readonly wordHashes = new IdList();
  /** By word id: the word as written in the lowercased text. */
  readonly words: string[] = [];
  /** By word id: the word folded (fold.ts). */
  readonly folded: string[] = [];
  /** By word id: its stem, or null when it cannot name a topic (a number, a single letter). */
  readonly stems: (string | null)[] = [];
  /** By word id: whether, written as a hashtag, it files the video on the platform ("#shorts"). */
  readonly platformHashtag: boolean[] = [];
  private readonly textIds = new Map<string, number>();
  readonly texts: string[] = [];
  /** Text t's tokens are entries tokenStart[t] … tokenStart[t + 1] − 1 of tokens.values. */
  readonly tokenStart: number[] = [0];
  readonly tokens = new IdList();
  /** By text id: the folded words of the text as written (not lowercased first), once asked for. */
  private readonly languageWords: (string[] | undefined)[] = [];
  /** Each video's texts as last read, by video id. */
  readonly videos = new Map<string, VideoTexts>();

  constructor(epoch: number) {
    this.epoch = epoch;
  }

  /** The text's id, its lowercased words read into tokens the first time it is seen. */
  textId(text: string): number {
    let id = this.textIds.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.textIds.set(text, id);
      this.texts.push(text);
      this.languageWords.push(undefined);
      forEachWordSpan(text.toLowerCase(), this.appendToken);
      this.tokenStart.push(this.tokens.length);
    }
    return id;
  }

  /** What language detection reads of a text (stopwords.ts). */
  foldedWordsAsWritten(text: number): readonly string[] {
    let words = this.languageWords[text];
    if (words === undefined) {
      const found: string[] = [];
      const written = this.texts[text] as string;
      if (ASCII.test(written)) {
        // Lowercasing ASCII moves no word boundary and folding lowercases anyway: the tokens' words are these.
        const to = this.tokenStart[text + 1] as number;
        for (let entry = this.tokenStart[text] as number; entry < to; entry++) {
          found.push(this.folded[(this.tokens.values[entry] as number) >> 2] as string);
        }
      } else forEachWord(written, (word) => found.push(fold(word)));
      words = found;
      this.languageWords[text] = words;
    }
    return words;
  }

  // One function for every text, so the scanner's call to it stays monomorphic.
  private readonly appendToken = (source: string, start: number, end: number, joined: boolean, hashtag: boolean) => {
    this.tokens.push(this.wordId(source, start, end) * 4 + (joined ? JOINED : 0) + (hashtag ? HASHTAG : 0));
  };

  /** The id of the word at start … end − 1 of `source`, which gets one if it has none. */
  private wordId(source: string, start: number, end: number): number {
    const hash = hashOf(source, start, end);
    const mask = this.wordSlots.length - 1;
    let slot = hash & mask;
    for (let entry = this.wordSlots[slot] as number; entry !== 0; entry = this.wordSlots[slot] as number) {
      const id = entry - 1;
      if (this.wordHashes.values[id] === hash && sameCharacters(this.words[id] as string, source, start, end))
        return id;
      slot = (slot + 1) & mask;
    }
    const id = this.words.length;
    const word = start === 0 && end === source.length ? source : source.slice(start, end);
    const folded = fold(word);
    this.words.push(word);
    this.folded.push(folded);
    this.stems.push(canNameTopic(folded) ? stem(folded) : null);
    this.platformHashtag.push(PLATFORM_HASHTAGS.has(folded));
    this.wordHashes.push(hash);
    this.wordSlots[slot] = id + 1;
    if (2 * this.words.length > this.wordSlots.length) this.growWordSlots();
    return id;
  }

  private growWordSlots(): void {
    const slots = new Int32Array(2 * this.wordSlots.length);
    const mask = slots.length - 1;
    for (let id = 0; id < this.words.length; id++) {
      let slot = (this.wordHashes.values[id] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.wordSlots = slots;
  }
}

/** A hash of characters start … end − 1 of `text`, its bits mixed so that the low ones pick a slot well. */
function hashOf(text: string, start: number, end: number): number {
  let hash = 0;
  for (let index = start; index < end; index++) hash = (Math.imul(hash, 31) + text.charCodeAt(index)) | 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x45d9f3b);
  return hash ^ (hash >>> 16);
}

/** Whether `word` is characters start … end − 1 of `text`. */
function sameCharacters(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let index = 0; index < word.length; index++) {
    if (word.charCodeAt(index) !== text.charCodeAt(start + index)) return false;
  }
  return true;
}

let current = new TextTables(0);

/**
 * Starts new tables, so no text is known and no channel's topics are kept (a new epoch): what a process that has
 * read nothing yet does. The analysis-speed bench times the analysis of texts never read with it.
 */
export function forgetTopicTexts(): void {
  current = new TextTables(current.epoch + 1);
}

/** The tables to read with: the current ones, or new ones when those are full. */
export function textTables(): TextTables {
  if (current.texts.length > MAX_TEXTS || current.words.length > MAX_WORDS || current.videos.size > MAX_VIDEOS) {
    current = new TextTables(current.epoch + 1);
  }
  return current;
}

/** A video's texts as text ids, with the title they were read from. */
export interface VideoTexts {
  title: string;
  subject: number;
  tagTexts: number[];
  opening: number;
  /** Where the video came in the id order of the last channel it was read with, or -1: a hint for the next sort. */
  lastDoc: number;
}

/** Whether the tags are those read, checked against the tables' texts: no copy of each video's tags is kept. */
function sameTags(tables: TextTables, known: readonly number[], tags: readonly string[]): boolean {
  if (known.length !== tags.length) return false;
  for (let index = 0; index < tags.length; index++) {
    if (tables.texts[known[index] as number] !== tags[index]) return false;
  }
  return true;
}

/**
 * Whether the description opens with the opening read: only the opening is read, so a change past it changes
 * nothing, and no copy of each description is kept (the entries outlive their videos).
 */
function sameOpening(tables: TextTables, opening: number, description: string): boolean {
  const known = tables.texts[opening] as string;
  return description.length > DESCRIPTION_CHARS
    ? known.length === DESCRIPTION_CHARS && description.startsWith(known)
    : known === description;
}

/** The video's title subject (title-templates.ts), tags and description opening as text ids of `tables`. */
export function videoTexts(tables: TextTables, video: TopicVideo): VideoTexts {
  let texts = tables.videos.get(video.id);
  const description = video.description ?? '';
  if (
    texts === undefined ||
    texts.title !== video.title ||
    !sameOpening(tables, texts.opening, description) ||
    !sameTags(tables, texts.tagTexts, video.tags)
  ) {
    texts = {
      title: video.title,
      subject: tables.textId(titleSubject(video.title)),
      tagTexts: video.tags.map((tag) => tables.textId(tag)),
      // A short description is its own opening: keyed by the string itself, no copy to hash afresh. A long one's
      // opening is copied: a slice would keep the whole description alive in the tables after the video is gone.
      opening: tables.textId(
        description.length > DESCRIPTION_CHARS
          ? (JSON.parse(JSON.stringify(description.slice(0, DESCRIPTION_CHARS))) as string)
          : description,
      ),
      // A hint only (idOrder): a changed video most likely keeps its place.
      lastDoc: texts?.lastDoc ?? -1,
    };
    tables.videos.set(video.id, texts);
  }
  return texts;
}
