// CSV as RFC 4180 writes it (CRLF records, fields quoted when they hold a quote, comma or line break, quotes
// doubled), in UTF-8 with a byte-order mark so spreadsheet programs do not read titles as Latin-1.
//
// Titles and topics come from outside (YouTube, imports), and a spreadsheet runs a cell that starts with
// = + - @ (or a tab or carriage return) as a formula: such text cells get a leading apostrophe (OWASP's
// advice). Numbers are written as numbers — a negative effect is not a formula, and must stay numeric.

export type CsvCell = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

function textCell(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  return textCell(value);
}

export function toCsv(columns: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [columns.map(textCell).join(','), ...rows.map((row) => row.map(cell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
