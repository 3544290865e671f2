import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { CommandContext } from '../../src/bot/commands/command.js';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';

// Histories as real channels have them: videos read until different days (the refresh reads old videos weekly or
// monthly, an export stops listing a video), readings hours or weeks apart, `now` days after the last reading.

const DAY_MS = 86_400_000;
const HEADER = 'video_id,title,published_at,duration_seconds,views,likes,comments,snapshot_at';
/** The channel's latest reading. */
const lastReading = Date.parse('2026-10-28T03:00:00Z');
const now = new Date(lastReading + 2 * DAY_MS);
const iso = (ms: number) => new Date(ms).toISOString();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tubepilot-irregular-'));
});

async function importRows(ctx: CommandContext, channel: string, rows: string[]): Promise<void> {
  const file = join(dir, `${channel}-${rows.length}.csv`);
  await writeFile(file, `${[HEADER, ...rows].join('\n')}\n`);
  const reply = await executeCommand(ctx, 'import', { words: ['--channel', channel, '--file', file] });
  expect(reply.kind).toBe('result');
}

describeEachBackend('irregular snapshot histories', (database) => {
  let ctx: CommandContext;
  beforeAll(async () => {
    ctx = await commandContext(database().prisma, { now });
  });

  it('the 30-day, 7-day and 24-hour trends compare the same videos: readings that stop early are no fall', async () => {
    // Seven videos gaining exactly 100 views a day: no change at all. Five are read daily to the last reading (a
    // change needs five), one stops 3 days before it, one 10 days before (as an old video read on a weekly or
    // monthly cadence).
    const published = lastReading - 200 * DAY_MS;
    const rows: string[] = [];
    for (const [name, stopsDaysBefore] of [
      ['steadyaaaa1', 0],
      ['steadyaaaa2', 0],
      ['steadyaaaa3', 0],
      ['steadyaaaa4', 0],
      ['steadyaaaa5', 0],
      ['stopsday003', 3],
      ['stopsday010', 10],
    ] as const) {
      for (let daysBefore = 199; daysBefore >= stopsDaysBefore; daysBefore--) {
        const at = lastReading - daysBefore * DAY_MS;
        const views = 10_000 + 100 * ((at - published) / DAY_MS);
        rows.push(`${name},Steady ${name},${iso(published)},600,${views},,,${iso(at)}`);
      }
    }
    await importRows(ctx, 'steady', rows);

    const stats = await executeCommand(ctx, 'stats', { words: ['--channel', 'steady'] });
    expect(stats.fields?.find((field) => field.label === 'Last 30 days')?.value).toBe(
      '15,000 views gained (+0% vs the 30 days before), 0 uploads (before: 0); from 5 videos with history',
    );
    const digest = await executeCommand(ctx, 'digest', { words: ['now', '--channel', 'steady'] });
    expect(digest.summary).toBe(
      'Last 24 hours: 500 views (+0% vs the period before), 0 new videos. ' +
        'Last 7 days: 3,500 views (+0% vs the period before), 0 new videos.',
    );
  });

  it('a trend is not drawn across readings further apart than its periods: it says what it is measured on', async () => {
    // Six videos gaining 100 views a day (no change) read every 11 days, as exports downloaded now and then: no
    // day's or week's views were measured, yet the digest gave "Last 24 hours: 588 views (+0%)" and "Last 7 days:
    // 4,166 views (−1%)", read off lines drawn between readings.
    const published = lastReading - 120 * DAY_MS;
    const rows = (names: string[], everyDays: number) =>
      names.flatMap((name) =>
        Array.from({ length: Math.floor(119 / everyDays) + 1 }, (_, k) => {
          const at = lastReading - k * everyDays * DAY_MS;
          return `${name},Video ${name},${iso(published)},600,${10_000 + 100 * ((at - published) / DAY_MS)},,,${iso(at)}`;
        }),
      );
    const sparse = Array.from({ length: 6 }, (_, v) => `sparseread${v}`);
    await importRows(ctx, 'elevendays', rows(sparse, 11));
    const digest = await executeCommand(ctx, 'digest', { words: ['now', '--channel', 'elevendays'] });
    const unknown = (apart: string) =>
      `unknown — 6 videos were read across these periods, but more than ${apart} apart at their ends: too far apart ` +
      'to measure them (import exports or refresh more often).';
    expect(digest.summary).toBe(`Last 24 hours: ${unknown('1.5 days')} Last 7 days: ${unknown('10.5 days')}`);
    const table = digest.sections?.find((section) => section.heading === 'Yesterday and the last 7 days')?.table;
    expect(table?.rows.slice(0, 2)).toEqual([
      ['views gained', '—', '—', '—', '—'],
      ['Videos measured', '0', '0', '0', '0'],
    ]);
    // Eleven days apart is within 1.5 × 30 days: the 30-day trend is measured.
    const stats = await executeCommand(ctx, 'stats', { words: ['--channel', 'elevendays'] });
    expect(stats.fields?.find((field) => field.label === 'Last 30 days')?.value).toMatch(
      /^[\d,]+ views gained \(\+0% vs the 30 days before\), 0 uploads \(before: 0\); from 6 videos with history$/,
    );

    // The same six read every 8 days and two more read daily: the last 24 hours rest on those two, the week on all.
    await importRows(ctx, 'twodaily', [...rows(sparse, 8), ...rows(['dailyread1', 'dailyread2'], 1)]);
    const mixed = await executeCommand(ctx, 'digest', { words: ['now', '--channel', 'twodaily'] });
    expect(mixed.summary).toBe(
      'Last 24 hours: 200 views (not compared with the period before: 2 videos measure it, 5 needed; 6 more read ' +
        'too far apart), 0 new videos. Last 7 days: 5,592 views (+0% vs the period before), 0 new videos.',
    );
  });

  it('predict video: a video whose readings stopped before the horizon is predicted from its latest one', async () => {
    // Readings every 2.5 days at a different hour each time; fourteen videos read throughout.
    const reads = Array.from(
      { length: 40 },
      (_, k) => lastReading - (39 - k) * 2.5 * DAY_MS - (((39 - k) * 5) % 24) * 3_600_000,
    );
    const rows: string[] = [];
    const add = (id: string, published: number, views: (age: number) => number, keep: (age: number) => boolean) => {
      for (const at of reads) {
        const age = (at - published) / DAY_MS;
        if (age > 0 && keep(age))
          rows.push(`${id},Video ${id},${iso(published)},600,${Math.round(views(age))},,,${iso(at)}`);
      }
    };
    const grows = (size: number, tau: number) => (age: number) => size * (1 - Math.exp(-age / tau)) + 5 * age;
    for (let v = 0; v < 14; v++) {
      add(
        `trained${String(v).padStart(4, '0')}`,
        reads[0] as number,
        grows(2_000 * (1 + ((v * 37) % 17)), 3 + ((v * 13) % 7)),
        () => true,
      );
    }
    // 33 days old at the channel's latest reading, read only until day 19.
    const stopped = lastReading - 33 * DAY_MS;
    add('stoppedat19', stopped, grows(20_000, 5), (age) => age <= 19);
    // Read once, 12 hours after publication, 36 days before the latest reading.
    const once = lastReading - 36 * DAY_MS;
    rows.push(`readonce001,Video readonce001,${iso(once)},600,800,,,${iso(once + DAY_MS / 2)}`);
    // First read at day 45.
    add('firstlate01', lastReading - 50 * DAY_MS, grows(9_000, 4), (age) => age >= 45);
    await importRows(ctx, 'stopped', rows);

    const reply = await executeCommand(ctx, 'predict', { words: ['video:stoppedat19', 'horizon:30d'] });
    expect(reply.kind).toBe('result');
    expect(reply.summary).toMatch(/^[\d,]+ views expected by day 30 \(80% interval [\d,]+ – [\d,]+\)\.$/);
    const { result } = reply.data as { result: { predicted: number; low: number; high: number; earlyViews: number } };
    const lastViews = Math.max(
      ...rows.filter((row) => row.startsWith('stoppedat19')).map((row) => Number(row.split(',')[4])),
    );
    expect(result.earlyViews).toBe(lastViews);
    expect(result.low).toBeGreaterThanOrEqual(lastViews);
    expect(result.low).toBeLessThanOrEqual(result.predicted);
    expect(result.predicted).toBeLessThanOrEqual(result.high);

    // When it cannot answer, it says why: the reading is too early, or the readings start too late.
    const refused = async (words: string[]) => {
      const answer = await executeCommand(ctx, 'predict', { words });
      expect(answer).toMatchObject({ kind: 'error', title: 'Cannot predict yet' });
      return JSON.stringify(answer);
    };
    expect(await refused(['video:readonce001', 'horizon:90d'])).toContain(
      'Video readonce001: it is 36.0 days old but was last read at day 0.5; a prediction needs a reading from day 1.',
    );
    // /analyze gives its age now beside the age its views and scores stand at, not the second as its age.
    const analysis = await executeCommand(ctx, 'analyze', { words: ['readonce001', '--channel', 'stopped'] });
    expect(analysis.fields?.find((field) => field.label === 'Video')?.value).toBe(
      'readonce001 · long-form video · 36 days old (figures read at 12 h)',
    );
    // So does /stats' ranking, whose views and outlier scores stand at the age of each video's latest reading.
    const stats = await executeCommand(ctx, 'stats', { words: ['--channel', 'stopped'] });
    const ranked = stats.sections?.flatMap((section) => section.table?.rows ?? []);
    expect(ranked?.find((row) => row[0] === 'stoppedat19')?.[2]).toBe('33 days (read at 18 days)');
    expect(await refused(['video:firstlate01', 'horizon:30d'])).toMatch(
      /Video firstlate01: day 30 has passed and was not read: this video's readings start at day 4[5-7]\.\d\./,
    );
  });

  it('the same readings imported in any order, split over any files, give the same figures', async () => {
    // Gaps of an hour to 40 days, videos read once or 30 times, a reading at the second of publication, views
    // that fall (YouTube removing spam views), and two files that read one video at the same instant differently.
    const gaps = [1 / 24, 3, 40, 0.5, 2, 7, 1, 10];
    const files: string[][] = [[], [], []];
    const start = lastReading - 150 * DAY_MS;
    let seed = 11;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let v = 0; v < 24; v++) {
      const id = `mixed${String(v).padStart(6, '0')}`;
      const published = start + v * 5 * DAY_MS + Math.floor(random() * 20) * 3_600_000;
      const size = 1_000 * (1 + Math.floor(random() * 30));
      const count = v % 7 === 0 ? 1 : v % 5 === 0 ? 30 : 2 + Math.floor(random() * 6);
      let at = published + (v % 3 === 0 ? 0 : 3_600_000 * (1 + Math.floor(random() * 30)));
      for (let reading = 0; reading < count && at <= lastReading; reading++) {
        const age = (at - published) / DAY_MS;
        const fell = v % 4 === 1 && reading === count - 1 && reading > 0 ? 0.9 : 1;
        const views = Math.round((size * (1 - Math.exp(-age / 5)) + 3 * age) * fell);
        const row = (n: number) => `${id},Mixed ${v},${iso(published)},30,${n},${Math.round(n / 30)},,${iso(at)}`;
        (files[reading % 3] as string[]).push(row(views));
        if (reading === 1 && v % 4 === 2) (files[(reading + 1) % 3] as string[]).push(row(views + 57 * v));
        at += (gaps[(v + reading) % gaps.length] as number) * DAY_MS;
      }
    }
    const orders = [
      [0, 1, 2],
      [2, 1, 0],
      [1, 2, 0],
    ];
    const seen: unknown[] = [];
    for (const order of orders) {
      const channel = `order${order.join('')}`;
      for (const index of order) await importRows(ctx, channel, files[index] as string[]);
      const replies = [];
      for (const [command, words] of [
        ['stats', []],
        ['analyze', ['mixed000002']],
        ['predict', ['video:mixed000022', 'horizon:30d']],
        ['backtest', ['--from-age', '1d', '--horizon', '7d', '--cross-validate']],
        ['export', []],
      ] as const) {
        const reply = await executeCommand(ctx, command, { words: [...words, '--channel', channel] });
        const files = reply.files?.map((file) => Buffer.from(file.data).toString('utf8'));
        replies.push([reply.kind, reply.summary, reply.fields, reply.sections, files]);
      }
      seen.push(
        JSON.parse(
          JSON.stringify(replies)
            .replaceAll(channel, 'CHANNEL')
            .replace(/#\d+/g, '#0')
            .replace(/\\n\d+,post_publish,/g, '\\n0,post_publish,'),
        ),
      );
    }
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
  });

  it('backtest from an age before any reading but the one at publication says so, in a readable age', async () => {
    const rows: string[] = [];
    for (let v = 0; v < 12; v++) {
      const published = lastReading - (60 - 3 * v) * DAY_MS;
      const row = (age: number, views: number) =>
        `atpublish${String(v).padStart(2, '0')},At publish ${v},${iso(published)},30,${views},,,${iso(published + age * DAY_MS)}`;
      rows.push(row(0, 0), row(2, 2_000 + 100 * v), row(5, 3_000 + 150 * v));
    }
    await importRows(ctx, 'atpublish', rows);
    const reply = await executeCommand(ctx, 'backtest', {
      words: ['--channel', 'atpublish', '--from-age', '1h', '--horizon', '3d'],
    });
    expect(reply).toMatchObject({ kind: 'error', title: 'Cannot backtest yet' });
    expect(reply.summary).toContain('no video could be backtested: no reading by day 0.04 but the one at publication;');
  });
});
