import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../src/bot/cli/render-terminal.js';
import { renderTable } from '../../src/bot/text-table.js';
import {
  displayWidth,
  ONE_COLUMN_EACH,
  splitToLength,
  truncate,
  truncateToWidth,
  wrapToWidth,
} from '../../src/core/format/text-width.js';

const graphemes = (text: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)];
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Titles as creators write them: emoji (with modifiers and ZWJ sequences), flags, CJK, accents, combining marks.
const pieces = ['cooking ', '🍳', '👩🏽‍🍳', '🇫🇷', '料理', 'の', 'crème ', 'e\u0301', 'ñ', ' ', 'Été', '한국어', 'x'];
const title = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((parts) => parts.join(''));

describe('cutting text between graphemes', () => {
  it('never cuts inside a surrogate pair or an emoji sequence (the "cooking 🍳�…" bug)', () => {
    expect(truncate('cooking 🍳 eggs', 11)).toBe('cooking 🍳…');
    expect(truncate('cooking 🍳 eggs', 10)).toBe('cooking…');
    fc.assert(
      fc.property(title, fc.integer({ min: 1, max: 40 }), (text, limit) => {
        const cut = truncate(text, limit);
        expect(LONE_SURROGATE.test(cut)).toBe(false);
        if (text.length <= limit) {
          expect(cut).toBe(text);
          return;
        }
        expect(cut.length).toBeLessThanOrEqual(limit);
        expect(cut.endsWith('…')).toBe(true);
        // What is kept is whole graphemes from the start of the text.
        const kept = cut.slice(0, -1);
        expect(text.startsWith(kept)).toBe(true);
        expect(
          graphemes(text)
            .map((g) => g.segment)
            .join(''),
        ).toContain(kept);
      }),
    );
  });

  it('counts display columns: CJK and emoji take two', () => {
    expect(displayWidth('料理')).toBe(4);
    expect(displayWidth('🍳')).toBe(2);
    expect(displayWidth('crème')).toBe(5);
    fc.assert(
      fc.property(title, fc.integer({ min: 2, max: 40 }), (text, width) => {
        const cut = truncateToWidth(text, width);
        expect(displayWidth(cut)).toBeLessThanOrEqual(width);
        if (displayWidth(text) <= width) expect(cut).toBe(text);
        expect(LONE_SURROGATE.test(cut)).toBe(false);
      }),
    );
  });

  it('counts plain ASCII as string-width does (its fast path), control characters and mixed text included', () => {
    const text = fc.oneof(fc.string({ unit: 'binary-ascii', maxLength: 40 }), fc.string({ maxLength: 40 }), title);
    fc.assert(
      fc.property(text, (value) => {
        expect(displayWidth(value)).toBe(stringWidth(value));
      }),
    );
  });

  it('counts and cuts text of one-column characters as string-width and a grapheme segmenter would', () => {
    // What lets such text be counted, and cut at any character: each of these characters is one column, and no
    // two of them make one grapheme, in either order (every pair is checked: `a` beside each of them).
    const characters = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).filter((character) =>
      ONE_COLUMN_EACH.test(character),
    );
    expect(characters.length).toBe(726);
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    for (const a of characters) {
      expect(stringWidth(a)).toBe(1);
      const beside = characters.map((b) => `${a}${b}`).join('');
      expect([...segmenter.segment(beside)].length).toBe(beside.length);
    }
    const text = fc.array(fc.constantFrom(...characters), { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 40 }), (value, width) => {
        expect(displayWidth(value)).toBe(stringWidth(value));
        const cut = truncateToWidth(value, width);
        const kept = graphemes(value)
          .map(({ segment }) => segment)
          .slice(0, Math.max(0, width - 1))
          .join('')
          .trimEnd();
        expect(cut).toBe(stringWidth(value) <= width ? value : `${kept}…`);
      }),
    );
  });

  it('splits to a length without losing or breaking anything', () => {
    fc.assert(
      fc.property(title, fc.integer({ min: 2, max: 20 }), (text, limit) => {
        const parts = splitToLength(text, limit);
        expect(parts.join('')).toBe(text);
        for (const part of parts) {
          // Limits of 2 and up always fit a code point (at most 2 code units).
          expect(part.length).toBeLessThanOrEqual(limit);
          expect(LONE_SURROGATE.test(part)).toBe(false);
        }
      }),
    );
  });

  it('wraps prose to the width at spaces', () => {
    fc.assert(
      fc.property(title, fc.integer({ min: 4, max: 30 }), (text, width) => {
        for (const line of wrapToWidth(text, width)) expect(displayWidth(line)).toBeLessThanOrEqual(width);
        expect(wrapToWidth(text, width).join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
    );
  });

  it('gives up indentation that leaves no room for a grapheme, or for anything', () => {
    // Found by the property above (seed 802750061): 3 spaces and a 2-column flag at width 4 made a 5-column line.
    expect(wrapToWidth('   🇫🇷', 4)).toEqual(['  🇫🇷']);
    expect(wrapToWidth('      x y', 4)).toEqual(['   x', '   y']);
    expect(wrapToWidth('   x y', 4)).toEqual(['   x', '   y']);
  });
});

describe('layout to the screen', () => {
  it('aligns table columns by display width, with emoji and CJK titles', () => {
    const lines = renderTable({
      columns: ['Title', 'Views'],
      rows: [
        ['料理の基本', '1,200'],
        ['cooking 🍳', '30'],
        ['plain', '5'],
      ],
      numeric: [1],
    });
    const widths = lines.map(displayWidth);
    expect(new Set(widths.slice(2)).size).toBe(1);
    expect(widths[1]).toBe(widths[2]);
  });

  it('lays a table out the same whether it was laid out before, at this width or another', () => {
    const table = fc.record({
      columns: fc.array(title, { minLength: 1, maxLength: 4 }),
      rows: fc.array(fc.array(title, { minLength: 4, maxLength: 4 }), { maxLength: 5 }),
      numeric: fc.subarray([0, 1, 2, 3]),
    });
    const width = fc.oneof(fc.integer({ min: 8, max: 120 }), fc.constant(Number.POSITIVE_INFINITY));
    fc.assert(
      fc.property(table, width, width, (built, first, second) => {
        renderTable(built, first);
        // A copy has never been laid out: what the table gives now must be computed afresh for it too.
        expect(renderTable(built, second)).toEqual(renderTable(structuredClone(built), second));
      }),
    );
  });

  it('fits a terminal of the given width: tables narrowed, prose wrapped', () => {
    const longTitle = 'A very long title about sourdough bread 🍞 that goes on and on for a while';
    const text = renderTerminal(
      {
        kind: 'result',
        title: 'Top videos',
        summary: 'word '.repeat(60).trim(),
        sections: [
          {
            heading: 'Best',
            table: { columns: ['Video', 'Views'], rows: [[longTitle, '12,000']], numeric: [1] },
          },
        ],
      },
      { color: false, width: 50 },
    );
    for (const line of text.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(50);
    expect(text).toContain('12,000');
    expect(text).toContain('A very long title');
  });
});
