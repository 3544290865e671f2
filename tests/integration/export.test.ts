import { parse } from 'csv-parse/sync';
import { beforeAll, expect, it } from 'vitest';
import type { CommandContext } from '../../src/bot/commands/command.js';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { renderDiscord } from '../../src/bot/discord/render-discord.js';
import { analyzeChannel } from '../../src/core/analytics/channel-analysis.js';
import { loadChannelData } from '../../src/core/analytics/load-channel-data.js';
import type { Reply } from '../../src/core/reply.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';

// /export through the command handler: the CSVs parse back (RFC 4180) to the engine's own figures, titles
// that a spreadsheet would run as formulas are defused, and chat gets the files as attachments.

const now = new Date('2026-11-23T00:00:00Z');
const hostile = '=HYPERLINK("http://evil.example","click"), with "quotes"\nand a line break — é 🙂';

function table(reply: Reply, part: string): Record<string, string>[] {
  const file = reply.files?.find((candidate) => candidate.name.includes(`-${part}-`));
  if (!file) throw new Error(`no ${part} file`);
  const text = Buffer.from(file.data).toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text.endsWith('\r\n')).toBe(true);
  return parse(text, { bom: true, columns: true, relax_column_count: false }) as Record<string, string>[];
}

describeEachBackend('export', (database) => {
  let ctx: CommandContext;
  let channelId: number;

  beforeAll(async () => {
    ctx = await commandContext(database().prisma, { now });
    await executeCommand(ctx, 'demo', { words: ['--seed', '3'] });
    const db = database().prisma;
    const channel = await db.channel.findFirstOrThrow({ where: { teamId: ctx.team.id } });
    channelId = channel.id;
    const videos = await db.video.findMany({ where: { channelId }, orderBy: { id: 'asc' }, take: 4 });
    const titles = [hostile, '+SUM(A1:A9)', '@cmd', '-2+3'];
    for (const [index, video] of videos.entries()) {
      await db.video.update({ where: { id: video.id }, data: { title: titles[index] as string } });
    }
    await db.prediction.create({
      data: {
        channelId,
        kind: 'post_publish',
        videoId: videos[0]?.id,
        horizonDays: 7,
        predicted: 1000,
        low: 500,
        high: 2000,
        actual: 1500,
        scoredAt: now,
        madeAt: new Date('2026-11-01T00:00:00Z'),
        inputs: {},
      },
    });
  });

  it('exports videos with their scores, effects with intervals and predictions with outcomes', async () => {
    const reply = await executeCommand(ctx, 'export', { words: [] });
    expect(reply.kind).toBe('result');
    expect(reply.files?.map((file) => [file.name, file.contentType])).toEqual([
      ['demo-videos-2026-11-23.csv', 'text/csv; charset=utf-8'],
      ['demo-effects-2026-11-23.csv', 'text/csv; charset=utf-8'],
      ['demo-predictions-2026-11-23.csv', 'text/csv; charset=utf-8'],
    ]);
    const data = await loadChannelData(database().prisma, channelId);
    const expected = analyzeChannel(data, now);

    const videos = table(reply, 'videos');
    expect(videos).toHaveLength(expected.scores.length);
    for (const score of expected.scores) {
      // An id that starts with "-" gets the guard too: a spreadsheet would read it as a formula.
      const row = videos.find((candidate) => candidate.youtube_id?.replace(/^'-/, '-') === score.id);
      expect(Number(row?.views)).toBe(score.views);
      if (score.successScore === null) expect(row?.success_score).toBe('');
      else expect(Number(row?.success_score)).toBeCloseTo(score.successScore, 1);
      if (score.outlierScore !== null) expect(Number(row?.outlier_score)).toBeCloseTo(score.outlierScore, 4);
    }
    // Text that starts a formula is defused; everything else of it survives quoting intact.
    const titles = videos.map((row) => row.title);
    expect(titles).toEqual(expect.arrayContaining([`'${hostile}`, "'+SUM(A1:A9)", "'@cmd", "'-2+3"]));
    expect(titles.every((title) => !/^[=+\-@]/.test(title ?? ''))).toBe(true);

    const effects = table(reply, 'effects');
    const topics = expected.patterns.topics.effects;
    expect(topics.length).toBeGreaterThan(0);
    for (const effect of topics) {
      const row = effects.find(
        (candidate) => candidate.dimension === effect.dimension && candidate.group === effect.group,
      );
      expect(Number(row?.n)).toBe(effect.n);
      expect(Number(row?.effect_log)).toBeCloseTo(effect.effect, 4);
      expect(Number(row?.low_log)).toBeLessThanOrEqual(Number(row?.effect_log));
      expect(Number(row?.high_log)).toBeGreaterThanOrEqual(Number(row?.effect_log));
    }
    // Negative effects stay numbers: the formula guard is for text only.
    expect(effects.some((row) => Number(row.effect_log) < 0 && row.effect_log?.startsWith('-'))).toBe(true);

    const predictions = table(reply, 'predictions');
    const scored = predictions.find((row) => row.actual_views === '1500');
    expect(scored).toMatchObject({
      kind: 'post_publish',
      predicted_views: '1000',
      actual_within_interval: 'true',
      horizon_days: '7',
    });
    expect(Number(scored?.abs_log10_error)).toBeCloseTo(Math.log10(1.5), 4);
  });

  it('attaches the CSVs to the Discord message; `out` is refused in chat', async () => {
    const reply = await executeCommand(ctx, 'export', { words: [] });
    const [first, ...rest] = renderDiscord(reply);
    expect(first?.files.map((file) => file.name)).toEqual(reply.files?.map((file) => file.name));
    expect(first?.files[0]?.data.equals(Buffer.from(reply.files?.[0]?.data ?? []))).toBe(true);
    expect(rest.flatMap((message) => message.files)).toEqual([]);

    const chat = { ...ctx, surface: 'discord' as const };
    expect(await executeCommand(chat, 'export', { values: { out: '/tmp/x' } })).toMatchObject({
      kind: 'error',
      title: 'Not here',
    });
  });
});
