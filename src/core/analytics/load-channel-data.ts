import type { DbClient } from '../videos/video-store.js';
import { letRequestsIn } from '../work-queue.js';
import type { AnalyticsVideo, ChannelData } from './analytics-video.js';

const toNumber = (value: bigint | null) => (value === null ? null : Number(value));

/**
 * Reads a channel into the plain shape the analytics engine works on: three queries (videos, snapshots,
 * retention) however many videos there are. Unavailable videos keep their history but are left out.
 */
export async function loadChannelData(db: DbClient, channelId: number): Promise<ChannelData> {
  await letRequestsIn();
  const channel = await db.channel.findUniqueOrThrow({ where: { id: channelId }, select: { timezone: true } });
  const rows = await db.video.findMany({
    where: { channelId, unavailable: false },
    orderBy: [{ publishedAt: 'asc' }, { id: 'asc' }],
  });
  const videoIds = rows.map((row) => row.id);
  const [snapshots, retention] = await Promise.all([
    db.videoSnapshot.findMany({
      where: { video: { channelId, unavailable: false } },
      orderBy: [{ videoId: 'asc' }, { takenAt: 'asc' }],
      select: { videoId: true, takenAt: true, views: true, engagedViews: true },
    }),
    db.retentionPoint.findMany({
      where: { video: { channelId, unavailable: false } },
      orderBy: [{ videoId: 'asc' }, { elapsedRatio: 'asc' }],
      select: { videoId: true, elapsedRatio: true, watchRatio: true },
    }),
  ]);
  const byVideo = new Map<number, AnalyticsVideo>();
  for (const row of rows) {
    byVideo.set(row.id, {
      id: row.youtubeId,
      title: row.title,
      description: row.description,
      tags: row.tags,
      durationS: row.durationS,
      publishedAt: row.publishedAt,
      isShort: row.isShort,
      hookLine: row.hookLine,
      views: toNumber(row.views),
      engagedViews: toNumber(row.engagedViews),
      likes: row.likes,
      comments: row.comments,
      shares: row.shares,
      avgViewPct: row.avgViewPct,
      avgViewDurationS: row.avgViewDurationS,
      impressions: toNumber(row.impressions),
      ctr: row.ctr,
      statsAt: row.statsUpdatedAt,
      snapshots: [],
      retention: [],
    });
  }
  for (const snapshot of snapshots) {
    byVideo.get(snapshot.videoId)?.snapshots.push({
      at: snapshot.takenAt,
      views: Number(snapshot.views),
      engagedViews: toNumber(snapshot.engagedViews),
    });
  }
  for (const point of retention) {
    byVideo.get(point.videoId)?.retention.push({ ratio: point.elapsedRatio, watchRatio: point.watchRatio });
  }
  return { timezone: channel.timezone, videos: videoIds.map((id) => byVideo.get(id) as AnalyticsVideo) };
}
