import type { Prisma } from '../../generated/prisma/client.js';
import type { Db } from './database.js';

/** Column name → PostgreSQL type, in insert order. */
export type ColumnTypes = Record<string, string>;

const BATCH = 5000;

/**
 * Inserts many rows with one statement per batch: the rows travel as one JSON parameter unpacked by
 * `jsonb_to_recordset`; `onConflict` is the statement's ON CONFLICT clause. Prisma's createMany spends most of a large import building queries; this is
 * about ten times faster and keeps memory flat.
 */
export async function bulkInsert<R = never>(
  db: Db | Prisma.TransactionClient,
  table: string,
  columns: ColumnTypes,
  rows: readonly Record<string, unknown>[],
  options: { onConflict?: string; returning?: string[] } = {},
): Promise<{ count: number; returned: R[] }> {
  const names = Object.keys(columns).map((name) => `"${name}"`);
  const definitions = Object.entries(columns).map(([name, type]) => `"${name}" ${type}`);
  const sql = [
    `INSERT INTO "${table}" (${names.join(', ')})`,
    `SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${definitions.join(', ')})`,
    options.onConflict ?? '',
    options.returning ? `RETURNING ${options.returning.map((name) => `"${name}"`).join(', ')}` : '',
  ].join(' ');
  let count = 0;
  const returned: R[] = [];
  for (let start = 0; start < rows.length; start += BATCH) {
    const json = jsonParameter(rows.slice(start, start + BATCH));
    if (options.returning) {
      const batch = await db.$queryRawUnsafe<R[]>(sql, json);
      returned.push(...batch);
      count += batch.length;
    } else {
      count += await db.$executeRawUnsafe(sql, json);
    }
  }
  return { count, returned };
}

/** Rows as one JSON parameter for `jsonb_to_recordset`; bigints as strings, so they stay exact. */
export function jsonParameter(rows: readonly Record<string, unknown>[]): string {
  return JSON.stringify(rows, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
}
