import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Runs acknowledged chat commands one at a time (by default), each started on a fresh turn of the event
 * loop. Command work (analysis, the embedded database) is mostly CPU on this one thread; started all at
 * once, a burst of commands interleaves and holds the loop until most have finished, so requests arriving
 * meanwhile miss Slack's and Discord's 3 seconds. One after another, waiting requests are read and
 * acknowledged between two commands (bench/chat-latency.ts: 200 concurrent /stats acknowledged in well
 * under a second, and all answered sooner than when interleaved).
 */
export class CommandQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly concurrency = 1) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      await nextTurn();
      return await job();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next job, which starts on a new turn.
      if (next) next();
      else this.running--;
    }
  }
}
