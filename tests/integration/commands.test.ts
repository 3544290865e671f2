import { describe, expect, it } from 'vitest';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { channelVideoScores } from '../../src/core/analytics/video-analysis.js';
import { channelOverview } from '../../src/core/stats/channel-overview.js';
import { rankByOutlierScore } from '../../src/core/stats/outlier-ranking.js';
import { demoChannelData } from '../support/analytics-videos.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';
import { openPgliteTestDatabase } from '../support/test-databases.js';

const now = new Date('2026-11-23T12:00:00Z');

describeEachBackend('chat commands on the demo channel', (database) => {
  it('demo creates the labelled demo channel once, and --reset rebuilds it', async () => {
    const ctx = await commandContext(database().prisma, { now });
    const first = await executeCommand(ctx, 'demo', { words: ['--seed', '7'] });
    expect(first.kind).toBe('result');
    expect(first.title).toBe('Demo channel created');
    expect(first.labels).toContain('demo data (synthetic)');
    const again = await executeCommand(ctx, 'demo', { words: ['--seed', '7'] });
    expect(again.title).toBe('Demo channel already there');
    const reset = await executeCommand(ctx, 'demo', { words: ['--seed', '7', '--reset'] });
    expect(reset.title).toBe('Demo channel created');
    expect(await database().prisma.channel.count({ where: { teamId: ctx.team.id } })).toBe(1);
  });

  it('/stats reports the numbers the generator produced, labelled as demo data', async () => {
    const ctx = await commandContext(database().prisma, { now });
    await executeCommand(ctx, 'demo', { words: ['--seed', '11'] });
    const reply = await executeCommand(ctx, 'stats', { words: [] });
    // The demo's latest reading is the moment it was seeded.
    const { channel: demoData } = demoChannelData(11, now);
    const expected = channelOverview(demoData.videos);
    const expectedBest = rankByOutlierScore(demoData.videos, channelVideoScores(demoData, now), now).best;
    const data = reply.data as { overview: ReturnType<typeof channelOverview>; best: { id: string }[] };
    expect(reply.kind).toBe('result');
    expect(reply.labels).toContain('demo data (synthetic)');
    expect(reply.title).toMatch(/^Demo: /);
    expect(data.overview.videoCount).toBe(expected.videoCount);
    expect(data.overview.medianViews).toBe(expected.medianViews);
    expect(data.overview.totalLikes).toBe(expected.totalLikes);
    expect(data.overview.engagement.rate).toBeCloseTo(expected.engagement.rate as number, 12);
    expect(data.best.map((video) => video.id)).toEqual(expectedBest.map((video) => video.id));
    const bestTable = reply.sections?.find((section) => section.heading === 'Best videos by outlier score')?.table;
    expect(bestTable?.rows.map((row) => row[0])).toEqual(expectedBest.map((video) => video.id));
    expect(reply.fields?.find((field) => field.label === 'Median views')?.value).toBe(
      Math.round(expected.medianViews as number).toLocaleString('en-US'),
    );
  });

  it('stores snapshots and a retention curve for every demo video', async () => {
    const ctx = await commandContext(database().prisma, { now });
    const created = await executeCommand(ctx, 'demo', { words: [] });
    const { channelId } = created.data as { channelId: number };
    const prisma = database().prisma;
    const videos = await prisma.video.findMany({
      where: { channelId },
      include: { _count: { select: { snapshots: true, retention: true } } },
    });
    expect(videos.length).toBeGreaterThanOrEqual(120);
    for (const video of videos) {
      expect(video._count.retention).toBe(100);
      expect(video._count.snapshots).toBeGreaterThan(0);
    }
  });

  it('/channels lists only the team’s own channels; another team sees none of them', async () => {
    const prisma = database().prisma;
    const owner = await commandContext(prisma, { now });
    await executeCommand(owner, 'demo', { words: [] });
    const listed = await executeCommand(owner, 'channels', { words: [] });
    expect((listed.data as { channels: { name: string }[] }).channels.map((channel) => channel.name)).toEqual(['demo']);

    const stranger = await commandContext(prisma, { now });
    const theirs = await executeCommand(stranger, 'channels', { words: [] });
    expect(theirs.summary).toBe('No channels yet.');
    const peek = await executeCommand(stranger, 'stats', { words: ['demo'] });
    expect(peek.kind).toBe('error');
    expect(peek.title).toBe('No channels yet');
  });
});

describe('command errors', () => {
  it('answers an unknown command with the closest name and the list', async () => {
    const database = await openPgliteTestDatabase();
    try {
      const ctx = await commandContext(database.prisma);
      const reply = await executeCommand(ctx, '/stast', { words: [] });
      expect(reply.kind).toBe('error');
      expect(reply.summary).toBe('There is no command "/stast". Did you mean /stats?');
    } finally {
      await database.close();
    }
  });

  it('names a bad option and shows the usage, in the style of the surface', async () => {
    const database = await openPgliteTestDatabase();
    try {
      const cli = await commandContext(database.prisma, { surface: 'cli' });
      const reply = await executeCommand(cli, 'demo', { words: ['--seed', 'abc'] });
      expect(reply.kind).toBe('error');
      expect(reply.summary).toBe('option "seed" expects a whole number, got "abc"');
      expect(reply.fields).toContainEqual({ label: 'Usage', value: 'tubepilot demo [--seed <n>] [--reset]' });

      const console = await commandContext(database.prisma, { surface: 'console' });
      const unknown = await executeCommand(console, 'stats', { words: ['--colour', 'red'] });
      expect(unknown.summary).toBe('unknown option "colour"; known options: channel');
      expect(unknown.fields).toContainEqual({ label: 'Usage', value: '/stats [channel:<channel>]' });
    } finally {
      await database.close();
    }
  });

  it('reports an unexpected failure with an id that is in the log, without the stack', async () => {
    const database = await openPgliteTestDatabase();
    const ctx = await commandContext(database.prisma);
    await database.close(); // every query now fails inside the command
    const reply = await executeCommand(ctx, 'channels', { words: [] });
    expect(reply.kind).toBe('error');
    expect(reply.title).toBe('Something went wrong');
    expect(reply.errorId).toMatch(/^[0-9a-f]{8}$/);
    expect(JSON.stringify(reply)).not.toMatch(/\bat .+\.(ts|js):\d+/);
    expect(ctx.logLines).toContainEqual(
      expect.objectContaining({ errorId: reply.errorId, command: 'channels', level: 50 }),
    );
  });
});
