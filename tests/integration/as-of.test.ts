import { createHash } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import type { CommandContext } from '../../src/bot/commands/command.js';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { formatChange, formatCount } from '../../src/core/format/numbers.js';
import type { Reply } from '../../src/core/reply.js';
import { periodTrend } from '../../src/core/stats/period-trend.js';
import { demoChannelData } from '../support/analytics-videos.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';

// Same data, same output: every figure of a channel stands at its latest reading, so asking hours or days after
// it gives the reply asked at it. Only the staleness phrase, which is about now, may differ.

const endDate = new Date('2026-11-23T00:00:00Z');
const HOUR_MS = 3_600_000;
const later = [5 * HOUR_MS, 3 * 24 * HOUR_MS];
const { channel: demoData, demo } = demoChannelData(3, endDate);
const breakout = demo.truth.breakoutVideoIds[0] as string;

const STALENESS = /\((?:less than an hour|\d+ hours?|\d+ days) ago(?: — run \/refresh or import a newer export)?\)/g;

/** The reply as a user sees it, chart bytes included, with the staleness phrase and stored ids blanked. */
function seen(reply: Reply): unknown {
  const images = reply.images?.map(({ name, alt, png }) => ({
    name,
    alt,
    png: createHash('sha256').update(png).digest('hex'),
  }));
  const text = JSON.stringify({ ...reply, images })
    .replace(STALENESS, '(…)')
    .replace(/"predictionId":\d+/g, '"predictionId":0')
    .replace(/#\d+/g, '#0');
  return JSON.parse(text);
}

const figures = (reply: Reply) => reply.fields?.find((field) => field.label === 'Figures')?.value;

describeEachBackend('one as-of time', (database) => {
  let atReading: CommandContext;
  const at = (offsetMs: number): CommandContext => ({
    ...atReading,
    now: () => new Date(endDate.getTime() + offsetMs),
  });

  beforeAll(async () => {
    atReading = await commandContext(database().prisma, { now: endDate });
    await executeCommand(atReading, 'demo', { words: ['--seed', '3'] });
  });

  // Digest first: insights written later by /strategy would be "new" in it.
  const commands: [string, string[]][] = [
    ['stats', []],
    ['analyze', []],
    ['analyze', [breakout]],
    ['trends', []],
    ['backtest', ['--from-age', '1d', '--horizon', '7d']],
    ['digest', ['now']],
    ['predict', ['topic:eggs', 'length:35', 'hour:18', 'horizon:30d']],
    ['strategy', []],
    ['learning', []],
  ];

  it.each(commands)('/%s %j answers the same hours and days after the latest reading', async (command, words) => {
    if (command === 'strategy') await executeCommand(atReading, command, { words }); // the first one writes v1
    const reference = await executeCommand(atReading, command, { words });
    expect(reference.kind).toBe('result');
    expect(figures(reference)).toBe('as of 22 Nov 2026 19:00 GMT-5 (less than an hour ago)');
    for (const offset of later) {
      const reply = await executeCommand(at(offset), command, { words });
      expect(seen(reply)).toEqual(seen(reference));
    }
  });

  it('says how old the figures are and what to do once they are stale', async () => {
    const soon = await executeCommand(at(5 * HOUR_MS), 'stats', { words: [] });
    expect(figures(soon)).toBe('as of 22 Nov 2026 19:00 GMT-5 (5 hours ago)');
    const stale = await executeCommand(at(3 * 24 * HOUR_MS), 'stats', { words: [] });
    expect(figures(stale)).toBe('as of 22 Nov 2026 19:00 GMT-5 (3 days ago — run /refresh or import a newer export)');
  });

  it('/stats days after the last reading reports the 30 days up to it, not "0 gained, −100%"', async () => {
    const reply = await executeCommand(at(3 * 24 * HOUR_MS), 'stats', { words: [] });
    const trend = periodTrend(demoData.videos, endDate, 30);
    expect(trend.current.videosCovered).toBeGreaterThan(0);
    expect(reply.fields?.find((field) => field.label === 'Last 30 days')?.value).toBe(
      `${formatCount(trend.current.gained)} engaged views gained (${formatChange(trend.change as number)} vs the 30 days before), ` +
        `${trend.current.uploads} uploads (before: ${trend.previous.uploads}); from ${trend.current.videosCovered} videos with history`,
    );
  });
});
