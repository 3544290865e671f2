import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Steps } from './stats/steps.js';

/**
 * Runs the bot's work — acknowledged chat commands and the daily cycle's steps — one job at a time (by
 * default) on this process's one event loop. A job is mostly CPU on this thread (reading a channel from the
 * embedded database takes ~180 ms of it), and libuv accepts only one new connection per turn of the loop
 * (libuv ≥ 1.45, Node 20): with jobs back to back, a burst of 200 requests was accepted one per job, so the
 * last waited 7–11 s for its acknowledgement. Before each job the queue therefore turns the loop once, and if
 * that brought a new connection or request to a watched server, leaves the loop free until ADMIT_QUIET_MS pass
 * without another, so a burst is accepted and acknowledged between two jobs; MAX_ADMIT_MS bounds that pause so
 * a flood cannot stall the work itself. (A fixed pause before every job cost 200 queued answers 1–3 s.)
 *
 * A job's answer is delivered outside its turn (`deliver`): posting it waits on the network, not on this
 * thread, and 200 answers posted one after another made the last wait for 400 round trips. Deliveries are
 * bounded (MAX_DELIVERIES at once) and, like jobs, start only after arrived requests are let in: 200 at once
 * made every turn of the loop long, and one accepted connection per long turn brought back slow acks.
 *
 * Commands come before background work (the daily cycle's steps, `runInBackground`): a waiting command takes the
 * next turn, and a background job that calls `letRequestsIn()` between its parts hands its turn to the commands
 * waiting then and resumes after them, so a cycle delays an answer by one of its parts, not by a whole step.
 * Work handed off (`handOff`: Slack's Bolt dispatch) counts as a command waiting until it has queued its job or
 * finished: those hand-offs start one per turn, and a burst's commands reached the queue one at a time, each
 * finding no other command waiting, so a cycle part (50–450 ms) ran between every two of them.
 */
export class WorkQueue {
  private readonly jobs: Slots;
  /** Hand-offs that have neither queued a command nor finished: background jobs wait for them. */
  private handingOff = 0;
  private readonly deliveries = new Slots(MAX_DELIVERIES);
  private readonly handOffs = new Slots(1);
  private arrivals = 0;
  /** Requests read and not yet answered: no job starts while there are any (up to MAX_ADMIT_MS). */
  private acknowledging = 0;
  private closed = false;
  /** Jobs admitted and not yet delivered: what close() waits for. */
  private unfinished = 0;
  private readonly drained: (() => void)[] = [];

  constructor(concurrency = 1) {
    this.jobs = new Slots(concurrency, () => this.handingOff === 0);
  }

  /**
   * Counts the connections and requests reaching `server` (an HTTP server), which jobs let in first, and the
   * requests being acknowledged: read in full and not yet answered (verification, the replay guard's insert).
   * A request whose body has not all arrived is not waited for: a slow client must not hold the work back.
   */
  watchArrivals(server: EventEmitter): void {
    server.on('connection', () => {
      this.arrivals++;
    });
    server.on('request', (request: EventEmitter, response: EventEmitter) => {
      this.arrivals++;
      let state: 'reading' | 'read' | 'answered' = 'reading';
      request.once('end', () => {
        if (state !== 'reading') return;
        state = 'read';
        this.acknowledging++;
      });
      response.once('close', () => {
        if (state === 'read') this.acknowledging--;
        state = 'answered';
      });
    });
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    return this.tracked(() => this.inTurn(job, false));
  }

  /** Runs `job` in its turn after the commands waiting (and, at each `letRequestsIn()`, those waiting then). */
  async runInBackground<T>(job: () => Promise<T>): Promise<T> {
    return this.tracked(() => this.inTurn(job, true));
  }

  /**
   * Starts `work` in a later turn of the loop, once the requests that arrived meanwhile are let in, and one
   * hand-off per turn: for a request acknowledged at once whose handling (Slack's Bolt dispatch, a few ms of
   * CPU) would otherwise run in the turn it arrived in and hold back the acknowledgements of the rest of its
   * burst. Throws QueueClosedError when shutting down (call it before acknowledging); shutdown waits for
   * `work`, which handles its own errors.
   */
  handOff(work: () => Promise<unknown>): void {
    if (this.closed) throw new QueueClosedError();
    this.unfinished++;
    this.handingOff++;
    const handed: HandedOff = { queue: this, queued: false };
    void this.handOffs
      .hold(() => this.admitIfArrived(), false)
      .then(() => handedOff.run(handed, work))
      .finally(() => {
        this.queuedFrom(handed);
        this.finish();
      });
  }

