import { afterEach, beforeEach, expect, it } from 'vitest';
import { minimumFullRefreshUnits } from '../../src/core/youtube/quota-costs.js';
import { refreshChannel } from '../../src/core/youtube/refresh-channel.js';
import { isDue } from '../../src/core/youtube/refresh-plan.js';
import { FakeYouTube } from '../fakes/fake-youtube.js';
import { describeEachBackend } from '../support/backends.js';
import { memoryLog } from '../support/command-context.js';
import { connectedChannel, fakeYouTubeConfig, testTransport } from '../support/youtube-channel.js';

// refreshChannel through the real Google clients against the fake YouTube: what is stored, and what it cost.

const now = new Date('2026-11-23T12:00:00Z');
const later = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

describeEachBackend('YouTube refresh', (database) => {
  let fake: FakeYouTube;
  beforeEach(async () => {
    fake = await FakeYouTube.start({ videoCount: 120 });
  });
  afterEach(async () => {
    await fake.close();
  });

  const deps = (at: Date, extra: Record<string, string> = {}) => ({
    db: database().prisma,
    config: fakeYouTubeConfig(fake, extra),
    log: memoryLog().log,
    now: () => at,
  });
  const ledgerUnits = async (channelId: number) =>
    (await database().prisma.quotaEntry.aggregate({ where: { channelId }, _sum: { units: true } }))._sum.units ?? 0;

  it('reads every upload at the Data API minimum, with Analytics figures, retention and a snapshot each', async () => {
    const { channel } = await connectedChannel(database().prisma, fake);
    const progress: string[] = [];
    const report = await refreshChannel(
      { ...deps(now), onProgress: (p) => progress.push(`${p.stage}:${p.done}/${p.total}`) },
      channel.id,
      { transport: testTransport },
    );

    expect(report).toMatchObject({ status: 'ok', created: 120, updated: 0, deferred: 0, skipped: [] });
    expect(report.unitsSpent).toBe(minimumFullRefreshUnits(120)); // 1 + 2·⌈120/50⌉ = 7
    expect(fake.unitsSpent).toBe(report.unitsSpent);
    expect(await ledgerUnits(channel.id)).toBe(report.unitsSpent);
    expect(fake.requestsTo('/youtube/v3/search')).toHaveLength(0);
    expect(progress).toContain('videos:120/120');

    const db = database().prisma;
    const stored = await db.video.findMany({ where: { channelId: channel.id } });
    expect(stored).toHaveLength(120);
    for (const video of stored) {
      const source = fake.videos.find((candidate) => candidate.id === video.youtubeId);
      expect(Number(video.views)).toBe(source?.views);
      expect(video.durationS).toBe(source?.durationS);
      expect(video.isShort).toBe((source?.durationS ?? 0) <= 180 && (source?.height ?? 0) >= (source?.width ?? 1));
      expect(video.statsUpdatedAt).toEqual(now);
      expect(video.etag).toMatch(/^".+"$/);
    }
    const old = stored.find((video) => (video.publishedAt?.getTime() ?? 0) < now.getTime() - 10 * 86_400_000);
    const source = fake.videos.find((candidate) => candidate.id === old?.youtubeId);
    expect(Number(old?.engagedViews)).toBe(source?.engagedViews);
    expect(old?.shares).toBe(BigInt(source?.shares as number));
    expect(old?.avgViewPct).toBeCloseTo(source?.avgViewPct ?? -1, 9);
    // A just-published video has no Analytics rows yet: unknown, not zero.
    const newest = stored.find((video) => video.youtubeId === fake.videos[0]?.id);
    if ((newest?.publishedAt?.getTime() ?? 0) > now.getTime() - 2 * 86_400_000) expect(newest?.engagedViews).toBeNull();

    expect(await db.videoSnapshot.count({ where: { video: { channelId: channel.id } } })).toBe(120);
    // Curves are asked for once a video is 3 days old (Analytics lags 48–72 h), 50 per refresh.
    const withCurves = fake.videos.filter((video) => video.publishedAt.getTime() <= now.getTime() - 3 * 86_400_000);
    expect(report.retentionCurves).toBe(50);
    expect(report.retentionPending).toBe(withCurves.length - 50);
    expect(await db.retentionPoint.count({ where: { video: { channelId: channel.id } } })).toBeGreaterThan(50 * 10);
    const refreshed = await db.channel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(refreshed).toMatchObject({ uploadsPlaylistId: fake.channel.uploads, lastRefreshAt: now });
    expect(refreshed.reportingJobId).toMatch(/^job-/);
  });

  it('re-reads only what is due by age: an immediate second refresh costs one playlist page', async () => {
    const { channel } = await connectedChannel(database().prisma, fake);
    await refreshChannel(deps(now), channel.id, { transport: testTransport });
    const spent = fake.unitsSpent;

    const again = await refreshChannel(deps(later(1)), channel.id, { transport: testTransport });
    expect(again).toMatchObject({ status: 'ok', created: 0, updated: 0, fresh: 120, unitsSpent: 1 });
    expect(fake.unitsSpent - spent).toBe(1);

    fake.grow(1.2);
    const dayLater = later(25);
    const stored = await database().prisma.video.findMany({ where: { channelId: channel.id } });
    const due = stored.filter((video) => isDue({ ...video, viewsPerDay: null }, dayLater, 6)).length;
    expect(due).toBeGreaterThan(0);
    expect(due).toBeLessThan(120);
    const next = await refreshChannel(deps(dayLater), channel.id, { transport: testTransport });
    expect(next).toMatchObject({ status: 'ok', updated: due, fresh: 120 - due, snapshotsAdded: due });
    expect(next.unitsSpent).toBe(1 + Math.ceil(due / 50));
  });

  it('a 403 quotaExceeded stops the day, keeps what was fetched, and resumes on the next Pacific day', async () => {
    const { channel } = await connectedChannel(database().prisma, fake);
    // A day of its own: the quotaExceeded marker stops every channel sharing the Google project that day.
    const day = new Date('2027-03-10T12:00:00Z');
    fake.quotaLimit = 5; // channels.list, 3 pages, one videos.list batch
    const report = await refreshChannel(deps(day), channel.id, { transport: testTransport });
    expect(report.status).toBe('quota_exhausted');
    expect(report.created).toBe(50);
    expect(report.deferred).toBe(70);
    const db = database().prisma;
    expect(await db.video.count({ where: { channelId: channel.id } })).toBe(50);

    // Same Pacific day (04:00 UTC next morning is still the 10th in California): no call is made.
    const requests = fake.requests.length;
    const sameDay = await refreshChannel(deps(new Date('2027-03-11T04:00:00Z')), channel.id, {
      transport: testTransport,
    });
    expect(sameDay).toMatchObject({ status: 'quota_exhausted', unitsSpent: 0 });
    expect(fake.requests.length).toBe(requests);

    fake.quotaLimit = null;
    const nextDay = await refreshChannel(deps(new Date('2027-03-11T09:00:00Z')), channel.id, {
      transport: testTransport,
    });
    expect(nextDay).toMatchObject({ status: 'ok', created: 70 });
    expect(await db.video.count({ where: { channelId: channel.id } })).toBe(120);
    expect(await ledgerUnits(channel.id)).toBe(fake.unitsSpent);
  });

  it('a revoked token marks the channel needs-reconnect without throwing or touching its videos', async () => {
    const { channel } = await connectedChannel(database().prisma, fake);
    await refreshChannel(deps(now), channel.id, { transport: testTransport });
    const db = database().prisma;
    const before = await db.video.findMany({ where: { channelId: channel.id }, orderBy: { id: 'asc' } });
    fake.revokeAll();
    fake.grow();
    const report = await refreshChannel(deps(later(48)), channel.id, { transport: testTransport });
    expect(report.status).toBe('needs_reconnect');
    expect(await db.channel.findUniqueOrThrow({ where: { id: channel.id } })).toMatchObject({ needsReconnect: true });
    expect(await db.video.findMany({ where: { channelId: channel.id }, orderBy: { id: 'asc' } })).toEqual(before);
    const spent = fake.requests.length;
    expect(await refreshChannel(deps(later(49)), channel.id)).toMatchObject({
      status: 'needs_reconnect',
      unitsSpent: 0,
    });
    expect(fake.requests.length).toBe(spent);
  });

  it('retries 429 and 5xx with bounded backoff, charging every attempt; skips a batch that keeps failing', async () => {
    const { channel } = await connectedChannel(database().prisma, fake);
    fake.inject('/youtube/v3/videos', { kind: 'status', status: 500 }, 1);
    fake.inject('/youtube/v3/playlistItems', { kind: 'status', status: 429 }, 1);
    const report = await refreshChannel(deps(now), channel.id, { transport: testTransport });
    expect(report).toMatchObject({ status: 'ok', created: 120 });
    expect(report.unitsSpent).toBe(minimumFullRefreshUnits(120) + 2);
    expect(fake.unitsSpent).toBe(report.unitsSpent);

    fake.grow();
    const attempts = testTransport.retryDelaysMs.length + 1;
    fake.inject('/youtube/v3/videos', { kind: 'status', status: 503 }, attempts);
    const failing = await refreshChannel(deps(later(24 * 40)), channel.id, { transport: testTransport });
    expect(failing.status).toBe('partial');
    expect(failing.skipped[0]).toMatchObject({
      reason: expect.stringMatching(/^videos\.list failed \(videos\.list: HTTP 503/),
    });
    expect(failing.skipped).toEqual([{ reason: expect.any(String), count: 50 }]);
    expect(failing.updated).toBe(70);
    expect(fake.requestsTo('/youtube/v3/videos').filter((request) => request.status === 503)).toHaveLength(attempts);
    expect(await ledgerUnits(channel.id)).toBe(fake.unitsSpent);
  });

  it('an unreadable body is retried, then skipped; slow answers time out and are retried', async () => {
    const { channel } = await connectedChannel(database().prisma, fake);
    fake.inject('/youtube/v3/videos', { kind: 'malformed' }, 1);
    fake.inject('/v2/reports', { kind: 'slow', delayMs: 3000 }, 1);
    const report = await refreshChannel(deps(now), channel.id, { transport: testTransport });
    expect(report).toMatchObject({ status: 'ok', created: 120 });
    expect(fake.requestsTo('/youtube/v3/videos')).toHaveLength(4); // 3 batches + the retried unreadable one

    // Analytics answering garbage every time: its figures are skipped, the Data API numbers still stored.
    fake.grow();
    fake.inject('/v2/reports', { kind: 'malformed' }, testTransport.retryDelaysMs.length + 1);
    const next = await refreshChannel(deps(later(24 * 40)), channel.id, { transport: testTransport });
    expect(next.status).toBe('partial');
    expect(next.skipped[0]).toEqual({
      reason:
        'Analytics figures (engaged views, watch time, shares) not read: reports.query: HTTP 200 unreadable response body',
      count: 50,
    });
    expect(next.updated).toBe(120);
    const first = await database().prisma.video.findFirstOrThrow({
      where: { channelId: channel.id, youtubeId: fake.videos[0]?.id },
    });
    expect(Number(first.views)).toBe(fake.videos[0]?.views);
  });

  it('asks conditionally: unchanged batches come back 304, cost their unit, and count as read now', async () => {
    const { channel } = await connectedChannel(database().prisma, fake);
    await refreshChannel(deps(now), channel.id, { transport: testTransport });
    const db = database().prisma;
    const snapshots = await db.videoSnapshot.count({ where: { video: { channelId: channel.id } } });
    const monthLater = later(24 * 40); // every video is due again; YouTube's numbers did not move
    const report = await refreshChannel(deps(monthLater), channel.id, { transport: testTransport });
    expect(report).toMatchObject({ status: 'ok', unchanged: 120, updated: 0, snapshotsAdded: 0, unitsSpent: 4 });
    const answers = fake.requestsTo('/youtube/v3/videos').slice(-3);
    expect(answers.map((request) => request.status)).toEqual([304, 304, 304]);
    expect(await db.videoSnapshot.count({ where: { video: { channelId: channel.id } } })).toBe(snapshots);
    expect(await db.video.count({ where: { channelId: channel.id, statsUpdatedAt: monthLater } })).toBe(120);
  });

  it('a 401 is answered by one token refresh and a retry', async () => {
    const { channel } = await connectedChannel(database().prisma, fake);
    fake.inject('/youtube/v3/videos', { kind: 'status', status: 401 }, 1);
    const report = await refreshChannel(deps(now), channel.id, { transport: testTransport });
    expect(report).toMatchObject({ status: 'ok', created: 120, unitsSpent: minimumFullRefreshUnits(120) + 1 });
    expect(fake.requestsTo('/token')).toHaveLength(2);
  });

  it('marks videos YouTube no longer returns as unavailable and keeps their history', async () => {
    const { channel } = await connectedChannel(database().prisma, fake);
    await refreshChannel(deps(now), channel.id, { transport: testTransport });
    const gone = fake.videos[3]?.id as string;
    fake.removeVideo(gone);
    const report = await refreshChannel(deps(later(24 * 400)), channel.id, { transport: testTransport });
    expect(report.unavailable).toBe(1);
    const video = await database().prisma.video.findFirstOrThrow({
      where: { channelId: channel.id, youtubeId: gone },
      include: { snapshots: true },
    });
    expect(video.unavailable).toBe(true);
    expect(video.snapshots.length).toBeGreaterThan(0);
  });

  it('within a small unit budget, refreshes the newest and fastest first and defers the rest, saying so', async () => {
    const { channel } = await connectedChannel(database().prisma, fake);
    const report = await refreshChannel(deps(now), channel.id, { transport: testTransport, unitBudget: 5 });
    expect(report).toMatchObject({ status: 'partial', unitsSpent: 5, created: 50, deferred: 70 });
    const stored = await database().prisma.video.findMany({
      where: { channelId: channel.id },
      select: { youtubeId: true },
    });
    const newest50 = fake.videos
      .slice(0, 50)
      .map((video) => video.id)
      .sort();
    expect(stored.map((video) => video.youtubeId).sort()).toEqual(newest50);
  });

  it('downloads each reach report once and stores impressions and CTR', async () => {
    const { channel } = await connectedChannel(database().prisma, fake);
    await refreshChannel(deps(now), channel.id, { transport: testTransport });
    const rows = fake.publishReachReport('2026-11-21');
    const report = await refreshChannel(deps(later(1)), channel.id, { transport: testTransport });
    expect(report.reach).toMatchObject({ reportsDownloaded: 1, videosUpdated: rows.length });
    const row = rows[5];
    const video = await database().prisma.video.findFirstOrThrow({
      where: { channelId: channel.id, youtubeId: row?.videoId },
    });
    expect(Number(video.impressions)).toBe(row?.impressions);
    expect(video.ctr).toBeCloseTo((row?.ctr ?? 0) * 100, 9);
    expect(video.reachUpdatedAt).toEqual(later(1));

    const again = await refreshChannel(deps(later(2)), channel.id, { transport: testTransport });
    expect(again.reach).toMatchObject({ reportsDownloaded: 0 });
    expect(fake.requests.filter((request) => request.path.startsWith('/v1/media/'))).toHaveLength(1);
  });
});
