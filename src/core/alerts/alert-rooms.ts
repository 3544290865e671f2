import type { DbClient } from '../videos/video-store.js';

/** Whether any room receives the channel's breakout alerts: its young videos are then re-read hourly. */
export async function watchedForAlerts(db: DbClient, channelId: number): Promise<boolean> {
  return (await db.alertRoom.count({ where: { channelId, enabled: true } })) > 0;
}
