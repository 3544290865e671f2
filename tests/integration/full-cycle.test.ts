import { afterAll, beforeAll, expect, it } from 'vitest';
import { localChartRenderer } from '../../src/core/charts/local-chart-renderer.js';
import { productCycleSteps } from '../../src/jobs/cycle-steps.js';
import { type DailyCycleDeps, runDailyCycle } from '../../src/jobs/daily-cycle.js';
import { FakeYouTube } from '../fakes/fake-youtube.js';
import { describeEachBackend } from '../support/backends.js';
import { memoryLog } from '../support/command-context.js';
import { digestPosts, type RecordingPoster, recordingPoster } from '../support/recording-poster.js';
import { connectedChannel, fakeYouTubeConfig } from '../support/youtube-channel.js';

// The daily cycle with the product's own steps: a YouTube channel connected to the fake YouTube is refreshed
// through the official clients, its strategy written (offline writer), and its digest posted, once.

const endDate = new Date('2026-11-23T00:00:00Z');
const at = (hours: number) => new Date(endDate.getTime() + hours * 3_600_000);

describeEachBackend('daily cycle with the product steps', (database) => {
  let fake: FakeYouTube;
  let poster: RecordingPoster;
  const renderer = localChartRenderer();

  beforeAll(async () => {
    fake = await FakeYouTube.start({ endDate, videoCount: 60 });
  });
  afterAll(async () => {
    await fake.close();
  });

  function deps(now: Date): DailyCycleDeps {
    const db = database().prisma;
    const config = fakeYouTubeConfig(fake);
    const log = memoryLog().log;
    const posters = { discord: poster };
    return {
      db,
      log,
      renderer,
      posters,
      steps: productCycleSteps({ db, config, log, now: () => now, posters }),
      dailyUnitBudget: config.YOUTUBE_DAILY_QUOTA,
      dailyTokenBudget: config.LLM_DAILY_TOKEN_BUDGET,
      policy: { catchupHours: 6, leaseMinutes: 30, maxAttempts: 3 },
    };
  }

  it('refreshes at the API minimum, writes the strategy, posts the digest once; a quota-less day still posts', async () => {
    const db = database().prisma;
    poster = recordingPoster('discord');
    const { team, channel } = await connectedChannel(db, fake);
    await db.roomBinding.create({
      data: { teamId: team.id, channelId: channel.id, platform: 'discord', roomId: 'room-1', digestTime: '08:00' },
    });
    const spentBefore = fake.unitsSpent;
    const report = await runDailyCycle(deps(at(8)), at(8));
    const outcome = report.channels.find((item) => item.channelId === channel.id);
    expect(outcome?.refresh).toMatch(/^ok: 60 new, 0 updated, 5 units, 0 scripts linked/);
    expect(fake.unitsSpent - spentBefore).toBe(5); // 1 + 2·⌈60/50⌉
    expect(outcome?.strategy).toMatch(/^strategy v1 written, \d+ insights/);
    expect(digestPosts(poster, 'room-1')).toHaveLength(1);
    expect(await db.contentStrategy.count({ where: { channelId: channel.id } })).toBe(1);

    const again = await runDailyCycle(deps(at(9)), at(9));
    expect(again.channels.some((item) => item.channelId === channel.id)).toBe(false);
    expect(digestPosts(poster, 'room-1')).toHaveLength(1);

    // Next day the project has no quota left: the refresh says so, and the digest still goes out.
    fake.quotaLimit = fake.unitsSpent;
    const nextDay = await runDailyCycle(deps(at(32)), at(32));
    const tomorrow = nextDay.channels.find((item) => item.channelId === channel.id);
    expect(tomorrow?.refresh).toMatch(/^quota_exhausted: /);
    expect(tomorrow?.rooms[0]?.outcome).toBe('sent');
    expect(digestPosts(poster, 'room-1')).toHaveLength(2);
    expect(await db.video.count({ where: { channelId: channel.id } })).toBe(60);
    fake.quotaLimit = null;

    // The owner revokes access: the room's digest says so, and the channel waits for a reconnect.
    fake.revokeAll();
    const revoked = await runDailyCycle(deps(at(56)), at(56));
    expect(revoked.channels.find((item) => item.channelId === channel.id)?.refresh).toMatch(/revoked or expired/);
    const digest = digestPosts(poster, 'room-1').at(-1);
    expect(JSON.stringify(digest?.reply)).toMatch(/reconnect it with \/connect/);
    expect(await db.channel.findUniqueOrThrow({ where: { id: channel.id } })).toMatchObject({ needsReconnect: true });
  });
});
