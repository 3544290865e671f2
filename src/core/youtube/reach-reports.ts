import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { YouTubeSession } from './youtube-session.js';

// Impressions and thumbnail CTR exist only in the YouTube Reporting API's reach reports: a job is created
// once per channel, then YouTube writes one daily CSV per day, about 48 hours late. Each report is
// downloaded once (ReachReport) and added to the videos' running totals in the same transaction.

export const REACH_REPORT_TYPE = 'channel_reach_basic_a1';

const jobSchema = z.object({ id: z.string(), reportTypeId: z.string().nullish() });
const jobListSchema = z.object({ jobs: z.array(jobSchema).default([]) });
const reportListSchema = z.object({
  reports: z
    .array(
      z.object({ id: z.string(), createTime: z.string(), downloadUrl: z.string(), startTime: z.string().nullish() }),
    )
    .default([]),
  nextPageToken: z.string().nullish(),
});
const csvSchema = z.string();

export interface ReachDay {
  /** Impressions and CTR (0–1, as the report gives it) per video of one daily report. */
  videos: Map<string, { impressions: number; ctr: number }>;
}

/** Sums one report's rows per video (a report can split a video's day across traffic rows). */
export function parseReachCsv(text: string): ReachDay {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const videos = new Map<string, { impressions: number; ctr: number }>();
  for (const row of rows) {
    const videoId = row.video_id;
    const impressions = Number(row.video_thumbnail_impressions);
    const ctr = Number(row.video_thumbnail_impressions_ctr);
    if (!videoId || !Number.isFinite(impressions) || !Number.isFinite(ctr)) continue;
    const before = videos.get(videoId) ?? { impressions: 0, ctr: 0 };
    const total = before.impressions + impressions;
    videos.set(videoId, {
      impressions: total,
      ctr: total === 0 ? 0 : (before.impressions * before.ctr + impressions * ctr) / total,
    });
  }
  return { videos };
}

/** The channel's reach-report job id: the stored one, an existing one of the right type, or a new one. */
export async function ensureReachJob(session: YouTubeSession, storedJobId: string | null): Promise<string> {
  if (storedJobId) return storedJobId;
  const url = new URL('v1/jobs', session.reportingRoot).href;
  const { data } = await session.call('reporting', 'jobs.list', jobListSchema, (options) =>
    session.oauth.request({ url, method: 'GET', ...options }),
  );
  const existing = data?.jobs.find((job) => job.reportTypeId === REACH_REPORT_TYPE);
  if (existing) return existing.id;
  const created = await session.call('reporting', 'jobs.create', jobSchema, (options) =>
    session.oauth.request({
      url,
      method: 'POST',
      data: { reportTypeId: REACH_REPORT_TYPE, name: 'TubePilot reach' },
      ...options,
    }),
  );
  if (!created.data) throw new Error('jobs.create answered without a job');
  return created.data.id;
}

export interface ReachResult {
  reportsDownloaded: number;
  videosUpdated: number;
  /** Start of the newest day covered, if any report was read. */
  newestDay: Date | null;
}

/** Downloads every report of the job not downloaded before and adds it to the stored videos. */
export async function downloadReachReports(
  db: Db,
  session: YouTubeSession,
  channelId: number,
  jobId: string,
  now: Date,
): Promise<ReachResult> {
  const seen = new Set(
    (await db.reachReport.findMany({ where: { channelId }, select: { id: true } })).map((report) => report.id),
  );
  const result: ReachResult = { reportsDownloaded: 0, videosUpdated: 0, newestDay: null };
  let pageToken: string | undefined;
  do {
    const url = new URL(`v1/jobs/${encodeURIComponent(jobId)}/reports`, session.reportingRoot);
    if (pageToken) url.searchParams.set('pageToken', pageToken);
    const { data } = await session.call('reporting', 'reports.list', reportListSchema, (options) =>
      session.oauth.request({ url: url.href, method: 'GET', ...options }),
    );
    const fresh = (data?.reports ?? []).filter((report) => !seen.has(storedId(channelId, report.id)));
    for (const report of fresh.sort((a, b) => a.createTime.localeCompare(b.createTime))) {
      // downloadUrl is absolute; keep its path but send it to the configured root.
      const download = new URL(report.downloadUrl);
      const mediaUrl = new URL(`${download.pathname.slice(1)}${download.search}`, session.reportingRoot).href;
      const csv = await session.call('reporting', 'media.download', csvSchema, (options) =>
        session.oauth.request({ url: mediaUrl, method: 'GET', responseType: 'text', ...options }),
      );
      const day = parseReachCsv(csv.data ?? '');
      result.videosUpdated += await applyReachDay(db, channelId, report, day, now);
      result.reportsDownloaded++;
      const start = report.startTime ? new Date(report.startTime) : null;
      if (start && (result.newestDay === null || start > result.newestDay)) result.newestDay = start;
    }
    pageToken = data?.nextPageToken ?? undefined;
  } while (pageToken);
  return result;
}

async function applyReachDay(
  db: Db,
  channelId: number,
  report: { id: string; createTime: string },
  day: ReachDay,
  now: Date,
): Promise<number> {
  return db.$transaction(async (tx) => {
    const videos = await tx.video.findMany({
      where: { channelId, youtubeId: { in: [...day.videos.keys()] } },
      select: { id: true, youtubeId: true, impressions: true, ctr: true },
    });
    for (const video of videos) {
      const add = day.videos.get(video.youtubeId);
      if (!add) continue;
      const before = Number(video.impressions ?? 0);
      const beforeCtr = video.ctr ?? 0; // stored as percent
      const total = before + add.impressions;
      const ctr = total === 0 ? 0 : (before * beforeCtr + add.impressions * add.ctr * 100) / total;
      await tx.video.update({
        where: { id: video.id },
        data: { impressions: BigInt(Math.round(total)), ctr, reachUpdatedAt: now },
      });
    }
    await tx.reachReport.create({
      data: { id: storedId(channelId, report.id), channelId, createTime: new Date(report.createTime) },
    });
    return videos.length;
  });
}

/** Report ids are YouTube's; two teams may connect the same YouTube channel, so ours carry the channel. */
function storedId(channelId: number, reportId: string): string {
  return `${channelId}:${reportId}`;
}
