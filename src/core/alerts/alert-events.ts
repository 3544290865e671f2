import type { DbClient } from '../videos/video-store.js';

// Exactly once per room, video and level, the way digests are (digest-runs.ts): the unique (room, video,
// level) row is claimed before the alert is posted and marked sent with the platform's message id. A claim
// not sent within the lease belongs to a process that died and is taken over, counting an attempt, up to a
// bound; the retry first looks for the post the dead attempt may have made.

export interface AlertClaimPolicy {
  leaseMinutes: number;
  maxAttempts: number;
}

export interface AlertClaim {
  eventId: number;
  attempt: number;
  claimedAt: Date;
}

const MAX_ERROR_LENGTH = 500;

/** The levels already alerted (sent) for each video in a room. */
export async function sentLevels(db: DbClient, alertRoomId: number, videoIds: readonly number[]) {
  const rows = await db.alertEvent.findMany({
    where: { alertRoomId, videoId: { in: [...videoIds] }, status: 'sent' },
    select: { videoId: true, level: true },
  });
  const levels = new Map<number, number[]>();
  for (const row of rows) levels.set(row.videoId, [...(levels.get(row.videoId) ?? []), row.level]);
  return levels;
}

/**
 * Claims the alert of `level` for the video in the room; null when it was sent, is held by a live claim or has
 * used its attempts. Safe from any number of processes at once.
 */
export async function claimAlert(
  db: DbClient,
  event: { alertRoomId: number; videoId: number; level: number; ageHours: number; views: number },
  now: Date,
  policy: AlertClaimPolicy,
): Promise<AlertClaim | null> {
  const { alertRoomId, videoId, level } = event;
  const inserted = await db.alertEvent.createMany({
    data: [{ ...event, views: BigInt(Math.round(event.views)), status: 'claimed', attempts: 1, claimedAt: now }],
    skipDuplicates: true,
  });
  const row = await db.alertEvent.findUnique({
    where: { alertRoomId_videoId_level: { alertRoomId, videoId, level } },
  });
  if (!row) return null;
  if (inserted.count === 1) return { eventId: row.id, attempt: 1, claimedAt: now };
  if (row.status === 'sent' || row.attempts >= policy.maxAttempts) return null;
  if (row.claimedAt.getTime() + policy.leaseMinutes * 60_000 > now.getTime()) return null;
  const taken = await db.alertEvent.updateMany({
    where: { id: row.id, status: row.status, attempts: row.attempts },
    data: {
      status: 'claimed',
      attempts: row.attempts + 1,
      claimedAt: now,
      ageHours: event.ageHours,
      views: BigInt(Math.round(event.views)),
    },
  });
  return taken.count === 1 ? { eventId: row.id, attempt: row.attempts + 1, claimedAt: now } : null;
}

/** Whether the claim is still this attempt's: checked right before posting. */
export async function stillClaimed(db: DbClient, claim: AlertClaim): Promise<boolean> {
  const row = await db.alertEvent.findUnique({
    where: { id: claim.eventId },
    select: { status: true, attempts: true },
  });
  return row?.status === 'claimed' && row.attempts === claim.attempt;
}

export async function markAlertSent(db: DbClient, claim: AlertClaim, messageRef: string, now: Date): Promise<void> {
  await db.alertEvent.updateMany({
    where: { id: claim.eventId, attempts: claim.attempt },
    data: { status: 'sent', messageRef, sentAt: now, error: null },
  });
}

export async function markAlertFailed(db: DbClient, claim: AlertClaim, error: string): Promise<void> {
  await db.alertEvent.updateMany({
    where: { id: claim.eventId, attempts: claim.attempt, status: 'claimed' },
    data: { status: 'failed', error: error.slice(0, MAX_ERROR_LENGTH) },
  });
}

/** The marker of an alert's post, for finding it again after a crash: at most 25 characters. */
export function alertMarker(eventId: number): string {
  return `tp-alert-${eventId}`;
}
