import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CommandContext } from '../../src/bot/commands/command.js';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { generateDemoChannel } from '../../src/core/demo/demo-channel.js';
import { FakeYouTube, fakeVideosOf } from '../fakes/fake-youtube.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';
import { connectedChannel, fakeYouTubeConfig } from '../support/youtube-channel.js';

// /competitors against the fake YouTube with the real Google client: a public channel found by handle and read
// at the API minimum, kept out of the team's own channels, and compared with the team's channel.

const endDate = new Date('2026-11-23T00:00:00Z');
const EGGS = /egg|yolk|omelet/i;

describeEachBackend('/competitors', (database) => {
  let fake: FakeYouTube;
  let ctx: CommandContext;

  beforeAll(async () => {
    fake = await FakeYouTube.start({ endDate, videoCount: 80 });
    // The team's own channel never made an egg video; the competitor's eggs do very well.
    fake.videos = fake.videos.filter((video) => !EGGS.test(`${video.title} ${video.tags.join(' ')}`));
    const rival = generateDemoChannel({ seed: 21, endDate, videoCount: 140 });
    fake.publicChannels.push({
      id: 'UCrivalKitchen0000000001',
      title: 'Rival Kitchen',
      handle: '@rivalkitchen',
      uploads: 'UUrivalKitchen0000000001',
      videos: fakeVideosOf(rival.videos),
    });
    const db = database().prisma;
    const { team } = await connectedChannel(db, fake, 'mine');
    // The rival's demo audience never changes, so its whole history counts (EVIDENCE_HALF_LIFE_VIDEOS=0): its eggs
    // clear zero over 140 videos, not over the ~36 videos' worth the default forgetting leaves.
    ctx = {
      ...(await commandContext(db, { now: endDate, team })),
      config: { ...fakeYouTubeConfig(fake), EVIDENCE_HALF_LIFE_VIDEOS: 0 },
    };
    expect((await executeCommand(ctx, 'refresh', { words: [] })).kind).toBe('result');
  });
  afterAll(async () => {
    await fake.close();
  });

  it('adds a competitor by handle at 1 + 2·⌈N/50⌉ units, outside the team’s own channels', async () => {
    const before = fake.unitsSpent;
    const added = await executeCommand(ctx, 'competitors', { words: ['add', '--handle', '@rivalkitchen'] });
    expect(added).toMatchObject({ kind: 'result', title: 'Tracking @rivalkitchen: Rival Kitchen' });
    expect(added.summary).toMatch(/^140 of its newest videos read for 7 YouTube units/);
    expect(fake.unitsSpent - before).toBe(7); // channels.list + 3 playlist pages + 3 videos.list
    const channels = await executeCommand(ctx, 'channels', { words: [] });
    expect(JSON.stringify(channels.data)).not.toContain('rivalkitchen');
    expect((await executeCommand(ctx, 'stats', { words: [] })).kind).toBe('result'); // still "the only channel"
  });

  it('reports the competitor’s outliers and the egg topic as a gap', async () => {
    const reply = await executeCommand(ctx, 'competitors', { words: [] });
    expect(reply.kind).toBe('result');
    const gaps = reply.sections?.find((section) => section.heading.startsWith('Content gaps'))?.list ?? [];
    expect(gaps.some((gap) => EGGS.test(gap) && /\(@rivalkitchen\): \+\d+% views/.test(gap))).toBe(true);
    const outliers = reply.sections?.find((section) => section.heading === 'Their outliers')?.table?.rows ?? [];
    expect(outliers.length).toBeGreaterThan(0);
  });

  it('says clearly what is wrong: unknown handle, no role, no quota — and stores nothing', async () => {
    const count = () => database().prisma.channel.count({ where: { teamId: ctx.team.id } });
    const before = await count();
    expect(await executeCommand(ctx, 'competitors', { words: ['add', '--handle', 'nobody-here'] })).toMatchObject({
      kind: 'error',
      title: 'Unknown handle',
    });
    const member = { ...ctx, user: { id: 'u', canManage: async () => false } };
    expect(await executeCommand(member, 'competitors', { words: ['add', '--handle', '@x'] })).toMatchObject({
      kind: 'error',
      title: 'Not allowed',
    });
    fake.quotaLimit = fake.unitsSpent;
    try {
      const exhausted = await executeCommand(ctx, 'competitors', { words: ['add', '--handle', '@rivalkitchen'] });
      expect(exhausted).toMatchObject({ kind: 'error', title: 'YouTube quota used up' });
    } finally {
      fake.quotaLimit = null;
    }
    expect(await count()).toBe(before);
    expect(await executeCommand(ctx, 'competitors', { words: ['remove', '--handle', 'rivalkitchen'] })).toMatchObject({
      kind: 'result',
    });
    expect(await count()).toBe(before - 1);
  });
});
