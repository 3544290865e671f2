import type { AnalyticsVideo, ChannelData } from '../../src/core/analytics/analytics-video.js';
import { type DemoChannel, generateDemoChannel } from '../../src/core/demo/demo-channel.js';
import type { VideoRecord } from '../../src/core/videos/video-record.js';

/** A generated or parsed video in the analytics engine's shape, as loadChannelData would return it. */
export function analyticsVideo(record: VideoRecord, statsAt: Date | null = record.statsAt): AnalyticsVideo {
  return {
    id: record.youtubeId,
    title: record.title,
    description: record.description,
    tags: record.tags,
    durationS: record.durationS,
    publishedAt: record.publishedAt,
    isShort: record.isShort,
    hookLine: record.hookLine,
    views: record.stats.views,
    engagedViews: record.stats.engagedViews,
    likes: record.stats.likes,
    comments: record.stats.comments,
    shares: record.stats.shares,
    avgViewPct: record.stats.avgViewPct,
    avgViewDurationS: record.stats.avgViewDurationS,
    impressions: record.stats.impressions,
    ctr: record.stats.ctr,
    statsAt,
    snapshots: record.snapshots.map((snapshot) => ({
      at: snapshot.takenAt,
      views: snapshot.views,
      engagedViews: snapshot.engagedViews,
    })),
    retention: record.retention.map((point) => ({ ratio: point.elapsedRatio, watchRatio: point.watchRatio })),
  };
}

/** The demo channel for a seed and day, ready for the analytics engine, with its hidden truth. */
export function demoChannelData(seed: number, endDate: Date): { channel: ChannelData; demo: DemoChannel } {
  const demo = generateDemoChannel({ seed, endDate });
  return { channel: { timezone: demo.timezone, videos: demo.videos.map((record) => analyticsVideo(record)) }, demo };
}
