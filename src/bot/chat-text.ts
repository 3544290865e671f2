import { splitToLength } from '../core/format/text-width.js';
import type { ReplySection } from '../core/reply.js';
import { renderTable } from './text-table.js';

// Text pieces that chat renderers share: cutting to a platform's length limit without losing line
// structure, and a Reply section as markdown chunks (tables in monospace code blocks).

/** Packs lines into chunks of at most `limit` characters, breaking only between lines unless one is too long. */
export function packLines(lines: readonly string[], limit: number): string[] {
  const chunks: string[] = [];
  let current: string | undefined;
  for (const line of lines.flatMap((text) => cutLine(text, limit))) {
    if (current !== undefined && current.length + 1 + line.length <= limit) current += `\n${line}`;
    else {
      if (current !== undefined) chunks.push(current);
      current = line;
    }
  }
  if (current !== undefined) chunks.push(current);
  return chunks;
}

function cutLine(line: string, limit: number): string[] {
  const pieces = splitToLength(line, limit);
  return pieces.length ? pieces : [line];
}

const FENCE = '```';

/**
 * A section as markdown chunks of at most `limit` characters: heading, text and list as prose; a table as
 * fenced monospace blocks, each chunk re-opening its fence so a split table still renders aligned.
 */
export function sectionChunks(section: ReplySection, bold: (text: string) => string, limit: number): string[] {
  const prose = [bold(section.heading)];
  if (section.text) prose.push(...section.text.split('\n'));
  for (const item of section.list ?? []) prose.push(`• ${item}`);
  const chunks = packLines(prose, limit);
  if (section.table) {
    const fenced = packLines(renderTable(section.table), limit - 2 * (FENCE.length + 1));
    chunks.push(...fenced.map((block) => `${FENCE}\n${block}\n${FENCE}`));
  }
  return mergeChunks(chunks, limit);
}

/** Joins neighbouring chunks with a newline while the result stays within `limit`. */
export function mergeChunks(chunks: readonly string[], limit: number): string[] {
  const merged: string[] = [];
  for (const chunk of chunks) {
    const last = merged.at(-1);
    if (last !== undefined && last.length + 1 + chunk.length <= limit) merged[merged.length - 1] = `${last}\n${chunk}`;
    else merged.push(chunk);
  }
  return merged;
}

/** Splits items into groups whose size (by `sizeOf`) and count stay within the limits; never drops an item. */
export function groupWithin<T>(items: readonly T[], maxCount: number, maxSize: number, sizeOf: (item: T) => number) {
  const groups: T[][] = [];
  let size = 0;
  for (const item of items) {
    const last = groups.at(-1);
    const itemSize = sizeOf(item);
    if (last && last.length < maxCount && size + itemSize <= maxSize) {
      last.push(item);
      size += itemSize;
    } else {
      groups.push([item]);
      size = itemSize;
    }
  }
  return groups;
}
