import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localDate, zonedInstant } from '../../src/core/time/zoned-time.js';
import { scheduleTicks } from '../../src/jobs/cycle-scheduler.js';
import {
  type BindingSchedule,
  type DuePolicy,
  dueDigests,
  latestOccurrence,
  nextOccurrence,
  type RunState,
  splitUnitBudget,
} from '../../src/jobs/digest-plan.js';
import { memoryLog } from '../support/command-context.js';

const policy: DuePolicy = { catchupHours: 6, leaseMinutes: 30, maxAttempts: 3 };
const berlin: BindingSchedule = { id: 1, channelId: 10, digestTime: '09:00', timezone: 'Europe/Berlin' };
const newYork: BindingSchedule = { id: 2, channelId: 10, digestTime: '09:00', timezone: 'America/New_York' };
const at = (iso: string) => new Date(iso);

describe('zoned time', () => {
  it('finds the instant of a local clock time, across DST changes', () => {
    expect(zonedInstant('2026-11-24', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-11-24T08:00:00.000Z');
    expect(zonedInstant('2026-07-01', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(zonedInstant('2026-11-24', '09:00', 'Asia/Kolkata').toISOString()).toBe('2026-11-24T03:30:00.000Z');
    // 02:30 happens twice when Berlin's clocks go back: the first one.
    expect(zonedInstant('2026-10-25', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // 02:30 does not exist when they go forward: an hour later, 03:30 CEST.
    expect(zonedInstant('2026-03-29', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('round-trips: the instant of a local time shows that date on the local clock (property)', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(0, 15, 30, 45),
        (zone, dayOffset, hour, minute) => {
          const date = new Date(Date.UTC(2025, 0, 1 + dayOffset)).toISOString().slice(0, 10);
          const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          expect(localDate(zonedInstant(date, time, zone), zone)).toBe(date);
        },
      ),
    );
  });
});

describe('which digests are due', () => {
  it('uses each room’s own clock: 09:00 in Berlin and New York are six hours apart', () => {
    expect(latestOccurrence(berlin, at('2026-11-24T08:30:00Z'))).toEqual({
      date: '2026-11-24',
      at: at('2026-11-24T08:00:00Z'),
    });
    expect(latestOccurrence(newYork, at('2026-11-24T08:30:00Z'))).toEqual({
      date: '2026-11-23',
      at: at('2026-11-23T14:00:00Z'),
    });
    expect(nextOccurrence(newYork, at('2026-11-24T08:30:00Z'))).toEqual(at('2026-11-24T14:00:00Z'));
    const { due } = dueDigests([berlin, newYork], [], at('2026-11-24T08:00:00Z'), policy);
    expect(due.map((digest) => [digest.bindingId, digest.date])).toEqual([[1, '2026-11-24']]);
  });

  it('skips a sent digest and one held by a live claim; retries a stale claim or a failure after the lease', () => {
    const now = at('2026-11-24T09:00:00Z');
    const run = (patch: Partial<RunState>): RunState => ({
      bindingId: 1,
      date: '2026-11-24',
      status: 'claimed',
      attempts: 1,
      claimedAt: at('2026-11-24T08:45:00Z'),
      ...patch,
    });
    const dueWith = (state: RunState) => dueDigests([berlin], [state], now, policy).due.length;
    expect(dueWith(run({ status: 'sent' }))).toBe(0);
    expect(dueWith(run({}))).toBe(0); // claimed 15 minutes ago: its process may still be working
    expect(dueWith(run({ claimedAt: at('2026-11-24T08:00:00Z') }))).toBe(1); // lease of 30 minutes is over
    expect(dueWith(run({ status: 'failed', claimedAt: at('2026-11-24T08:00:00Z') }))).toBe(1);
    expect(dueWith(run({ status: 'failed', attempts: 3, claimedAt: at('2026-11-24T08:00:00Z') }))).toBe(0);
    expect(dueWith(run({ date: '2026-11-23', status: 'sent' }))).toBe(1); // yesterday's does not count today
  });

  it('catches up after downtime within the window, and gives up on older digests', () => {
    const late = dueDigests([berlin], [], at('2026-11-24T13:59:00Z'), policy);
    expect(late.due).toHaveLength(1);
    const tooLate = dueDigests([berlin], [], at('2026-11-24T14:01:00Z'), policy);
    expect(tooLate).toEqual({ due: [], missed: [expect.objectContaining({ bindingId: 1, date: '2026-11-24' })] });
    // Back just after midnight: yesterday's 21:00 digest is still within the window.
    const evening = { ...berlin, digestTime: '21:00' };
    const afterMidnight = dueDigests([evening], [], at('2026-11-24T00:30:00Z'), policy);
    expect(afterMidnight.due.map((digest) => digest.date)).toEqual(['2026-11-23']);
  });
});

describe('splitting the YouTube unit budget', () => {
  it('gives every channel within one unit of the others and never more than is left (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { maxLength: 200 }),
        (daily, spent, channels) => {
          const shares = splitUnitBudget(daily, spent, channels);
          const values = [...shares.values()];
          const left = Math.max(0, daily - spent);
          expect([...shares.keys()].sort((a, b) => a - b)).toEqual([...channels].sort((a, b) => a - b));
          expect(values.every((value) => Number.isInteger(value) && value >= 0)).toBe(true);
          if (channels.length > 0) {
            expect(values.reduce((sum, value) => sum + value, 0)).toBe(left);
            expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });

  it('has nothing to share once the day’s quota is spent', () => {
    expect([...splitUnitBudget(10_000, 12_000, [1, 2]).values()]).toEqual([0, 0]);
    expect([...splitUnitBudget(10_000, 1, [3, 1, 2]).entries()]).toEqual([
      [1, 3333],
      [2, 3333],
      [3, 3333],
    ]);
  });
});

describe('the node-cron ticker', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks every minute and, with digests marked as sent, posts each room once at its local time', async () => {
    vi.useFakeTimers({ now: at('2026-11-24T00:00:30Z') });
    const sent: RunState[] = [];
    const posts: { bindingId: number; at: string }[] = [];
    let ticks = 0;
    const task = scheduleTicks(
      async (now) => {
        ticks++;
        for (const digest of dueDigests([berlin, newYork], sent, now, policy).due) {
          posts.push({ bindingId: digest.bindingId, at: now.toISOString() });
          sent.push({ ...digest, status: 'sent', attempts: 1, claimedAt: now });
        }
      },
      { log: memoryLog().log },
    );
    try {
      await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    } finally {
      task.destroy();
    }
    expect(ticks).toBeGreaterThanOrEqual(24 * 60 - 1);
    // New York's digest of the 23rd (09:00 EST = 14:00 UTC) is past its 6-hour window at midnight UTC.
    expect(posts).toEqual([
      { bindingId: 1, at: '2026-11-24T08:00:00.000Z' },
      { bindingId: 2, at: '2026-11-24T14:00:00.000Z' },
    ]);
  });

  it('never runs two ticks at once: a slow cycle makes the ticker skip, not pile up', async () => {
    vi.useFakeTimers({ now: at('2026-11-24T00:00:30Z') });
    let running = 0;
    let maxRunning = 0;
    let started = 0;
    const task = scheduleTicks(
      async () => {
        started++;
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((resolve) => setTimeout(resolve, 150_000)); // 2.5 minutes
        running--;
      },
      { log: memoryLog().log },
    );
    try {
      await vi.advanceTimersByTimeAsync(10 * 60_000);
    } finally {
      task.destroy();
    }
    expect(maxRunning).toBe(1);
    expect(started).toBeGreaterThanOrEqual(3);
    expect(started).toBeLessThanOrEqual(4);
  });
});
