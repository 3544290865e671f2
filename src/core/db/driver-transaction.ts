// A transaction on the database driver itself (pg or PGlite), beside Prisma, for bulk work. Through Prisma, a
// large import kept hundreds of MiB alive: Prisma's debug module keeps the arguments of its last 100 calls, debug
// on or not, and those include every raw query's parameters. Each Prisma client is registered here with the
// driver it was built on, so code that holds only the client (a command's ctx.db) can open such a transaction.

import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';

/** Raw SQL with positional parameters, as Prisma's client and a driver transaction both offer it. */
export interface RawSql {
  $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): PromiseLike<T>;
  $executeRawUnsafe(sql: string, ...values: unknown[]): PromiseLike<number>;
}

export type Driver = { kind: 'postgres'; connectionString: string } | { kind: 'pglite'; pglite: PGlite };

/**
 * Settings of the bulk transaction, for it alone (SET LOCAL, so a connection pooler's next client does not
 * inherit them). Server memory (PGlite's would be this process's): sorts of a million staged rows stay in
 * memory instead of spilling to disk, and temporary tables of a few hundred MiB stay in their buffers. No JIT:
 * the import's upserts have wild row estimates (temporary tables, CTEs), so the server spent one to four
 * seconds compiling each 20,000-video statement that then ran in a fraction of that.
 */
const BULK_SETTINGS = "SET LOCAL work_mem = '64MB'; SET LOCAL jit = off";
/** Refused by the server once the session has used temporary tables (a pooled session may have): then skipped. */
const BULK_TEMP_BUFFERS = "SET LOCAL temp_buffers = '256MB'";

const drivers = new WeakMap<object, Driver>();

/** Records which driver a Prisma client was built on; done wherever a client is made. */
export function registerDriver(prisma: object, driver: Driver): void {
  drivers.set(prisma, driver);
}

/**
 * Runs `work` in one transaction on the driver under `prisma`: committed when it returns, rolled back when it
 * throws or the process dies. On PostgreSQL it has a connection of its own; PGlite runs one transaction at a
 * time, so Prisma's queries wait until it ends.
 */
export async function inDriverTransaction<T>(prisma: object, work: (sql: RawSql) => Promise<T>): Promise<T> {
  const driver = drivers.get(prisma);
  if (driver === undefined) throw new Error('inDriverTransaction: a Prisma client without a registered driver');
  if (driver.kind === 'pglite') return driver.pglite.transaction((tx) => work(pgliteSql(tx)));
  // Loaded here, not at the top: every CLI command on the embedded store would pay ~0.1 s CPU for it.
  const { default: pgModule } = await import('pg');
  const client = new pgModule.Client({ connectionString: driver.connectionString });
  // A dropped connection also fails the pending query; without a listener it would crash the process.
  client.on('error', () => {});
  await client.connect().catch((error: unknown) => {
    // Named like Prisma's adapter errors so that a refused connection reads "the database is unavailable"
    // (database-errors.ts counts socket errors only inside a database error).
    throw Object.assign(new Error('Cannot connect to the database', { cause: error }), { name: 'DriverAdapterError' });
  });
  try {
    await client.query('BEGIN');
    await client.query(BULK_SETTINGS);
    await client.query('SAVEPOINT bulk_settings');
    await client.query(BULK_TEMP_BUFFERS).then(
      () => client.query('RELEASE SAVEPOINT bulk_settings'),
      () => client.query('ROLLBACK TO SAVEPOINT bulk_settings'),
    );
    const result = await work(pgSql(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

function pgSql(client: pg.Client): RawSql {
  return {
    $queryRawUnsafe: async <T>(sql: string, ...values: unknown[]) => (await client.query(sql, values)).rows as T,
    $executeRawUnsafe: async (sql: string, ...values: unknown[]) => (await client.query(sql, values)).rowCount ?? 0,
  };
}

function pgliteSql(tx: Transaction): RawSql {
  return {
    $queryRawUnsafe: async <T>(sql: string, ...values: unknown[]) => (await tx.query(sql, values)).rows as T,
    $executeRawUnsafe: async (sql: string, ...values: unknown[]) => (await tx.query(sql, values)).affectedRows ?? 0,
  };
}
