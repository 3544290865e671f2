import {
  type AnalyticsVideo,
  type ChannelData,
  channelData,
  type RetentionSample,
  retentionCurve,
  type ViewSnapshot,
  viewSeries,
} from '../../src/core/analytics/analytics-video.js';
import { analyticsVideoFromRecord } from '../../src/core/analytics/from-video-record.js';
import { type DemoChannel, generateDemoChannel } from '../../src/core/demo/demo-channel.js';

/** What a test may give of a video: its readings and retention samples as plain lists, packed here. */
export type VideoFields = Partial<Omit<AnalyticsVideo, 'snapshots' | 'retention'>> & {
  id: string;
  snapshots?: readonly ViewSnapshot[];
  retention?: readonly RetentionSample[];
};

/** A video that knows nothing but what is given: every other figure unknown (null), no history. */
export function blankVideo({ snapshots = [], retention = [], ...fields }: VideoFields): AnalyticsVideo {
  return {
    title: '',
    description: null,
    tags: [],
    durationS: null,
    publishedAt: null,
    publishTimeKnown: true,
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
    ...fields,
    snapshots: viewSeries(snapshots),
    retention: retentionCurve(retention),
  };
}

/**
 * `videos` with the views read after `afterMs` multiplied by `factor` — of `target` only, or of every video when it
 * is null: what a prediction made before that moment must not see (videos left alone are the same objects).
 */
export function withViewsChangedAfter(
  videos: readonly AnalyticsVideo[],
  target: AnalyticsVideo | null,
  afterMs: number,
  factor: number,
): AnalyticsVideo[] {
  return videos.map((video) =>
    target === null || video === target
      ? {
          ...video,
          snapshots: {
            ...video.snapshots,
            views: video.snapshots.views.map((views, reading) =>
              (video.snapshots.atMs[reading] as number) > afterMs ? views * factor : views,
            ),
          },
        }
      : video,
  );
}

/** A generated or parsed video in the analytics engine's shape, as loadChannelData would return it. */
export const analyticsVideo = analyticsVideoFromRecord;

/** The demo channel for a seed and day, ready for the analytics engine, with its hidden truth. */
export function demoChannelData(seed: number, endDate: Date): { channel: ChannelData; demo: DemoChannel } {
  const demo = generateDemoChannel({ seed, endDate });
  return {
    channel: channelData(
      demo.timezone,
      demo.videos.map((record) => analyticsVideo(record)),
    ),
    demo,
  };
}
