import type { Db } from '../db/database.js';
import { type SaveReport, saveVideos } from '../videos/video-store.js';
import { generateDemoChannel } from './demo-channel.js';

export const DEMO_CHANNEL_NAME = 'demo';

/** The demo ends at the start of the current UTC day, so it looks current yet is the same all day. */
export function demoEndDate(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export interface DemoSeedResult {
  channelId: number;
  created: boolean;
  videos: number;
  report: SaveReport | null;
}

/**
 * Makes sure the team has the demo channel. It is generated once (for `endDate`, usually today) and then
 * kept, so its numbers do not shift under the user; `reset` rebuilds it from scratch.
 */
export async function ensureDemoChannel(
  db: Db,
  teamId: number,
  options: { seed: number; endDate: Date; reset?: boolean },
): Promise<DemoSeedResult> {
  const existing = await db.channel.findUnique({ where: { teamId_name: { teamId, name: DEMO_CHANNEL_NAME } } });
  if (existing && !options.reset) {
    return {
      channelId: existing.id,
      created: false,
      videos: await db.video.count({ where: { channelId: existing.id } }),
      report: null,
    };
  }
  const demo = generateDemoChannel({ seed: options.seed, endDate: options.endDate });
  return db.$transaction(
    async (tx) => {
      if (existing) await tx.channel.delete({ where: { id: existing.id } });
      const channel = await tx.channel.create({
        data: {
          teamId,
          name: DEMO_CHANNEL_NAME,
          title: demo.title,
          handle: demo.handle,
          theme: demo.theme,
          style: demo.style,
          timezone: demo.timezone,
          source: 'demo',
        },
      });
      const report = await saveVideos(tx, channel.id, demo.videos, options.endDate);
      return { channelId: channel.id, created: true, videos: demo.videos.length, report };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
