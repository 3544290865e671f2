import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordRest, DiscordPoster } from '../../src/bot/discord/discord-poster.js';
import { SlackPoster, slackClientOptions } from '../../src/bot/slack/slack-poster.js';
import { localChartRenderer } from '../../src/core/charts/local-chart-renderer.js';
import type { ChatPlatform, ChatPoster } from '../../src/core/chat/chat-poster.js';
import { loadConfig } from '../../src/core/config.js';
import { type Database, openDatabase } from '../../src/core/db/database.js';
import { ensureDemoChannel } from '../../src/core/demo/seed-demo.js';
import { digestMarker, runDailyCycle } from '../../src/jobs/daily-cycle.js';
import { type FakeDiscord, NONCE_WINDOW_MS, startFakeDiscord } from '../fakes/fake-discord.js';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.js';
import { memoryLog } from '../support/command-context.js';
import { recordingPoster } from '../support/recording-poster.js';
import { createPostgresTestDatabase, postgresAvailable } from '../support/test-databases.js';

// A real process is killed in the middle of a cycle, after it claimed the digest and while it was posting.
// Two processes need a database they can both open, so this runs on the PostgreSQL server only.

const postgresOk = await postgresAvailable();
const digestAt = new Date('2026-11-23T08:00:00Z');
const minutes = (n: number) => new Date(digestAt.getTime() + n * 60_000).toISOString();

/** Runs the cycle child until it prints `until`, then kills it (SIGKILL: no clean-up runs). */
async function runChildUntil(args: string[], until: string): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, '../support/cycle-child.ts'), ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      if (String(chunk).includes(until)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`cycle child exited (${code}) before "${until}": ${stderr}`)));
  });
  child.kill('SIGKILL');
  await exited;
}

describe.skipIf(!postgresOk)('a cycle process killed between claim and send [postgres]', () => {
  let server: { url: string; drop(): Promise<void> };
  let database: Database;
  let bindingId: number;

  beforeAll(async () => {
    server = await createPostgresTestDatabase();
    database = await openDatabase({ databaseUrl: server.url, dataDir: 'unused' });
    const db = database.prisma;
    const team = await db.team.create({ data: { platform: 'discord', externalId: 'crash', name: 'Crash' } });
    const { channelId } = await ensureDemoChannel(db, team.id, { seed: 3, endDate: new Date('2026-11-23T00:00:00Z') });
    const binding = await db.roomBinding.create({
      data: { teamId: team.id, channelId, platform: 'discord', roomId: 'crash-room', timezone: 'Europe/Berlin' },
    });
    bindingId = binding.id;
  });

  afterAll(async () => {
    await database?.close();
    await server?.drop();
  });

  it('leaves a claim that the next cycle takes over after the lease and posts exactly once', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '../support/cycle-child.ts'), server.url, minutes(1)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        if (String(chunk).includes('posting crash-room')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`cycle child exited (${code}) before posting: ${stderr}`)));
    });
    child.kill('SIGKILL');
    await exited;

    const db = database.prisma;
    expect(await db.digestRun.findFirstOrThrow({ where: { bindingId } })).toMatchObject({
      status: 'claimed',
      attempts: 1,
      messageRef: null,
    });
    const poster = recordingPoster('discord');
    const deps = {
      db,
      log: memoryLog().log,
      renderer: localChartRenderer(),
      posters: { discord: poster },
      dailyUnitBudget: 10_000,
      dailyTokenBudget: 30_000,
      policy: { catchupHours: 6, leaseMinutes: 30, maxAttempts: 3 },
    };
    expect((await runDailyCycle(deps, new Date(minutes(15)))).channels).toEqual([]); // the lease still holds
    const retry = await runDailyCycle(deps, new Date(minutes(32)));
    expect(retry.channels[0]?.rooms).toEqual([expect.objectContaining({ outcome: 'sent', attempt: 2 })]);
    expect(poster.posts.filter((post) => post.roomId === 'crash-room' && !post.threadRef)).toHaveLength(1);
    expect(await db.digestRun.findFirstOrThrow({ where: { bindingId } })).toMatchObject({
      status: 'sent',
      attempts: 2,
      messageRef: poster.posts[0]?.messageRef,
    });
  });
});

