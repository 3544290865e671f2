import { beforeAll, expect, it } from 'vitest';
import type { CommandContext } from '../../src/bot/commands/command.js';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { formatChange } from '../../src/core/format/numbers.js';
import type { LearningReport } from '../../src/core/learning/learning-report.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';

// /learning on the demo channel with a strategy, scripted videos, scored predictions and a dropped insight
// stored as the AI layer and the daily cycle store them.

const now = new Date('2026-11-23T00:00:00Z');
const strategyAt = new Date('2026-09-01T00:00:00Z');

describeEachBackend('/learning', (database) => {
  let ctx: CommandContext;
  let channelId: number;
  let report: LearningReport;

  beforeAll(async () => {
    const db = database().prisma;
    ctx = await commandContext(db, { now });
    await executeCommand(ctx, 'demo', { words: ['--seed', '5'] });
    const channel = await db.channel.findFirstOrThrow({ where: { teamId: ctx.team.id }, select: { id: true } });
    channelId = channel.id;
    const strategy = await db.contentStrategy.create({
      data: {
        channelId,
        version: 1,
        recommendedTopics: [],
        avoidTopics: [],
        hookTemplates: [],
        postingWindows: [],
        nextTests: [],
        writer: 'offline',
        basisVideoCount: 100,
        generatedAt: strategyAt,
      },
    });
    const after = await db.video.findMany({
      where: { channelId, publishedAt: { gte: strategyAt } },
      orderBy: { publishedAt: 'asc' },
      select: { id: true, title: true },
    });
    for (const video of after.filter((_, index) => index % 2 === 0)) {
      await db.generatedScript.create({
        data: {
          channelId,
          strategyId: strategy.id,
          topic: 't',
          hook: 'h',
          body: {},
          writer: 'offline',
          videoId: video.id,
          status: 'published',
        },
      });
    }
    const scored = (kind: 'post_publish' | 'pre_publish', month: number, predicted: number, actual: number) => ({
      channelId,
      kind,
      horizonDays: kind === 'post_publish' ? 7 : 30,
      predicted,
      low: predicted / 2,
      high: predicted * 2,
      actual,
      inputs: {},
      madeAt: new Date(Date.UTC(2026, month, 10)),
      scoredAt: now,
    });
    await db.prediction.createMany({
      data: [
        scored('post_publish', 8, 1000, 1200),
        scored('post_publish', 8, 1000, 5000),
        scored('pre_publish', 9, 800, 900),
      ],
    });
    await db.channelInsight.createMany({
      data: [
        {
          channelId,
          key: 'topic:eggs',
          type: 'topic',
          summary: 'Topic works: eggs',
          data: {},
          confidence: 3,
          sampleSize: 24,
          lastValidatedAt: now,
        },
        {
          channelId,
          key: 'hook:pov',
          type: 'hook',
          summary: 'Hook style works: pov',
          data: {},
          confidence: 1,
          sampleSize: 6,
          status: 'invalidated',
          lastValidatedAt: strategyAt,
        },
      ],
    });
    const reply = await executeCommand(ctx, 'learning', { words: [] });
    expect(reply.kind).toBe('result');
    report = (reply.data as { report: LearningReport }).report;
  });

  it('scores the stored predictions overall and by the month they were made', () => {
    expect(report.accuracy).toMatchObject({ n: 3, coverage: 2 / 3 });
    expect(report.accuracyByMonth.map((month) => [month.month, month.n])).toEqual([
      ['2026-09', 2],
      ['2026-10', 1],
    ]);
  });

  it('measures the strategy’s lift since it started and for scripted videos, with intervals', () => {
    expect(report.strategySince?.toISOString()).toBe(strategyAt.toISOString());
    const { sinceVsBefore, followedVsNot } = report.lift ?? {};
    if (!sinceVsBefore || 'insufficient' in sinceVsBefore) throw new Error('expected a lift since the strategy');
    if (!followedVsNot || 'insufficient' in followedVsNot) throw new Error('expected a scripted lift');
    expect(sinceVsBefore.low).toBeLessThanOrEqual(sinceVsBefore.ratio);
    expect(sinceVsBefore.high).toBeGreaterThanOrEqual(sinceVsBefore.ratio);
    expect(followedVsNot.treatedN + followedVsNot.controlN).toBe(sinceVsBefore.treatedN);
    expect(Math.abs(followedVsNot.treatedN - followedVsNot.controlN)).toBeLessThanOrEqual(1);
  });

  it('shows topic success, engagement trend and the insight that stopped holding', async () => {
    expect(report.topics.length).toBeGreaterThan(2);
    for (const topic of report.topics) expect(topic.aboveBaseline).toBeLessThanOrEqual(topic.videos);
    expect(report.engagement.recentN).toBeGreaterThan(0);
    expect(report.activeInsights).toBe(1);
    expect(report.invalidatedInsights.map((insight) => insight.summary)).toEqual(['Hook style works: pov']);
    const reply = await executeCommand(ctx, 'learning', { words: [] });
    const insights = reply.sections?.find((section) => section.heading === 'Insights');
    expect(insights?.list?.[0]).toMatch(/^Hook style works: pov — last held 2026-09-01 \(n=6\)/);
  });

  it('the digest carries the same lift, in a section of its own', async () => {
    const digest = await executeCommand(ctx, 'digest', { words: ['now'] });
    const section = digest.sections?.find((candidate) => candidate.heading === 'Is the advice working?');
    const { sinceVsBefore } = report.lift ?? {};
    if (!sinceVsBefore || 'insufficient' in sinceVsBefore) throw new Error('expected a lift');
    expect(section?.text).toContain(
      `Since the first strategy: ${formatChange(sinceVsBefore.ratio - 1)} views (80% interval`,
    );
    expect(section?.text).toMatch(/1 insight\(s\) stopped holding/);
  });

  it('sees only its own team’s channel', async () => {
    const other = await commandContext(database().prisma, { now });
    const reply = await executeCommand(other, 'learning', { words: [] });
    expect(reply).toMatchObject({ kind: 'error', title: 'No channels yet' });
  });
});

