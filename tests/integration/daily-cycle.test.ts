import { beforeAll, beforeEach, expect, it } from 'vitest';
import { localChartRenderer } from '../../src/core/charts/local-chart-renderer.js';
import { DISCUSS_ACTION } from '../../src/core/chat/discussions.js';
import type { Db } from '../../src/core/db/database.js';
import { ensureDemoChannel } from '../../src/core/demo/seed-demo.js';
import type { DigestData } from '../../src/core/digest/build-digest.js';
import { claimDigest, stillClaimed } from '../../src/core/digest/digest-runs.js';
import { dateColumn } from '../../src/core/time/zoned-time.js';
import { PrismaClient } from '../../src/generated/prisma/client.js';
import { startDailyCycle } from '../../src/jobs/cycle-scheduler.js';
import { type CycleReport, type CycleSteps, type DailyCycleDeps, runDailyCycle } from '../../src/jobs/daily-cycle.js';
import { describeEachBackend } from '../support/backends.js';
import { memoryLog } from '../support/command-context.js';
import { type RecordingPoster, recordingPoster } from '../support/recording-poster.js';

// The daily cycle on a real database, with the chat platforms replaced by recording posters. Times: the demo
// data ends 2026-11-23 00:00 UTC; rooms want their digest at 09:00 Berlin time = 08:00 UTC.

const endDate = new Date('2026-11-23T00:00:00Z');
const digestAt = new Date('2026-11-23T08:00:00Z');
const minutes = (n: number) => new Date(digestAt.getTime() + n * 60_000);
const policy = { catchupHours: 6, leaseMinutes: 30, maxAttempts: 3 };
const renderer = localChartRenderer();

let teamCounter = 0;

