import { beforeAll, expect, it } from 'vitest';
import type { CommandContext } from '../../src/bot/commands/command.js';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { analyzeVideo, channelVideoScores } from '../../src/core/analytics/video-analysis.js';
import { loadConfig } from '../../src/core/config.js';
import { demoChannelData } from '../support/analytics-videos.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';

// The analytics commands on the demo channel as stored in each database: what users see must be the
// numbers the engine computes from the same data.

const endDate = new Date('2026-11-23T00:00:00Z');
const now = endDate;
const { channel: demoData, demo } = demoChannelData(3, endDate);
const newest = demo.videos.at(-1)?.youtubeId as string;
const breakout = demo.truth.breakoutVideoIds[0] as string;

describeEachBackend('analytics commands', (database) => {
  let ctx: CommandContext;

  beforeAll(async () => {
    ctx = await commandContext(database().prisma, { now });
    await executeCommand(ctx, 'demo', { words: ['--seed', '3'] });
  });

  it('/analyze reports the engine’s scores for a video, with its parts and the formulas', async () => {
    const reply = await executeCommand(ctx, 'analyze', { words: [breakout] });
    expect(reply.kind).toBe('result');
    const expected = analyzeVideo(demoData, breakout, now);
    const data = reply.data as { analysis: typeof expected };
    expect(data.analysis.outlierScore).toBeCloseTo(expected.outlierScore as number, 9);
    expect(data.analysis.success.score).toBeCloseTo(expected.success.score as number, 9);
    expect(data.analysis.outlierScore).toBeGreaterThanOrEqual(3);
    expect(reply.fields?.find((field) => field.label === 'Outlier score')?.value).toMatch(
      /^\d+(\.\d)?× \(views ÷ median [\d,]+ of \d+ videos at the same age\)$/,
    );
    expect(reply.sections?.map((section) => section.heading)).toEqual(
      expect.arrayContaining(['Strengths', 'Weaknesses', 'Success score parts', 'Retention', 'How these are computed']),
    );
    expect(reply.sections?.find((section) => section.heading === 'Strengths')?.list?.[0]).toMatch(/× the median views/);
  });

  it('/analyze without a video takes the newest; unknown or ambiguous ones get a clear error', async () => {
    const newestReply = await executeCommand(ctx, 'analyze', { words: [] });
    expect((newestReply.data as { analysis: { video: { id: string } } }).analysis.video.id).toBe(newest);

    const unknown = await executeCommand(ctx, 'analyze', { words: ['no such video anywhere'] });
    expect(unknown).toMatchObject({ kind: 'error', title: 'Unknown video' });
    const ambiguous = await executeCommand(ctx, 'analyze', { words: ['eggs'] });
    expect(ambiguous).toMatchObject({ kind: 'error', title: 'Which video?' });
    expect(ambiguous.fields?.[0]?.value).toMatch(/^Give the id of one: /);
  });

  it('/stats ranks best and worst by the engine’s outlier scores', async () => {
    const reply = await executeCommand(ctx, 'stats', { words: [] });
    const scores = channelVideoScores(demoData, now).filter((score) => score.outlierScore !== null);
    const top = [...scores].sort((a, b) => (b.outlierScore as number) - (a.outlierScore as number))[0];
    expect((reply.data as { best: { id: string }[] }).best[0]?.id).toBe(top?.id);
    expect(reply.fields?.find((field) => field.label === 'Last 30 days')?.value).toMatch(/engaged views gained/);
  });

  it('/trends finds the planted best topic first, with n, interval and confidence', async () => {
    const reply = await executeCommand(ctx, 'trends', { words: ['show:topics'] });
    const table = reply.sections?.[0]?.table;
    expect(reply.sections?.[0]?.heading).toBe('Topics');
    expect(table?.columns).toEqual(['Group', 'n', 'Effect on views [80%]', 'Confidence']);
    expect(table?.rows[0]?.[0]).toMatch(/egg/);
    expect(table?.rows[0]?.[2]).toMatch(/^\+\d+% \[[+−]\d+%, \+\d+%\]$/);
    const again = await executeCommand(ctx, 'trends', { words: ['show:topics'] });
    expect(again.data).toEqual(reply.data); // same data, same model, same figures
  });

  it('/trends reads EVIDENCE_HALF_LIFE_VIDEOS: keeping every video (0) narrows what the default forgets', async () => {
    type Shown = { patterns: { topics: { effects: { group: string; sd: number }[] } } };
    const forgetting = (await executeCommand(ctx, 'trends', { words: ['show:topics'] })).data as Shown;
    const keeping = { ...ctx, config: loadConfig({ EVIDENCE_HALF_LIFE_VIDEOS: '0' }) };
    const kept = (await executeCommand(keeping, 'trends', { words: ['show:topics'] })).data as Shown;
    const top = kept.patterns.topics.effects[0];
    const same = forgetting.patterns.topics.effects.find((effect) => effect.group === top?.group);
    expect(top?.sd).toBeLessThan(same?.sd as number);
  });

  it('/predict stores a post-publication prediction and scores it once the horizon has passed', async () => {
    const young = demo.videos.find((video) => {
      const age = (endDate.getTime() - (video.publishedAt as Date).getTime()) / 86_400_000;
      return age > 2 && age < 6;
    });
    expect(young).toBeDefined();
    const reply = await executeCommand(ctx, 'predict', { words: [`video:${young?.youtubeId}`, 'horizon:7d'] });
    expect(reply.kind).toBe('result');
    expect(reply.summary).toMatch(/^[\d,]+ views expected by day 7 \(80% interval [\d,]+ – [\d,]+\)\.$/);
    const { predictionId } = reply.data as { predictionId: number };
    const stored = await database().prisma.prediction.findUniqueOrThrow({ where: { id: predictionId } });
    expect(stored).toMatchObject({ kind: 'post_publish', horizonDays: 7, actual: null });
    expect(stored.low).toBeLessThanOrEqual(stored.predicted);
    expect(stored.high).toBeGreaterThanOrEqual(stored.predicted);

    // Ten days later the video has passed day 7 (the demo's stats stand for its views then).
    const later = { ...ctx, now: () => new Date(endDate.getTime() + 10 * 86_400_000) };
    await database().prisma.video.updateMany({
      where: { youtubeId: young?.youtubeId },
      data: { statsUpdatedAt: later.now() },
    });
    const next = await executeCommand(later, 'predict', { words: [`video:${newest}`, 'horizon:30d'] });
    const scored = await database().prisma.prediction.findUniqueOrThrow({ where: { id: predictionId } });
    expect(scored.actual).not.toBeNull();
    expect(next.fields?.find((field) => field.label === 'Track record')?.value).toMatch(
      /^1 past predictions: typically off by ×\d/,
    );
  });

  it('/predict for a planned video applies the matching pattern effects and says what it could not', async () => {
    const reply = await executeCommand(ctx, 'predict', {
      words: ['topic:eggs', 'length:35', 'hour:18', 'hook:question', 'horizon:30d'],
    });
    expect(reply.kind).toBe('result');
    const basis = reply.sections?.find((section) => section.heading === 'Basis')?.list ?? [];
    expect(basis[0]).toMatch(/^baseline: median [\d,]+ views of \d+ recent videos/);
    expect(basis.some((line) => line.startsWith('topic = eggs'))).toBe(true);
    expect(basis.some((line) => line.startsWith('hook = question'))).toBe(true);

    const unmatched = await executeCommand(ctx, 'predict', { words: ['topic:quantum chromodynamics'] });
    expect(unmatched.sections?.find((section) => section.heading === 'Not applied')?.list).toEqual([
      'topic "quantum chromodynamics" matches none of the channel\'s topics; not applied',
    ]);
    const both = await executeCommand(ctx, 'predict', { words: [`video:${newest}`, 'topic:eggs'] });
    expect(both).toMatchObject({ kind: 'error', title: 'Published or planned?' });
    const neither = await executeCommand(ctx, 'predict', { words: [] });
    expect(neither).toMatchObject({ kind: 'error', title: 'What to predict?' });
  });

  it('backtest compares TubePilot with the three baselines on the same videos', async () => {
    const reply = await executeCommand(ctx, 'backtest', { words: ['--from-age', '1d', '--horizon', '7d'] });
    expect(reply.kind).toBe('result');
    const rows = reply.sections?.[0]?.table?.rows ?? [];
    expect(rows.map((row) => row[0])).toEqual([
      'TubePilot (every early reading, fitted on this channel)',
      'Plain Szabo–Huberman (one reading, slope 1)',
      'Persistence (no more views)',
      'Channel median (ignores early views)',
    ]);
    const errors = rows.map((row) => Number(row[2]));
    expect(errors[0]).toBeLessThan(errors[2] as number);
    expect(errors[0]).toBeLessThan(errors[3] as number);
    expect(new Set(rows.map((row) => row[1])).size).toBe(1);
  });
});
