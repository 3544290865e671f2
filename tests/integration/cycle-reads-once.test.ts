import { afterAll, beforeAll, expect, it } from 'vitest';
import { channelCacheOf } from '../../src/core/analytics/load-channel-data.js';
import { ensureDemoChannel } from '../../src/core/demo/seed-demo.js';
import { productCycle } from '../../src/jobs/cycle-steps.js';
import { runDailyCycle } from '../../src/jobs/daily-cycle.js';
import { FakeYouTube } from '../fakes/fake-youtube.js';
import { describeEachBackend } from '../support/backends.js';
import { memoryLog } from '../support/command-context.js';
import { digestPosts, recordingPoster } from '../support/recording-poster.js';
import { connectedChannel, fakeYouTubeConfig } from '../support/youtube-channel.js';

// The daily cycle reads each channel from the database once: the strategy, the experiment check, the learning
// figures and the digest all share that read (counted by the channel cache of the cycle's database handle).

const endDate = new Date('2026-11-23T00:00:00Z');
const at = (hours: number) => new Date(endDate.getTime() + hours * 3_600_000);

describeEachBackend('a daily cycle reads each channel once', (database) => {
  let fake: FakeYouTube;

  beforeAll(async () => {
    fake = await FakeYouTube.start({ endDate, videoCount: 60 });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('one load per channel: after the refresh for a connected channel, once for an imported one', async () => {
    const db = database().prisma;
    const poster = recordingPoster('discord');
    const { team, channel } = await connectedChannel(db, fake);
    const demo = await ensureDemoChannel(db, team.id, { seed: 3, endDate });
    for (const [channelId, roomId] of [
      [channel.id, 'reads-youtube'],
      [demo.channelId, 'reads-demo'],
    ] as const) {
      await db.roomBinding.create({
        data: { teamId: team.id, channelId, platform: 'discord', roomId, digestTime: '08:00' },
      });
    }
    const config = fakeYouTubeConfig(fake);
    const log = memoryLog().log;
    const cycle = productCycle({ db, config, log, now: () => at(8), posters: { discord: poster } });
    const loadsBefore = channelCacheOf(db).stats().loads;

    const report = await runDailyCycle(cycle, at(8));

    expect(report.channels.map((outcome) => outcome.channelId).sort()).toEqual([channel.id, demo.channelId].sort());
    expect(report.channels.find((outcome) => outcome.channelId === channel.id)?.refresh).toMatch(/^ok: 60 new/);
    for (const outcome of report.channels) expect(outcome.strategy).toMatch(/^strategy v1 written/);
    expect(digestPosts(poster, 'reads-youtube')).toHaveLength(1);
    expect(digestPosts(poster, 'reads-demo')).toHaveLength(1);
    expect(channelCacheOf(db).stats().loads - loadsBefore).toBe(2);
  });
});
