import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { pacificDay } from './pacific-day.js';
import { unitsFor, type YouTubeApi } from './quota-costs.js';

// The ledger is append-only: one QuotaEntry per API request, at the official cost, on its Pacific day.
// A 403 quotaExceeded is written as a marker entry so no process calls the API again that day.

const EXHAUSTED_METHOD = 'quotaExceeded';

export interface QuotaStatus {
  day: Date;
  limit: number;
  used: number;
  remaining: number;
  /** YouTube said quotaExceeded today: no more Data API calls until Pacific midnight. */
  exhausted: boolean;
}

export async function chargeQuota(
  db: Db,
  entry: { channelId: number | null; api: YouTubeApi; method: string; at: Date },
): Promise<number> {
  const units = unitsFor(entry.api, entry.method);
  await db.quotaEntry.create({
    data: {
      day: pacificDay(entry.at),
      channelId: entry.channelId,
      api: entry.api,
      method: entry.method,
      units,
      at: entry.at,
    },
  });
  return units;
}

export async function markQuotaExhausted(db: Db, channelId: number | null, at: Date): Promise<void> {
  await db.quotaEntry.create({
    data: { day: pacificDay(at), channelId, api: 'data', method: EXHAUSTED_METHOD, units: 0, at },
  });
}

/** Data API units spent today (Pacific), by every channel together. */
export async function quotaUsedToday(db: Db, now: Date): Promise<number> {
  const { _sum } = await db.quotaEntry.aggregate({ where: { day: pacificDay(now) }, _sum: { units: true } });
  return _sum.units ?? 0;
}

export async function quotaStatus(db: Db, config: Config, now: Date): Promise<QuotaStatus> {
  const day = pacificDay(now);
  const [used, marker] = await Promise.all([
    quotaUsedToday(db, now),
    db.quotaEntry.findFirst({ where: { day, method: EXHAUSTED_METHOD }, select: { id: true } }),
  ]);
  const limit = config.YOUTUBE_DAILY_QUOTA;
  const exhausted = marker !== null;
  return { day, limit, used, remaining: exhausted ? 0 : Math.max(0, limit - used), exhausted };
}
