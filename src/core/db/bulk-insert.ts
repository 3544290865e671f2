import type { Prisma } from '../../generated/prisma/client.js';
import type { Db } from './database.js';
import type { RawSql } from './driver-transaction.js';

/** Column name → PostgreSQL type, in insert order. */
export type ColumnTypes = Record<string, string>;

const BATCH = 5000;

/**
 * Inserts many rows with one statement per batch: the rows travel as one JSON parameter unpacked by
 * `jsonb_to_recordset`. Prisma's createMany spends most of a large import building queries; this is
 * about ten times faster and keeps memory flat.
 */
export async function bulkInsert<R = never>(
  db: Db | Prisma.TransactionClient,
  table: string,
  columns: ColumnTypes,
  rows: readonly Record<string, unknown>[],
  options: { onConflictDoNothing?: boolean; returning?: string[] } = {},
): Promise<{ count: number; returned: R[] }> {
  const names = Object.keys(columns).map((name) => `"${name}"`);
  const definitions = Object.entries(columns).map(([name, type]) => `"${name}" ${type}`);
  const sql = [
    `INSERT INTO "${table}" (${names.join(', ')})`,
    `SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${definitions.join(', ')})`,
    options.onConflictDoNothing ? 'ON CONFLICT DO NOTHING' : '',
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

/**
 * Inserts rows with one statement on a driver transaction (driver-transaction.ts): each column travels as one
 * array parameter unpacked by `unnest`, a parameter per column however many rows, which the driver sends as
 * text without building any JSON. `values` holds one array per column, in the order of `columns`, of
 * `driverValue`s. An array-typed column travels as each array's text (unnest would flatten an array of
 * arrays) and is cast back per row.
 */
export async function insertColumns(
  db: RawSql,
  table: string,
  columns: ColumnTypes,
  values: readonly unknown[][],
): Promise<number> {
  const entries = Object.entries(columns);
  const names = entries.map(([name]) => `"${name}"`);
  const params = entries.map(([, type], index) => `$${index + 1}::${type.endsWith('[]') ? 'text' : type}[]`);
  const selected = entries.map(([name, type]) => `r."${name}"${type.endsWith('[]') ? `::${type}` : ''}`);
  return db.$executeRawUnsafe(
    `INSERT INTO "${table}" (${names.join(', ')}) SELECT ${selected.join(', ')} FROM unnest(${params.join(', ')}) AS r(${names.join(', ')})`,
    ...values,
  );
}

/**
 * A value as the drivers send it inside an array parameter. Dates as UTC ISO text: pg would write local time
 * with an offset, which a timestamp column without zone drops.
 */
export function driverValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return arrayLiteral(value);
  return value ?? null;
}

/** PostgreSQL's text form of a one-dimensional array: `{"a","b \"c\""}`. */
function arrayLiteral(items: readonly unknown[]): string {
  const quoted = items.map((item) =>
    item === null || item === undefined ? 'NULL' : `"${String(item).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
  );
  return `{${quoted.join(',')}}`;
}
