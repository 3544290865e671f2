import { watchedForAlerts } from '../core/alerts/alert-rooms.js';
import type { Db } from '../core/db/database.js';
import type { Logger } from '../core/logger.js';
import { addDays, localDate, QUOTA_TIMEZONE, zonedInstant } from '../core/time/zoned-time.js';
import { runInBackground, type WorkQueue } from '../core/work-queue.js';
import { hourlyUnitShare, isDue } from '../core/youtube/refresh-plan.js';
import type { CycleSteps } from './daily-cycle.js';
import { unitsSpentToday } from './daily-cycle.js';
import { splitUnitBudget } from './digest-plan.js';

// Refresh on the age cadence through the day, not only at digest time: once an hour each connected channel
// whose videos the cadence says are due (refresh-plan.ts: every 6 h for a video under two days old, hourly
// on a channel with breakout alerts…) is
// refreshed, within the hour's share of the units left today. A channel is taken by one process an hour,
// whichever of the bots and workers on the database gets there first.

const HOUR_MS = 3_600_000;

export interface CadenceRefreshDeps {
  db: Db;
  log: Logger;
  steps: Pick<CycleSteps, 'refreshChannel'>;
  /** YouTube Data API units per Pacific day for all channels together. */
  dailyUnitBudget: number;
  /** YOUTUBE_STATS_MAX_AGE_HOURS: stats younger than this are never due. */
  minAgeHours: number;
  queue?: WorkQueue;
}

export interface CadenceRefreshReport {
  /** Units this pass could spend, and how they were shared among the channels with due videos. */
  hourUnits: number;
  channels: { channelId: number; due: number; unitBudget: number; unitsSpent: number; outcome: string }[];
}

/** Hours from `now` to the next Pacific midnight, when the Data API quota resets. */
function hoursLeftInQuotaDay(now: Date): number {
  const midnight = zonedInstant(addDays(localDate(now, QUOTA_TIMEZONE), 1), '00:00', QUOTA_TIMEZONE);
  return (midnight.getTime() - now.getTime()) / HOUR_MS;
}

/** One pass at `now`: cheap when nothing is due (one query), run from the cycle's every-minute ticker. */
export async function runCadenceRefresh(deps: CadenceRefreshDeps, now: Date): Promise<CadenceRefreshReport> {
  const { db } = deps;
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  // Channels whose first full refresh is done (later listings stop at known uploads) and not taken this hour.
  const channels = await db.channel.findMany({
    where: {
      source: 'youtube',
      needsReconnect: false,
      refreshTokenEnc: { not: null },
      lastRefreshAt: { not: null, lte: hourAgo },
      OR: [{ cadenceRefreshAt: null }, { cadenceRefreshAt: { lte: hourAgo } }],
    },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const report: CadenceRefreshReport = { hourUnits: 0, channels: [] };
  if (channels.length === 0) return report;

  const dueByChannel = new Map<number, number>();
  for (const { id } of channels) {
    const videos = await db.video.findMany({
      where: { channelId: id, unavailable: false },
      select: { youtubeId: true, publishedAt: true, statsUpdatedAt: true },
    });
    const cadence = { alerts: await watchedForAlerts(db, id) };
    const due = videos.filter((video) => isDue({ ...video, viewsPerDay: null }, now, deps.minAgeHours, cadence)).length;
    // A channel with breakout alerts is also looked at every hour for new uploads (one playlist page, 1 unit):
    // an alert needs a new video's first hours.
    if (due > 0 || cadence.alerts) dueByChannel.set(id, due);
  }
  if (dueByChannel.size === 0) return report;

  const remaining = deps.dailyUnitBudget - (await unitsSpentToday(db, now));
  report.hourUnits = hourlyUnitShare(remaining, hoursLeftInQuotaDay(now));
  const budgets = splitUnitBudget(report.hourUnits, 0, [...dueByChannel.keys()]);
  for (const [channelId, due] of dueByChannel) {
    const unitBudget = budgets.get(channelId) ?? 0;
    if (unitBudget < 1) {
      report.channels.push({ channelId, due, unitBudget, unitsSpent: 0, outcome: 'skipped: no units this hour' });
      continue;
    }
    // The claim: one process takes the channel this hour; the others find the condition false and move on.
    const claimed = await db.channel.updateMany({
      where: { id: channelId, OR: [{ cadenceRefreshAt: null }, { cadenceRefreshAt: { lte: hourAgo } }] },
      data: { cadenceRefreshAt: now },
    });
    if (claimed.count === 0) continue;
    try {
      const result = await runInBackground(deps.queue, () => deps.steps.refreshChannel(channelId, unitBudget));
      report.channels.push({ channelId, due, unitBudget, unitsSpent: result.unitsSpent, outcome: result.summary });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      deps.log.warn({ channelId, err: message }, 'cadence refresh failed');
      report.channels.push({ channelId, due, unitBudget, unitsSpent: 0, outcome: `failed: ${message}` });
    }
  }
  return report;
}
