import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import type { Database } from '../../src/core/db/database.js';
import type { Reply } from '../../src/core/reply.js';
import { commandContext } from '../support/command-context.js';
import { openPgliteTestDatabase } from '../support/test-databases.js';

const now = new Date('2026-11-23T15:30:00Z');
const DAY_MS = 86_400_000;

let database: Database;
let csv: string;

beforeAll(async () => {
  database = await openPgliteTestDatabase();
  const dir = await mkdtemp(join(tmpdir(), 'tubepilot-channels-'));
  csv = join(dir, 'kitchen.csv');
  const rows = Array.from(
    { length: 12 },
    (_, i) =>
      `k${String(i).padStart(10, '0')},Kitchen ${i},2026-10-${String(i + 1).padStart(2, '0')}T17:00:00Z,45,${(i + 1) * 1000},${i * 10},${i},2026-11-20T00:00:00Z`,
  );
  await writeFile(
    csv,
    `${['video_id,title,published_at,duration_seconds,views,likes,comments,snapshot_at', ...rows].join('\n')}\n`,
  );
});

afterAll(async () => {
  await database?.close();
});

type Ctx = Awaited<ReturnType<typeof commandContext>>;
const run = (ctx: Ctx, line: string) =>
  executeCommand(ctx, line.split(' ')[0] as string, { words: line.split(' ').slice(1) });
const field = (reply: Reply, label: string) => reply.fields?.find((entry) => entry.label === label)?.value;

/** A team with the demo (added first) and an imported "kitchen" channel. */
async function teamWithTwoChannels(): Promise<Ctx> {
  const ctx = await commandContext(database.prisma, { now });
  expect((await run(ctx, 'demo --seed 5')).kind).toBe('result');
  expect((await run(ctx, `import --channel kitchen --file ${csv}`)).kind).toBe('result');
  return ctx;
}

/** Rows that belong to one channel, by table: what removing it must delete, and what must stay elsewhere. */
async function contents(teamId: number, name: string) {
  const prisma = database.prisma;
  const channel = await prisma.channel.findUnique({ where: { teamId_name: { teamId, name } } });
  if (!channel) return null;
  const ofChannel = { where: { channelId: channel.id } };
  return {
    videos: await prisma.video.count(ofChannel),
    snapshots: await prisma.videoSnapshot.count({ where: { video: { channelId: channel.id } } }),
    retention: await prisma.retentionPoint.count({ where: { video: { channelId: channel.id } } }),
    predictions: await prisma.prediction.count(ofChannel),
    insights: await prisma.channelInsight.count(ofChannel),
  };
}

/** A prediction and an insight on the channel, as the daily cycle would leave them. */
async function addLearningRows(teamId: number, name: string) {
  const prisma = database.prisma;
  const channel = await prisma.channel.findUniqueOrThrow({ where: { teamId_name: { teamId, name } } });
  await prisma.prediction.create({
    data: {
      channelId: channel.id,
      kind: 'pre_publish',
      horizonDays: 7,
      predicted: 100,
      low: 50,
      high: 200,
      inputs: {},
    },
  });
  await prisma.channelInsight.create({
    data: {
      channelId: channel.id,
      key: 'topic:eggs',
      type: 'topic',
      summary: 's',
      data: {},
      confidence: 0.9,
      sampleSize: 9,
    },
  });
}

