import { watchedForAlerts } from '../alerts/alert-rooms.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RetentionRecord, VideoRecord } from '../videos/video-record.js';
import { saveVideos } from '../videos/video-store.js';
import { type AnalyticsStats, fetchRetention, fetchVideoMetrics } from './analytics-reports.js';
import { channelSession } from './channel-session.js';
import { fetchOwnChannel, fetchVideoBatch, type ListedUpload, listUploads } from './data-api.js';
import { pacificDate } from './pacific-day.js';
import { quotaStatus } from './quota-ledger.js';
import { downloadReachReports, ensureReachJob, type ReachResult } from './reach-reports.js';
import { planBatches, type RefreshCandidate } from './refresh-plan.js';
import { QuotaExhaustedError, ReconnectNeededError, YouTubeApiError } from './youtube-errors.js';
import { defaultTransport, type TransportOptions, type YouTubeSession } from './youtube-session.js';

// One channel's refresh: list new uploads, re-read the videos that are due (most valuable first, within the
// unit budget), add Analytics figures and retention curves, then any new reach report. Each batch is saved in
// its own transaction, so a crash loses at most the batch in flight. quotaExceeded and invalid_grant end the
// refresh with what was fetched kept; they are reported, never thrown.

const DAY_MS = 86_400_000;
/** Analytics data lags 48–72 h: younger videos have no curve yet. */
const RETENTION_MIN_AGE_DAYS = 3;
/** Curves of videos younger than this are re-read while they still settle; older ones once. */
const RETENTION_SETTLES_DAYS = 30;
/** Retention is one query per video, so each refresh reads only this many curves. */
const RETENTION_PER_REFRESH = 50;
const VELOCITY_WINDOW_DAYS = 14;
const FIRST_ANALYTICS_DATE = '2005-04-23'; // the first YouTube upload: "no lower bound"

/**
 * ok: everything due was read. partial: some was deferred or skipped (see the report). quota_exhausted: no
 * units left, today's or this refresh's budget (YouTube's 403 or the ledger). needs_reconnect: the token is
 * revoked or expired; nothing is called until the channel is connected again.
 */
export type RefreshStatus = 'ok' | 'partial' | 'quota_exhausted' | 'needs_reconnect';

export interface RefreshReport {
  channelId: number;
  channelName: string;
  /** Videos found for the first time. */
  created: number;
  /** Stored videos whose details or figures changed. */
  updated: number;
  /** Re-read and found unchanged (including 304 Not Modified batches). */
  unchanged: number;
  snapshotsAdded: number;
  /** Videos YouTube no longer returns, now marked unavailable (their history is kept). */
  unavailable: number;
  retentionCurves: number;
  /** Curves still to read; a few are read per refresh (one Analytics query each). */
  retentionPending: number;
  /** Data API units this refresh spent. */
  unitsSpent: number;
  /** Requests to all three APIs, retries included. */
  calls: number;
  /** Videos not re-read because their stats are recent enough for their age. */
  fresh: number;
  /** Due videos left for a later refresh because the unit budget ran out. */
  deferred: number;
  /** What could not be done, and why. */
  skipped: { reason: string; count: number }[];
  reach: ReachResult | null;
  status: RefreshStatus;
  quota: { usedToday: number; limit: number };
}

export interface RefreshDeps {
  db: Db;
  config: Config;
  log: Logger;
  now: () => Date;
  onProgress?: (progress: { done: number; total: number; stage: string }) => void;
}

export interface RefreshOptions {
  /** Data API units this refresh may spend (the daily job's fair share); never more than today's remainder. */
  unitBudget?: number;
  transport?: TransportOptions;
}

type StoredVideo = {
  id: number;
  youtubeId: string;
  publishedAt: Date | null;
  statsUpdatedAt: Date | null;
  etag: string | null;
  durationS: number | null;
  retentionPoints: number;
};

