import type { VideoMetadata, VideoStats } from '../videos/video-record.js';

// What the analytics engine knows of a video: plain numbers and dates, no database types. Every function
// in src/core/analytics is pure over these. `null` means unknown, never zero.

export interface ViewSnapshot {
  at: Date;
  views: number;
  /** Engaged views where the source has them (YouTube Analytics); null otherwise. */
  engagedViews: number | null;
}

export interface RetentionSample {
  /** elapsedVideoTimeRatio, 0.01 … 1. */
  ratio: number;
  /** audienceWatchRatio; can exceed 1 where viewers rewatch. */
  watchRatio: number;
}

/** The latest figures the engine uses: those of VideoStats (null = unknown) but watch time and subscribers. */
type AnalyticsStats = Omit<VideoStats, 'estimatedMinutesWatched' | 'subscribersGained'>;

export interface AnalyticsVideo extends VideoMetadata, AnalyticsStats {
  /** YouTube video id. */
  id: string;
  /** The spoken first line where known (scripts, demo); hook style falls back to the title. */
  hookLine: string | null;
  /** When `views` was read; the video's age is measured to this moment. */
  statsAt: Date | null;
  /** Oldest first. */
  snapshots: ViewSnapshot[];
  /** Sorted by ratio; empty when unknown. */
  retention: RetentionSample[];
}

export interface ChannelData {
  /** IANA timezone of the channel's audience, for posting-time patterns. */
  timezone: string;
  videos: AnalyticsVideo[];
}

/** How much a figure can be trusted, from its sample size and interval width. */
export type Confidence = 'high' | 'medium' | 'low' | 'insufficient';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Age in days of a video at `at`; null when its publish time is unknown. */
export function ageInDays(video: Pick<AnalyticsVideo, 'publishedAt'>, at: Date): number | null {
  return video.publishedAt === null ? null : (at.getTime() - video.publishedAt.getTime()) / DAY_MS;
}
