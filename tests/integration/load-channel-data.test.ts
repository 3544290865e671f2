import fc from 'fast-check';
import { expect, it } from 'vitest';
import { loadChannelData, readChannelData } from '../../src/core/analytics/load-channel-data.js';
import type { Db } from '../../src/core/db/database.js';
import { generateDemoChannel } from '../../src/core/demo/demo-channel.js';
import { ensureDemoChannel } from '../../src/core/demo/seed-demo.js';
import { describeEachBackend } from '../support/backends.js';

const endDate = new Date('2026-11-23T00:00:00Z');

/** A channel with no videos yet, in a team of its own. */
async function emptyChannel(prisma: Db, name: string) {
  const team = await prisma.team.create({
    data: { platform: 'console', externalId: `load-${Math.random()}`, name: 'load' },
  });
  return prisma.channel.create({ data: { teamId: team.id, name, title: name, timezone: 'UTC', source: 'demo' } });
}

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

  it('reads every tag exactly as written, whatever characters it holds, and a NULL list as no tags', async () => {
    // Tags come as JSON text (array_to_json), not through the driver's text[] parser: quoting, escapes,
    // separators and characters outside the BMP must come back unchanged, and order and duplicates kept.
    const prisma = database().prisma;
    const channel = await emptyChannel(prisma, 'tags');
    const lists: string[][] = [
      [],
      [''],
      ['a,b', '{c}', '"quoted"', 'back\\slash', 'NULL', 'null', ' spaced ', 'tab\tnew\nline'],
      ['été', '日本語', '🎬 emoji', '\u0001control', 'same', 'same'],
    ];
    for (const [index, tags] of lists.entries()) {
      await prisma.video.create({
        data: {
          channelId: channel.id,
          youtubeId: `tags${index}`,
          title: `t${index}`,
          tags,
          publishedAt: new Date(index),
        },
      });
    }
    const nulled = await prisma.video.create({
      data: { channelId: channel.id, youtubeId: 'nulled', title: 'n', publishedAt: new Date(9) },
    });
    await prisma.$executeRaw`UPDATE "Video" SET "tags" = NULL WHERE "id" = ${nulled.id}`;

    const loaded = await readChannelData(prisma, channel.id);
    expect(loaded.videos.map((video) => [video.id, video.tags])).toEqual([
      ...lists.map((tags, index) => [`tags${index}`, tags]),
      ['nulled', []],
    ]);
  });

  it('reads back series of every shape: none, one reading, curves on and off the 1 % grid', async () => {
    // Curves sampled at YouTube's 1 % steps come without their ratios and share one array of them; any other
    // curve (a ratio moved, fewer points, one point) comes whole.
    const prisma = database().prisma;
    const channel = await emptyChannel(prisma, 'shapes');
    const grid = Array.from({ length: 100 }, (_, index) => (index + 1) / 100);
    const curves: Record<string, number[]> = {
      none: [],
      onGrid: grid,
      alsoOnGrid: grid,
      oneRatioMoved: grid.map((ratio) => (ratio === 0.5 ? 0.505 : ratio)),
      fiftyPoints: grid.filter((_, index) => index % 2 === 1),
      onePoint: [1],
    };
    const at = Date.UTC(2026, 10, 1);
    const readings: Record<string, { takenAt: Date; views: number; engagedViews: number | null }[]> = {
      none: [],
      onGrid: [{ takenAt: new Date(at), views: 7, engagedViews: null }],
      alsoOnGrid: [
        { takenAt: new Date(at), views: 7, engagedViews: 5 },
        { takenAt: new Date(at + 86_400_000), views: 2 ** 40 + 1, engagedViews: null },
      ],
    };
    for (const [index, name] of Object.keys(curves).entries()) {
      const video = await prisma.video.create({
        data: { channelId: channel.id, youtubeId: name, title: name, tags: [], publishedAt: new Date(index) },
      });
      await prisma.retentionPoint.createMany({
        data: (curves[name] ?? []).map((ratio) => ({
          videoId: video.id,
          elapsedRatio: ratio,
          watchRatio: 1 - ratio / 3,
        })),
      });
      await prisma.videoSnapshot.createMany({
        data: (readings[name] ?? []).map((reading) => ({ videoId: video.id, ...reading })),
      });
    }

    const loaded = new Map((await readChannelData(prisma, channel.id)).videos.map((video) => [video.id, video]));
    for (const [name, ratios] of Object.entries(curves)) {
      const video = loaded.get(name);
      expect(Array.from(video?.retention.ratios ?? [])).toEqual(ratios);
      expect(Array.from(video?.retention.watchRatios ?? [])).toEqual(ratios.map((ratio) => 1 - ratio / 3));
      const expected = readings[name] ?? [];
      expect(Array.from(video?.snapshots.atMs ?? [])).toEqual(expected.map((reading) => reading.takenAt.getTime()));
      expect(Array.from(video?.snapshots.views ?? [])).toEqual(expected.map((reading) => reading.views));
      expect(Array.from(video?.snapshots.engagedViews ?? [])).toEqual(
        expected.map((reading) => reading.engagedViews ?? Number.NaN),
      );
    }
    expect(loaded.get('onGrid')?.retention.ratios).toBe(loaded.get('alsoOnGrid')?.retention.ratios);
  });

  it("reads each video's series as its rows stand, after any sequence of writes to snapshots and retention points", async () => {
    // The series come packed per video, kept by triggers (migration video_packed_series): whatever statement
    // writes the rows, the read must be the rows.
    const prisma = database().prisma;
    const team = await prisma.team.create({
      data: { platform: 'console', externalId: `load-${Math.random()}`, name: 'load' },
    });
    const { channelId } = await ensureDemoChannel(prisma, team.id, { seed: 8, endDate });
    const videoIds = (
      await prisma.video.findMany({ where: { channelId }, select: { id: true }, orderBy: { id: 'asc' } })
    )
      .map(({ id }) => id)
      .slice(0, 4);
    const video = fc.constantFrom(...videoIds);
    const write = fc.oneof(
      fc.record({ kind: fc.constant('add snapshot' as const), video, hours: fc.integer({ min: -9_000, max: 500 }) }),
      fc.record({ kind: fc.constant('unknown engaged' as const), video }),
      fc.record({ kind: fc.constant('move snapshot' as const), video, to: video }),
      fc.record({ kind: fc.constant('drop snapshots' as const), video }),
      fc.record({ kind: fc.constant('add point' as const), video, ratio: fc.double({ min: 0, max: 1, noNaN: true }) }),
      fc.record({ kind: fc.constant('shift points' as const), video }),
      fc.record({ kind: fc.constant('drop points' as const), video }),
    );
    let stamp = endDate.getTime();
    const seriesOf = async () => {
      const rows = await prisma.video.findMany({
        where: { channelId, unavailable: false },
        include: { snapshots: { orderBy: { takenAt: 'asc' } }, retention: { orderBy: { elapsedRatio: 'asc' } } },
      });
      return new Map(
        rows.map((row) => [
          row.youtubeId,
          {
            atMs: row.snapshots.map((each) => each.takenAt.getTime()),
            views: row.snapshots.map((each) => Number(each.views)),
            engagedViews: row.snapshots.map((each) =>
              each.engagedViews === null ? Number.NaN : Number(each.engagedViews),
            ),
            ratios: row.retention.map((each) => each.elapsedRatio),
            watchRatios: row.retention.map((each) => each.watchRatio),
          },
        ]),
      );
    };
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 5 }), async (writes) => {
        for (const change of writes) {
          const videoId = change.video;
          const latest = () => prisma.videoSnapshot.findFirst({ where: { videoId }, orderBy: { takenAt: 'desc' } });
          if (change.kind === 'add snapshot') {
            stamp += 60_000;
            const takenAt = new Date(stamp + change.hours * 3_600_000);
            await prisma.videoSnapshot.createMany({ data: [{ videoId, takenAt, views: 7 }], skipDuplicates: true });
          }
          if (change.kind === 'unknown engaged') {
            const snapshot = await latest();
            if (snapshot)
              await prisma.videoSnapshot.update({ where: { id: snapshot.id }, data: { engagedViews: null } });
          }
          if (change.kind === 'move snapshot') {
            const snapshot = await latest();
            stamp += 60_000;
            if (snapshot)
              await prisma.videoSnapshot.update({
                where: { id: snapshot.id },
                data: { videoId: change.to, takenAt: new Date(stamp) },
              });
          }
          if (change.kind === 'drop snapshots') await prisma.videoSnapshot.deleteMany({ where: { videoId } });
          if (change.kind === 'add point')
            await prisma.retentionPoint.upsert({
              where: { videoId_elapsedRatio: { videoId, elapsedRatio: change.ratio } },
              create: { videoId, elapsedRatio: change.ratio, watchRatio: 0.5 },
              update: { watchRatio: 0.25 },
            });
          if (change.kind === 'shift points')
            await prisma.retentionPoint.updateMany({ where: { videoId }, data: { watchRatio: { multiply: 0.5 } } });
          if (change.kind === 'drop points') await prisma.retentionPoint.deleteMany({ where: { videoId } });
        }
        const expected = await seriesOf();
        for (const loaded of (await readChannelData(prisma, channelId)).videos) {
          expect({
            atMs: Array.from(loaded.snapshots.atMs),
            views: Array.from(loaded.snapshots.views),
            engagedViews: Array.from(loaded.snapshots.engagedViews),
            ratios: Array.from(loaded.retention.ratios),
            watchRatios: Array.from(loaded.retention.watchRatios),
          }).toEqual(expected.get(loaded.id));
        }
      }),
      { numRuns: 15 },
    );
  });
});