  /** The hand-off `handed` has queued its command (or finished): background jobs need not wait for it any more. */
  private queuedFrom(handed: HandedOff): void {
    if (handed.queued) return;
    handed.queued = true;
    if (--this.handingOff === 0) this.jobs.resumeBackground();
  }

  /**
   * Runs `job` in its turn, then `deliver` with its result after the turn has passed to the next job: for what
   * waits on others (posting an answer) rather than holds this thread. Shutdown waits for both.
   */
  async runThen<T, R>(job: () => Promise<T>, deliver: (result: T) => Promise<R>): Promise<R> {
    return this.tracked(async () => {
      const result = await this.inTurn(job, false);
      return this.deliveries.hold(async () => {
        await this.admitIfArrived();
        return deliver(result);
      }, false);
    });
  }

  /**
   * Starts `work` that follows a delivery without holding its slot, and returns at once: opening an answer's
   * discussion thread is rate-limited by the platform (on Discord it counts against the global 50 requests a
   * second), and 200 threads holding the 8 slots kept later answers waiting. Shutdown still waits for it. Call it only from a delivery (its queue is draining
   * at the latest, not closed to it); `work` handles its own errors.
   */
  afterDelivery(work: () => Promise<unknown>): void {
    this.unfinished++;
    void work().finally(() => this.finish());
  }

  private finish(): void {
    if (--this.unfinished === 0) for (const resolve of this.drained.splice(0)) resolve();
  }

  private async tracked<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new QueueClosedError();
    this.unfinished++;
    try {
      return await work();
    } finally {
      this.finish();
    }
  }

  private inTurn<T>(job: () => Promise<T>, background: boolean): Promise<T> {
    const handed = handedOff.getStore();
    const held = this.jobs.hold(async () => {
      await this.admitIfArrived();
      return currentJob.run({ queue: this, background }, job);
    }, background);
    // After hold() has put the command among the waiting (synchronously): no background job slips in between.
    if (handed?.queue === this && !background) this.queuedFrom(handed);
    return held;
  }

  /** letRequestsIn() inside a job of this queue. */
  async letRequestsInto(job: RunningJob): Promise<void> {
    await this.admitIfArrived();
    if (!job.background) return;
    // Parts of one job running side by side (Promise.all) share one hand-over: its slot is given away once.
    job.yielding ??= this.jobs.yieldToUrgent().finally(() => {
      job.yielding = undefined;
    });
    await job.yielding;
  }

  /** Shutdown: refuses new jobs and resolves once the running and waiting ones have finished and delivered. */
  async close(): Promise<void> {
    this.closed = true;
    await this.settled();
  }

  /** Resolves once every admitted job has finished and delivered; at once when there is none. */
  async settled(): Promise<void> {
    if (this.unfinished > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
  }

  /**
   * One turn of the loop, and if it brought a request or one is being acknowledged, the pause that lets the
   * rest of them in and acknowledged.
   */
  async admitIfArrived(): Promise<void> {
    const seen = this.arrivals;
    await nextTurn();
    if (this.arrivals !== seen || this.acknowledging > 0) await this.admitArrivals();
  }

  /**
   * Resolves at the first turn of the loop that brings no new connection or request, or once `maxMs` have
   * passed: for work that costs the same for one request as for many (the replay guard's insert), done once
   * for the requests of a burst instead of once per turn while libuv accepts them one per turn.
   */
  async arrivalsPause(maxMs: number): Promise<void> {
    const until = performance.now() + maxMs;
    // Called from an I/O callback (a request's), the next turn's callback comes before the next I/O phase:
    // counting from there would see no arrival. Counting starts at the end of this turn instead.
    await nextTurn();
    let seen: number;
    do {
      seen = this.arrivals;
      await nextTurn();
    } while (this.arrivals !== seen && performance.now() < until);
  }

  /**
   * Waits (the loop turning freely, one accept per turn) until requests stop arriving for a moment and every
   * one read is acknowledged: a job started while a burst's requests wait on the replay guard's insert (which
   * gathers them for up to GATHER_MAX_MS) put its whole CPU before their acknowledgements.
   */
  private async admitArrivals(): Promise<void> {
    const until = performance.now() + MAX_ADMIT_MS;
    let seen: number;
    do {
      seen = this.arrivals;
      await sleep(ADMIT_QUIET_MS);
    } while ((this.arrivals !== seen || this.acknowledging > 0) && performance.now() < until);
  }
}

/**
 * At most `limit` holders at a time; the others wait in order, urgent ones first, and a freed slot passes
 * straight to the next.
 */
class Slots {
  private held = 0;
  private readonly urgent: (() => void)[] = [];
  private readonly background: (() => void)[] = [];

  /** `backgroundMayRun`: false while commands are on their way (hand-offs): background holders wait then. */
  constructor(
    private readonly limit: number,
    private readonly backgroundMayRun: () => boolean = () => true,
  ) {}

