import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { commandsFor } from '../../src/bot/commands/registry.js';
import { claimAlert } from '../../src/core/alerts/alert-events.js';
import { localChartRenderer } from '../../src/core/charts/local-chart-renderer.js';
import type { Db } from '../../src/core/db/database.js';
import type { Reply } from '../../src/core/reply.js';
import { localDate, QUOTA_TIMEZONE } from '../../src/core/time/zoned-time.js';
import { type AlertOutcome, type BreakoutAlertDeps, runBreakoutAlerts } from '../../src/jobs/breakout-alerts.js';
import { type CadenceRefreshDeps, runCadenceRefresh } from '../../src/jobs/cadence-refresh.js';
import { productCycleSteps } from '../../src/jobs/cycle-steps.js';
import { type FakeVideo, FakeYouTube } from '../fakes/fake-youtube.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext, memoryLog } from '../support/command-context.js';
import { type RecordingPoster, recordingPoster } from '../support/recording-poster.js';
import { connectedChannel, fakeYouTubeConfig } from '../support/youtube-channel.js';

// Breakout alerts end to end: a channel connected to the fake YouTube, its earlier videos read hour by hour in
// their first two days (as hourly refreshes would have), two new uploads driven through simulated hours — the
// ticker's hourly refresh reads them, then two alert passes run side by side as two processes would.
//
// The earlier videos' views at hour h are b·h^0.7 with b cycling 60, 70, …, 150 in publishing order, so any 30
// consecutive ones hold each b three times: p10 = 69·h^0.7, median 105·h^0.7, p90 = 141·h^0.7, max 150·h^0.7.

const endDate = new Date('2026-11-23T00:00:00Z');
const HOUR_MS = 3_600_000;
const DAILY_UNITS = 200;
/** Starts three days after the demo's last upload: none of its videos is young. Midnight UTC. */
const start = new Date(endDate.getTime() + 72 * HOUR_MS);
const renderer = localChartRenderer();

const scale = (hour: number) => hour ** 0.7;
/** The rising video: typical, then the top band from hour 6, past every peer from hour 12, then it stalls (back in
 * the usual range by hour 22) and grows into the top band again: alerted on entering the top band and on passing
 * every peer, nothing else. */
function risingViews(hour: number): number {
  if (hour <= 5) return Math.round(100 * scale(hour));
  if (hour <= 11) return Math.round(145 * scale(hour));
  if (hour <= 16) return Math.round(170 * scale(hour));
  if (hour <= 22) return Math.round(170 * scale(16));
  return Math.round(148 * scale(hour));
}
/** The sinking video: in the bottom band from hour 1, then stalls and falls below every peer from hour 11. */
function sinkingViews(hour: number): number {
  return Math.round(65 * scale(Math.min(hour, 9)));
}