describe.skipIf(!postgresOk).each(['discord', 'slack'] as const)(
  'a cycle process killed after %s accepted the digest, before it was recorded [postgres]',
  (platform: ChatPlatform) => {
    let server: { url: string; drop(): Promise<void> };
    let database: Database;
    let fake: FakeDiscord | FakeSlack;
    let apiUrl: string;
    let bindingId: number;
    const room = `accepted-${platform}-room`;

    beforeAll(async () => {
      server = await createPostgresTestDatabase();
      database = await openDatabase({ databaseUrl: server.url, dataDir: 'unused' });
      fake = platform === 'discord' ? await startFakeDiscord() : await startFakeSlack();
      apiUrl = fake.apiUrl;
      const db = database.prisma;
      const team = await db.team.create({ data: { platform, externalId: 'accepted', name: 'Accepted' } });
      const { channelId } = await ensureDemoChannel(db, team.id, {
        seed: 3,
        endDate: new Date('2026-11-23T00:00:00Z'),
      });
      const binding = await db.roomBinding.create({
        data: { teamId: team.id, channelId, platform, roomId: room, timezone: 'Europe/Berlin' },
      });
      bindingId = binding.id;
    });

    afterAll(async () => {
      await fake?.close();
      await database?.close();
      await server?.drop();
    });

    function poster(): ChatPoster {
      return platform === 'discord'
        ? new DiscordPoster(createDiscordRest(loadConfig({ DISCORD_TOKEN: 'bot-token', DISCORD_API_URL: apiUrl })))
        : new SlackPoster(
            new webApi.WebClient('xoxb-test-token', {
              ...slackClientOptions(loadConfig({ SLACK_API_URL: apiUrl })),
              logLevel: webApi.LogLevel.ERROR,
            }),
          );
    }

    /** The room's top-level messages carrying the run's digest marker, as the platform holds them. */
    function markedDigests(runId: number): string[] {
      const marker = digestMarker(runId);
      if (platform === 'discord')
        return (fake as FakeDiscord)
          .messages(room)
          .filter((message) => message.content.endsWith(` ${marker}`))
          .map((message) => message.id);
      return (fake as FakeSlack)
        .messages(room)
        .filter((message) => message.metadata?.event_payload.marker === marker)
        .map((message) => message.ts);
    }

    it('the retry after the lease finds the posted digest, records its id and does not post it again', async () => {
      await runChildUntil([server.url, minutes(1), platform, apiUrl], `posted ${room}`);
      const db = database.prisma;
      const run = await db.digestRun.findFirstOrThrow({ where: { bindingId } });
      expect(run).toMatchObject({ status: 'claimed', attempts: 1, messageRef: null });
      const [accepted, ...others] = markedDigests(run.id);
      expect(accepted).toEqual(expect.any(String));
      expect(others).toEqual([]);
      // The lease outlives Discord's nonce window: only the history tells the retry that the post went out.
      if (platform === 'discord') (fake as FakeDiscord).advance(31 * 60_000 + NONCE_WINDOW_MS);

      const deps = {
        db,
        log: memoryLog().log,
        renderer: localChartRenderer(),
        posters: { [platform]: poster() },
        dailyUnitBudget: 10_000,
        dailyTokenBudget: 30_000,
        policy: { catchupHours: 6, leaseMinutes: 30, maxAttempts: 3 },
      };
      const retry = await runDailyCycle(deps, new Date(minutes(32)));
      expect(retry.channels[0]?.rooms).toEqual([
        expect.objectContaining({ outcome: 'sent', attempt: 2, messageRef: accepted }),
      ]);
      expect(markedDigests(run.id)).toEqual([accepted]);
      expect(await db.digestRun.findFirstOrThrow({ where: { bindingId } })).toMatchObject({
        status: 'sent',
        attempts: 2,
        messageRef: accepted,
      });
    });
  },
);