  async hold<T>(work: () => Promise<T>, background: boolean): Promise<T> {
    if (this.held >= this.limit || (background && !this.backgroundMayRun()))
      await new Promise<void>((resolve) => (background ? this.background : this.urgent).push(resolve));
    else this.held++;
    try {
      return await work();
    } finally {
      this.passOn();
    }
  }

  /** For a background holder: passes its slot to the urgent waiters, and takes it back first after them. */
  async yieldToUrgent(): Promise<void> {
    if (this.urgent.length === 0 && this.backgroundMayRun()) return;
    await new Promise<void>((resolve) => {
      this.background.unshift(resolve);
      this.passOn();
    });
  }

  /** Background holders may run again: the free slots go to those waiting. */
  resumeBackground(): void {
    while (this.held < this.limit && this.background.length > 0 && this.backgroundMayRun()) {
      this.held++;
      this.background.shift()?.();
    }
  }

  private passOn(): void {
    const next = this.urgent.shift() ?? (this.backgroundMayRun() ? this.background.shift() : undefined);
    if (next) next();
    else this.held--;
  }
}

export class QueueClosedError extends Error {
  constructor() {
    super('TubePilot is shutting down and takes no new work.');
    this.name = 'QueueClosedError';
  }
}

interface RunningJob {
  queue: WorkQueue;
  background: boolean;
  /** While a background job has handed its turn to commands: resolves when it has it back. */
  yielding?: Promise<void>;
}

const currentJob = new AsyncLocalStorage<RunningJob>();

interface HandedOff {
  queue: WorkQueue;
  /** It has queued its command, or finished without one. */
  queued: boolean;
}

/** The hand-off a piece of work runs in, to tell its queue when the command it brings is queued. */
const handedOff = new AsyncLocalStorage<HandedOff>();

/**
 * Inside a job of a queue, lets in the requests that arrived meanwhile: long jobs (a cycle's strategy and
 * digest steps held the loop for 0.5–1 s, more on a busy machine) call it between their parts. Costs one
 * loop turn; outside a job nothing. In a background job it also lets the commands waiting run first, so never
 * call it inside a database transaction (they would wait on it, and it on them).
 */
export async function letRequestsIn(): Promise<void> {
  const job = currentJob.getStore();
  await job?.queue.letRequestsInto(job);
}

/**
 * Runs `steps` to their end, letting requests in (`letRequestsIn`) whenever they have held the loop for
 * TURN_SLICE_MS since the last time: in a background job, a long computation then delays an arriving burst by
 * one slice instead of its whole length.
 */
export async function inTurns<T>(steps: Steps<T>): Promise<T> {
  let since = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - since >= TURN_SLICE_MS) {
      await letRequestsIn();
      since = performance.now();
    }
  }
}

/** The longest stretch `inTurns` computes before letting requests in. */
export const TURN_SLICE_MS = 10;
/** How long no request may arrive before the next job starts: a burst's requests come closer together. */
export const ADMIT_QUIET_MS = 5;
/** The longest pause before a job to let arriving requests in. */
export const MAX_ADMIT_MS = 500;
/** Answers being posted at once: enough to overlap a few round trips, few enough to keep each loop turn short. */
export const MAX_DELIVERIES = 8;

/** Runs `job` through `queue` in a running bot; directly where there is none (tests, the CLI). */
export function runQueued<T>(queue: WorkQueue | undefined, job: () => Promise<T>): Promise<T> {
  return queue ? queue.run(job) : job();
}

/** `work` handed off through `queue` (WorkQueue.handOff); in the next turn where there is none. */
export function handOff(queue: WorkQueue | undefined, work: () => Promise<unknown>): void {
  if (queue) queue.handOff(work);
  else setImmediate(() => void work());
}

/** `job` through `queue` after the commands waiting (WorkQueue.runInBackground); directly where there is none. */
export function runInBackground<T>(queue: WorkQueue | undefined, job: () => Promise<T>): Promise<T> {
  return queue ? queue.runInBackground(job) : job();
}

/** `work` after a delivery without holding its slot (WorkQueue.afterDelivery); awaited where there is no queue. */
export async function afterDelivery(queue: WorkQueue | undefined, work: () => Promise<unknown>): Promise<void> {
  if (queue) queue.afterDelivery(work);
  else await work();
}

/** `job` through `queue`, then `deliver` outside its turn (WorkQueue.runThen); both directly where there is none. */
export async function runQueuedThen<T, R>(
  queue: WorkQueue | undefined,
  job: () => Promise<T>,
  deliver: (result: T) => Promise<R>,
): Promise<R> {
  return queue ? queue.runThen(job, deliver) : deliver(await job());
}
