import type { DigestClaimPolicy } from '../core/digest/digest-runs.js';
import { addDays, localDate, zonedInstant } from '../core/time/zoned-time.js';

// Pure planning of the daily cycle: which rooms are due a digest, and how the day's YouTube units are
// shared between channels. No I/O, so every rule here is tested directly.

export interface BindingSchedule {
  id: number;
  channelId: number;
  /** "HH:MM" on the room's clock. */
  digestTime: string;
  timezone: string;
}

export interface RunState {
  bindingId: number;
  /** "YYYY-MM-DD" */
  date: string;
  status: 'claimed' | 'sent' | 'failed';
  attempts: number;
  claimedAt: Date;
}

export interface DuePolicy extends DigestClaimPolicy {
  /** A digest whose time passed longer ago than this (the bot was down) is not sent late any more. */
  catchupHours: number;
}

export interface ScheduledDigest {
  bindingId: number;
  channelId: number;
  /** The room's local date the digest is for. */
  date: string;
  scheduledAt: Date;
}

/** The binding's latest digest time at or before `now`: today's on its clock if passed, else yesterday's. */
export function latestOccurrence(binding: BindingSchedule, now: Date): { date: string; at: Date } {
  const today = localDate(now, binding.timezone);
  const at = zonedInstant(today, binding.digestTime, binding.timezone);
  if (at.getTime() <= now.getTime()) return { date: today, at };
  const yesterday = addDays(today, -1);
  return { date: yesterday, at: zonedInstant(yesterday, binding.digestTime, binding.timezone) };
}

/** The binding's next digest time after `now`. */
export function nextOccurrence(binding: BindingSchedule, now: Date): Date {
  const { date } = latestOccurrence(binding, now);
  return zonedInstant(addDays(date, 1), binding.digestTime, binding.timezone);
}

/** Whether a run that exists may be claimed again now (see claimDigest, which decides for real). */
function retryable(run: RunState, now: Date, policy: DigestClaimPolicy): boolean {
  if (run.status === 'sent' || run.attempts >= policy.maxAttempts) return false;
  return run.claimedAt.getTime() + policy.leaseMinutes * 60_000 <= now.getTime();
}

/**
 * Digests to attempt now: each binding's latest scheduled digest, unless it was sent, is held or waiting
 * for a retry, or its time is further back than the catch-up window (those are `missed`: after downtime,
 * one late digest, never one per missed tick, and nothing from days ago).
 */
export function dueDigests(
  bindings: readonly BindingSchedule[],
  runs: readonly RunState[],
  now: Date,
  policy: DuePolicy,
): { due: ScheduledDigest[]; missed: ScheduledDigest[] } {
  const runByKey = new Map(runs.map((run) => [`${run.bindingId} ${run.date}`, run]));
  const due: ScheduledDigest[] = [];
  const missed: ScheduledDigest[] = [];
  // Rooms share a few clocks and times: each distinct one is worked out once per tick.
  const occurrences = new Map<string, { date: string; at: Date }>();
  for (const binding of bindings) {
    const clock = `${binding.timezone} ${binding.digestTime}`;
    let occurrence = occurrences.get(clock);
    if (occurrence === undefined) {
      occurrence = latestOccurrence(binding, now);
      occurrences.set(clock, occurrence);
    }
    const { date, at } = occurrence;
    const run = runByKey.get(`${binding.id} ${date}`);
    const digest = { bindingId: binding.id, channelId: binding.channelId, date, scheduledAt: at };
    if (run && !retryable(run, now, policy)) continue;
    if (now.getTime() - at.getTime() > policy.catchupHours * 3_600_000) {
      if (!run) missed.push(digest);
      continue;
    }
    due.push(digest);
  }
  return { due, missed };
}

/**
 * Shares the YouTube units left today (the daily budget minus what the ledger already shows spent) equally
 * between channels, the remainder one unit each to the first: every channel gets within one unit of the
 * others and the total never exceeds what is left.
 */
export function splitUnitBudget(
  dailyBudget: number,
  spentToday: number,
  channelIds: readonly number[],
): Map<number, number> {
  const available = Math.max(0, Math.floor(dailyBudget - spentToday));
  const sorted = [...new Set(channelIds)].sort((a, b) => a - b);
  const share = sorted.length === 0 ? 0 : Math.floor(available / sorted.length);
  const extra = available - share * sorted.length;
  return new Map(sorted.map((id, index) => [id, share + (index < extra ? 1 : 0)]));
}
