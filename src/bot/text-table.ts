import { displayWidth, padEndToWidth, padStartToWidth, truncateToWidth } from '../core/format/text-width.js';
import type { ReplyTable } from '../core/reply.js';

const GAP = '  ';
/** A text column is never squeezed below this, so a cut title still says what it is. */
const MIN_TEXT_WIDTH = 8;

/**
 * Lines already laid out, per table object and width. A reply's tables are never changed once built, and a
 * /stats table is one object shared by every asker of a data version (its figures are computed once):
 * measuring its cells' display widths again for each of 200 answers took ~2 ms of CPU each.
 */
const laidOut = new WeakMap<ReplyTable, Map<number, readonly string[]>>();

/**
 * A table as aligned monospace lines (header, rule, rows): the terminal prints it, chats put it in a code block.
 * Widths count display columns (emoji and CJK take two). Wider than `maxWidth`, the widest text columns are cut
 * (numbers never are) until it fits or nothing more can be cut.
 */
export function renderTable(table: ReplyTable, maxWidth = Number.POSITIVE_INFINITY): readonly string[] {
  let byWidth = laidOut.get(table);
  if (byWidth === undefined) {
    byWidth = new Map();
    laidOut.set(table, byWidth);
  }
  let lines = byWidth.get(maxWidth);
  if (lines === undefined) {
    lines = layOut(table, maxWidth);
    byWidth.set(maxWidth, lines);
  }
  return lines;
}

function layOut(table: ReplyTable, maxWidth: number): string[] {
  const numeric = new Set(table.numeric ?? []);
  const cells = [table.columns, ...table.rows];
  const widths = table.columns.map((_, column) => Math.max(...cells.map((row) => displayWidth(row[column] ?? ''))));
  fitWidths(widths, numeric, maxWidth);
  const line = (row: string[]) =>
    row
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        const fitted = truncateToWidth(cell, width);
        return numeric.has(column) ? padStartToWidth(fitted, width) : padEndToWidth(fitted, width);
      })
      .join(GAP)
      .trimEnd();
  return [line(table.columns), widths.map((width) => '─'.repeat(width)).join(GAP), ...table.rows.map(line)];
}

/** Narrows the widest text column, one column at a time, until the row fits `maxWidth`. */
function fitWidths(widths: number[], numeric: ReadonlySet<number>, maxWidth: number): void {
  const total = () => widths.reduce((sum, width) => sum + width, 0) + GAP.length * Math.max(0, widths.length - 1);
  while (total() > maxWidth) {
    let widest = -1;
    widths.forEach((width, column) => {
      if (!numeric.has(column) && width > MIN_TEXT_WIDTH && (widest < 0 || width > (widths[widest] ?? 0)))
        widest = column;
    });
    if (widest < 0) return;
    widths[widest] = Math.max(MIN_TEXT_WIDTH, (widths[widest] ?? 0) - (total() - maxWidth));
  }
}
