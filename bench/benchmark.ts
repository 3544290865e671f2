// What a benchmark module provides to bench/run.ts, and how its result is printed.

export interface BenchOptions {
  /** Smaller sizes, for a smoke run that finishes in seconds. */
  quick: boolean;
}

export interface BenchTable {
  title: string;
  columns: string[];
  /** A row with fewer cells than columns lets its last cell run across the rest (for "skipped: …" rows). */
  rows: string[][];
  /** Lines printed under the table. */
  notes: string[];
}

export interface Benchmark {
  /** The name `--only` selects. */
  name: string;
  run(options: BenchOptions): Promise<BenchTable>;
}

const COLUMN_GAP = '  ';

export function formatTable({ title, columns, rows, notes }: BenchTable): string {
  const widths = columns.map((column, index) =>
    Math.max(
      column.length,
      ...rows.filter((row) => spansToEnd(row, columns, index) === false).map((row) => cellAt(row, index).length),
    ),
  );
  const formatRow = (cells: string[]) =>
    cells
      .map((cell, index) => (index === cells.length - 1 ? cell : cell.padEnd(widths[index] ?? cell.length)))
      .join(COLUMN_GAP);
  const lines = [title, formatRow(columns), ...rows.map(formatRow), ...notes];
  return `${lines.map((line) => line.trimEnd()).join('\n')}\n`;
}

/** Whether the cell at `index` of a short row is its last one, which may overflow instead of setting the width. */
function spansToEnd(row: string[], columns: string[], index: number): boolean {
  return row.length < columns.length && index >= row.length - 1;
}

function cellAt(row: string[], index: number): string {
  return row[index] ?? '';
}
