import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { readMigrationList, readSchema } from './migrations-folder.js';
import { openSchemaEngine } from './schema-engine.js';

const noFilters = { externalTables: [], externalEnums: [] };

/**
 * Applies the migrations under prisma/migrations that the database has not seen, recording them in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does. Returns the names applied (none on a re-run).
 */
export async function applyMigrations(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const engine = await openSchemaEngine(readSchema(), adapterFactory);
  try {
    const result = await engine.applyMigrations({ migrationsList: readMigrationList(), filters: noFilters });
    return result.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * The SQL that brings a database built from the existing migrations up to schema.prisma — the body of the
 * next migration. Empty when the schema and the migrations agree. The shadow database comes from the adapter.
 */
export async function diffMigrationsToSchema(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<string> {
  const schema = readSchema();
  const migrations = readMigrationList();
  const engine = await openSchemaEngine(schema, adapterFactory);
  try {
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
  } finally {
    engine.free();
  }
}
