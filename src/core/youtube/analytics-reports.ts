import { z } from 'zod';
import type { RetentionRecord, VideoStats } from '../videos/video-record.js';
import type { YouTubeSession } from './youtube-session.js';

// Analytics API v2 reads. Per-video totals come batched (dimensions=video, filters=video==a,b,…); the
// retention curve allows exactly one video per query. Columns are mapped by header name, and a missing
// `rows` means "no data yet", not an error.

const tableSchema = z.object({
  columnHeaders: z.array(z.object({ name: z.string() })).default([]),
  rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))).optional(),
});

type Table = z.infer<typeof tableSchema>;

const VIDEO_METRICS = [
  'views',
  'engagedViews',
  'estimatedMinutesWatched',
  'averageViewDuration',
  'averageViewPercentage',
  'likes',
  'comments',
  'shares',
  'subscribersGained',
] as const;

/** The Analytics figures a VideoRecord keeps; views and likes come fresher from the Data API. */
export type AnalyticsStats = Pick<
  VideoStats,
  'engagedViews' | 'shares' | 'avgViewPct' | 'avgViewDurationS' | 'estimatedMinutesWatched' | 'subscribersGained'
>;

/** Table rows as objects keyed by column name, whatever order the columns came in. */
export function rowsByName(table: Table): Record<string, string | number | null>[] {
  const names = table.columnHeaders.map((header) => header.name);
  return (table.rows ?? []).map((row) => Object.fromEntries(names.map((name, index) => [name, row[index] ?? null])));
}

function numberOrNull(value: string | number | null | undefined): number | null {
  const parsed = typeof value === 'string' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : null;
}

/** Lifetime totals (startDate..endDate) of up to 200 videos in one query; videos without data are absent. */
export async function fetchVideoMetrics(
  session: YouTubeSession,
  ids: readonly string[],
  range: { startDate: string; endDate: string },
): Promise<Map<string, AnalyticsStats>> {
  const { data } = await session.call('analytics', 'reports.query', tableSchema, (options) =>
    session.analytics.reports.query(
      {
        ids: 'channel==MINE',
        ...range,
        metrics: VIDEO_METRICS.join(','),
        dimensions: 'video',
        filters: `video==${ids.join(',')}`,
        maxResults: ids.length,
      },
      options,
    ),
  );
  const metrics = new Map<string, AnalyticsStats>();
  for (const row of data ? rowsByName(data) : []) {
    if (typeof row.video !== 'string') continue;
    metrics.set(row.video, {
      engagedViews: numberOrNull(row.engagedViews),
      shares: numberOrNull(row.shares),
      avgViewPct: numberOrNull(row.averageViewPercentage),
      avgViewDurationS: numberOrNull(row.averageViewDuration),
      estimatedMinutesWatched: numberOrNull(row.estimatedMinutesWatched),
      subscribersGained: numberOrNull(row.subscribersGained),
    });
  }
  return metrics;
}

/** The audience-retention curve of one video, sorted by elapsed ratio; empty when YouTube has none yet. */
export async function fetchRetention(
  session: YouTubeSession,
  videoId: string,
  range: { startDate: string; endDate: string },
): Promise<RetentionRecord[]> {
  const { data } = await session.call('analytics', 'reports.query', tableSchema, (options) =>
    session.analytics.reports.query(
      {
        ids: 'channel==MINE',
        ...range,
        metrics: 'audienceWatchRatio,relativeRetentionPerformance',
        dimensions: 'elapsedVideoTimeRatio',
        filters: `video==${videoId}`,
        sort: 'elapsedVideoTimeRatio',
      },
      options,
    ),
  );
  const points: RetentionRecord[] = [];
  for (const row of data ? rowsByName(data) : []) {
    const elapsedRatio = numberOrNull(row.elapsedVideoTimeRatio);
    const watchRatio = numberOrNull(row.audienceWatchRatio);
    if (elapsedRatio === null || watchRatio === null) continue;
    points.push({ elapsedRatio, watchRatio, relativePerformance: numberOrNull(row.relativeRetentionPerformance) });
  }
  return points.sort((a, b) => a.elapsedRatio - b.elapsedRatio);
}
