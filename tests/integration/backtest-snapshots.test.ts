import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { renderJson } from '../../src/bot/cli/render-json.js';
import { renderTerminal } from '../../src/bot/cli/render-terminal.js';
import type { CommandContext } from '../../src/bot/commands/command.js';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import type { BacktestResult } from '../../src/core/analytics/backtest.js';
import type { IntervalBasis } from '../../src/core/analytics/post-publish-prediction.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';

// Histories imported as periodic exports: the whole channel read every 3 days at a different hour each time, so
// no video has a reading at an exact age. Backtest and predict must work on them through the public commands,
// and say the real reason when they cannot.

const DAY_MS = 86_400_000;
const HEADER = 'video_id,title,published_at,duration_seconds,views,likes,comments,snapshot_at';
const seriesStart = Date.parse('2026-05-01T14:00:00Z');
/** Exports every 3 days at 09:00 + 5 h × k (mod 24), from the first upload to day 160. */
const exportTimes = Array.from(
  { length: 54 },
  (_, k) => seriesStart + 3 * k * DAY_MS + ((9 + 5 * k) % 24) * 3_600_000 - 14 * 3_600_000,
);
const now = new Date((exportTimes.at(-1) as number) + 3_600_000);

/** 11-character ids, as YouTube's. */
const idOf = (prefix: string, index: number) => `${prefix}${String(index).padStart(11 - prefix.length, '0')}`;

/**
 * Video v < last: published every 2 days, saturating growth with its own size and pace (deterministic, varied).
 * The last one is 5.3 days old at the last export: the one to predict.
 */
function seriesCsv(prefix = 'ser', title = 'Series video', last = 60): string {
  const rows = [HEADER];
  for (let v = 0; v <= last; v++) {
    const published =
      v === last ? (exportTimes.at(-1) as number) - 5.3 * DAY_MS : seriesStart + v * 2 * DAY_MS + (v % 5) * 3_600_000;
    const finalViews = 2_000 * (1 + ((v * 37) % 17));
    const tau = 3 + ((v * 13) % 7);
    for (const at of exportTimes) {
      const age = (at - published) / DAY_MS;
      if (age <= 0) continue;
      const views = Math.round(finalViews * (1 - Math.exp(-age / tau)) + 5 * age);
      rows.push(
        `${idOf(prefix, v)},${title} ${v},${new Date(published).toISOString()},600,${views},,,${new Date(at).toISOString()}`,
      );
    }
  }
  return `${rows.join('\n')}\n`;
}

/** Old videos first exported two years after upload: their early days were never read. */
function lateCsv(): string {
  const rows = [HEADER];
  for (let v = 0; v < 15; v++) {
    const published = Date.parse('2024-03-01T12:00:00Z') + v * 7 * DAY_MS;
    for (const at of exportTimes.slice(-10)) {
      const views = 10_000 + v * 100 + Math.round((at - published) / DAY_MS);
      rows.push(
        `${idOf('late', v)},Late video ${v},${new Date(published).toISOString()},600,${views},,,${new Date(at).toISOString()}`,
      );
    }
  }
  return `${rows.join('\n')}\n`;
}