describe('channels: the team default', () => {
  it('uses the first channel added when none is named, says so, and follows `channels default NAME`', async () => {
    const ctx = await teamWithTwoChannels();
    const stats = await run(ctx, 'stats');
    expect(stats.kind).toBe('result');
    expect(stats.title).toMatch(/^Demo: /);
    expect(field(stats, 'Channel')).toBe('demo (the team’s default; channel:NAME for another)');

    const listed = await run(ctx, 'channels');
    expect(listed.summary).toBe('2 channels. Commands that name none use demo.');
    expect(listed.sections?.[0]?.table?.rows.map((row) => row[0])).toEqual(['demo (default)', 'kitchen']);

    const set = await run(ctx, 'channels default kitchen');
    expect(set.title).toBe('Default channel set');
    expect(set.summary).toBe('Commands that name no channel now use kitchen (kitchen).');
    const after = await run(ctx, 'stats');
    expect(after.title).toBe('kitchen — overview');
    expect(field(after, 'Channel')).toBe('kitchen (the team’s default; channel:NAME for another)');
    // Named explicitly: no note.
    const named = await run(ctx, 'stats demo');
    expect(field(named, 'Channel')).toBeUndefined();
    expect((await run(ctx, 'channels default')).summary).toBe('Commands that name no channel use kitchen.');
  });

  it('says `--channel NAME` on the command line, and adds no note when the team has one channel', async () => {
    const ctx = await teamWithTwoChannels();
    const cli = await commandContext(database.prisma, { now, surface: 'cli', team: ctx.team });
    expect(field(await run(cli, 'stats'), 'Channel')).toBe('demo (the team’s default; --channel NAME for another)');

    const alone = await commandContext(database.prisma, { now, surface: 'cli' });
    await run(alone, 'demo --seed 5');
    const stats = await run(alone, 'stats');
    expect(stats.kind).toBe('result');
    expect(field(stats, 'Channel')).toBeUndefined();
  });

  it('refuses an unknown name with the channels there are, and leaves the default as it was', async () => {
    const ctx = await teamWithTwoChannels();
    const reply = await run(ctx, 'channels default kitchn');
    expect(reply.kind).toBe('error');
    expect(reply.title).toBe('Unknown channel');
    expect(reply.summary).toBe('There is no channel named "kitchn" in this team.');
    expect(field(reply, 'What to do')).toBe('Channels: demo, kitchen.');
    expect((await run(ctx, 'channels')).data).toMatchObject({ default: 'demo' });
    const team = await database.prisma.team.findUniqueOrThrow({ where: { id: ctx.team.id } });
    expect(team.defaultChannelId).toBeNull();
  });

  it('a rebuilt demo stays the default, whether chosen or first added', async () => {
    const ctx = await teamWithTwoChannels();
    const cli = await commandContext(database.prisma, { now, surface: 'cli', team: ctx.team });
    await run(cli, 'demo --seed 5 --reset');
    expect((await run(ctx, 'channels')).data).toMatchObject({ default: 'demo' });
    await run(ctx, 'channels default demo');
    await run(cli, 'demo --seed 5 --reset');
    expect((await run(ctx, 'channels')).data).toMatchObject({ default: 'demo' });
    expect(field(await run(ctx, 'stats'), 'Channel')).toMatch(/^demo /);
  });

  it('needs the manage role in chat', async () => {
    const ctx = await teamWithTwoChannels();
    const member = { ...ctx, surface: 'discord' as const, user: { id: 'u1', canManage: async () => false } };
    for (const line of ['channels default kitchen', 'channels remove demo confirm:demo']) {
      const reply = await run(member, line);
      expect(reply.kind).toBe('error');
      expect(reply.title).toBe('Not allowed');
    }
    expect(await contents(ctx.team.id, 'demo')).not.toBeNull();
    expect((await run(member, 'channels')).data).toMatchObject({ default: 'demo' });
  });
});