export async function refreshChannel(
  deps: RefreshDeps,
  channelId: number,
  options: RefreshOptions = {},
): Promise<RefreshReport> {
  const { db, config, log } = deps;
  const now = deps.now();
  const channel = await db.channel.findUnique({ where: { id: channelId } });
  if (!channel) throw new UserError('Unknown channel', `There is no channel with id ${channelId}.`);
  if (channel.source !== 'youtube' || !channel.refreshTokenEnc) {
    throw new UserError(
      'Not a connected YouTube channel',
      `${channel.name} comes from ${channel.source === 'youtube' ? 'YouTube but has no stored token' : `a ${channel.source} source`}; only connected YouTube channels can be refreshed.`,
      'Connect a channel with `tubepilot auth youtube` or /connect.',
    );
  }
  const quota = await quotaStatus(db, config, now);
  const report: RefreshReport = {
    channelId,
    channelName: channel.name,
    created: 0,
    updated: 0,
    unchanged: 0,
    snapshotsAdded: 0,
    unavailable: 0,
    retentionCurves: 0,
    retentionPending: 0,
    unitsSpent: 0,
    calls: 0,
    fresh: 0,
    deferred: 0,
    skipped: [],
    reach: null,
    status: 'ok',
    quota: { usedToday: quota.used, limit: quota.limit },
  };
  if (channel.needsReconnect) return { ...report, status: 'needs_reconnect' };

  const stored = await storedVideos(db, channelId);
  const velocity = await viewsPerDay(db, channelId, now);
  const candidates = (found: ListedUpload[]): RefreshCandidate[] => [
    ...[...stored.values()].map((video) => ({ ...video, viewsPerDay: velocity.get(video.id) ?? null })),
    ...found.map(({ videoId, publishedAt }) => ({
      youtubeId: videoId,
      publishedAt,
      statsUpdatedAt: null,
      viewsPerDay: null,
    })),
  ];
  const minAgeHours = config.YOUTUBE_STATS_MAX_AGE_HOURS;
  const cadence = { alerts: await watchedForAlerts(db, channelId) };
  const budget = Math.min(options.unitBudget ?? quota.remaining, quota.remaining);
  if (budget < 1) {
    const plan = planBatches(candidates([]), now, minAgeHours, 0, cadence);
    report.fresh = stored.size - plan.deferred.length;
    return { ...report, deferred: plan.deferred.length, status: 'quota_exhausted' };
  }

  const session = channelSession(
    deps,
    { id: channelId, refreshTokenEnc: channel.refreshTokenEnc },
    budget,
    options.transport ?? defaultTransport,
  );
  const progress = (stage: string, done: number, total: number) => deps.onProgress?.({ done, total, stage });
  const skip = (reason: string, count: number) => {
    const entry = report.skipped.find((item) => item.reason === reason);
    if (entry) entry.count += count;
    else report.skipped.push({ reason, count });
  };

  let pending: string[][] = [];
  let listingDone = false;
  let found: ListedUpload[] = [];
  const refreshed: string[] = [];
  try {
    let playlistId = channel.uploadsPlaylistId;
    if (!playlistId) {
      const own = await fetchOwnChannel(session);
      if (!own) throw new YouTubeApiError('channels.list', 200, 'the authorised account has no channel');
      playlistId = own.uploadsPlaylistId;
      await db.channel.update({ where: { id: channelId }, data: { uploadsPlaylistId: playlistId } });
    }
    // Once every upload has been read, new ones are on the first pages of the newest-first playlist.
    const listing = await listUploads(session, playlistId, {
      known: new Set(stored.keys()),
      stopAtKnown: channel.lastRefreshAt !== null,
      onPage: (pages) => progress('listing uploads', pages, pages),
    });
    listingDone = listing.complete || channel.lastRefreshAt !== null;
    if (!listingDone) skip('uploads list not finished: the unit budget ran out', 1);
    found = [...new Map(listing.uploads.map((upload) => [upload.videoId, upload])).values()].filter(
      (upload) => !stored.has(upload.videoId),
    );

    const plan = planBatches(candidates(found), now, minAgeHours, session.unitsLeft, cadence);
    const due = plan.batches.flat().length + plan.deferred.length;
    report.fresh = stored.size + found.length - due;
    report.deferred = plan.deferred.length;
    pending = [...plan.batches];
    let done = 0;
    progress('videos', 0, due);
    // Retries spend units too, so the plan is re-checked before each call; what no longer fits is deferred.
    while (pending.length > 0 && session.canAfford('videos.list')) {
      const batch = pending[0] as string[];
      try {
        refreshed.push(...(await refreshBatch(deps, session, channelId, batch, stored, report, skip)));
      } catch (error) {
        if (!(error instanceof YouTubeApiError)) throw error;
        log.warn({ channelId, err: error.message }, 'videos batch skipped');
        skip(`videos.list failed (${error.message})`, batch.length);
      }
      pending.shift();
      done += batch.length;
      progress('videos', done, due);
    }

    report.deferred += pending.flat().length;
    pending = [];
    const retention = await refreshRetention(deps, session, channelId, refreshed, stored, skip, progress);
    report.retentionCurves = retention.read;
    report.retentionPending = retention.pending;
    progress('reach reports', 0, 1);
    report.reach = await refreshReach(deps, session, channel, skip);
  } catch (error) {
    if (error instanceof QuotaExhaustedError) {
      report.status = 'quota_exhausted';
      report.deferred += pending.flat().length;
      log.warn({ channelId }, 'YouTube quota exhausted; the rest waits for the next Pacific day');
    } else if (error instanceof ReconnectNeededError) {
      report.status = 'needs_reconnect';
      await db.channel.update({ where: { id: channelId }, data: { needsReconnect: true } });
      log.warn({ channelId }, 'YouTube token revoked or expired; channel needs re-connect');
    } else if (error instanceof YouTubeApiError) {
      skip(`stopped: ${error.message}`, 1);
    } else {
      throw error;
    }
  } finally {
    report.unitsSpent = session.unitsSpent;
    report.calls = session.calls;
    report.quota.usedToday = quota.used + session.unitsSpent;
  }
  if (report.status === 'ok' && (report.deferred > 0 || report.skipped.length > 0)) report.status = 'partial';
  // lastRefreshAt marks "every upload has been listed and read once", which lets later listings stop early.
  const read = new Set(refreshed);
  const everyUploadRead = listingDone && found.every((upload) => read.has(upload.videoId));
  if (report.status !== 'needs_reconnect' && (everyUploadRead || channel.lastRefreshAt !== null)) {
    await db.channel.update({ where: { id: channelId }, data: { lastRefreshAt: now } });
  }
  return report;
}

