import { createHash } from 'node:crypto';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { DatabaseTooNewError } from './database-too-new.js';
import { readMigrationList, readSchema } from './migrations-folder.js';
import { openSchemaEngine } from './schema-engine.js';

const noFilters = { externalTables: [], externalEnums: [] };

/**
 * Applies the migrations under prisma/migrations that the database has not seen, recording them in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does. Returns the names applied (none on a re-run).
 * Refuses (DatabaseTooNewError) a database with migrations this version does not have.
 */
export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  migrationsList: MigrationList = readMigrationList(),
): Promise<string[]> {
  const applied = await appliedMigrations(adapterFactory);
  const known = new Set(migrationsList.migrationDirectories.map(({ path }) => path));
  const unknown = [...applied.keys()].filter((name) => !known.has(name)).sort();
  if (unknown.length > 0) throw new DatabaseTooNewError(unknown);
  // Starting the schema engine (WASM) cost most of a short CLI command on a database that needed nothing.
  if (allApplied(applied, migrationsList)) return [];
  return withEngine(readSchema(), adapterFactory, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return result.appliedMigrationNames;
  });
}

/**
 * The migrations the database recorded as applied (finished, not rolled back), with the checksum of their
 * file as Prisma records it: one query. Empty for a new database (no migrations table yet).
 */
async function appliedMigrations(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<Map<string, string>> {
  const adapter = await adapterFactory.connect();
  try {
    const { rows } = await adapter.queryRaw({
      sql: 'SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      args: [],
      argTypes: [],
    });
    return new Map(rows.map(([name, checksum]) => [String(name), String(checksum)]));
  } catch {
    return new Map(); // no migrations table yet
  } finally {
    await adapter.dispose();
  }
}

/**
 * Whether the database has exactly the migrations of the folder, each with the checksum of its file. Anything
 * else — a new database, a pending, failed or edited migration — is left to the schema engine, which applies
 * or reports it.
 */
function allApplied(applied: Map<string, string>, list: MigrationList): boolean {
  return (
    applied.size === list.migrationDirectories.length &&
    list.migrationDirectories.every(({ path, migrationFile: { content } }) => {
      const sql = content.tag === 'ok' ? content.value : '';
      return applied.get(path) === createHash('sha256').update(sql).digest('hex');
    })
  );
}

/**
 * The SQL that brings a database built from the existing migrations up to schema.prisma — the body of the
 * next migration. Empty when the schema and the migrations agree. The shadow database comes from the adapter.
 */
export async function diffMigrationsToSchema(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<string> {
  const schema = readSchema();
  const migrations = readMigrationList();
  return withEngine(schema, adapterFactory, async (engine) => {
    const from =
      migrations.migrationDirectories.length === 0
        ? ({ tag: 'empty' } as const)
        : ({ tag: 'migrations', ...migrations } as const);
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return result.stdout ?? '';
  });
}

/**
 * Runs one engine task and then closes the connections the engine opened: freeing the engine does not,
 * and on PostgreSQL its idle session would keep the migration advisory lock, stalling the next run 10 s.
 */
async function withEngine<T>(
  schema: { path: string; content: string },
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  task: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const opened: SqlDriverAdapter[] = [];
  const track = async (adapter: Promise<SqlDriverAdapter>) => {
    opened.push(await adapter);
    return opened[opened.length - 1] as SqlDriverAdapter;
  };
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: adapterFactory.provider,
    adapterName: adapterFactory.adapterName,
    connect: () => track(adapterFactory.connect()),
    connectToShadowDb: () => track(adapterFactory.connectToShadowDb()),
  };
  const engine = await openSchemaEngine(schema, tracking);
  try {
    return await task(engine);
  } finally {
    engine.free();
    await Promise.all(opened.map((adapter) => adapter.dispose()));
  }
}
