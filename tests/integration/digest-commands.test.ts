import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { CommandContext } from '../../src/bot/commands/command.js';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { commandsFor } from '../../src/bot/commands/registry.js';
import { localChartRenderer } from '../../src/core/charts/local-chart-renderer.js';
import type { DigestData } from '../../src/core/digest/build-digest.js';
import { periodTrend } from '../../src/core/stats/period-trend.js';
import { runDailyCycle } from '../../src/jobs/daily-cycle.js';
import { demoChannelData } from '../support/analytics-videos.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext, memoryLog } from '../support/command-context.js';
import { recordingPoster } from '../support/recording-poster.js';

const endDate = new Date('2026-11-23T00:00:00Z');
const now = new Date('2026-11-23T12:00:00Z');
const { channel: demoData } = demoChannelData(3, endDate);

describeEachBackend('digest and status commands', (database) => {
  let local: CommandContext;
  let admin: CommandContext;
  let member: CommandContext;

  beforeAll(async () => {
    local = await commandContext(database().prisma, { now });
    // Seeded at endDate (its latest reading), read later the same day.
    const seeding = await commandContext(database().prisma, { now: endDate, team: local.team });
    await executeCommand(seeding, 'demo', { words: ['--seed', '3'] });
    const chat = { ...local, surface: 'discord' as const, commands: commandsFor('discord') };
    admin = {
      ...chat,
      room: { platform: 'discord', roomId: 'room-1' },
      user: { id: 'u1', canManage: async () => true },
    };
    member = {
      ...chat,
      room: { platform: 'discord', roomId: 'room-1' },
      user: { id: 'u2', canManage: async () => false },
    };
  });

  it('/digest setup binds the room at a local time, validates the timezone, and needs the manage role', async () => {
    const db = database().prisma;
    const denied = await executeCommand(member, 'digest', { words: ['setup', 'time:08:30'] });
    expect(denied).toMatchObject({ kind: 'error', title: 'Not allowed' });
    const badZone = await executeCommand(admin, 'digest', { words: ['setup', 'timezone:Mars/Olympus'] });
    expect(badZone).toMatchObject({ kind: 'error', title: 'Unknown timezone' });
    const badTime = await executeCommand(admin, 'digest', { words: ['setup', 'time:25:00'] });
    expect(badTime).toMatchObject({ kind: 'error', title: 'Bad time' });
    expect(await db.roomBinding.count({ where: { teamId: local.team.id } })).toBe(0);

    const reply = await executeCommand(admin, 'digest', {
      words: ['setup', 'time:08:30', 'timezone:Asia/Kolkata'],
    });
    expect(reply).toMatchObject({ kind: 'result', title: 'Daily digest set up' });
    // 12:00 UTC is 17:30 in Kolkata: the next 08:30 there is tomorrow 03:00 UTC.
    expect(reply.fields?.[0]).toEqual({ label: 'Next digest', value: '24 Nov 2026 03:00 UTC' });
    const bindings = await db.roomBinding.findMany({ where: { teamId: local.team.id } });
    expect(bindings).toEqual([
      expect.objectContaining({ platform: 'discord', roomId: 'room-1', digestTime: '08:30', timezone: 'Asia/Kolkata' }),
    ]);
    // Running it again changes the time of the same binding.
    await executeCommand(admin, 'digest', { words: ['setup', 'time:07:00'] });
    const again = await db.roomBinding.findMany({ where: { teamId: local.team.id } });
    expect(again.map((binding) => [binding.id, binding.digestTime, binding.timezone])).toEqual([
      [bindings[0]?.id, '07:00', demoData.timezone],
    ]);
  });

  it('/digest setup on the console explains it is for chat rooms', async () => {
    const reply = await executeCommand(local, 'digest', { words: ['setup'] });
    expect(reply).toMatchObject({ kind: 'error', title: 'Only in a chat room' });
    expect(reply.fields?.[0]?.value).toMatch(/digest now --out DIR/);
  });

  it('/digest now gives the digest with the engine’s figures and four charts', async () => {
    const reply = await executeCommand(member, 'digest', { words: ['now'] });
    expect(reply.kind).toBe('result');
    const data = reply.data as DigestData;
    // The demo's last reading is its end date: periods end there.
    expect(data.asOf).toBe(endDate.toISOString());
    const week = periodTrend(demoData.videos, endDate, 7);
    expect(data.figures.periods[1].views.current.gained).toBeCloseTo(week.current.gained as number, 6);
    expect(reply.summary).toContain(
      `Last 7 days: ${Math.round(week.current.gained as number).toLocaleString('en-US')}`,
    );
    expect(reply.images?.map((image) => image.name)).toEqual([
      'views.png',
      'retention.png',
      'topics.png',
      'posting-times.png',
    ]);
    expect(reply.sections?.map((section) => section.heading)).toEqual(
      expect.arrayContaining(['Yesterday and the last 7 days', 'New insights', 'Strategy', 'Spend']),
    );
    expect(reply.sections?.find((section) => section.heading === 'Strategy')?.text).toMatch(/^No strategy yet/);
    expect(reply.fields?.find((field) => field.label === 'Prediction track record')?.value).toBe(
      'no past prediction of this channel has come due yet',
    );
  });

  it('shows the latest strategy’s top recommendations', async () => {
    const db = database().prisma;
    const channel = await db.channel.findFirstOrThrow({ where: { teamId: local.team.id } });
    await db.contentStrategy.create({
      data: {
        channelId: channel.id,
        version: 1,
        recommendedTopics: [
          { topic: 'eggs', why: '+55% views (n=24)' },
          'kitchen myths',
          { topic: 'pasta' },
          { topic: 'fourth' },
        ],
        avoidTopics: ['leftovers'],
        hookTemplates: [],
        postingWindows: [],
        nextTests: [],
        writer: 'offline',
        basisVideoCount: 120,
      },
    });
    const reply = await executeCommand(local, 'digest', { words: [] });
    expect(reply.sections?.find((section) => section.heading === 'Strategy')?.list).toEqual([
      'Do: eggs — +55% views (n=24)',
      'Do: kitchen myths',
      'Do: pasta',
      'Avoid: leftovers',
    ]);
  });

  it('`digest now --out DIR` on the CLI writes Markdown and the PNGs; chat surfaces may not write files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tubepilot-digest-'));
    const cli = { ...local, surface: 'cli' as const, commands: commandsFor('cli') };
    const reply = await executeCommand(cli, 'digest', { words: ['now', '--channel', 'demo', '--out', dir] });
    expect(reply.kind).toBe('result');
    expect((await readdir(dir)).sort()).toEqual([
      'digest.md',
      'posting-times.png',
      'retention.png',
      'topics.png',
      'views.png',
    ]);
    const markdown = await readFile(join(dir, 'digest.md'), 'utf8');
    expect(markdown).toMatch(/^# .+ — daily digest\n/);
    expect(markdown).toContain('| Video | Title | Age | Views | Outlier |');
    expect(markdown).toMatch(/!\[Topic effects on views with 80% intervals: .+\]\(topics\.png\)/);
    // A document read elsewhere: no follow-up commands to type in chat.
    expect(reply.followUps?.length).toBeGreaterThan(0);
    for (const followUp of reply.followUps ?? []) expect(markdown).not.toContain(`\`${followUp.command}\``);
    expect(markdown).not.toContain('Next:');
    // The reply names the files in the output folder, and carries no images the CLI would save elsewhere.
    const files = ['digest.md', 'views.png', 'retention.png', 'topics.png', 'posting-times.png'].map((name) =>
      join(dir, name),
    );
    expect(reply.images).toBeUndefined();
    expect(reply.sections?.find((section) => section.heading === 'Files written')?.list).toEqual(files);
    expect(reply.fields?.find((field) => field.label === 'Written')?.value).toBe(`5 files into ${dir}`);
    expect((reply.data as { written: string[] }).written).toEqual(files);
    const png = await readFile(join(dir, 'views.png'));
    expect([...png.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG');

    const chat = await executeCommand(admin, 'digest', { words: ['now', `out:${dir}`] });
    expect(chat).toMatchObject({ kind: 'error', title: 'Not here' });
  });

  it('status shows each room’s last and next digest, spend today and recent failures', async () => {
    const db = database().prisma;
    const channel = await db.channel.findFirstOrThrow({ where: { teamId: local.team.id } });
    await db.roomBinding.updateMany({ where: { NOT: { teamId: local.team.id } }, data: { active: false } });
    await db.roomBinding.create({
      data: { teamId: local.team.id, channelId: channel.id, platform: 'slack', roomId: 'C-gone', digestTime: '07:00' },
    });
    await db.quotaEntry.create({
      data: {
        day: new Date('2026-11-23T00:00:00Z'),
        channelId: channel.id,
        api: 'data',
        method: 'videos.list',
        units: 42,
      },
    });
    const poster = recordingPoster('discord');
    const slack = recordingPoster('slack');
    slack.failingRooms.set('C-gone', 'channel_not_found');
    await runDailyCycle(
      {
        db,
        log: memoryLog().log,
        renderer: localChartRenderer(),
        posters: { discord: poster, slack },
        dailyUnitBudget: 10_000,
        dailyTokenBudget: 30_000,
        policy: { catchupHours: 6, leaseMinutes: 30, maxAttempts: 3 },
      },
      new Date('2026-11-23T12:01:00Z'),
    );
    const reply = await executeCommand(local, 'status', { words: [] });
    expect(reply.fields?.[0]).toEqual({ label: 'YouTube units today', value: '42 (Pacific day 2026-11-23)' });
    const rooms = reply.sections?.find((section) => section.heading === 'Daily digests')?.table?.rows;
    expect(rooms).toEqual([
      [
        'discord room-1',
        'demo',
        `07:00 ${demoData.timezone}`,
        expect.stringMatching(/^2026-11-23 sent /),
        expect.any(String),
      ],
      ['slack C-gone', 'demo', '07:00 UTC', '2026-11-23 failed', 'retry of 2026-11-23 pending'],
    ]);
    expect(reply.sections?.find((section) => section.heading === 'Recent failures')?.list).toEqual([
      '2026-11-23 slack C-gone (demo), attempt 1: channel_not_found',
    ]);
  });

  it('/digest stop unbinds this room; stopping again says there is nothing to stop', async () => {
    const denied = await executeCommand(member, 'digest', { words: ['stop'] });
    expect(denied).toMatchObject({ kind: 'error', title: 'Not allowed' });
    const reply = await executeCommand(admin, 'digest', { words: ['stop'] });
    expect(reply).toMatchObject({ kind: 'result', title: 'Daily digest stopped' });
    const binding = await database().prisma.roomBinding.findFirstOrThrow({ where: { roomId: 'room-1' } });
    expect(binding.active).toBe(false);
    expect(await executeCommand(admin, 'digest', { words: ['stop'] })).toMatchObject({
      kind: 'error',
      title: 'No digest to stop',
    });
  });
});
