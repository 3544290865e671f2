import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/core/db/database.js';
import { ensureDemoChannel } from '../../src/core/demo/seed-demo.js';
import { digestMarker } from '../../src/jobs/daily-cycle.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/fake-discord.js';
import { baseEnv, type Spawned, startTs } from '../support/spawned.js';
import { createPostgresTestDatabase, postgresAvailable } from '../support/test-databases.js';

// `tubepilot worker` as an operator runs several of them on one PostgreSQL: three processes tick every second
// and race for the same due digests; each digest reaches its room once. Waits are on the processes' output.

const WORKERS = 3;
const ROOMS_PER_CHANNEL = 2;
const CHANNELS = 3;

/** Resolves when `count` lines matching `pattern` have appeared in the workers' log (standard error), together. */
function linesAcross(workers: Spawned[], pattern: RegExp, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const seen = () => workers.reduce((sum, worker) => sum + (worker.stderr().match(pattern)?.length ?? 0), 0);
    const check = () => {
      if (seen() < count) return;
      for (const worker of workers) worker.child.stderr.off('data', check);
      resolve();
    };
    for (const worker of workers) {
      worker.child.stderr.on('data', check);
      worker.exited.then((finished) => reject(new Error(`a worker exited early:\n${finished.stderr}`)));
    }
    check();
  });
}

const passes = (worker: Spawned) => worker.stderr().match(/worker: cycle pass done/g)?.length ?? 0;

describe.skipIf(!(await postgresAvailable()))('several workers on one PostgreSQL', () => {
  let server: Awaited<ReturnType<typeof createPostgresTestDatabase>>;
  let database: Database;
  let fake: FakeDiscord;
  let dataDir: string;
  const rooms: string[] = [];

  beforeAll(async () => {
    server = await createPostgresTestDatabase();
    database = await openDatabase({ databaseUrl: server.url, dataDir: 'unused' });
    fake = await startFakeDiscord();
    dataDir = await mkdtemp(join(tmpdir(), 'tubepilot-worker-'));
    const db = database.prisma;
    // Due a minute ago on the rooms' clock (UTC), well inside the catch-up window.
    const due = new Date(Date.now() - 60_000).toISOString().slice(11, 16);
    for (let index = 0; index < CHANNELS; index += 1) {
      const team = await db.team.create({ data: { platform: 'discord', externalId: `worker-${index}`, name: 'W' } });
      const { channelId } = await ensureDemoChannel(db, team.id, {
        seed: 3 + index,
        endDate: new Date('2026-11-23T00:00:00Z'),
      });
      for (let room = 0; room < ROOMS_PER_CHANNEL; room += 1) {
        const roomId = `worker-room-${index}-${room}`;
        rooms.push(roomId);
        await db.roomBinding.create({
          data: { teamId: team.id, channelId, platform: 'discord', roomId, digestTime: due, timezone: 'UTC' },
        });
      }
    }
  });

  afterAll(async () => {
    await fake?.close();
    await database?.close();
    await server?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('posts every due digest exactly once, whichever worker claims it, and each worker stops cleanly', async () => {
    const env = baseEnv(dataDir, {
      DATABASE_URL: server.url,
      DISCORD_TOKEN: 'bot-token',
      DISCORD_API_URL: fake.apiUrl,
      LOG_LEVEL: 'debug',
    });
    const workers = Array.from({ length: WORKERS }, () =>
      startTs('src/cli.ts', ['worker', '--cron', '* * * * * *'], { env }),
    );
    // Every room's digest reported sent, by whichever worker posted it.
    await linesAcross(workers, /"result":"sent"/g, rooms.length);
    // Then two more full passes in every worker: each had its chance to post again, and must not have.
    const counted = workers.map(passes);
    await Promise.all(
      workers.map((worker, index) => worker.waitFor('stderr', new RegExp(`"pass":${(counted[index] ?? 0) + 2}\\b`))),
    );

    const runs = await database.prisma.digestRun.findMany({ include: { binding: { select: { roomId: true } } } });
    expect(runs).toHaveLength(rooms.length);
    for (const room of rooms) {
      const run = runs.find((candidate) => candidate.binding.roomId === room);
      expect(run).toMatchObject({ status: 'sent', attempts: 1 });
      const marker = digestMarker(run?.id as number);
      const posted = fake.messages(room).filter((message) => message.content.endsWith(` ${marker}`));
      expect(posted).toHaveLength(1);
      expect(run?.messageRef).toBe(posted[0]?.id);
    }
    // No other process can have posted them: only the workers ran, and no worker has a chat connection.
    expect(fake.calls.some((call) => call.route.startsWith('/gateway'))).toBe(false);

    for (const worker of workers) worker.child.kill('SIGTERM');
    const finished = await Promise.all(workers.map((worker) => worker.exited));
    for (const end of finished) {
      expect(end.code).toBe(0);
      expect(end.stderr).toMatch(/TubePilot worker stopped\./);
    }
  });
});
