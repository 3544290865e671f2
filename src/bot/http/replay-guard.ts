import { bulkInsert } from '../../core/db/bulk-insert.js';
import type { Db } from '../../core/db/database.js';
import type { WorkQueue } from '../../core/work-queue.js';

// Signed chat requests are fresh and acted on once. A signature proves who sent a request, not that it is the
// first time it arrives: a copy sent again inside the freshness window would run again. Each request's key
// (Slack signature or event id, Discord interaction id) is written to the database, which every bot process
// shares, and a key already there is refused. Rows expire with the window they guard and are pruned.

export type SignedPlatform = 'discord' | 'slack';

/** How old a signed request may be. Slack's own rule; for Discord, well inside an interaction token's 15 min. */
export const FRESHNESS_MS = 5 * 60_000;
/** How far ahead of our clock a request may claim to be: clock skew, not a request from the future. */
export const FUTURE_SKEW_MS = 60_000;
/** Expired keys are deleted at most this often per process. */
const PRUNE_EVERY_MS = 60_000;
/**
 * The longest an insert waits for a burst's requests to stop arriving: the acknowledgement delay it may add
 * under a steady flood, which then still gets one insert per this many ms rather than one per request.
 */
export const GATHER_MAX_MS = 20;

/** Whether a request made at `madeAtMs` may be acted on at `nowMs`. */
export function isFresh(madeAtMs: number, nowMs: number): boolean {
  return Number.isFinite(madeAtMs) && madeAtMs >= nowMs - FRESHNESS_MS && madeAtMs <= nowMs + FUTURE_SKEW_MS;
}

interface Pending {
  platform: SignedPlatform;
  key: string;
  expiresAt: Date;
  settle: (first: boolean) => void;
  fail: (error: unknown) => void;
}

export class ReplayGuard {
  private lastPruneMs = Number.NEGATIVE_INFINITY;
  /** Keys to record in the next insert: those that arrived since the last one started. */
  private batch: Pending[] = [];
  /** Whether inserts are running: keys arriving meanwhile wait for the next. */
  private recording = false;

  private readonly clock: () => number;
  /** The bot's queue, which sees requests arriving: an insert waits until they pause. */
  private readonly queue: WorkQueue | undefined;

  constructor(
    private readonly db: Db,
    options: { queue?: WorkQueue; clock?: () => number } = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.queue = options.queue;
  }

  /** The wall clock freshness is judged by (not the bot's "as of" time, which tests freeze). */
  now(): number {
    return this.clock();
  }

  /**
   * Records `key` until `expiresAtMs`; false when it was already recorded (a repeat). The primary key makes
   * the check and the record one atomic insert, so two processes receiving the same copy cannot both pass.
   * Keys arriving in the same turn of the loop go in one insert: it costs ~3 ms of this thread's CPU whether
   * it holds 1 key or 10, and a burst of 200 acknowledgements spent 0.6 s on one insert each. The keys travel
   * as one JSON parameter (bulkInsert): Prisma's createManyAndReturn spent ~0.2 s compiling and running the
   * insert of a 200-key batch, all of it before any of the 200 could be acknowledged. One insert runs at a
   * time, and the keys that arrive during it go in the next: a burst on new connections arrives one request
   * per loop turn (libuv accepts one connection per turn), and an insert per turn cost each request a whole one.
   * Nor does an insert start while they are arriving (up to GATHER_MAX_MS): in PGlite an insert is ~1–2 ms of
   * this thread's CPU, during which one more connection was accepted, so a burst of 200 went in as 80–180
   * inserts of one key each (measured), and each of them delayed the acceptance of the rest.
   */
  async firstSeen(platform: SignedPlatform, key: string, expiresAtMs: number): Promise<boolean> {
    await this.pruneNowAndThen();
    return new Promise((settle, fail) => {
      this.batch.push({ platform, key, expiresAt: new Date(expiresAtMs), settle, fail });
      if (this.recording) return;
      this.recording = true;
      void this.recordAll();
    });
  }

  private async recordAll(): Promise<void> {
    while (this.batch.length > 0) {
      await (this.queue ? this.queue.arrivalsPause(GATHER_MAX_MS) : new Promise(setImmediate));
      const batch = this.batch;
      this.batch = [];
      await this.record(batch);
    }
    this.recording = false;
  }

  private async record(batch: Pending[]): Promise<void> {
    try {
      const { returned: inserted } = await bulkInsert<{ platform: SignedPlatform; key: string }>(
        this.db,
        'SeenRequest',
        { platform: '"Platform"', key: 'text', expiresAt: 'timestamp(3)' },
        batch.map(({ platform, key, expiresAt }) => ({ platform, key, expiresAt })),
        { onConflict: 'ON CONFLICT DO NOTHING', returning: ['platform', 'key'] },
      );
      const first = new Set(inserted.map(({ platform, key }) => `${platform} ${key}`));
      // A key twice in one batch is inserted once: only its first request passes.
      for (const pending of batch) pending.settle(first.delete(`${pending.platform} ${pending.key}`));
    } catch (error) {
      for (const pending of batch) pending.fail(error);
    }
  }

  private async pruneNowAndThen(): Promise<void> {
    const now = this.now();
    if (now - this.lastPruneMs < PRUNE_EVERY_MS) return;
    this.lastPruneMs = now;
    await this.db.seenRequest.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  }
}
