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
    // Four videos gaining exactly 100 views a day: no change at all. Two are read daily to the last reading, one
    // stops 3 days before it, one 10 days before (as an old video read on a weekly or monthly cadence).
    const published = lastReading - 200 * DAY_MS;
    const rows: string[] = [];
    for (const [name, stopsDaysBefore] of [
      ['steadyaaaa1', 0],
      ['steadyaaaa2', 0],
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
      '6,000 views gained (+0% vs the 30 days before), 0 uploads (before: 0); from 2 videos with history',
    );
    const digest = await executeCommand(ctx, 'digest', { words: ['now', '--channel', 'steady'] });
    expect(digest.summary).toBe(
      'Last 24 hours: 200 views (+0% vs the period before), 0 new videos. ' +
        'Last 7 days: 1,400 views (+0% vs the period before), 0 new videos.',
    );
  });
});
