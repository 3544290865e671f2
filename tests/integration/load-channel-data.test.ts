import { expect, it } from 'vitest';
import { loadChannelData } from '../../src/core/analytics/load-channel-data.js';
import { generateDemoChannel } from '../../src/core/demo/demo-channel.js';
import { ensureDemoChannel } from '../../src/core/demo/seed-demo.js';
import { describeEachBackend } from '../support/backends.js';

const endDate = new Date('2026-11-23T00:00:00Z');

describeEachBackend('loading a channel for analysis', (database) => {
  it('returns every video with its numbers, snapshots and retention curve as stored', async () => {
    const prisma = database().prisma;
    const team = await prisma.team.create({
      data: { platform: 'console', externalId: `load-${Math.random()}`, name: 'load' },
    });
    const { channelId } = await ensureDemoChannel(prisma, team.id, { seed: 5, endDate });
    const generated = generateDemoChannel({ seed: 5, endDate });
    const loaded = await loadChannelData(prisma, channelId);

    expect(loaded.timezone).toBe(generated.timezone);
    expect(loaded.videos).toHaveLength(generated.videos.length);
    const byId = new Map(loaded.videos.map((video) => [video.id, video]));
    for (const record of generated.videos) {
      const video = byId.get(record.youtubeId);
      expect(video?.views).toBe(record.stats.views);
      expect(video?.likes).toBe(record.stats.likes);
      expect(video?.publishedAt?.getTime()).toBe(record.publishedAt?.getTime());
      // A record without snapshots of its own gets one at save time, holding its latest views.
      const expectedSnapshots = record.snapshots.length
        ? record.snapshots.map((snapshot) => snapshot.views)
        : [record.stats.views];
      expect(Array.from(video?.snapshots.views ?? [])).toEqual(expectedSnapshots);
      if (record.snapshots.length) {
        expect(Array.from(video?.snapshots.atMs ?? [])).toEqual(record.snapshots.map((s) => s.takenAt.getTime()));
        // An unknown engaged-view count reads as NaN.
        expect(Array.from(video?.snapshots.engagedViews ?? [])).toEqual(
          record.snapshots.map((s) => (s.engagedViews === null ? Number.NaN : Math.round(s.engagedViews))),
        );
      }
      // Stored as float8 and read back exactly.
      expect(Array.from(video?.retention.ratios ?? [])).toEqual(record.retention.map((point) => point.elapsedRatio));
      expect(Array.from(video?.retention.watchRatios ?? [])).toEqual(record.retention.map((point) => point.watchRatio));
    }
    const published = loaded.videos.map((video) => video.publishedAt?.getTime() ?? 0);
    expect(published).toEqual([...published].sort((a, b) => a - b));
  });

  it('reads an unknown engaged-view count as NaN, in its place in the series', async () => {
    const prisma = database().prisma;
    const team = await prisma.team.create({
      data: { platform: 'console', externalId: `load-${Math.random()}`, name: 'load' },
    });
    const { channelId } = await ensureDemoChannel(prisma, team.id, { seed: 6, endDate });
    const video = await prisma.video.findFirstOrThrow({
      where: { channelId, snapshots: { some: {} } },
      include: { snapshots: { orderBy: { takenAt: 'asc' } } },
    });
    const [first, second] = video.snapshots;
    await prisma.videoSnapshot.update({ where: { id: second?.id }, data: { engagedViews: null } });

    const loaded = (await loadChannelData(prisma, channelId)).videos.find((each) => each.id === video.youtubeId);
    expect(loaded?.snapshots.engagedViews[0]).toBe(Number(first?.engagedViews));
    expect(loaded?.snapshots.engagedViews[1]).toBeNaN();
    expect(loaded?.snapshots.views[1]).toBe(Number(second?.views));
  });
});
