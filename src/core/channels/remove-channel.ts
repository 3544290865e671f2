import type { Db } from '../db/database.js';

/** What removing a channel deletes, counted so the confirmation can say it before anything is gone. */
export interface ChannelContents {
  videos: number;
  snapshots: number;
  retentionPoints: number;
  predictions: number;
  scripts: number;
  strategies: number;
  insights: number;
  experiments: number;
  digestRooms: number;
  threads: number;
  webhooks: number;
}

export async function channelContents(db: Db, channelId: number): Promise<ChannelContents> {
  const ofChannel = { where: { channelId } };
  const ofVideos = { where: { video: { channelId } } };
  const [videos, snapshots, retentionPoints, predictions, scripts, strategies, insights, experiments] =
    await Promise.all([
      db.video.count(ofChannel),
      db.videoSnapshot.count(ofVideos),
      db.retentionPoint.count(ofVideos),
      db.prediction.count(ofChannel),
      db.generatedScript.count(ofChannel),
      db.contentStrategy.count(ofChannel),
      db.channelInsight.count(ofChannel),
      db.experiment.count(ofChannel),
    ]);
  const [digestRooms, threads, webhooks] = await Promise.all([
    db.roomBinding.count(ofChannel),
    db.conversationThread.count(ofChannel),
    db.webhook.count(ofChannel),
  ]);
  return {
    videos,
    snapshots,
    retentionPoints,
    predictions,
    scripts,
    strategies,
    insights,
    experiments,
    digestRooms,
    threads,
    webhooks,
  };
}

/**
 * Deletes one of a team's channels with everything recorded about it (the schema cascades from the channel
 * row). The quota and LLM ledgers keep their rows, without the channel: they count what was spent, which
 * stays spent. Returns whether the channel was there; another team's channel is never touched.
 */
export async function removeChannel(db: Db, teamId: number, channelId: number): Promise<boolean> {
  const { count } = await db.channel.deleteMany({ where: { id: channelId, teamId } });
  return count > 0;
}
