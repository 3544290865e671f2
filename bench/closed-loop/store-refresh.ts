// The fast path's stand-in for a refresh through the YouTube client: the same videos re-read on the same days
// (refresh-plan.ts' own cadence and batches, a batch unchanged since its last read answered "not modified"), with
// the figures the fake YouTube and Analytics servers would return, written with saveVideos as refresh writes them.
// No HTTP, no OAuth, no reporting jobs. tests/integration/closed-loop-paths.test.ts shows TubePilot
// plans the same videos after it as after the real refresh.

import type { Db } from '../../src/core/db/database.js';
import type { VideoRecord } from '../../src/core/videos/video-record.js';
import { saveVideos } from '../../src/core/videos/video-store.js';
import { planBatches } from '../../src/core/youtube/refresh-plan.js';
import type { ChannelSimulator } from '../../tests/fakes/channel-simulator.js';
import { fakeVideosOf } from '../../tests/fakes/fake-youtube.js';

const DAY_MS = 86_400_000;
/** As refresh-channel.ts: velocity (which orders the batches) is read over the last 14 days of readings. */
const VELOCITY_WINDOW_DAYS = 14;

interface Read {
  at: Date;
  /** What the batch it was read in looked like (the fake's ETag is a hash of the same). */
  etag: string;
  readings: { at: Date; views: number }[];
}

export class StoreRefresher {
  private readonly read = new Map<string, Read>();

  constructor(
    private readonly db: Db,
    private readonly channelId: number,
    private readonly minAgeHours: number,
  ) {}

  async refresh(simulator: ChannelSimulator, now: Date): Promise<void> {
    const served = new Map(fakeVideosOf(simulator.videosAt(now, 'now')).map((video) => [video.id, video]));
    const records = new Map(simulator.videosAt(now, 'now').map((record) => [record.youtubeId, record]));
    const candidates = [...records.values()].map((record) => {
      const known = this.read.get(record.youtubeId);
      return {
        youtubeId: record.youtubeId,
        publishedAt: record.publishedAt,
        statsUpdatedAt: known?.at ?? null,
        viewsPerDay: known ? velocity(known, now) : null,
      };
    });
    const { batches } = planBatches(candidates, now, this.minAgeHours, Number.POSITIVE_INFINITY);
    const stampOnly: string[] = [];
    const written: VideoRecord[] = [];
    for (const ids of batches) {
      const etag = JSON.stringify(ids.map((id) => served.get(id)));
      if (ids.every((id) => this.read.get(id)?.etag === etag)) {
        stampOnly.push(...ids);
        for (const id of ids) (this.read.get(id) as Read).at = now;
        continue;
      }
      for (const id of ids) {
        const video = served.get(id);
        const record = records.get(id);
        if (!video || !record) continue;
        const { views, likes, comments, engagedViews, shares, avgViewPct, avgViewDurationS } = video;
        const { estimatedMinutesWatched, subscribersGained } = video;
        written.push({
          ...record,
          description: video.description,
          stats: {
            ...record.stats,
            ...{ engagedViews, shares, avgViewPct, avgViewDurationS, estimatedMinutesWatched, subscribersGained },
          },
          snapshots: [{ takenAt: now, views, engagedViews, likes, comments }],
        });
        const readings = [...(this.read.get(id)?.readings ?? []), { at: now, views }];
        this.read.set(id, { at: now, etag, readings });
      }
    }
    await this.db.$transaction(
      async (tx) => {
        await saveVideos(tx, this.channelId, written, now);
        const ids = [...stampOnly, ...written.map((record) => record.youtubeId)];
        await tx.video.updateMany({
          where: { channelId: this.channelId, youtubeId: { in: ids } },
          data: { statsUpdatedAt: now, unavailable: false },
        });
        await tx.channel.update({ where: { id: this.channelId }, data: { lastRefreshAt: now } });
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  }
}

/** Views a day between the first and last reading of the velocity window, as refresh computes it. */
function velocity(read: Read, now: Date): number | null {
  const recent = read.readings.filter(
    (reading) => reading.at.getTime() >= now.getTime() - VELOCITY_WINDOW_DAYS * DAY_MS,
  );
  const first = recent[0];
  const last = recent.at(-1);
  if (!first || !last) return null;
  const days = (last.at.getTime() - first.at.getTime()) / DAY_MS;
  return days > 0 ? (last.views - first.views) / days : null;
}
