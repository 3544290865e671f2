import type { AnalyticsVideo } from '../analytics/analytics-video.js';
import { mean, median } from './summary-statistics.js';

/** What the overview needs of a video; null means unknown. */
export type OverviewVideo = Pick<
  AnalyticsVideo,
  'id' | 'title' | 'publishedAt' | 'isShort' | 'views' | 'likes' | 'comments' | 'shares' | 'avgViewPct'
>;

export interface ChannelOverview {
  videoCount: number;
  shorts: number;
  longForm: number;
  firstPublishedAt: Date | null;
  lastPublishedAt: Date | null;
  /** Videos whose view count is known; the view figures below are over these. */
  videosWithViews: number;
  medianViews: number | null;
  meanViews: number | null;
  totalViews: number | null;
  totalLikes: number | null;
  videosWithLikes: number;
  engagement: EngagementRate;
  /** Mean of the videos' average percentage viewed, over the videos where YouTube reports it. */
  meanAvgViewPct: number | null;
  videosWithAvgViewPct: number;
}

export interface EngagementRate {
  /** (likes + comments + shares) ÷ views, summed over `videos`; null when no video qualifies. */
  rate: number | null;
  videos: number;
  /** Which interactions the data had; a part unknown for every video is left out rather than counted as 0. */
  parts: ('likes' | 'comments' | 'shares')[];
}

const interactionParts = ['likes', 'comments', 'shares'] as const;

/** The honest, simple overview behind `/stats`. Pure: same videos in, same numbers out. */
export function channelOverview(videos: readonly OverviewVideo[]): ChannelOverview {
  const withViews = videos.filter((video): video is OverviewVideo & { views: number } => video.views !== null);
  const views = withViews.map((video) => video.views);
  const medianViews = median(views);
  const published = videos.flatMap((video) => (video.publishedAt ? [video.publishedAt.getTime()] : []));
  const likes = videos.flatMap((video) => (video.likes === null ? [] : [video.likes]));
  const viewPct = videos.flatMap((video) => (video.avgViewPct === null ? [] : [video.avgViewPct]));
  return {
    videoCount: videos.length,
    shorts: videos.filter((video) => video.isShort === true).length,
    longForm: videos.filter((video) => video.isShort === false).length,
    firstPublishedAt: published.length ? new Date(Math.min(...published)) : null,
    lastPublishedAt: published.length ? new Date(Math.max(...published)) : null,
    videosWithViews: withViews.length,
    medianViews,
    meanViews: mean(views),
    totalViews: views.length ? views.reduce((sum, value) => sum + value, 0) : null,
    totalLikes: likes.length ? likes.reduce((sum, value) => sum + value, 0) : null,
    videosWithLikes: likes.length,
    engagement: engagementRate(withViews),
    meanAvgViewPct: mean(viewPct),
    videosWithAvgViewPct: viewPct.length,
  };
}

/**
 * Counts a part only where the channel reports it at all, and a video only where every counted part is
 * known, so a hidden like count never reads as zero engagement.
 */
export function engagementRate(videos: readonly (OverviewVideo & { views: number })[]): EngagementRate {
  const parts = interactionParts.filter((part) => videos.some((video) => video[part] !== null));
  const counted = videos.filter((video) => video.views > 0 && parts.every((part) => video[part] !== null));
  if (parts.length === 0 || counted.length === 0) return { rate: null, videos: 0, parts };
  const interactions = counted.reduce(
    (sum, video) => sum + parts.reduce((acc, part) => acc + (video[part] ?? 0), 0),
    0,
  );
  const views = counted.reduce((sum, video) => sum + video.views, 0);
  return { rate: interactions / views, videos: counted.length, parts };
}
