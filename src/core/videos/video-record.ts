// The normalised shape every source of videos produces (demo generator, CSV import, and later the
// YouTube client) before it is written to the database. `null` always means "unknown", never zero.

export interface VideoStats {
  views: number | null;
  engagedViews: number | null;
  likes: number | null;
  comments: number | null;
  shares: number | null;
  /** Average percentage viewed, 0–100 (can exceed 100 for looping Shorts). */
  avgViewPct: number | null;
  avgViewDurationS: number | null;
  estimatedMinutesWatched: number | null;
  subscribersGained: number | null;
  impressions: number | null;
  /** Impressions click-through rate, percent 0–100. */
  ctr: number | null;
}

export interface SnapshotRecord {
  takenAt: Date;
  views: number;
  engagedViews: number | null;
  likes: number | null;
  comments: number | null;
}

export interface RetentionRecord {
  /** elapsedVideoTimeRatio, 0.01 … 1. */
  elapsedRatio: number;
  /** audienceWatchRatio; above 1 when viewers rewatch. */
  watchRatio: number;
  relativePerformance: number | null;
}

/** What a video is, as opposed to how it performs; shared by every shape a video takes in core. */
export interface VideoMetadata {
  title: string;
  description: string | null;
  tags: string[];
  durationS: number | null;
  publishedAt: Date | null;
  /**
   * False when the source gave the publish day without a time of day (YouTube Studio exports): `publishedAt` is
   * then that day's 00:00 UTC, good for ages in days but not for posting-time analyses, which leave the video out.
   */
  publishTimeKnown: boolean;
  isShort: boolean | null;
}

export interface VideoRecord extends VideoMetadata {
  youtubeId: string;
  topic: string | null;
  hookLine: string | null;
  /** The latest known figures. */
  stats: VideoStats;
  /** When `stats` were read; null: at the moment they are saved. */
  statsAt: Date | null;
  /** Oldest first; may be empty. */
  snapshots: SnapshotRecord[];
  /** Sorted by elapsedRatio; may be empty. */
  retention: RetentionRecord[];
}

/** YouTube's Shorts limit since 2024-10-15: up to 180 s. Without the aspect ratio this is a best guess. */
export const SHORTS_MAX_DURATION_S = 180;

export function isShortByDuration(durationS: number | null): boolean | null {
  return durationS === null ? null : durationS > 0 && durationS <= SHORTS_MAX_DURATION_S;
}

export function emptyStats(): VideoStats {
  return {
    views: null,
    engagedViews: null,
    likes: null,
    comments: null,
    shares: null,
    avgViewPct: null,
    avgViewDurationS: null,
    estimatedMinutesWatched: null,
    subscribersGained: null,
    impressions: null,
    ctr: null,
  };
}