describeEachBackend('breakout alerts', (database) => {
  let fake: FakeYouTube;

  beforeAll(async () => {
    fake = await FakeYouTube.start({ endDate, videoCount: 60 });
  });
  afterAll(async () => {
    await fake.close();
  });
  // Each test's team (its channel, rooms and alerts) and uploads go, so the next test's passes see only its own.
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  /** Hourly readings of every stored video's first 48 hours, `perHour` by its rank among its format. */
  async function seedEarlyHistories(db: Db, channelId: number) {
    const videos = await db.video.findMany({
      where: { channelId },
      select: { id: true, publishedAt: true, isShort: true },
      orderBy: { publishedAt: 'asc' },
    });
    const rank = new Map<string, number>();
    const data = videos.flatMap((video) => {
      const format = String(video.isShort);
      const position = rank.get(format) ?? 0;
      rank.set(format, position + 1);
      const base = 60 + 10 * (position % 10);
      const published = (video.publishedAt as Date).getTime();
      return Array.from({ length: 48 }, (_, index) => ({
        videoId: video.id,
        takenAt: new Date(published + (index + 1) * HOUR_MS),
        views: BigInt(Math.round(base * scale(index + 1))),
      }));
    });
    await db.videoSnapshot.createMany({ data });
    return videos;
  }

  /** A new upload on the fake, published at `start`, shaped (format) like the channel's newest video. */
  function newUpload(id: string): FakeVideo {
    const template = fake.videos.find((video) => video.publishedAt < start) as FakeVideo;
    const video = {
      ...template,
      id,
      title: `New upload ${id}`,
      publishedAt: start,
      views: 0,
      likes: 0,
      comments: 0,
      engagedViews: 0,
    };
    fake.addVideo(video);
    cleanups.push(async () => fake.removeVideo(id));
    return video;
  }

  async function setUp(db: Db, name: string, seedHistory: boolean) {
    const { team, channel } = await connectedChannel(db, fake, name);
    cleanups.push(() => db.team.delete({ where: { id: team.id } }));
    let clock = new Date(start.getTime() - 30 * 60_000);
    const config = fakeYouTubeConfig(fake);
    const log = memoryLog();
    const steps = productCycleSteps({ db, config, log: log.log, now: () => clock, posters: {} });
    await steps.refreshChannel(channel.id, 1_000);
    if (seedHistory) await seedEarlyHistories(db, channel.id);
    const discord = recordingPoster('discord');
    const command = async (roomId: string, line: string): Promise<Reply> => {
      const ctx = await commandContext(db, { surface: 'discord', now: clock, team });
      return executeCommand(
        { ...ctx, commands: commandsFor('discord'), room: { platform: 'discord', roomId } },
        'alerts',
        { words: line.split(' ') },
      );
    };
    const refreshDeps: CadenceRefreshDeps = {
      db,
      log: log.log,
      steps,
      dailyUnitBudget: DAILY_UNITS,
      minAgeHours: config.YOUTUBE_STATS_MAX_AGE_HOURS,
    };
    const alertDeps = (posters: { discord: RecordingPoster }): BreakoutAlertDeps => ({
      db,
      log: memoryLog().log,
      renderer,
      posters,
      policy: { leaseMinutes: 30, maxAttempts: 3 },
    });
    return {
      team,
      channel,
      discord,
      command,
      refreshDeps,
      alertDeps,
      setClock: (at: Date) => {
        clock = at;
      },
    };
  }

  it('alerts each crossing once per room, waits out quiet hours, stays in the quota, posts nothing twice', async () => {
    const db = database().prisma;
    const world = await setUp(db, 'breakouts', true);
    // Room A without quiet hours; room B quiet 05:00–14:00 UTC, covering both crossings of the rising video.
    expect((await world.command('room-a', 'setup')).kind).toBe('result');
    const quiet = await world.command('room-b', 'setup quiet-hours:05-14 timezone:UTC');
    expect(quiet.fields?.[0]?.value).toBe('05:00–14:00 (UTC); alerts wait until they end');

    const rising = newUpload('risingVid01');
    const sinking = newUpload('sinkingVd01');

    const secondProcess = recordingPoster('discord');
    const outcomes: (AlertOutcome & { hour: number })[] = [];
    const spentByDay = new Map<string, number>();
    for (let hour = 1; hour <= 26; hour++) {
      const now = new Date(start.getTime() + hour * HOUR_MS);
      world.setClock(now);
      rising.views = risingViews(hour);
      sinking.views = sinkingViews(hour);
      const unitsBefore = fake.unitsSpent;
      const refresh = await runCadenceRefresh(world.refreshDeps, now);
      const spent = fake.unitsSpent - unitsBefore;
      expect(spent).toBeLessThanOrEqual(refresh.hourUnits);
      const day = localDate(now, QUOTA_TIMEZONE);
      spentByDay.set(day, (spentByDay.get(day) ?? 0) + spent);
      // Two processes at once: each alert goes out through one of them.
      const passes = await Promise.all([
        runBreakoutAlerts(world.alertDeps({ discord: world.discord }), now),
        runBreakoutAlerts(world.alertDeps({ discord: secondProcess }), now),
      ]);
      outcomes.push(...passes.flat().map((outcome) => ({ ...outcome, hour })));
    }
    for (const spent of spentByDay.values()) expect(spent).toBeLessThanOrEqual(DAILY_UNITS);

    const posts = [...world.discord.posts, ...secondProcess.posts].filter((post) => !post.threadRef);
    const sent = outcomes.filter((outcome) => outcome.outcome === 'sent');
    expect(posts).toHaveLength(sent.length);
    const summary = sent.map(({ roomId, videoId, level, hour }) => `${roomId} ${videoId} ${level} h${hour}`).sort();
    expect(summary).toEqual(
      [
        'room-a risingVid01 1 h6',
        'room-a risingVid01 2 h12',
        'room-a sinkingVd01 -1 h1',
        'room-a sinkingVd01 -2 h11',
        // Room b is quiet 05:00–14:00: hour 1 is before them; the top band reached at hour 6 was overtaken by
        // hour 12's new high, which waited and went out when they ended, as did the sinking video's.
        'room-b sinkingVd01 -1 h1',
        'room-b risingVid01 2 h14',
        'room-b sinkingVd01 -2 h14',
      ].sort(),
    );
    // Waiting was reported while quiet, never dropped.
    expect(
      outcomes.some((outcome) => outcome.roomId === 'room-b' && outcome.outcome === 'quiet' && outcome.hour === 6),
    ).toBe(true);
    // Every alert carries its chart, prediction, shared strengths and the Stop button, and got its thread.
    for (const post of posts) {
      expect(post.reply.images?.[0]?.name).toBe('breakout-bands.png');
      expect(post.reply.fields?.map((field) => field.label)).toContain('Predicted views at 7 days');
      expect(post.reply.sections?.[0]?.heading).toBe('Shared with the best performers');
      expect(post.reply.actions).toEqual([
        expect.objectContaining({ command: 'alerts', options: { action: 'stop', channel: 'breakouts' } }),
      ]);
    }
    const threads = [...world.discord.threads, ...secondProcess.threads];
    expect(threads.map((thread) => thread.messageRef).sort()).toEqual(posts.map((post) => post.messageRef).sort());
    const stored = await db.conversationThread.count({ where: { teamId: world.team.id } });
    expect(stored).toBe(posts.length);
    // Hour 12 (past every peer): the bands at that age are the seeded ones, and the alert says so.
    const top = posts.find((post) => (post.reply.data as { level: number }).level === 2 && post.roomId === 'room-a');
    const topBands = (top?.reply.data as { bands: { percentiles: number[]; n: number } } | undefined)?.bands;
    expect(topBands?.n).toBe(30);
    expect(topBands?.percentiles[4]).toBeCloseTo(141 * scale(12), 0);

    // The status command shows the room and where the (now older) videos stood at 48 hours.
    const status = await world.command('room-a', 'status');
    expect(status.sections?.[0]?.table?.rows[0]?.slice(0, 3)).toEqual(['breakouts', 'discord room-a', 'on']);
  });

  it('alerts nothing when the earlier videos were never read at that age', async () => {
    const db = database().prisma;
    const world = await setUp(db, 'no-history', false);
    await world.command('room-c', 'setup');
    const lonely = newUpload('lonelyVid01');
    const posts = [];
    for (let hour = 1; hour <= 6; hour++) {
      const now = new Date(start.getTime() + hour * HOUR_MS);
      world.setClock(now);
      lonely.views = 100_000 * hour;
      await runCadenceRefresh(world.refreshDeps, now);
      posts.push(...(await runBreakoutAlerts(world.alertDeps({ discord: world.discord }), now)));
    }
    expect(posts).toEqual([]);
    expect(world.discord.posts).toEqual([]);
    // It was read every hour all the same, and status says why there is no alert.
    const snapshots = await db.videoSnapshot.count({
      where: { video: { youtubeId: 'lonelyVid01', channelId: world.channel.id } },
    });
    expect(snapshots).toBe(6);
    const status = await world.command('room-c', 'status');
    expect(status.sections?.[1]?.list?.find((line) => line.startsWith('New upload lonelyVid01'))).toMatch(
      /no bands, so no alert — 0 earlier videos have readings at this age \(10 needed\)/,
    );
  });

  it('a claim left by a process that died is posted once after its lease, and a post it made is found', async () => {
    const db = database().prisma;
    const world = await setUp(db, 'crashes', true);
    await world.command('room-d', 'setup');
    await world.command('room-e', 'setup');
    const viral = newUpload('viralVid001');
    const now = new Date(start.getTime() + HOUR_MS);
    world.setClock(now);
    viral.views = 10_000;
    await runCadenceRefresh(world.refreshDeps, now);
    const video = await db.video.findFirstOrThrow({ where: { channelId: world.channel.id, youtubeId: 'viralVid001' } });
    const rooms = await db.alertRoom.findMany({ where: { channelId: world.channel.id }, orderBy: { roomId: 'asc' } });
    const policy = { leaseMinutes: 30, maxAttempts: 3 };
    // Room d: a process claimed the alert and died before posting. Room e: it died after posting, unrecorded.
    for (const room of rooms) {
      const claim = await claimAlert(
        db,
        { alertRoomId: room.id, videoId: video.id, level: 2, ageHours: 1, views: 10_000 },
        now,
        policy,
      );
      if (room.roomId === 'room-e' && claim) {
        await world.discord.postToRoom(
          'room-e',
          { kind: 'result', title: 'posted before the crash' },
          { marker: `tp-alert-${claim.eventId}` },
        );
      }
    }
    // Within the lease nothing is posted; after it, room d gets its alert and room e keeps the one it had.
    expect(
      await runBreakoutAlerts(world.alertDeps({ discord: world.discord }), new Date(now.getTime() + 10 * 60_000)),
    ).toEqual([]);
    const later = await runBreakoutAlerts(
      world.alertDeps({ discord: world.discord }),
      new Date(now.getTime() + 31 * 60_000),
    );
    expect(later.map(({ roomId, outcome }) => `${roomId} ${outcome}`).sort()).toEqual(['room-d sent', 'room-e sent']);
    const topPosts = world.discord.posts.filter((post) => !post.threadRef);
    expect(topPosts.map((post) => post.roomId).sort()).toEqual(['room-d', 'room-e']);
    expect(
      await runBreakoutAlerts(world.alertDeps({ discord: world.discord }), new Date(now.getTime() + 40 * 60_000)),
    ).toEqual([]);
  });
});
