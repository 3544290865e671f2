import { type ScheduledTask, schedule } from 'node-cron';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { runBreakoutAlerts } from './breakout-alerts.js';
import { runCadenceRefresh } from './cadence-refresh.js';
import { type CycleReport, type DailyCycleDeps, runDailyCycle } from './daily-cycle.js';
import type { DuePolicy } from './digest-plan.js';
import { keepPooledSharesReady } from './pooled-shares.js';

// One ticker for every room: each minute it asks the database which digests are due (each room has its own
// time and timezone), so adding a room needs no new cron job and a restart loses nothing. node-cron's
// noOverlap skips a tick while the previous cycle still runs, so cycles never overlap within a process;
// across processes the database claims keep the work apart.

/** The digest rules the configuration sets (DIGEST_CATCHUP_HOURS, DIGEST_LEASE_MINUTES, DIGEST_MAX_ATTEMPTS). */
export function duePolicyFrom(
  config: Pick<Config, 'DIGEST_CATCHUP_HOURS' | 'DIGEST_LEASE_MINUTES' | 'DIGEST_MAX_ATTEMPTS'>,
): DuePolicy {
  return {
    catchupHours: config.DIGEST_CATCHUP_HOURS,
    leaseMinutes: config.DIGEST_LEASE_MINUTES,
    maxAttempts: config.DIGEST_MAX_ATTEMPTS,
  };
}

/** Every minute. */
export const CYCLE_CRON = '* * * * *';
export const CYCLE_TASK_NAME = 'tubepilot-daily-cycle';

/** Runs `tick` on the cron expression, never two at once; a tick that throws is logged, and the next one runs. */
export function scheduleTicks(
  tick: (now: Date) => Promise<unknown>,
  options: { log: Logger; expression?: string; name?: string },
): ScheduledTask {
  return schedule(
    options.expression ?? CYCLE_CRON,
    async (context) => {
      try {
        await tick(context.date);
      } catch (error) {
        options.log.error({ err: error instanceof Error ? error.message : String(error) }, 'daily cycle tick failed');
      }
    },
    {
      name: options.name ?? CYCLE_TASK_NAME,
      noOverlap: true,
      timezone: 'UTC',
      // node-cron's own messages (a tick skipped by noOverlap…) go to our structured log, not raw stderr.
      logger: {
        info: (message) => options.log.debug({ source: 'node-cron' }, message),
        warn: (message) => options.log.info({ source: 'node-cron' }, message),
        error: (message, err) => options.log.error({ source: 'node-cron', err: err?.message }, String(message)),
        debug: (message) => options.log.debug({ source: 'node-cron' }, String(message)),
      },
    },
  );
}

/**
 * Starts the daily cycle, and with the product's steps the hourly refresh on the age cadence after each tick's
 * digests, then the breakout alerts of what it read, then the team-wide shares of the channels written to: the
 * entry point a long-running process (bot or worker) calls once. Stop it with `task.stop()` (or `destroy()`) at
 * shutdown.
 */
export function startDailyCycle(
  deps: DailyCycleDeps,
  options: { expression?: string; onReport?: (report: CycleReport) => void } = {},
): ScheduledTask {
  return scheduleTicks(
    async (now) => {
      const report = await runDailyCycle(deps, now);
      if (report.channels.length > 0) {
        deps.log.info(
          {
            channels: report.channels.length,
            sent: report.channels.flatMap((channel) => channel.rooms).filter((room) => room.outcome === 'sent').length,
            skipped: report.skippedChannels.length,
            missed: report.missed.length,
          },
          'daily cycle ran',
        );
      }
      options.onReport?.(report);
      const { steps, refreshMinAgeHours } = deps;
      if (steps && refreshMinAgeHours !== undefined) {
        const cadence = await runCadenceRefresh(
          { ...deps, steps, minAgeHours: refreshMinAgeHours, ...(deps.queue ? { queue: deps.queue } : {}) },
          now,
        );
        if (cadence.channels.length > 0) deps.log.info(cadence, 'cadence refresh ran');
      }
      await runBreakoutAlerts(deps, now);
      await keepPooledSharesReady(deps);
    },
    { log: deps.log, ...(options.expression ? { expression: options.expression } : {}) },
  );
}
