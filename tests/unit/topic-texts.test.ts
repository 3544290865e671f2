import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TopicVideo } from '../../src/core/analytics/topic-clusters.js';
import { HASHTAG, JOINED, TextTables, type VideoTexts, videoTexts } from '../../src/core/analytics/topic-texts.js';
import { foldedWords, forEachWord } from '../../src/core/text/words.js';
import { CHANNELS } from '../fixtures/multilingual-channels.js';

/** The text's tokens read back as (word, joined, hashtag). */
function tokensOf(tables: TextTables, text: number): { word: string; joined: boolean; hashtag: boolean }[] {
  const found = [];
  for (let entry = tables.tokenStart[text] as number; entry < (tables.tokenStart[text + 1] as number); entry++) {
    const token = tables.tokens.values[entry] as number;
    found.push({
      word: tables.words[token >> 2] as string,
      joined: (token & JOINED) > 0,
      hashtag: (token & HASHTAG) > 0,
    });
  }
  return found;
}

function wordsOf(text: string): { word: string; joined: boolean; hashtag: boolean }[] {
  const found: { word: string; joined: boolean; hashtag: boolean }[] = [];
  forEachWord(text.toLowerCase(), (word, joined, hashtag) => found.push({ word, joined, hashtag }));
  return found;
}

const FIXTURE_TITLES = Object.values(CHANNELS).flatMap((topics) => Object.values(topics).flat());

describe('TextTables', () => {
  // Words are found by a hash of their place in the text, not by a map of strings: each distinct word must still
  // get one id, and every word its own, as the table of slots grows (1,024 at first, at most half full).
  it('reads each text into the words forEachWord finds, one id per distinct word, past the first table size', () => {
    const syllable = fc.constantFrom('ka', 'é', 'ß', 'ラ', 'ー', '猫', 'กิ', 'x', '9', "l'", 'Œ', 'n', 'o', 'du');
    const word = fc.array(syllable, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
    const separator = fc.constantFrom(' ', ' ', ' #', ': ', ' 🍮 ', '\u3000');
    const text = fc
      .array(fc.tuple(word, separator), { minLength: 1, maxLength: 8 })
      .map((parts) => parts.map(([w, s]) => w + s).join(''));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 60 }), (randomTexts) => {
        const tables = new TextTables(0);
        // Numbered words first, so that the random texts are read into a table that has grown (2,000 words).
        const texts = [...Array.from({ length: 2000 }, (_, index) => `w${index.toString(36)}`), ...FIXTURE_TITLES];
        texts.push(...randomTexts);
        const ids = texts.map((each) => tables.textId(each));
        expect(ids.map((id) => tokensOf(tables, id))).toEqual(texts.map(wordsOf));
        expect(new Set(tables.words).size).toBe(tables.words.length);
      }),
      { numRuns: 25 },
    );
  });

  // An ASCII text's folded words are read from its tokens (of the lowercased text), not scanned again.
  it('gives language detection the folded words of the text as written', () => {
    const piece = fc.constantFrom(
      'Grandma',
      "'s",
      "L'",
      'oeuf',
      "DON'T",
      ' ',
      ' #',
      'Shorts',
      '9',
      'X',
      ': ',
      "'",
      'été',
      'ラーメン',
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.array(piece, { maxLength: 10 }).map((parts) => parts.join('')),
          { maxLength: 20 },
        ),
        (texts) => {
          const tables = new TextTables(0);
          for (const text of [...texts, ...FIXTURE_TITLES]) {
            expect(tables.foldedWordsAsWritten(tables.textId(text))).toEqual(foldedWords(text));
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});

/** A copy of the string in new memory, as a channel read again from the database holds. */
function fresh(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

function copyOf(video: TopicVideo): TopicVideo {
  return {
    id: fresh(video.id),
    title: fresh(video.title),
    tags: video.tags.map(fresh),
    description: video.description === null ? null : fresh(video.description),
  };
}

/** The texts an entry stands for, read back from its tables. */
function textsOf(tables: TextTables, entry: VideoTexts) {
  return {
    subject: tables.texts[entry.subject],
    tags: entry.tagTexts.map((text) => tables.texts[text]),
    opening: tables.texts[entry.opening],
  };
}

describe('videoTexts', () => {
  const video: TopicVideo = {
    id: 'abc123',
    title: 'Poached eggs, three ways',
    tags: ['eggs', 'breakfast'],
    description: `${'Soft, runny and quick. '.repeat(20)}Links below.`,
  };

  // The analysis after a write reads the channel into new objects: its texts must be found by the video's id,
  // not looked up again text by text (79,000 at 10,000 videos).
  it('finds a video read again into new objects and strings without reading its texts again', () => {
    const tables = new TextTables(0);
    const first = videoTexts(tables, video);
    const textCount = tables.texts.length;
    expect(videoTexts(tables, copyOf(video))).toBe(first);
    expect(tables.texts.length).toBe(textCount);
  });

  it('reads a changed video afresh: what it gives is what tables that never saw the video give', () => {
    const edit = fc.record({
      title: fc.constantFrom(video.title, 'Poached eggs, four ways', 'Scrambled eggs'),
      tags: fc.constantFrom(video.tags, ['eggs'], ['breakfast', 'eggs'], ['eggs', 'brunch'], []),
      description: fc.constantFrom(
        video.description,
        null,
        '',
        'Short one.',
        `${video.description}More links.`,
        `${(video.description as string).slice(0, 299)}!${(video.description as string).slice(300)}`,
        (video.description as string).slice(0, 300),
      ),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        const tables = new TextTables(0);
        videoTexts(tables, video);
        for (const changes of edits) {
          const changed = copyOf({ ...video, ...changes });
          const unread = new TextTables(1);
          expect(textsOf(tables, videoTexts(tables, changed))).toEqual(textsOf(unread, videoTexts(unread, changed)));
        }
      }),
      { numRuns: 40 },
    );
  });
});