describeEachBackend('daily cycle', (database) => {
  let db: Db;
  let discord: RecordingPoster;
  let slack: RecordingPoster;

  /** A fresh team with the demo channel and the given rooms bound to it. */
  async function channelWithRooms(rooms: { platform: 'discord' | 'slack'; roomId: string }[], digestTime = '09:00') {
    const team = await db.team.create({
      data: { platform: 'discord', externalId: `cycle-${process.pid}-${++teamCounter}`, name: 'Cycle team' },
    });
    const { channelId } = await ensureDemoChannel(db, team.id, { seed: 3, endDate });
    const bindings = [];
    for (const room of rooms) {
      bindings.push(
        await db.roomBinding.create({
          data: { teamId: team.id, channelId, ...room, digestTime, timezone: 'Europe/Berlin' },
        }),
      );
    }
    return { teamId: team.id, channelId, bindings };
  }

  function deps(extra: Partial<DailyCycleDeps> = {}): DailyCycleDeps {
    return {
      db,
      log: memoryLog().log,
      renderer,
      posters: { discord, slack },
      dailyUnitBudget: 10_000,
      dailyTokenBudget: 30_000,
      policy,
      ...extra,
    };
  }

  beforeAll(() => {
    db = database().prisma;
  });

  beforeEach(async () => {
    // Each test starts with no other team's rooms due.
    await db.roomBinding.updateMany({ data: { active: false } });
    discord = recordingPoster('discord');
    slack = recordingPoster('slack');
  });

  it('two claimers on one database at once: exactly one gets the digest', async () => {
    const { bindings } = await channelWithRooms([{ platform: 'discord', roomId: 'claim-race' }]);
    const bindingId = bindings[0]?.id as number;
    const other = new PrismaClient({ adapter: database().adapterFactory });
    try {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => claimDigest(i % 2 ? other : db, bindingId, '2026-11-23', digestAt, policy)),
      );
      expect(results.filter((claim) => claim !== null)).toEqual([
        expect.objectContaining({ bindingId, date: '2026-11-23', attempt: 1 }),
      ]);
      // Past the lease, two processes race to take the abandoned claim over: one wins, as attempt 2.
      const takeovers = await Promise.all([
        claimDigest(db, bindingId, '2026-11-23', minutes(31), policy),
        claimDigest(other, bindingId, '2026-11-23', minutes(31), policy),
      ]);
      expect(takeovers.filter((claim) => claim !== null).map((claim) => claim?.attempt)).toEqual([2]);
      // The first claimant, back from the dead, sees it lost the claim and must not post.
      expect(await stillClaimed(db, results.find((claim) => claim !== null) as never)).toBe(false);
    } finally {
      await other.$disconnect();
    }
  });

  it('two cycle runners at once post one digest per room and record the platform’s message id', async () => {
    const { bindings } = await channelWithRooms([
      { platform: 'discord', roomId: 'race-a' },
      { platform: 'slack', roomId: 'race-b' },
    ]);
    const other = new PrismaClient({ adapter: database().adapterFactory });
    try {
      const reports = await Promise.all([
        runDailyCycle(deps(), minutes(1)),
        runDailyCycle(deps({ db: other as unknown as Db }), minutes(1)),
      ]);
      const roomsPosted = [...discord.posts, ...slack.posts].filter((post) => !post.threadRef);
      expect(roomsPosted.map((post) => post.roomId).sort()).toEqual(['race-a', 'race-b']);
      expect(reports.flatMap((report) => report.channels)).toHaveLength(1);
      const runs = await db.digestRun.findMany({ where: { bindingId: { in: bindings.map((b) => b.id) } } });
      expect(runs.map((run) => [run.status, run.attempts])).toEqual([
        ['sent', 1],
        ['sent', 1],
      ]);
      expect(runs.map((run) => run.messageRef).sort()).toEqual(roomsPosted.map((post) => post.messageRef).sort());
      // Later ticks the same day find nothing to do.
      const later = await runDailyCycle(deps(), minutes(5));
      expect(later.channels).toEqual([]);
      expect(discord.posts.length + slack.posts.length).toBe(roomsPosted.length);
    } finally {
      await other.$disconnect();
    }
  });

  it('a process killed between claim and send: the digest is retried after the lease, once', async () => {
    const { bindings } = await channelWithRooms([{ platform: 'discord', roomId: 'crash-room' }]);
    const bindingId = bindings[0]?.id as number;
    // The dead process got as far as the claim.
    expect(await claimDigest(db, bindingId, '2026-11-23', minutes(0), policy)).not.toBeNull();

    const during = await runDailyCycle(deps(), minutes(10));
    expect(during.channels).toEqual([]);
    expect(discord.posts).toEqual([]);

    const after = await runDailyCycle(deps(), minutes(31));
    expect(after.channels[0]?.rooms).toEqual([
      expect.objectContaining({ roomId: 'crash-room', outcome: 'sent', attempt: 2 }),
    ]);
    expect(discord.posts.filter((post) => !post.threadRef)).toHaveLength(1);
    const run = await db.digestRun.findFirstOrThrow({ where: { bindingId } });
    expect(run).toMatchObject({ status: 'sent', attempts: 2, messageRef: discord.posts[0]?.messageRef });
  });

  it('a post the platform took while the attempt failed: the retry finds it, records it and posts nothing again', async () => {
    const { bindings } = await channelWithRooms([{ platform: 'discord', roomId: 'taken-room' }]);
    const post = discord.postToRoom;
    // The platform keeps the message, but the answer never reaches the cycle (a connection reset).
    discord.postToRoom = async (roomId, reply, options) => {
      await post(roomId, reply, options);
      throw new Error('socket hang up');
    };
    const first = await runDailyCycle(deps(), minutes(1));
    expect(first.channels[0]?.rooms).toEqual([expect.objectContaining({ outcome: 'failed', error: 'socket hang up' })]);
    discord.postToRoom = post;
    const taken = discord.posts.filter((entry) => entry.roomId === 'taken-room');
    expect(taken).toHaveLength(1);

    const retry = await runDailyCycle(deps(), minutes(32));
    expect(retry.channels[0]?.rooms).toEqual([
      expect.objectContaining({ outcome: 'sent', attempt: 2, messageRef: taken[0]?.messageRef }),
    ]);
    expect(discord.posts.filter((entry) => entry.roomId === 'taken-room' && !entry.threadRef)).toEqual(taken);
    expect(await db.digestRun.findFirstOrThrow({ where: { bindingId: bindings[0]?.id } })).toMatchObject({
      status: 'sent',
      attempts: 2,
      messageRef: taken[0]?.messageRef,
    });
  });

  it('a failing room is recorded, retried after the lease and given up after the last attempt; others go out', async () => {
    const { bindings } = await channelWithRooms([
      { platform: 'discord', roomId: 'deleted-room' },
      { platform: 'discord', roomId: 'healthy-room' },
    ]);
    discord.failingRooms.set('deleted-room', 'Unknown Channel');
    const first = await runDailyCycle(deps(), minutes(1));
    expect(first.channels[0]?.rooms.map(({ roomId, outcome, error }) => [roomId, outcome, error])).toEqual([
      ['deleted-room', 'failed', 'Unknown Channel'],
      ['healthy-room', 'sent', undefined],
    ]);
    const failedRun = () => db.digestRun.findFirstOrThrow({ where: { bindingId: bindings[0]?.id } });
    expect(await failedRun()).toMatchObject({ status: 'failed', attempts: 1, error: 'Unknown Channel' });

    expect((await runDailyCycle(deps(), minutes(10))).channels).toEqual([]); // waits for the lease
    await runDailyCycle(deps(), minutes(32));
    await runDailyCycle(deps(), minutes(63));
    expect(await failedRun()).toMatchObject({ status: 'failed', attempts: 3 });
    expect((await runDailyCycle(deps(), minutes(120))).channels).toEqual([]); // attempts used up
    expect(discord.posts.filter((post) => post.roomId === 'healthy-room' && !post.threadRef)).toHaveLength(1);
  });

  it('one channel’s failing steps do not stop another’s; the failure is stated in its digest', async () => {
    const broken = await channelWithRooms([{ platform: 'discord', roomId: 'broken-channel-room' }]);
    const fine = await channelWithRooms([{ platform: 'slack', roomId: 'fine-channel-room' }]);
    const evening = await channelWithRooms([{ platform: 'slack', roomId: 'evening-room' }], '18:00');
    // All count as YouTube channels to refresh today; 1,000 units are already spent today.
    await db.channel.updateMany({
      where: { id: { in: [broken.channelId, fine.channelId, evening.channelId] } },
      data: { source: 'youtube' },
    });
    await db.quotaEntry.create({
      data: { day: dateColumn('2026-11-23'), api: 'data', method: 'videos.list', units: 1000 },
    });
    await db.llmUsage.create({
      data: {
        day: dateColumn('2026-11-23'),
        model: 'm',
        purpose: 'strategy',
        promptTokens: 5000,
        completionTokens: 1000,
      },
    });
    const calls: { channelId: number; budget: number }[] = [];
    const tokenShares: number[] = [];
    const steps: CycleSteps = {
      async refreshChannel(channelId, budget) {
        calls.push({ channelId, budget });
        if (channelId === broken.channelId) throw new Error('quotaExceeded: the daily quota is spent');
        return { status: 'refreshed', unitsSpent: 7, summary: '12 videos updated' };
      },
      async updateStrategy(channelId, tokenBudget) {
        tokenShares.push(tokenBudget);
        if (channelId === broken.channelId) throw new Error('Groq unavailable (503)');
        return { summary: 'strategy v2 written', llmCalls: 1 };
      },
    };
    const report = await runDailyCycle(deps({ steps }), minutes(1));
    // 08:01 UTC is 00:01 in California: the quota day of the 23rd, 9,000 units left, split evenly between
    // the three channels still to refresh today, the evening one included although it is not due yet.
    expect(calls.map((call) => call.budget)).toEqual([3000, 3000]);
    expect(Object.values(report.budget.planned)).toEqual([3000, 3000, 3000]);
    // LLM tokens likewise: 30,000 a day, 6,000 spent today (UTC), the rest shared by the three bound channels.
    expect(tokenShares).toEqual([8000, 8000]);
    expect(report.tokens).toMatchObject({ daily: 30_000, spentBeforeCycle: 6000 });
    const byChannel = new Map(report.channels.map((channel) => [channel.channelId, channel]));
    expect(byChannel.get(broken.channelId)).toMatchObject({
      refresh: 'failed: quotaExceeded: the daily quota is spent',
      strategy: 'failed: Groq unavailable (503)',
      rooms: [expect.objectContaining({ outcome: 'sent' })],
    });
    expect(byChannel.get(fine.channelId)).toMatchObject({
      refresh: 'refreshed: 12 videos updated',
      strategy: 'strategy v2 written',
      unitsSpent: 7,
      llmCalls: 1,
    });
    const brokenDigest = discord.posts.find((post) => post.roomId === 'broken-channel-room')?.reply;
    const notes = brokenDigest?.sections?.find((section) => section.heading === 'Notes')?.list ?? [];
    expect(notes).toEqual(
      expect.arrayContaining([
        'The stats could not be refreshed (quotaExceeded: the daily quota is spent); figures are from the last refresh.',
        'The strategy could not be updated (Groq unavailable (503)); the one shown is the previous.',
      ]),
    );
    expect(slack.posts.some((post) => post.roomId === 'fine-channel-room')).toBe(true);
  });

  it('without steps (demo/CSV channels) it says what it skipped; each new insight is a message of its own offering its thread', async () => {
    const { channelId, teamId } = await channelWithRooms([{ platform: 'slack', roomId: 'insight-room' }]);
    await db.channelInsight.createMany({
      data: [
        {
          channelId,
          key: 'topic:eggs',
          type: 'topic',
          summary: 'Egg videos get 55% more views than the channel average',
          data: {},
          confidence: 3,
          sampleSize: 24,
          createdAt: minutes(-60),
        },
        {
          channelId,
          key: 'time:sat-evening',
          type: 'time',
          summary: 'Saturday evening posts do better',
          data: {},
          confidence: 2,
          sampleSize: 11,
          createdAt: minutes(-60),
        },
      ],
    });
    const report = await runDailyCycle(deps(), minutes(1));
    expect(report.channels[0]).toMatchObject({
      refresh: 'skipped: no refresh step in this process',
      strategy: 'skipped: no strategy step in this process',
    });
    const [digest, ...insightPosts] = slack.posts.filter((post) => post.roomId === 'insight-room');
    const data = digest?.reply.data as DigestData;
    expect(data.insights.map((insight) => insight.key)).toEqual(['topic:eggs', 'time:sat-evening']);
    // One thread per message: each insight is a message of its own, whose Discuss button opens its thread.
    expect(insightPosts.map((post) => [post.threadRef, post.reply.title, post.reply.actions])).toEqual([
      [undefined, 'Egg videos get 55% more views than the channel average', [DISCUSS_ACTION]],
      [undefined, 'Saturday evening posts do better', [DISCUSS_ACTION]],
    ]);
    expect(insightPosts[0]?.reply.summary).toMatch(/^From 24 videos \(topic\)/);
    expect(slack.threads).toEqual([]);
    const runId = (await db.digestRun.findFirstOrThrow({ where: { binding: { roomId: 'insight-room' } } })).id;
    expect([digest, ...insightPosts].map((post) => post?.marker)).toEqual([
      `tp-digest-${runId}`,
      `tp-digest-${runId}.1`,
      `tp-digest-${runId}.2`,
    ]);
    const stored = await db.conversationThread.findMany({ where: { teamId }, orderBy: { id: 'asc' } });
    // Stored under the message, whose ts a Slack thread takes (room:ts, the key thread replies are looked up by),
    // with the name the thread opens under.
    expect(
      stored.map((thread) => [thread.threadRef, (thread.context as { key: string }).key, thread.pendingName]),
    ).toEqual([
      [
        `insight-room:${insightPosts[0]?.messageRef}`,
        'topic:eggs',
        'Insight: Egg videos get 55% more views than the channel average',
      ],
      [`insight-room:${insightPosts[1]?.messageRef}`, 'time:sat-evening', 'Insight: Saturday evening posts do better'],
    ]);
  });

  it('after downtime: a digest missed this morning is sent once on return; one missed too long ago is not', async () => {
    const { bindings } = await channelWithRooms([{ platform: 'discord', roomId: 'downtime-room' }]);
    const back = await runDailyCycle(deps(), minutes(5 * 60));
    expect(back.channels[0]?.rooms[0]).toMatchObject({ outcome: 'sent' });
    for (const at of [5 * 60 + 1, 5 * 60 + 2, 6 * 60]) {
      expect((await runDailyCycle(deps(), minutes(at))).channels).toEqual([]);
    }
    expect(discord.posts).toHaveLength(1);

    await db.roomBinding.update({ where: { id: bindings[0]?.id }, data: { active: false } });
    const late = await channelWithRooms([{ platform: 'discord', roomId: 'too-late-room' }]);
    const report = await runDailyCycle(deps(), minutes(6 * 60 + 1));
    expect(report.missed).toEqual([expect.objectContaining({ bindingId: late.bindings[0]?.id, date: '2026-11-23' })]);
    expect(discord.posts).toHaveLength(1);
  });

  it('a room on a platform this process cannot reach is recorded as failed, not lost', async () => {
    const { bindings } = await channelWithRooms([{ platform: 'slack', roomId: 'no-adapter-room' }]);
    const report = await runDailyCycle(deps({ posters: { discord } }), minutes(1));
    expect(report.channels[0]?.rooms[0]).toMatchObject({
      outcome: 'failed',
      error: 'no slack connection in this process',
    });
    expect(await db.digestRun.findFirstOrThrow({ where: { bindingId: bindings[0]?.id } })).toMatchObject({
      status: 'failed',
      attempts: 1,
    });
  });

  it('startDailyCycle wires the ticker to the cycle: a tick posts what is due at that moment', async () => {
    const { bindings } = await channelWithRooms([{ platform: 'discord', roomId: 'ticker-room' }]);
    // Due one minute before the real clock's now, in UTC (the tick runs at the real time).
    const dueAt = new Date(Date.now() - 60_000);
    const time = dueAt.toISOString().slice(11, 16);
    await db.roomBinding.update({ where: { id: bindings[0]?.id }, data: { digestTime: time, timezone: 'UTC' } });
    const reports: CycleReport[] = [];
    const task = startDailyCycle(deps(), { expression: '0 0 1 1 *', onReport: (report) => reports.push(report) });
    try {
      await task.execute();
    } finally {
      await task.destroy();
    }
    expect(reports).toHaveLength(1);
    expect(reports[0]?.channels[0]?.rooms).toEqual([
      expect.objectContaining({ roomId: 'ticker-room', outcome: 'sent' }),
    ]);
    expect(discord.posts.map((post) => post.roomId)).toEqual(['ticker-room']);
  });
});
