import { get } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { localChartRenderer } from '../../src/core/charts/local-chart-renderer.js';
import type { Config } from '../../src/core/config.js';
import { completeConnect } from '../../src/core/youtube/oauth-connect.js';
import { productCycleSteps } from '../../src/jobs/cycle-steps.js';
import { type DailyCycleDeps, runDailyCycle } from '../../src/jobs/daily-cycle.js';
import { FakeYouTube } from '../fakes/fake-youtube.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';
import { type RecordingPoster, recordingPoster } from '../support/recording-poster.js';
import { fakeYouTubeConfig } from '../support/youtube-channel.js';

// YouTube access health through the product's entry points, on a fake clock: a channel connected through
// /connect and Google's (fake) consent, then the daily cycle at chosen moments. With GOOGLE_APP_TESTING the
// bound room is warned 2 days before the 7-day grant ends, once; a revoked grant is announced once; a new
// connect starts a new grant.

const DAY = 86_400_000;

/**
 * The browser's trip through the fake consent page: where it redirects to. A fresh connection each time — the
 * cycles between two connects outlast the fake's keep-alive, and a reused socket would be reset under load.
 */
function consentRedirect(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.headers.location ?? '');
    }).on('error', reject);
  });
}
const granted = new Date('2026-11-23T20:00:00Z');
const at = (days: number) => new Date(granted.getTime() + days * DAY);

describeEachBackend('YouTube access health', (database) => {
  let fake: FakeYouTube;
  beforeAll(async () => {
    fake = await FakeYouTube.start({ videoCount: 3 });
  });
  afterAll(async () => {
    await fake.close();
  });

  /** A team whose room is bound to a channel connected at `when` the way /connect does it. */
  async function connectedTeam(config: Config) {
    const base = await commandContext(database().prisma, { surface: 'discord', now: granted });
    const chat = {
      ...base,
      config,
      room: { platform: 'discord' as const, roomId: `room-${base.team.id}` },
      user: { id: 'owner', canManage: async () => true },
    };
    const connect = async (when: Date) => {
      const reply = await executeCommand({ ...chat, now: () => when }, 'connect', { words: ['kitchen'] });
      const callback = new URL(await consentRedirect((reply.data as { url: string }).url));
      return completeConnect(
        { db: database().prisma, config, log: base.log, now: () => when },
        {
          state: callback.searchParams.get('state') ?? '',
          code: callback.searchParams.get('code') ?? '',
          redirectUri: `${config.PUBLIC_URL}/oauth/youtube/callback`,
        },
      );
    };
    const { channelId } = await connect(granted);
    // Digests at 09:00 UTC: the cycle runs at 20:00 here, past the catch-up window, so it posts no digest.
    await database().prisma.roomBinding.create({
      data: { teamId: base.team.id, channelId, platform: 'discord', roomId: chat.room.roomId, digestTime: '09:00' },
    });
    return { chat, channelId, connect };
  }

  function cycle(config: Config, poster: RecordingPoster, log: Parameters<typeof productCycleSteps>[0]['log']) {
    return (now: Date) => {
      const posters = { discord: poster };
      const deps: DailyCycleDeps = {
        db: database().prisma,
        log,
        renderer: localChartRenderer(),
        posters,
        steps: productCycleSteps({ db: database().prisma, config, log, now: () => now, posters }),
        dailyUnitBudget: 10_000,
        dailyTokenBudget: 0,
        policy: { catchupHours: 6, leaseMinutes: 30, maxAttempts: 3 },
      };
      return runDailyCycle(deps, now);
    };
  }

  const warnings = (poster: RecordingPoster, roomId: string) =>
    poster.posts.filter((post) => post.roomId === roomId && post.reply.title.startsWith('YouTube access'));

  it('warns the room 2 days before a Testing app’s 7-day grant ends, once, and again after a new grant', async () => {
    const config = fakeYouTubeConfig(fake, { PUBLIC_URL: 'https://bot.example.com', GOOGLE_APP_TESTING: 'true' });
    const { chat, channelId, connect } = await connectedTeam(config);
    expect((await database().prisma.channel.findUniqueOrThrow({ where: { id: channelId } })).tokenGrantedAt).toEqual(
      granted,
    );
    const poster = recordingPoster('discord');
    const run = cycle(config, poster, chat.log);

    await run(at(4.9));
    expect(warnings(poster, chat.room.roomId)).toEqual([]);

    await run(at(5));
    const [warning, ...more] = warnings(poster, chat.room.roomId);
    expect(more).toEqual([]);
    expect(warning?.reply.title).toBe('YouTube access for kitchen ends soon');
    expect(warning?.reply.summary).toContain('ends about 2026-11-30 20:00 UTC');
    const link = new URL((warning?.reply.fields?.[0]?.value ?? '').split('\n')[0] ?? '');
    expect(link.searchParams.get('redirect_uri')).toBe('https://bot.example.com/oauth/youtube/callback');
    const state = await database().prisma.oAuthState.findUniqueOrThrow({
      where: { state: link.searchParams.get('state') ?? '' },
    });
    // The link returns to this room and works for a day, not the 15 minutes of an interactive /connect.
    expect(state).toMatchObject({ roomId: chat.room.roomId, platform: 'discord', expiresAt: at(6) });

    await run(at(5.5));
    await run(at(6.9));
    expect(warnings(poster, chat.room.roomId)).toHaveLength(1);

    // Re-connecting is a new grant with its own 7 days.
    await connect(at(6.95));
    await run(at(7.5));
    expect(warnings(poster, chat.room.roomId)).toHaveLength(1);
    await run(at(11.95));
    expect(warnings(poster, chat.room.roomId)).toHaveLength(2);
  });

  it('says nothing about the 7 days when the app is not in Testing', async () => {
    const config = fakeYouTubeConfig(fake, { PUBLIC_URL: 'https://bot.example.com' });
    const { chat } = await connectedTeam(config);
    const poster = recordingPoster('discord');
    await cycle(config, poster, chat.log)(at(6.5));
    expect(warnings(poster, chat.room.roomId)).toEqual([]);
  });

  it('announces a revoked grant once, with a way to re-connect', async () => {
    const config = fakeYouTubeConfig(fake, { GOOGLE_APP_TESTING: 'true' });
    const { chat, channelId } = await connectedTeam({ ...config, PUBLIC_URL: 'https://bot.example.com' });
    const poster = recordingPoster('discord');
    const run = cycle(config, poster, chat.log);
    fake.revokeAll();
    const refreshed = await executeCommand({ ...chat, config, now: () => at(1) }, 'refresh', { words: ['kitchen'] });
    expect(JSON.stringify(refreshed)).toMatch(/re-?connect/i);
    expect((await database().prisma.channel.findUniqueOrThrow({ where: { id: channelId } })).needsReconnect).toBe(true);

    await run(at(1.01));
    await run(at(1.02));
    await run(at(6));
    const posted = warnings(poster, chat.room.roomId);
    expect(posted.map((post) => post.reply.title)).toEqual(['YouTube access for kitchen was revoked or expired']);
    // Without PUBLIC_URL there is no link to give; the warning says how to re-connect instead.
    expect(posted[0]?.reply.fields?.[0]?.value).toMatch(/\/connect.*tubepilot auth youtube/);
  });
});
