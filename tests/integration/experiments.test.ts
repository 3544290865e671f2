import { beforeAll, expect, it } from 'vitest';
import type { CommandContext } from '../../src/bot/commands/command.js';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { hookRules } from '../../src/core/analytics/hook-patterns.js';
import { loadChannelData } from '../../src/core/analytics/load-channel-data.js';
import { channelVideoScores } from '../../src/core/analytics/video-analysis.js';
import { hookStyle } from '../../src/core/analytics/video-features.js';
import { nextVariant, recordAssignment } from '../../src/core/learning/experiments.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';

/** The hook rules of an English channel. */
const ENGLISH = hookRules(['en']);

// An experiment run the way /script runs it: variants assigned A, B, A, B…, scripts linked to the videos they
// became, and the sequential test reading the pairs. B's videos are the channel's strongest, A's its weakest.

const now = new Date('2026-11-23T00:00:00Z');

describeEachBackend('/experiment', (database) => {
  let ctx: CommandContext;
  let channelId: number;

  beforeAll(async () => {
    ctx = await commandContext(database().prisma, { now });
    await executeCommand(ctx, 'demo', { words: ['--seed', '8'] });
    channelId = (await ctx.db.channel.findFirstOrThrow({ where: { teamId: ctx.team.id }, select: { id: true } })).id;
  });

  it('refuses bad setups with what to do, and members without the manage role', async () => {
    expect(await executeCommand(ctx, 'experiment', { words: ['start', '--a', 'pov', '--b', 'pov'] })).toMatchObject({
      kind: 'error',
      title: 'Nothing to compare',
    });
    expect(await executeCommand(ctx, 'experiment', { words: ['start', '--a', 'pov'] })).toMatchObject({
      kind: 'error',
      title: 'Which styles?',
    });
    expect(await executeCommand(ctx, 'experiment', { words: ['stop'] })).toMatchObject({
      kind: 'error',
      title: 'No experiment running',
    });
    const member = { ...ctx, user: { id: 'u1', canManage: async () => false } };
    expect(
      await executeCommand(member, 'experiment', { words: ['start', '--a', 'pov', '--b', 'story'] }),
    ).toMatchObject({
      kind: 'error',
      title: 'Not allowed',
    });
    expect(await ctx.db.experiment.count({ where: { channelId } })).toBe(0);
  });

  it('/script writes each new script in the next variant and records it in the experiment', async () => {
    const started = await executeCommand(ctx, 'experiment', {
      words: ['start', '--dimension', 'title', '--a', 'pov', '--b', 'how-to'],
    });
    expect(started.kind).toBe('result');
    const styles: string[] = [];
    for (let i = 0; i < 2; i++) {
      const reply = await executeCommand(ctx, 'script', { words: [] });
      expect(reply.kind).toBe('result');
      const data = reply.data as { titleStyle: string; words: { title_options: string[] }; choices: string[] };
      styles.push(data.titleStyle);
      for (const title of data.words.title_options) expect(hookStyle(title, ENGLISH)).toBe(data.titleStyle);
      expect(data.choices.at(-1)).toMatch(new RegExp(`^experiment #\\d+: variant ${i === 0 ? 'A' : 'B'} \\(title`));
    }
    expect(styles).toEqual(['pov', 'how-to']);
    const arms = await ctx.db.experimentArm.findMany({ orderBy: { id: 'asc' }, select: { variant: true, pair: true } });
    expect(arms).toEqual([
      { variant: 'A', pair: 0 },
      { variant: 'B', pair: 0 },
    ]);
    await executeCommand(ctx, 'experiment', { words: ['stop'] });
  });

  it('alternates variants in pairs and declares the better one once the evidence is enough', async () => {
    const started = await executeCommand(ctx, 'experiment', {
      words: ['start', '--dimension', 'hook', '--a', 'question', '--b', 'bold-claim'],
    });
    expect(started.kind).toBe('result');
    expect(await executeCommand(ctx, 'experiment', { words: ['start', '--a', 'pov', '--b', 'story'] })).toMatchObject({
      kind: 'error',
      title: 'An experiment is already running',
    });

    const data = await loadChannelData(ctx.db, channelId);
    const ranked = channelVideoScores(data, now)
      .filter((score) => score.outlierScore !== null && score.ageDays >= 7)
      .sort((a, b) => (a.outlierScore as number) - (b.outlierScore as number));
    const weakest = ranked.slice(0, 12).map((score) => score.id);
    const strongest = ranked.slice(-12).map((score) => score.id);
    const variants: string[] = [];
    for (let i = 0; i < 24; i++) {
      const assignment = await nextVariant(ctx.db, channelId);
      if (!assignment) throw new Error('experiment should be running');
      variants.push(`${assignment.variant}${assignment.pair}:${assignment.style}`);
      const youtubeId = (assignment.variant === 'A' ? weakest : strongest)[assignment.pair] as string;
      const video = await ctx.db.video.findFirstOrThrow({ where: { channelId, youtubeId }, select: { id: true } });
      const script = await ctx.db.generatedScript.create({
        data: { channelId, topic: 't', hook: 'h', body: {}, writer: 'offline', videoId: video.id, status: 'published' },
      });
      await recordAssignment(ctx.db, assignment, script.id);
    }
    expect(variants.slice(0, 4)).toEqual(['A0:question', 'B0:bold-claim', 'A1:question', 'B1:bold-claim']);

    const status = await executeCommand(ctx, 'experiment', { words: ['status'] });
    expect(status.summary).toMatch(
      /^Decided now — B wins \(stopped 2026-11-23 after \d+ pairs; B vs A \+\d+% views; p = 0\.0\d\d\)\.$/,
    );
    const stored = await ctx.db.experiment.findFirstOrThrow({ where: { channelId }, orderBy: { id: 'desc' } });
    expect(stored).toMatchObject({ status: 'stopped', decision: 'B wins' });
    expect(stored.pairs).toBeGreaterThanOrEqual(3);
    expect(stored.pairs).toBeLessThanOrEqual(12);
    expect(await nextVariant(ctx.db, channelId)).toBeNull();
  });
});
