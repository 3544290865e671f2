import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { createChatPosters } from '../bot/chat-posters.js';
import { shutdownSignal } from '../bot/shutdown-signal.js';
import type { Config } from '../core/config.js';
import { openDatabase } from '../core/db/database.js';
import { createLogger, type Logger } from '../core/logger.js';
import { WorkQueue } from '../core/work-queue.js';
import { CYCLE_CRON, startDailyCycle } from './cycle-scheduler.js';
import { productCycle } from './cycle-steps.js';

// `tubepilot worker`: the daily cycle alone — refresh, strategy, digests — with no chat connection of its own:
// digests go out through the platforms' REST APIs. Several workers (and bots) on one PostgreSQL share the work
// through the database claims in daily-cycle.ts, so each digest is posted once whichever process takes it.

export interface WorkerOptions {
  /** When the cycle looks for due work (node-cron, seconds field allowed); default every minute. */
  cron?: string;
  stopping: AbortSignal;
}

/** Runs the cycle until `stopping` aborts, then lets the step in progress finish and closes the database. */
export async function runWorker(config: Config, log: Logger, options: WorkerOptions): Promise<void> {
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    holder: 'tubepilot worker',
  });
  const queue = new WorkQueue();
  try {
    const deps = { db: database.prisma, config, log, now: () => new Date(), posters: createChatPosters(config) };
    let passes = 0;
    const cycle = startDailyCycle(productCycle(deps, queue), {
      ...(options.cron ? { expression: options.cron } : {}),
      onReport: (report) => {
        passes += 1;
        log.debug(
          { pass: passes, channels: report.channels.length, skipped: report.skippedChannels.length },
          'worker: cycle pass done',
        );
      },
    });
    log.info({ database: database.kind, cron: options.cron ?? CYCLE_CRON }, 'worker started');
    if (!options.stopping.aborted) await once(options.stopping, 'abort');
    log.info('worker stopping');
    // A step that has not started is refused; digests it had claimed are sent again after their lease.
    await cycle.stop();
    await queue.close();
  } finally {
    await database.close();
  }
}

/** `tubepilot worker [--cron EXPRESSION]`: exit status 0 after a clean stop, 2 on bad configuration or usage. */
export async function workerCli(args: string[], config: Config): Promise<number> {
  const usage = 'usage: tubepilot worker [--cron "* * * * *"]\n';
  let values: { cron?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { cron: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${usage}Runs only the cycle (cadence refresh, strategy, digests), without chat.\n`);
    return 0;
  }
  const { cron } = values;
  const stopping = shutdownSignal((line) => process.stderr.write(`${line}\n`));
  await runWorker(config, createLogger(config.LOG_LEVEL), { stopping, ...(cron ? { cron } : {}) });
  process.stderr.write('TubePilot worker stopped.\n');
  return 0;
}
