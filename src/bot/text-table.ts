import type { ReplyTable } from '../core/reply.js';

/** A table as aligned monospace lines (header, rule, rows): the terminal prints it, chats put it in a code block. */
export function renderTable(table: ReplyTable): string[] {
  const cells = [table.columns, ...table.rows];
  const widths = table.columns.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const numeric = new Set(table.numeric ?? []);
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(table.columns), widths.map((width) => '─'.repeat(width)).join('  '), ...table.rows.map(line)];
}