async function storedVideos(db: Db, channelId: number): Promise<Map<string, StoredVideo>> {
  const rows = await db.video.findMany({
    where: { channelId, unavailable: false },
    select: {
      id: true,
      youtubeId: true,
      publishedAt: true,
      statsUpdatedAt: true,
      etag: true,
      durationS: true,
      _count: { select: { retention: true } },
    },
  });
  return new Map(rows.map(({ _count, ...row }) => [row.youtubeId, { ...row, retentionPoints: _count.retention }]));
}

/** Views a day over the recent snapshots of each video: how fast it is moving now. */
async function viewsPerDay(db: Db, channelId: number, now: Date): Promise<Map<number, number>> {
  const snapshots = await db.videoSnapshot.findMany({
    where: { video: { channelId }, takenAt: { gte: new Date(now.getTime() - VELOCITY_WINDOW_DAYS * DAY_MS) } },
    orderBy: [{ videoId: 'asc' }, { takenAt: 'asc' }],
    select: { videoId: true, takenAt: true, views: true },
  });
  const spans = new Map<number, { first: (typeof snapshots)[number]; last: (typeof snapshots)[number] }>();
  for (const snapshot of snapshots) {
    const span = spans.get(snapshot.videoId);
    if (span) span.last = snapshot;
    else spans.set(snapshot.videoId, { first: snapshot, last: snapshot });
  }
  const velocity = new Map<number, number>();
  for (const [videoId, { first, last }] of spans) {
    const days = (last.takenAt.getTime() - first.takenAt.getTime()) / DAY_MS;
    if (days > 0) velocity.set(videoId, Number(last.views - first.views) / days);
  }
  return velocity;
}

