import type { AnalyticsVideo, ChannelData } from '../../src/core/analytics/analytics-video.js';
import { type DemoChannel, generateDemoChannel } from '../../src/core/demo/demo-channel.js';
import type { VideoRecord } from '../../src/core/videos/video-record.js';

/** A video that knows nothing but what is given: every other figure unknown (null), no history. */
export function blankVideo(fields: Partial<AnalyticsVideo> & { id: string }): AnalyticsVideo {
  return {
    title: '',
    description: null,
    tags: [],
    durationS: null,
    publishedAt: null,
    isShort: null,
    hookLine: null,
    views: null,
    engagedViews: null,
    likes: null,
    comments: null,
    shares: null,
    avgViewPct: null,
    avgViewDurationS: null,
    impressions: null,
    ctr: null,
    statsAt: null,
    snapshots: [],
    retention: [],
    ...fields,
  };
}

/** A generated or parsed video in the analytics engine's shape, as loadChannelData would return it. */
export function analyticsVideo(record: VideoRecord, statsAt: Date | null = record.statsAt): AnalyticsVideo {
  const { stats } = record;
  return {
    id: record.youtubeId,
    title: record.title,
    description: record.description,
    tags: record.tags,
    durationS: record.durationS,
    publishedAt: record.publishedAt,
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