describeEachBackend('/trends team-wide evidence', (database) => {
  it('appears once the team has a second channel, and only with that team’s channels', async () => {
    const db = database().prisma;
    const ctx = await commandContext(db, { now });
    await executeCommand(ctx, 'demo', { words: ['--seed', '6'] });
    const single = await executeCommand(ctx, 'trends', { words: [] });
    expect(single.sections?.some((section) => section.heading === 'Team-wide vs this channel')).toBe(false);

    const file = 'tests/fixtures/alex-the-analyst-videos.csv';
    expect((await executeCommand(ctx, 'import', { words: ['--channel', 'alex', '--file', file] })).kind).toBe('result');
    const pooled = await executeCommand(ctx, 'trends', { words: ['--channel', 'demo'] });
    const section = pooled.sections?.find((candidate) => candidate.heading === 'Team-wide vs this channel');
    expect(section?.text).toMatch(/team's 2 channels/);
    expect(section?.table?.rows.length).toBeGreaterThan(0);
    for (const row of section?.table?.rows ?? []) expect(row[1]).toMatch(/\(2 channels\)$/);

    // A write to the other channel is in the next answer: the pooled rows are kept only for one team state.
    const alex = await db.channel.findFirstOrThrow({ where: { teamId: ctx.team.id, name: 'alex' } });
    const alexVideos = await db.video.findMany({ where: { channelId: alex.id }, select: { id: true } });
    const half = alexVideos.filter((_, index) => index % 2 === 0).map((video) => video.id);
    await db.video.updateMany({ where: { id: { in: half } }, data: { unavailable: true } });
    const after = await executeCommand(ctx, 'trends', { words: ['--channel', 'demo'] });
    const changed = after.sections?.find((candidate) => candidate.heading === 'Team-wide vs this channel');
    expect(changed?.table?.rows).not.toEqual(section?.table?.rows);

    const otherTeam = await commandContext(db, { now });
    await executeCommand(otherTeam, 'demo', { words: ['--seed', '6'] });
    const alone = await executeCommand(otherTeam, 'trends', { words: [] });
    expect(alone.sections?.some((candidate) => candidate.heading === 'Team-wide vs this channel')).toBe(false);
  });
});

describeEachBackend('scoring a script’s prediction', (database) => {
  it('scores a pre-publication prediction once its script is linked to a video past the horizon', async () => {
    const db = database().prisma;
    const ctx = await commandContext(db, { now });
    await executeCommand(ctx, 'demo', { words: ['--seed', '9'] });
    const channel = await db.channel.findFirstOrThrow({ where: { teamId: ctx.team.id }, select: { id: true } });
    const video = await db.video.findFirstOrThrow({
      where: { channelId: channel.id, publishedAt: { lt: new Date('2026-09-01T00:00:00Z') } },
      orderBy: { publishedAt: 'desc' },
    });
    const prediction = await db.prediction.create({
      data: {
        channelId: channel.id,
        kind: 'pre_publish',
        videoId: video.id,
        horizonDays: 30,
        predicted: 1000,
        low: 500,
        high: 2000,
        inputs: {},
        madeAt: video.publishedAt as Date,
      },
    });
    await executeCommand(ctx, 'learning', { words: [] });
    const scored = await db.prediction.findUniqueOrThrow({ where: { id: prediction.id } });
    expect(scored.actual).toBeGreaterThan(0);
    expect(scored.actual).toBeLessThanOrEqual(Number(video.views));
    expect(scored.scoredAt?.toISOString()).toBe(now.toISOString());
  });
});
