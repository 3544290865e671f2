import stringWidth from 'string-width';

// Cutting and padding text that people read: titles carry emoji, CJK and accents, so a cut must fall between
// grapheme clusters (never inside a surrogate pair or an emoji sequence) and alignment must count terminal
// columns, not UTF-16 code units ("料理" is 2 code units and 4 columns; "🍳" is 2 code units and 2 columns).

const ELLIPSIS = '…';
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Printable ASCII only: one column a character. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Columns the text takes in a terminal or a monospace block. */
export function displayWidth(text: string): number {
  // Most table cells are plain ASCII: counted directly, they skip string-width's grapheme walk (a /stats
  // reply's tables spent ~3 ms in it).
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
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
  for (const { segment } of graphemes.segment(text)) {
    const size = sizeOf(segment);
    if (used + size > budget) break;
    kept += segment;
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
  for (const { segment } of graphemes.segment(line)) widest = Math.max(widest, displayWidth(segment));
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
