import type { Db } from '../db/database.js';
import { type SaveReport, saveVideos } from '../videos/video-store.js';
import { generateDemoChannel } from './demo-channel.js';

export const DEMO_CHANNEL_NAME = 'demo';

export interface DemoSeedResult {
  channelId: number;
  created: boolean;
  videos: number;
  report: SaveReport | null;
}

/**
 * Makes sure the team has the demo channel. It is generated once, with its latest reading at `endDate` (the
 * moment it is seeded, so a fresh demo looks live), and then kept, so its numbers do not shift under the
 * user; `reset` rebuilds it from scratch, as of the new `endDate`.
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
      const team = await tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { defaultChannelId: true } });
      if (existing) await tx.channel.delete({ where: { id: existing.id } });
      const channel = await tx.channel.create({
        data: {
          // A rebuilt demo keeps its place: the team's default stays the demo if it was (chosen or first added).
          createdAt: existing?.createdAt,
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
      if (existing && team.defaultChannelId === existing.id) {
        await tx.team.update({ where: { id: teamId }, data: { defaultChannelId: channel.id } });
      }
      const report = await saveVideos(tx, channel.id, demo.videos, options.endDate);
      return { channelId: channel.id, created: true, videos: demo.videos.length, report };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
