import { createRequire } from 'node:module';

// Cutting and padding text that people read: titles carry emoji, CJK and accents, so a cut must fall between
// grapheme clusters (never inside a surrogate pair or an emoji sequence) and alignment must count terminal
// columns, not UTF-16 code units ("料理" is 2 code units and 4 columns; "🍳" is 2 code units and 2 columns).

const ELLIPSIS = '…';

/**
 * Characters each of which is one grapheme of one column, whatever stands next to it: printable ASCII, Latin-1
 * but the soft hyphen, Latin Extended-A and -B, general punctuation (dashes, quotes, ‰, …), the minus sign and
 * box drawing. Text of these alone is measured and cut by counting (a test checks each character and each pair
 * against string-width and a grapheme segmenter). Most text is: table cells, and the /stats reply whole.
 */
export const ONE_COLUMN_EACH = /^[\x20-\x7e\u00a0-\u00ac\u00ae-\u024f\u2010-\u2027\u2030-\u205e\u2212\u2500-\u257f]*$/;

// string-width and the grapheme segmenter are made at their first use: setting them up (ICU's break rules,
// string-width's Unicode property patterns) cost a CLI command ~0.04 s CPU, for text that is mostly counted
// above. string-width is an ES module required synchronously (Node ≥ 20.19 / 22.12), as measuring is.
const require = createRequire(import.meta.url);
let stringWidth: ((text: string) => number) | undefined;
let segmenter: Intl.Segmenter | undefined;

/** Columns the text takes in a terminal or a monospace block. */
export function displayWidth(text: string): number {
  if (ONE_COLUMN_EACH.test(text)) return text.length;
  stringWidth ??= (require('string-width') as typeof import('string-width')).default;
  return stringWidth(text);
}

/** The text's graphemes in order: its characters themselves when each is one. */
function* graphemesOf(text: string): Generator<string> {
  if (ONE_COLUMN_EACH.test(text)) {
    yield* text;
    return;
  }
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { segment } of segmenter.segment(text)) yield segment;
}

/**
 * At most `limit` UTF-16 code units (what platforms count for their length limits), cut between graphemes and
 * marked with an ellipsis.
 */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${takeGraphemes(text, limit - ELLIPSIS.length, (grapheme) => grapheme.length).trimEnd()}${ELLIPSIS}`;
}

/** At most `width` display columns, cut between graphemes and marked with an ellipsis. */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  return `${takeGraphemes(text, width - displayWidth(ELLIPSIS), displayWidth).trimEnd()}${ELLIPSIS}`;
}

/** The longest run of whole graphemes from the start whose sizes add up to at most `budget`. */
function takeGraphemes(text: string, budget: number, sizeOf: (grapheme: string) => number): string {
  let kept = '';
  let used = 0;
  for (const grapheme of graphemesOf(text)) {
    const size = sizeOf(grapheme);
    if (used + size > budget) break;
    kept += grapheme;
    used += size;
  }
  return kept;
}

/** Pieces of at most `limit` UTF-16 code units each, split between graphemes, that join back to `text`. */
export function splitToLength(text: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    // A single grapheme longer than the limit (a long emoji sequence) is cut between its code points.
    const head = takeGraphemes(rest, limit, (grapheme) => grapheme.length) || codePointsWithin(rest, limit);
    pieces.push(head);
    rest = rest.slice(head.length);
  }
  if (rest !== '') pieces.push(rest);
  return pieces;
}

function codePointsWithin(text: string, limit: number): string {
  let kept = '';
  for (const codePoint of text) {
    if (kept !== '' && kept.length + codePoint.length > limit) break;
    kept += codePoint;
  }
  return kept;
}

/** Padded with spaces on the right to `width` display columns. */
export function padEndToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Padded with spaces on the left to `width` display columns. */
export function padStartToWidth(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/**
 * Prose wrapped at spaces into lines of at most `width` columns; a word wider than a line is cut between graphemes.
 * Existing line breaks are kept, and so is each line's leading indentation on its continuation lines.
 */
export function wrapToWidth(text: string, width: number): string[] {
  return text.split('\n').flatMap((line) => wrapLine(line, Math.max(1, width)));
}

function wrapLine(line: string, width: number): string[] {
  if (displayWidth(line) <= width) return [line];
  // The indentation is kept only as far as it leaves room for the line's widest grapheme: more, and that grapheme
  // (a 2-column emoji after 3 spaces at width 4), or the indentation alone, ran past the width.
  let widest = 1;
  for (const grapheme of graphemesOf(line)) widest = Math.max(widest, displayWidth(grapheme));
  const indent = (/^\s*/.exec(line)?.[0] ?? '').slice(0, Math.max(0, width - widest));
  const room = Math.max(1, width - indent.length);
  const lines: string[] = [];
  let current = '';
  for (const word of line.trim().split(/ +/)) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (displayWidth(candidate) <= room) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    current = word;
    while (displayWidth(current) > room) {
      const head = takeGraphemes(current, room, displayWidth);
      if (head === '') break;
      lines.push(head);
      current = current.slice(head.length);
    }
  }
  if (current !== '') lines.push(current);
  return lines.map((wrapped) => indent + wrapped);
}
