import type { VideoMetadata, VideoStats } from '../videos/video-record.js';

// What the analytics engine knows of a video: plain numbers and dates, no database types. Every function
// in src/core/analytics is pure over these. `null` means unknown, never zero.

/** One reading of a video's view counts, as a source or a test writes it; `viewSeries` packs a list of them. */
export interface ViewSnapshot {
  at: Date;
  views: number;
  /** Engaged views where the source has them (YouTube Analytics); null otherwise. */
  engagedViews: number | null;
}

/**
 * A video's view readings as parallel columns: reading i was taken at `atMs[i]` (epoch ms) and counted `views[i]`
 * and `engagedViews[i]` (NaN where unknown). Columns instead of an object per reading: a channel of 10,000 videos
 * has some 300,000 readings, and every analysis reads each of them more than once.
 */
export interface ViewSeries {
  readonly atMs: Float64Array;
  readonly views: Float64Array;
  readonly engagedViews: Float64Array;
}

export function viewSeries(snapshots: readonly ViewSnapshot[]): ViewSeries {
  return {
    atMs: Float64Array.from(snapshots, (snapshot) => snapshot.at.getTime()),
    views: Float64Array.from(snapshots, (snapshot) => snapshot.views),
    engagedViews: Float64Array.from(snapshots, (snapshot) => snapshot.engagedViews ?? Number.NaN),
  };
}

/** The readings taken at or before `atMs`, in their order. */
export function viewSeriesUntil(series: ViewSeries, atMs: number): ViewSeries {
  const kept: number[] = [];
  for (let reading = 0; reading < series.atMs.length; reading++) {
    if ((series.atMs[reading] as number) <= atMs) kept.push(reading);
  }
  const column = (values: Float64Array) => Float64Array.from(kept, (reading) => values[reading] as number);
  return { atMs: column(series.atMs), views: column(series.views), engagedViews: column(series.engagedViews) };
}

export interface RetentionSample {
  /** elapsedVideoTimeRatio, 0.01 … 1. */
  ratio: number;
  /** audienceWatchRatio; can exceed 1 where viewers rewatch. */
  watchRatio: number;
}

/**
 * A retention curve as parallel columns: at `ratios[i]` of the video, `watchRatios[i]` of its viewers were still
 * watching. Columns for the same reason as ViewSeries: a channel's curves hold a hundred samples per video.
 */
export interface RetentionCurve {
  readonly ratios: Float64Array;
  readonly watchRatios: Float64Array;
}

export function retentionCurve(samples: readonly RetentionSample[]): RetentionCurve {
  return {
    ratios: Float64Array.from(samples, (sample) => sample.ratio),
    watchRatios: Float64Array.from(samples, (sample) => sample.watchRatio),
  };
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
  snapshots: ViewSeries;
  /** Sorted by ratio; empty when unknown. */
  retention: RetentionCurve;
}

export interface ChannelData {
  /** IANA timezone of the channel's audience, for posting-time patterns. */
  timezone: string;
  videos: AnalyticsVideo[];
  /**
   * The channel's latest stats reading (see `latestReading`): every figure of the channel is computed at this
   * moment, never at the wall clock, so the same data gives the same answer whenever it is asked. Null when no
   * video has a reading.
   */
  asOf: Date | null;
}

/** A channel's data with its as-of time: the one way ChannelData is built. */
export function channelData(timezone: string, videos: AnalyticsVideo[]): ChannelData {
  return { timezone, videos, asOf: latestReading(videos) };
}

/** The latest moment any video was read: its latest stats or its newest snapshot; null when there is none. */
export function latestReading(videos: readonly Pick<AnalyticsVideo, 'statsAt' | 'snapshots'>[]): Date | null {
  let latest = Number.NEGATIVE_INFINITY;
  for (const video of videos) {
    if (video.statsAt !== null) latest = Math.max(latest, video.statsAt.getTime());
    const readings = video.snapshots.atMs;
    // Oldest first: the last snapshot is the newest.
    if (readings.length > 0) latest = Math.max(latest, readings[readings.length - 1] as number);
  }
  return Number.isFinite(latest) ? new Date(latest) : null;
}

/**
 * The moment a channel's figures are computed at: its latest reading. A channel without any reading has no
 * figure that depends on time; its newest publish time (or the epoch, for no videos) stands in, so the answer
 * still depends on the data alone.
 */
export function figuresTime(channel: ChannelData): Date {
  if (channel.asOf !== null) return channel.asOf;
  let newest = 0;
  for (const video of channel.videos) newest = Math.max(newest, video.publishedAt?.getTime() ?? 0);
  return new Date(newest);
}

/** How much a figure can be trusted, from its sample size and interval width. */
export type Confidence = 'high' | 'medium' | 'low' | 'insufficient';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Age in days of a video at `at`; null when its publish time is unknown. */
export function ageInDays(video: Pick<AnalyticsVideo, 'publishedAt'>, at: Date): number | null {
  return video.publishedAt === null ? null : (at.getTime() - video.publishedAt.getTime()) / DAY_MS;
}
