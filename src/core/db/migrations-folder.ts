import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationList } from '@prisma/schema-engine-wasm';

/** The project's `prisma/` folder, found relative to this file so any working directory works. */
export const prismaDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../prisma');
export const schemaPath = join(prismaDir, 'schema.prisma');
export const migrationsDir = join(prismaDir, 'migrations');

export function readSchema(): { path: string; content: string } {
  return { path: 'schema.prisma', content: readFileSync(schemaPath, 'utf8') };
}

/** The migrations folder in the shape Prisma's schema engine takes: directories sorted by name. */
export function readMigrationList(dir = migrationsDir): MigrationList {
  const lockPath = join(dir, 'migration_lock.toml');
  const directories = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: directories.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: readFileSync(join(dir, name, 'migration.sql'), 'utf8') },
      },
    })),
  };
}
