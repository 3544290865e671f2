import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/core/db/database.js';
import { applyMigrations } from '../../src/core/db/migrate.js';
import { readMigrationList } from '../../src/core/db/migrations-folder.js';
import { baseEnv, runCli } from '../support/spawned.js';

// A CLI command on an up-to-date store skips the schema engine (one query on _prisma_migrations): that
// shortcut must still migrate a store an older version left behind, and refuse one a newer version migrated.

// Each case starts PGlite in this process and in CLI processes: on a loaded machine that exceeds the default
// minute. This bounds a hang; every wait is on a process's exit.
vi.setConfig({ testTimeout: 300_000 });

const migrations = readMigrationList();
const names = migrations.migrationDirectories.map(({ path }) => path);
const latest = names.at(-1) as string;
let dataDir: string;
let env: Record<string, string>;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tubepilot-migrations-'));
  env = baseEnv(dataDir);
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('a CLI command on a store from another version', () => {
  it('migrates a store an older version left (every migration but the latest) and keeps its data', async () => {
    const older = await openDatabase({ dataDir, migrate: false });
    await applyMigrations(older.adapterFactory, {
      ...migrations,
      migrationDirectories: migrations.migrationDirectories.slice(0, -1),
    });
    await older.prisma.team.create({ data: { platform: 'console', externalId: 'kept', name: 'Kept' } });
    await older.close();

    const migrated = await runCli(['migrate', '--json'], { env });
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(JSON.parse(migrated.stdout).data.applied).toEqual(names);

    const after = await openDatabase({ dataDir, migrate: false });
    try {
      const teams = await after.prisma.team.findMany({ where: { externalId: 'kept' }, select: { name: true } });
      expect(teams).toEqual([{ name: 'Kept' }]);
    } finally {
      await after.close();
    }
  });

  it('refuses a store a newer version migrated, says so and what to do, and changes nothing', async () => {
    const demo = await runCli(['demo'], { env });
    expect(demo.code, demo.stderr).toBe(0);
    const future = `${Number(latest.slice(0, 14)) + 1}_from_a_newer_version`;
    const newer = await openDatabase({ dataDir, migrate: false });
    const videos = await newer.prisma.video.count();
    await newer.prisma.$executeRaw`
      INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
      VALUES (gen_random_uuid()::text, 'checksum', ${future}, now(), now(), 1)`;
    await newer.close();

    const stats = await runCli(['stats', 'demo'], { env });
    expect(stats.code).toBe(1);
    expect(stats.stdout).toBe('');
    expect(stats.stderr).toContain(
      `This database was migrated by a newer version of TubePilot: it has migration ${future}, which this version does not have.`,
    );
    expect(stats.stderr).toMatch(/Run the newer version, or point DATA_DIR \(or DATABASE_URL\) at another database/);
    expect(stats.stderr).not.toMatch(/\n\s+at /); // no stack trace

    // The data folder is released and untouched: same videos, the newer migration still recorded.
    const after = await openDatabase({ dataDir, migrate: false });
    try {
      expect(await after.prisma.video.count()).toBe(videos);
      const rows = await after.prisma.$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM _prisma_migrations ORDER BY migration_name`;
      expect(rows.map((row) => row.migration_name)).toEqual([...names, future]);
    } finally {
      await after.close();
    }
  });
});
