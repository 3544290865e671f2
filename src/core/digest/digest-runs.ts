import { dateColumn } from '../time/zoned-time.js';
import type { DbClient } from '../videos/video-store.js';

// Exactly once per room and local date. A digest is claimed in the database before it is built (the unique
// (bindingId, date) row decides who gets it), then marked sent with the platform's message id. A claim not
// marked sent within the lease belongs to a process that died: it is claimed again, as is a failed one once
// the lease has passed, each time counting an attempt, up to a bound.

export interface DigestClaimPolicy {
  /** A claim older than this without being sent is taken over; a failed run is retried after it. */
  leaseMinutes: number;
  /** Attempts per binding and date, the first included. */
  maxAttempts: number;
}

export interface DigestClaim {
  runId: number;
  bindingId: number;
  /** Local date of the digest, "YYYY-MM-DD". */
  date: string;
  /** 1 for the first attempt. */
  attempt: number;
}

const MAX_ERROR_LENGTH = 500;

/**
 * Claims the digest of `bindingId` for `date`; null when it was sent, is held by a live claim, waits for its
 * retry, or has used its attempts. Safe to call from any number of processes at once: the insert is
 * ON CONFLICT DO NOTHING and a takeover only succeeds against the attempt count it read.
 */
export async function claimDigest(
  db: DbClient,
  bindingId: number,
  date: string,
  now: Date,
  policy: DigestClaimPolicy,
): Promise<DigestClaim | null> {
  const key = { bindingId_date: { bindingId, date: dateColumn(date) } };
  const inserted = await db.digestRun.createMany({
    data: [{ bindingId, date: dateColumn(date), status: 'claimed', attempts: 1, claimedAt: now }],
    skipDuplicates: true,
  });
  const row = await db.digestRun.findUnique({ where: key });
  if (!row) return null;
  if (inserted.count === 1) return { runId: row.id, bindingId, date, attempt: 1 };
  if (row.status === 'sent') return null;
  const leaseOver = row.claimedAt.getTime() + policy.leaseMinutes * 60_000 <= now.getTime();
  if (!leaseOver) return null;
  if (row.attempts >= policy.maxAttempts) {
    if (row.status === 'claimed') {
      // Its last process died: record the give-up so `status` shows it instead of a claim that never ends.
      await db.digestRun.updateMany({
        where: { id: row.id, status: 'claimed', attempts: row.attempts },
        data: { status: 'failed', error: `gave up after ${row.attempts} attempts: the last claim was never sent` },
      });
    }
    return null;
  }
  const taken = await db.digestRun.updateMany({
    where: { id: row.id, status: row.status, attempts: row.attempts },
    data: { status: 'claimed', attempts: row.attempts + 1, claimedAt: now },
  });
  return taken.count === 1 ? { runId: row.id, bindingId, date, attempt: row.attempts + 1 } : null;
}

/** Whether the claim is still this attempt's: checked right before posting, so a lost lease never posts twice. */
export async function stillClaimed(db: DbClient, claim: DigestClaim): Promise<boolean> {
  const row = await db.digestRun.findUnique({ where: { id: claim.runId }, select: { status: true, attempts: true } });
  return row?.status === 'claimed' && row.attempts === claim.attempt;
}

/** Records the platform's message id: the proof the digest went out. */
export async function markDigestSent(db: DbClient, claim: DigestClaim, messageRef: string, now: Date): Promise<void> {
  await db.digestRun.updateMany({
    where: { id: claim.runId, attempts: claim.attempt },
    data: { status: 'sent', messageRef, sentAt: now, error: null },
  });
}

/** Records why this attempt failed; the run is retried after the lease while attempts remain. */
export async function markDigestFailed(db: DbClient, claim: DigestClaim, error: string): Promise<void> {
  await db.digestRun.updateMany({
    where: { id: claim.runId, attempts: claim.attempt, status: 'claimed' },
    data: { status: 'failed', error: error.slice(0, MAX_ERROR_LENGTH) },
  });
}
