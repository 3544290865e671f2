import type { VideoRecord } from '../videos/video-record.js';
import { type AnalyticsVideo, retentionCurve, viewSeries } from './analytics-video.js';

/**
 * A video as a source produces it (demo generator, CSV parser) in the analytics engine's shape, as it reads
 * once stored and loaded — for analysing data before or without a database.
 */
export function analyticsVideoFromRecord(record: VideoRecord, statsAt: Date | null = record.statsAt): AnalyticsVideo {
  const { stats } = record;
  return {
    id: record.youtubeId,
    title: record.title,
    description: record.description,
    tags: record.tags,
    durationS: record.durationS,
    publishedAt: record.publishedAt,
    publishTimeKnown: record.publishTimeKnown,
    isShort: record.isShort,
    hookLine: record.hookLine,
    views: stats.views,
    engagedViews: stats.engagedViews,
    likes: stats.likes,
    comments: stats.comments,
    shares: stats.shares,
    avgViewPct: stats.avgViewPct,
    avgViewDurationS: stats.avgViewDurationS,
    impressions: stats.impressions,
    ctr: stats.ctr,
    statsAt,
    snapshots: viewSeries(
      record.snapshots.map((snapshot) => ({
        at: snapshot.takenAt,
        views: snapshot.views,
        engagedViews: snapshot.engagedViews,
      })),
    ),
    retention: retentionCurve(
      record.retention.map((point) => ({ ratio: point.elapsedRatio, watchRatio: point.watchRatio })),
    ),
  };
}
