import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/core/db/database.js';
import { localDate, QUOTA_TIMEZONE } from '../../src/core/time/zoned-time.js';
import { isDue } from '../../src/core/youtube/refresh-plan.js';
import { type CadenceRefreshDeps, runCadenceRefresh } from '../../src/jobs/cadence-refresh.js';
import { productCycleSteps } from '../../src/jobs/cycle-steps.js';
import { FakeYouTube } from '../fakes/fake-youtube.js';
import { describeEachBackend } from '../support/backends.js';
import { memoryLog } from '../support/command-context.js';
import { connectedChannel, fakeYouTubeConfig } from '../support/youtube-channel.js';

// Refresh through the day on the age cadence: hourly passes on a controllable clock against the fake YouTube
// re-read only the videos their age makes due, never spend more than the hour's share of the day's units,
// and a channel is taken once an hour however many processes run the pass.

const endDate = new Date('2026-11-23T00:00:00Z');
const HOUR_MS = 3_600_000;
const DAILY_UNITS = 200;

async function statsTimes(db: Db, channelId: number) {
  return db.video.findMany({
    where: { channelId },
    select: { youtubeId: true, publishedAt: true, statsUpdatedAt: true },
  });
}

describeEachBackend('refresh on the age cadence', (database) => {
  let fake: FakeYouTube;

  beforeAll(async () => {
    fake = await FakeYouTube.start({ endDate, videoCount: 120 });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('re-reads only due videos, hour by hour, within the hour’s share of the day’s units', async () => {
    const db = database().prisma;
    const { channel } = await connectedChannel(db, fake);
    let clock = new Date(endDate.getTime() + 2 * HOUR_MS);
    const config = fakeYouTubeConfig(fake);
    const steps = productCycleSteps({ db, config, log: memoryLog().log, now: () => clock, posters: {} });
    const deps: CadenceRefreshDeps = {
      db,
      log: memoryLog().log,
      steps,
      dailyUnitBudget: DAILY_UNITS,
      minAgeHours: config.YOUTUBE_STATS_MAX_AGE_HOURS,
    };
    // Never refreshed: the hourly pass leaves the first full listing to the daily cycle or /refresh.
    expect((await runCadenceRefresh(deps, clock)).channels).toEqual([]);
    await steps.refreshChannel(channel.id, 1_000);
    const firstRead = clock.getTime();

    const spentByDay = new Map<string, number>();
    let refreshedPasses = 0;
    for (let hour = 1; hour <= 36; hour++) {
      clock = new Date(firstRead + hour * HOUR_MS);
      const before = await statsTimes(db, channel.id);
      const unitsBefore = fake.unitsSpent;
      const report = await runCadenceRefresh(deps, clock);
      const spent = fake.unitsSpent - unitsBefore;
      const day = localDate(clock, QUOTA_TIMEZONE);
      spentByDay.set(day, (spentByDay.get(day) ?? 0) + spent);
      expect(spent).toBeLessThanOrEqual(report.hourUnits);
      const after = await statsTimes(db, channel.id);
      const reRead = after.filter(
        (video) =>
          video.statsUpdatedAt?.getTime() === clock.getTime() &&
          before.some((old) => old.youtubeId === video.youtubeId),
      );
      const due = before.filter((video) => isDue({ ...video, viewsPerDay: null }, clock, deps.minAgeHours));
      // Every video re-read was due; nothing is read when nothing is due.
      for (const video of reRead) expect(due.map((candidate) => candidate.youtubeId)).toContain(video.youtubeId);
      if (due.length === 0) expect(report.channels).toEqual([]);
      if (reRead.length > 0) refreshedPasses++;
    }
    // The cadence fired through the day (a young video every 6 to 24 h), and videos over a month old (due every 3 days or less often) were left alone.
    expect(refreshedPasses).toBeGreaterThanOrEqual(1);
    const oldest = (await statsTimes(db, channel.id)).filter(
      (video) => (video.publishedAt?.getTime() ?? 0) < firstRead - 31 * 24 * HOUR_MS,
    );
    expect(oldest.length).toBeGreaterThan(0);
    for (const video of oldest) expect(video.statsUpdatedAt?.getTime()).toBe(firstRead);
    for (const spent of spentByDay.values()) expect(spent).toBeLessThanOrEqual(DAILY_UNITS);
  });

  it('takes a channel once an hour, however many passes run at once', async () => {
    const db = database().prisma;
    const { channel } = await connectedChannel(db, fake, 'claimed');
    let clock = new Date(endDate.getTime() + 100 * HOUR_MS);
    const config = fakeYouTubeConfig(fake);
    const steps = productCycleSteps({ db, config, log: memoryLog().log, now: () => clock, posters: {} });
    await steps.refreshChannel(channel.id, 1_000);
    clock = new Date(clock.getTime() + 30 * 24 * HOUR_MS); // every video is due again
    const deps: CadenceRefreshDeps = { db, log: memoryLog().log, steps, dailyUnitBudget: 10_000, minAgeHours: 6 };
    const passes = await Promise.all([runCadenceRefresh(deps, clock), runCadenceRefresh(deps, clock)]);
    const took = passes.flatMap((pass) => pass.channels).filter((item) => item.channelId === channel.id);
    expect(took).toHaveLength(1);
    expect(took[0]?.unitsSpent).toBeGreaterThan(0);
    // Within the hour it is not taken again, even with videos still due.
    const later = await runCadenceRefresh(deps, new Date(clock.getTime() + 30 * 60_000));
    expect(later.channels.filter((item) => item.channelId === channel.id)).toEqual([]);
  });
});
