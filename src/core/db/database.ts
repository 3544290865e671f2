import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../../generated/prisma/client.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { registerDriver } from './driver-transaction.js';
import { applyMigrations } from './migrate.js';

export type Db = PrismaClient;

/**
 * shared_buffers of a short-lived process. PostgreSQL zeroes it at start: 32 MB cost a demo command ~0.1–0.15 s
 * CPU more than 4 MB; at 128 kB–8 MB the start costs the same, and a 10,000-video channel's commands were no
 * slower at 4 MB (measured in docs/benchmarks.md, "CLI start: the page cache").
 */
const SHORT_LIVED_CACHE = '4MB';

export type DatabaseKind = 'pglite-disk' | 'pglite-memory' | 'postgres';

export interface Database {
  prisma: Db;
  kind: DatabaseKind;
  /** Where the data lives, for banners and logs: a directory, "memory", or the server without credentials. */
  location: string;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** The data folder's lock, held until close (embedded database on disk only). */
  lock?: DataDirLock;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Unset: embedded PGlite under dataDir. `memory://`: in-memory PGlite. `postgres://…`: a server. */
  databaseUrl?: string;
  dataDir: string;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** What this process is, shown to a second process that finds the data folder locked. */
  holder?: string;
  /**
   * One command, then exit (the CLI): the embedded PostgreSQL gets a small page cache. Setting up the default
   * 128 MB (zeroing it) cost about 0.4 s CPU and 110 MB of memory on every start, more than a command reads.
   */
  shortLived?: boolean;
}

/** Opens the database the configuration names, applies pending migrations, and returns a Prisma client. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const database = await connect(options);
  if (options.migrate !== false) {
    try {
      await applyMigrations(database.adapterFactory);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

async function connect({ databaseUrl, dataDir, holder, shortLived }: DatabaseOptions): Promise<Database> {
  if (databaseUrl?.startsWith('postgres://') || databaseUrl?.startsWith('postgresql://')) {
    // Loaded only here: the embedded database's CLI commands do not pay for it.
    const { PrismaPg } = await import('@prisma/adapter-pg');
    const adapterFactory = new PrismaPg({ connectionString: databaseUrl });
    const prisma = new PrismaClient({ adapter: adapterFactory });
    registerDriver(prisma, { kind: 'postgres', connectionString: databaseUrl });
    return {
      prisma,
      kind: 'postgres',
      location: redactUrl(databaseUrl),
      adapterFactory,
      close: () => prisma.$disconnect(),
    };
  }
  const inMemory = databaseUrl === 'memory://';
  const directory = inMemory ? undefined : join(resolve(dataDir), 'pglite');
  if (directory) mkdirSync(directory, { recursive: true });
  // Before PGlite opens the files: a second process must not touch them at all.
  const lock = directory ? acquireDataDirLock(resolve(dataDir), holder ?? defaultHolder()) : undefined;
  try {
    const pglite = new PGlite(
      directory,
      shortLived ? { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHORT_LIVED_CACHE}`] } : {},
    );
    await pglite.waitReady;
    const adapterFactory = new PrismaPGlite(pglite);
    const prisma = new PrismaClient({ adapter: adapterFactory });
    registerDriver(prisma, { kind: 'pglite', pglite });
    return {
      prisma,
      kind: inMemory ? 'pglite-memory' : 'pglite-disk',
      location: directory ?? 'memory',
      adapterFactory,
      ...(lock ? { lock } : {}),
      close: async () => {
        try {
          await prisma.$disconnect();
          await pglite.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

function defaultHolder(): string {
  return ['node', ...process.argv.slice(1, 3).map((arg) => basename(arg))].join(' ');
}

/** A connection string without its password, for display. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}