describeEachBackend('backtest and predict on periodic snapshots', (database) => {
  let ctx: CommandContext;

  beforeAll(async () => {
    ctx = await commandContext(database().prisma, { now });
    const dir = await mkdtemp(join(tmpdir(), 'tubepilot-snapshots-'));
    for (const [name, text] of [
      ['series', seriesCsv()],
      ['late', lateCsv()],
      ['few', seriesCsv('few', 'Few video', 4)],
    ] as const) {
      const file = join(dir, `${name}.csv`);
      await writeFile(file, text);
      const reply = await executeCommand(ctx, 'import', { words: ['--channel', name, '--file', file] });
      expect(reply.kind).toBe('result');
    }
  });

  it('backtest --from-age 3d --horizon 30d replays the periodic snapshots, shown as a table and as JSON', async () => {
    const reply = await executeCommand(ctx, 'backtest', {
      words: ['--channel', 'series', '--from-age', '3d', '--horizon', '30d'],
    });
    expect(reply.kind).toBe('result');
    const result = (reply.data as { backtest: BacktestResult }).backtest;
    expect(result.n).toBeGreaterThanOrEqual(20);
    expect(Object.keys(result.methods)).toEqual(['tubepilot', 'plain-szabo-huberman', 'persistence', 'channel-median']);
    const ours = result.methods.tubepilot.score;
    const persistence = result.methods.persistence.score;
    expect(ours.medianAbsLog10Error as number).toBeLessThan(persistence.medianAbsLog10Error as number);
    expect(ours.coverage).not.toBeNull();
    expect(persistence.coverage).toBeNull();

    const shown = renderTerminal(reply, { color: false, width: 200 });
    for (const method of ['TubePilot', 'Plain Szabo–Huberman', 'Persistence', 'Channel median']) {
      expect(shown).toContain(method);
    }
    expect(shown).toContain('Mean interval width');
    expect(shown).toContain(`replayed over ${result.n} videos without looking ahead`);

    const json = JSON.parse(renderJson(reply)) as { data: { backtest: BacktestResult } };
    expect(json.data.backtest.methods.tubepilot.score).toEqual(ours);
    expect(json.data.backtest.methods['plain-szabo-huberman'].score.meanAbsLog10Error).toBeGreaterThan(0);
  });

  it('backtest --cross-validate predicts every video, the first ones too, from all the others', async () => {
    const words = ['--channel', 'series', '--from-age', '3d', '--horizon', '30d'];
    const replay = await executeCommand(ctx, 'backtest', { words });
    const reply = await executeCommand(ctx, 'backtest', { words: [...words, '--cross-validate'] });
    expect(reply.kind).toBe('result');
    const replayed = (replay.data as { backtest: BacktestResult }).backtest;
    const result = (reply.data as { backtest: BacktestResult }).backtest;
    // The replay cannot predict the first videos (too few earlier ones); the cross-validation can.
    expect(result.n).toBeGreaterThan(replayed.n);
    expect(result.skipped.some((entry) => /earlier video/.test(entry.reason))).toBe(false);
    const shown = renderTerminal(reply, { color: false, width: 200 });
    expect(shown).toContain(`cross-validated over ${result.n} videos (each from all the others)`);
    expect(shown).toContain('How it is cross-validated');
  });

  it('when no reading is near the asked ages, says which ages the readings cover instead of "earlier videos"', async () => {
    const reply = await executeCommand(ctx, 'backtest', { words: ['--channel', 'late'] });
    expect(reply).toMatchObject({ kind: 'error', title: 'Cannot backtest yet' });
    const text = JSON.stringify(reply);
    expect(text).toMatch(
      /0 of 15 videos have views recorded around both day 1 and day 30 \(0 around day 1, 0 around day 30\); a replay needs 11: the readings cover ages [\d,]+ days to [\d,]+ days, a video's first reading at a median age of [\d,]+ days\."/,
    );
    expect(text).not.toMatch(/earlier video/);
  });

  it('predict video:ID names what its interval was drawn from: pooled with the prior spread on few histories', async () => {
    const few = await executeCommand(ctx, 'predict', { words: [`video:${idOf('few', 4)}`, 'horizon:30d'] });
    expect(few.kind).toBe('result');
    const { result } = few.data as {
      result: { predicted: number; low: number; high: number; model: { n: number; interval: IntervalBasis } };
    };
    const { interval } = result.model;
    expect(result.model.n).toBeLessThanOrEqual(4);
    expect(interval).toMatchObject({ method: 't-distribution', errors: result.model.n, priorVideos: 2 });
    expect(interval.priorSd).toBeGreaterThan(0);
    expect(result.low).toBeLessThanOrEqual(result.predicted);
    expect(result.predicted).toBeLessThanOrEqual(result.high);
    expect(few.fields?.find((field) => field.label === 'Interval')?.value).toBe(
      `80%: Student's t (${interval.degreesOfFreedom} degrees of freedom) on the model's misses on ${result.model.n} of this channel's videos it was not fitted on, pooled with a prior spread of ×${Math.exp(interval.priorSd).toFixed(2)} (measured on other channels) weighing 2 videos, since so few histories say little about how far a new video can stray`,
    );
    // A channel with the histories for it is given its own misses' percentiles.
    const many = await executeCommand(ctx, 'predict', { words: [`video:${idOf('ser', 60)}`, 'horizon:30d'] });
    expect(many.fields?.find((field) => field.label === 'Interval')?.value).toMatch(
      /^80%: the 10th–90th percentiles of the model's misses on \d+ of this channel's videos it was not fitted on$/,
    );
    const backtest = await executeCommand(ctx, 'backtest', { words: ['--channel', 'series', '--horizon', '30d'] });
    expect(JSON.stringify(backtest)).toContain(
      "80% intervals: below 20 training videos, Student's t on the model's out-of-sample misses pooled with a prior spread measured on other channels (a standard deviation of 0.31 ln views per unit of ln(horizon ÷ early age), e.g. ×2.87 from day 1 to day 30) weighing 2 videos",
    );
  });

  it('predict video:ID finds the channel from the id; an unknown id is a clear error and stores nothing', async () => {
    const young = idOf('ser', 60);
    const reply = await executeCommand(ctx, 'predict', { words: [`video:${young}`, 'horizon:30d'] });
    expect(reply.kind).toBe('result');
    expect(reply.title).toBe('Series video 60: views at 30 days');
    expect(reply.summary).toMatch(/^[\d,]+ views expected by day 30 \(80% interval [\d,]+ – [\d,]+\)\.$/);
    expect((reply.data as { channel: string }).channel).toBe('series');

    const before = await database().prisma.prediction.count();
    const unknown = await executeCommand(ctx, 'predict', { words: ['video:zzzzzzzzzzz'] });
    expect(unknown).toMatchObject({ kind: 'error', title: 'Unknown video' });
    expect(renderTerminal(unknown, { color: false })).toContain(
      'No channel of this team has a video with the id zzzzzzzzzzz.',
    );
    expect(await database().prisma.prediction.count()).toBe(before);
    // Words from a title are looked up in the team's default channel, and the reply says which channel that was.
    const byTitle = await executeCommand(ctx, 'predict', { words: ['video:Series video 60'] });
    expect(byTitle.title).toBe('Series video 60: views at 30 days');
    expect(byTitle.fields?.[0]).toEqual({
      label: 'Channel',
      value: 'series (the team’s default; channel:NAME for another)',
    });
  });
});
