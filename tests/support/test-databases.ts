import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, beforeAll, inject } from 'vitest';
import { type Database, openDatabase } from '../../src/core/db/database.js';
import { registerDriver } from '../../src/core/db/driver-transaction.js';
import { PrismaClient } from '../../src/generated/prisma/client.js';

export const postgresUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A migrated in-memory PGlite copied from the run's template. */
export async function openPgliteTestDatabase(): Promise<Database> {
  const template = await readFile(inject('pgliteTemplate'));
  const pglite = new PGlite({ loadDataDir: new Blob([template]) });
  await pglite.waitReady;
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  registerDriver(prisma, { kind: 'pglite', pglite });
  return {
    prisma,
    kind: 'pglite-memory',
    location: 'memory (test template)',
    adapterFactory,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

let serverCheck: Promise<string | null> | undefined;

/** Null when a PostgreSQL server answers at `postgresUrl`, else why not. */
export function postgresUnavailable(): Promise<string | null> {
  serverCheck ??= (async () => {
    const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return null;
    } catch (error) {
      return (error as Error).message;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return serverCheck;
}

/**
 * Whether this file's PostgreSQL tests can run. Without a server they are skipped with a visible notice,
 * unless REQUIRE_POSTGRES=1 (CI), where a missing server is a failure.
 */
export async function postgresAvailable(): Promise<boolean> {
  const reason = await postgresUnavailable();
  if (reason === null) return true;
  if (process.env.REQUIRE_POSTGRES === '1')
    throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL is unreachable at ${postgresUrl}: ${reason}`);
  console.warn(
    `NOTICE: PostgreSQL tests SKIPPED — no server at ${postgresUrl} (${reason}). Set TEST_POSTGRES_URL or start one.`,
  );
  return false;
}

/** An empty database of its own on the server, for tests that connect to it from several processes. */
export async function createPostgresTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tubepilot_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: postgresUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/**
 * Two handles on one fresh database of the server, as two processes would hold them: opened before the suite's
 * tests, closed and the database dropped after them. Call at a describe block's top; the getter is for its tests.
 */
export function twoHandlesOnOnePostgres(): () => [Database, Database] {
  let server: Awaited<ReturnType<typeof createPostgresTestDatabase>> | undefined;
  let handles: [Database, Database] | undefined;
  beforeAll(async () => {
    server = await createPostgresTestDatabase();
    const url = server.url;
    handles = [
      await openDatabase({ databaseUrl: url, dataDir: 'unused' }),
      await openDatabase({ databaseUrl: url, dataDir: 'unused' }),
    ];
  });
  afterAll(async () => {
    for (const handle of handles ?? []) await handle.close();
    await server?.drop();
  });
  return () => {
    if (handles === undefined) throw new Error('the handles open in beforeAll');
    return handles;
  };
}

/** A fresh database on the server, migrated through the real start-up path, dropped on close. */
export async function openPostgresTestDatabase(): Promise<Database> {
  const { url, drop } = await createPostgresTestDatabase();
  const database = await openDatabase({ databaseUrl: url, dataDir: 'unused' });
  return {
    ...database,
    close: async () => {
      await database.close();
      await drop();
    },
  };
}

export type Backend = 'pglite' | 'postgres';

export const backends: Backend[] = ['pglite', 'postgres'];

export function openTestDatabase(backend: Backend): Promise<Database> {
  return backend === 'pglite' ? openPgliteTestDatabase() : openPostgresTestDatabase();
}