/** One videos.list call (conditional when the batch shares an ETag), its Analytics figures, one transaction. */
async function refreshBatch(
  deps: RefreshDeps,
  session: YouTubeSession,
  channelId: number,
  ids: string[],
  stored: Map<string, StoredVideo>,
  report: RefreshReport,
  skip: (reason: string, count: number) => void,
): Promise<string[]> {
  const now = deps.now();
  const etags = new Set(ids.map((id) => stored.get(id)?.etag ?? null));
  const sharedEtag = etags.size === 1 ? ([...etags][0] ?? null) : null;
  const batch = await fetchVideoBatch(session, ids, sharedEtag);
  if (batch.notModified) {
    await deps.db.video.updateMany({ where: { channelId, youtubeId: { in: ids } }, data: { statsUpdatedAt: now } });
    report.unchanged += ids.length;
    return [];
  }
  const metrics = await analyticsFor(deps, session, batch.records, skip);
  // Every read is a point of the video's time series (velocity, prediction), changed figures or not.
  const records: VideoRecord[] = batch.records.map((record) => {
    const stats = { ...record.stats, ...metrics.get(record.youtubeId) };
    const { views, engagedViews, likes, comments } = stats;
    return {
      ...record,
      stats,
      snapshots: views === null ? [] : [{ takenAt: now, views, engagedViews, likes, comments }],
    };
  });
  const returned = records.map((record) => record.youtubeId);
  const gone = batch.missing.filter((id) => stored.has(id));
  await deps.db.$transaction(
    async (tx) => {
      const saved = await saveVideos(tx, channelId, records, now);
      report.created += saved.created;
      report.updated += saved.updated;
      report.unchanged += saved.unchanged;
      report.snapshotsAdded += saved.snapshotsAdded;
      // saveVideos stamps only changed figures; a re-read that found no change is still current as of now.
      await tx.video.updateMany({
        where: { channelId, youtubeId: { in: returned } },
        data: { statsUpdatedAt: now, etag: batch.etag, unavailable: false },
      });
      if (gone.length > 0) {
        await tx.video.updateMany({ where: { channelId, youtubeId: { in: gone } }, data: { unavailable: true } });
      }
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
  report.unavailable += gone.length;
  const notFound = batch.missing.length - gone.length;
  if (notFound > 0) skip('listed in the uploads playlist but not returned (private or deleted)', notFound);
  return returned;
}

async function analyticsFor(
  deps: RefreshDeps,
  session: YouTubeSession,
  records: VideoRecord[],
  skip: (reason: string, count: number) => void,
): Promise<Map<string, Partial<AnalyticsStats>>> {
  if (records.length === 0) return new Map();
  const earliest = records.reduce<Date | null>(
    (min, record) => (record.publishedAt && (!min || record.publishedAt < min) ? record.publishedAt : min),
    null,
  );
  try {
    return await fetchVideoMetrics(
      session,
      records.map((record) => record.youtubeId),
      { startDate: earliest ? pacificDate(earliest) : FIRST_ANALYTICS_DATE, endDate: pacificDate(deps.now()) },
    );
  } catch (error) {
    if (!(error instanceof YouTubeApiError)) throw error;
    deps.log.warn({ err: error.message }, 'analytics batch skipped');
    skip(`Analytics figures (engaged views, watch time, shares) not read: ${error.message}`, records.length);
    return new Map();
  }
}

/** Curves for just-read videos old enough to have one: missing ones first, then those still settling. */
async function refreshRetention(
  deps: RefreshDeps,
  session: YouTubeSession,
  channelId: number,
  refreshed: string[],
  stored: Map<string, StoredVideo>,
  skip: (reason: string, count: number) => void,
  progress: (stage: string, done: number, total: number) => void,
): Promise<{ read: number; pending: number }> {
  const now = deps.now();
  const videos = await deps.db.video.findMany({
    where: { channelId, youtubeId: { in: refreshed }, durationS: { gt: 0 } },
    select: { id: true, youtubeId: true, publishedAt: true },
  });
  const wanted = videos
    .map((video) => ({
      ...video,
      ageDays: video.publishedAt ? (now.getTime() - video.publishedAt.getTime()) / DAY_MS : 0,
      hasCurve: (stored.get(video.youtubeId)?.retentionPoints ?? 0) > 0,
    }))
    .filter(
      (video) => video.ageDays >= RETENTION_MIN_AGE_DAYS && (!video.hasCurve || video.ageDays < RETENTION_SETTLES_DAYS),
    )
    .sort((a, b) => Number(a.hasCurve) - Number(b.hasCurve) || a.ageDays - b.ageDays);
  const chosen = wanted.slice(0, RETENTION_PER_REFRESH);
  const curves: { videoId: number; points: RetentionRecord[] }[] = [];
  for (const video of chosen) {
    try {
      const points = await fetchRetention(session, video.youtubeId, {
        startDate: pacificDate(video.publishedAt ?? now),
        endDate: pacificDate(now),
      });
      if (points.length > 0) curves.push({ videoId: video.id, points });
    } catch (error) {
      if (!(error instanceof YouTubeApiError)) throw error;
      skip(`retention curve not read: ${error.message}`, 1);
    }
    progress('retention', curves.length, chosen.length);
  }
  // One write for all curves: they replace what was there, so a crash before it only loses this stage.
  await deps.db.$transaction([
    deps.db.retentionPoint.deleteMany({ where: { videoId: { in: curves.map((curve) => curve.videoId) } } }),
    deps.db.retentionPoint.createMany({
      data: curves.flatMap(({ videoId, points }) => points.map((point) => ({ videoId, ...point }))),
    }),
  ]);
  return { read: curves.length, pending: wanted.length - chosen.length };
}

async function refreshReach(
  deps: RefreshDeps,
  session: YouTubeSession,
  channel: { id: number; reportingJobId: string | null },
  skip: (reason: string, count: number) => void,
): Promise<ReachResult | null> {
  try {
    const jobId = await ensureReachJob(session, channel.reportingJobId);
    if (jobId !== channel.reportingJobId) {
      await deps.db.channel.update({ where: { id: channel.id }, data: { reportingJobId: jobId } });
    }
    return await downloadReachReports(deps.db, session, channel.id, jobId, deps.now());
  } catch (error) {
    if (!(error instanceof YouTubeApiError)) throw error;
    skip(`impressions and CTR not read (Reporting API: ${error.message})`, 1);
    return null;
  }
}
