import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/db/database.js';
import { applyMigrations, diffMigrationsToSchema } from '../../src/core/db/migrate.js';
import { readMigrationList } from '../../src/core/db/migrations-folder.js';
import { describeEachBackend } from '../support/backends.js';

const migrationNames = readMigrationList().migrationDirectories.map((directory) => directory.path);

describeEachBackend('migrations', (database) => {
  it('records every migration in _prisma_migrations, and a re-run applies nothing', async () => {
    const { prisma, adapterFactory } = database();
    const rows = await prisma.$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`
      SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name`;
    expect(rows.map((row) => row.migration_name)).toEqual(migrationNames);
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
    expect(await applyMigrations(adapterFactory)).toEqual([]);
    expect(await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM _prisma_migrations`).toEqual([
      { n: BigInt(migrationNames.length) },
    ]);
  });

  it('stores view counts beyond 2^31 and reads them back exactly', async () => {
    const { prisma } = database();
    const team = await prisma.team.create({
      data: { platform: 'console', externalId: `big-${Math.random()}`, name: 'big' },
    });
    const channel = await prisma.channel.create({
      data: { teamId: team.id, name: 'big', title: 'Big', source: 'csv' },
    });
    const video = await prisma.video.create({
      data: {
        channelId: channel.id,
        youtubeId: 'kJQP7kiw5Fk',
        title: 'Despacito',
        views: 8_700_000_000n,
        tags: ['a', 'b'],
      },
    });
    expect((await prisma.video.findUniqueOrThrow({ where: { id: video.id } })).views).toBe(8_700_000_000n);
  });
});

describe('schema and migrations agree', () => {
  it('prisma/migrations builds exactly the database schema.prisma describes', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const { PrismaPGlite } = await import('pglite-prisma-adapter');
    const pglite = new PGlite();
    try {
      const sql = await diffMigrationsToSchema(new PrismaPGlite(pglite));
      expect(sql.trim()).toMatch(/^(-- This is an empty migration\.)?$/);
    } finally {
      await pglite.close();
    }
  });
});

describe('embedded database on disk', () => {
  it('is created under DATA_DIR on first open and reopened with its data', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tubepilot-disk-'));
    try {
      const first = await openDatabase({ dataDir });
      expect(first.kind).toBe('pglite-disk');
      expect(first.location).toBe(join(dataDir, 'pglite'));
      await first.prisma.team.create({ data: { platform: 'console', externalId: 'kept', name: 'Kept' } });
      await first.close();

      const second = await openDatabase({ dataDir });
      expect(await second.prisma.team.findMany({ select: { externalId: true } })).toEqual([{ externalId: 'kept' }]);
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('memory:// keeps nothing on disk', async () => {
    const database = await openDatabase({ databaseUrl: 'memory://', dataDir: '/nonexistent/never-created' });
    expect(database.kind).toBe('pglite-memory');
    await database.close();
  });
});
