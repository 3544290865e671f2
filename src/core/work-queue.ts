import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs the bot's work — acknowledged chat commands and the daily cycle's steps — one job at a time (by
 * default) on this process's one event loop. A job is mostly CPU on this thread (reading a channel from the
 * embedded database takes ~180 ms of it), and libuv accepts only one new connection per turn of the loop
 * (libuv ≥ 1.45, Node 20): with jobs back to back, a burst of 200 requests was accepted one per job, so the
 * last waited 7–11 s for its acknowledgement. Before each job the queue therefore leaves the loop free until
 * ADMIT_QUIET_MS pass without a new connection or request to a watched server, so a burst is accepted and
 * acknowledged between two jobs; MAX_ADMIT_MS bounds that pause so a flood cannot stall the work itself.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private arrivals = 0;
  private closed = false;
  private readonly drained: (() => void)[] = [];

  constructor(private readonly concurrency = 1) {}

  /** Counts the connections and requests reaching `server` (an HTTP server), which jobs let in first. */
  watchArrivals(server: EventEmitter): void {
    const arrived = () => {
      this.arrivals++;
    };
    server.on('connection', arrived);
    server.on('request', arrived);
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.closed) throw new QueueClosedError();
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      await this.admitArrivals();
      return await jobQueue.run(this, job);
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next job.
      if (next) next();
      else if (--this.running === 0) for (const resolve of this.drained.splice(0)) resolve();
    }
  }

  /** Shutdown: refuses new jobs and resolves once the running and already waiting ones have finished. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.running > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
  }

  /** One turn of the loop, and if it brought a request, the pause that lets the rest of them in. */
  async admitIfArrived(): Promise<void> {
    const seen = this.arrivals;
    await nextTurn();
    if (this.arrivals !== seen) await this.admitArrivals();
  }

  /** Waits (the loop turning freely, one accept per turn) until requests stop arriving for a moment. */
  private async admitArrivals(): Promise<void> {
    const until = performance.now() + MAX_ADMIT_MS;
    let seen: number;
    do {
      seen = this.arrivals;
      await sleep(ADMIT_QUIET_MS);
    } while (this.arrivals !== seen && performance.now() < until);
  }
}

export class QueueClosedError extends Error {
  constructor() {
    super('TubePilot is shutting down and takes no new work.');
    this.name = 'QueueClosedError';
  }
}

const jobQueue = new AsyncLocalStorage<WorkQueue>();

/**
 * Inside a job of a queue, lets in the requests that arrived meanwhile: long jobs (a cycle's strategy and
 * digest steps held the loop for 0.5–1 s, more on a busy machine) call it between their parts. Costs one
 * loop turn; outside a job nothing.
 */
export async function letRequestsIn(): Promise<void> {
  await jobQueue.getStore()?.admitIfArrived();
}

/** How long no request may arrive before the next job starts: a burst's requests come closer together. */
export const ADMIT_QUIET_MS = 5;
/** The longest pause before a job to let arriving requests in. */
export const MAX_ADMIT_MS = 500;

/** Runs `job` through `queue` in a running bot; directly where there is none (tests, the CLI). */
export function runQueued<T>(queue: WorkQueue | undefined, job: () => Promise<T>): Promise<T> {
  return queue ? queue.run(job) : job();
}