describe('channels remove', () => {
  it('in chat asks first, refuses a wrong confirmation, then deletes this team’s channel only', async () => {
    const ctx = await teamWithTwoChannels();
    const chat = { ...ctx, surface: 'discord' as const, user: { id: 'u1', canManage: async () => true } };
    const other = await teamWithTwoChannels();
    await addLearningRows(ctx.team.id, 'demo');
    await addLearningRows(other.team.id, 'demo');
    const before = await contents(ctx.team.id, 'demo');
    const kitchenBefore = await contents(ctx.team.id, 'kitchen');
    const otherBefore = await contents(other.team.id, 'demo');
    expect(before?.videos).toBeGreaterThan(100);

    const ask = await run(chat, 'channels remove demo yes:true');
    expect(ask.kind).toBe('result');
    expect(ask.title).toBe('Remove demo?');
    expect(ask.summary).toContain(`deletes it with its ${before?.videos.toLocaleString('en-US')} videos, `);
    expect(ask.summary).toContain('1 prediction');
    expect(ask.summary).toContain('for this team only. Nothing is deleted yet.');
    expect(field(ask, 'To remove it')).toBe('/channels remove demo confirm:demo');
    expect(await contents(ctx.team.id, 'demo')).toEqual(before);

    const wrong = await run(chat, 'channels remove demo confirm:kitchen');
    expect(wrong.kind).toBe('error');
    expect(wrong.title).toBe('Not removed');
    expect(wrong.summary).toBe('The confirmation "kitchen" is not the channel’s name, demo: nothing was deleted.');
    expect(await contents(ctx.team.id, 'demo')).toEqual(before);

    const done = await run(chat, 'channels remove demo confirm:demo');
    expect(done.title).toBe('Removed demo');
    expect(field(done, 'Default channel')).toBe('kitchen');
    expect(await contents(ctx.team.id, 'demo')).toBeNull();
    for (const table of ['videoSnapshot', 'retentionPoint'] as const) {
      // Nothing of it is left behind under another row.
      expect(
        await (database.prisma[table] as { count(args: object): Promise<number> }).count({
          where: { video: { channel: { teamId: ctx.team.id, name: 'demo' } } },
        }),
      ).toBe(0);
    }
    expect(await contents(ctx.team.id, 'kitchen')).toEqual(kitchenBefore);
    expect(await contents(other.team.id, 'demo')).toEqual(otherBefore);

    const stats = await run(chat, 'stats');
    expect(stats.title).toBe('kitchen — overview');
    expect(field(stats, 'Channel')).toBeUndefined();
  });

  it('on the command line takes --yes or the name; without them it only asks', async () => {
    const ctx = await teamWithTwoChannels();
    const cli = await commandContext(database.prisma, { now, surface: 'cli', team: ctx.team });
    const ask = await run(cli, 'channels remove kitchen');
    expect(field(ask, 'To remove it')).toBe('tubepilot channels remove kitchen --yes');
    expect((await contents(ctx.team.id, 'kitchen'))?.videos).toBe(12);

    const done = await run(cli, 'channels remove kitchen --yes');
    expect(done.title).toBe('Removed kitchen');
    expect(done.summary).toBe(
      'Deleted kitchen with its 12 videos and 12 daily snapshots. The quota and AI usage ledgers keep what was spent.',
    );
    expect(await contents(ctx.team.id, 'kitchen')).toBeNull();

    const demo = await run(cli, 'channels remove DEMO --confirm demo');
    expect(demo.title).toBe('Removed demo');
    expect(field(demo, 'Channels left')).toBe('none: load the demo with `demo`, or import a CSV');
    expect((await run(cli, 'stats')).title).toBe('No channels yet');
  });

  it('names what is missing: no name, an unknown name', async () => {
    const ctx = await teamWithTwoChannels();
    const none = await run(ctx, 'channels remove');
    expect(none.kind).toBe('error');
    expect(none.title).toBe('Which channel?');
    expect(field(none, 'What to do')).toBe('Channels: demo, kitchen.');
    const unknown = await run(ctx, 'channels remove dmeo --yes');
    expect(unknown.title).toBe('Unknown channel');
    expect(unknown.summary).toBe('There is no channel named "dmeo" in this team.');
    expect((await contents(ctx.team.id, 'demo'))?.videos).toBeGreaterThan(100);
  });
});

async function latestReading(teamId: number): Promise<Date | null> {
  const { _max } = await database.prisma.video.aggregate({
    where: { channel: { teamId, name: 'demo' } },
    _max: { statsUpdatedAt: true },
  });
  return _max.statsUpdatedAt;
}

describe('the demo looks live', () => {
  it('its latest reading is the moment it was seeded, and a rebuild moves it to the new moment', async () => {
    const ctx = await commandContext(database.prisma, { now, surface: 'cli' });
    await run(ctx, 'demo --seed 5');
    const stats = await run(ctx, 'stats');
    expect(field(stats, 'Figures')).toMatch(/\(less than an hour ago\)$/);
    expect(await latestReading(ctx.team.id)).toEqual(now);

    const later = new Date(now.getTime() + 3 * DAY_MS + 5 * 3_600_000);
    const laterCtx = await commandContext(database.prisma, { now: later, surface: 'cli', team: ctx.team });
    // Kept as it was, the demo honestly ages...
    expect(field(await run(laterCtx, 'stats'), 'Figures')).toMatch(/\(3 days ago — /);
    // ...and a rebuild makes it current again.
    await run(laterCtx, 'demo --seed 5 --reset');
    const rebuilt = await run(laterCtx, 'stats');
    expect(field(rebuilt, 'Figures')).toMatch(/\(less than an hour ago\)$/);
    expect(await latestReading(ctx.team.id)).toEqual(later);
  });
});
