import { checkChannelName } from '../channels/channel-name.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { VideoRecord } from '../videos/video-record.js';
import { saveVideos } from '../videos/video-store.js';
import { channelSession } from '../youtube/channel-session.js';
import { fetchChannelByHandle, fetchVideoBatch, listUploads } from '../youtube/data-api.js';
import { DATA_API_BATCH_SIZE } from '../youtube/quota-costs.js';
import { quotaStatus } from '../youtube/quota-ledger.js';
import { QuotaExhaustedError, ReconnectNeededError } from '../youtube/youtube-errors.js';

// Tracking a public competitor channel at minimal quota: handle → channel (1 unit) → uploads playlist, 50 a
// page → videos.list, 50 ids a call. Public data is read with one of the team's own connected channels' tokens.
// The competitor's videos are stored like any channel's, so every analysis works on them unchanged.

/** The newest uploads read per competitor: enough for its baseline and topics, at most 1 + 2·4 units. */
export const COMPETITOR_MAX_VIDEOS = 200;

export interface TrackedCompetitor {
  channelId: number;
  name: string;
  title: string;
  videos: number;
  unitsSpent: number;
}

export async function trackCompetitor(
  deps: { db: Db; config: Config; log: Logger; now: () => Date },
  teamId: number,
  handle: string,
): Promise<TrackedCompetitor> {
  const { db } = deps;
  const now = deps.now();
  const own = await db.channel.findFirst({
    where: { teamId, source: 'youtube', needsReconnect: false, refreshTokenEnc: { not: null } },
    orderBy: { id: 'asc' },
    select: { id: true, refreshTokenEnc: true, youtubeId: true },
  });
  if (!own?.refreshTokenEnc) {
    throw new UserError(
      'No YouTube connection',
      'Competitors are read from YouTube through one of this team’s connected channels, and it has none.',
      'Connect one with /connect (or `tubepilot auth youtube` on the bot’s machine).',
    );
  }
  const quota = await quotaStatus(db, deps.config, now);
  const session = channelSession(deps, { id: own.id, refreshTokenEnc: own.refreshTokenEnc }, quota.remaining);
  const name = `@${handle.replace(/^@/, '')}`;
  checkChannelName(name);
  try {
    const found = await fetchChannelByHandle(session, name);
    if (!found)
      throw new UserError(
        'Unknown handle',
        `YouTube has no channel ${name}.`,
        'Check the handle on the channel’s page.',
      );
    const ownIds = await db.channel.findMany({
      where: { teamId, source: { not: 'competitor' } },
      select: { youtubeId: true },
    });
    if (ownIds.some((channel) => channel.youtubeId === found.youtubeId)) {
      throw new UserError('That is your own channel', `${name} is one of this team’s channels, not a competitor.`);
    }
    const listing = await listUploads(session, found.uploadsPlaylistId, {
      known: new Set(),
      stopAtKnown: false,
      limit: COMPETITOR_MAX_VIDEOS,
    });
    const ids = listing.uploads.map((upload) => upload.videoId);
    const records: VideoRecord[] = [];
    for (let start = 0; start < ids.length; start += DATA_API_BATCH_SIZE) {
      records.push(...(await fetchVideoBatch(session, ids.slice(start, start + DATA_API_BATCH_SIZE), null)).records);
    }
    const stored = await db.$transaction(async (tx) => {
      const channel = await tx.channel.upsert({
        where: { teamId_youtubeId: { teamId, youtubeId: found.youtubeId } },
        create: {
          teamId,
          name,
          title: found.title,
          handle: found.handle,
          youtubeId: found.youtubeId,
          uploadsPlaylistId: found.uploadsPlaylistId,
          source: 'competitor',
          lastRefreshAt: now,
        },
        update: { title: found.title, lastRefreshAt: now },
        select: { id: true, name: true, title: true },
      });
      await saveVideos(tx, channel.id, records, now);
      return channel;
    });
    return {
      channelId: stored.id,
      name: stored.name,
      title: stored.title,
      videos: records.length,
      unitsSpent: session.unitsSpent,
    };
  } catch (error) {
    if (error instanceof QuotaExhaustedError) {
      throw new UserError(
        'YouTube quota used up',
        'Today’s YouTube Data API quota is spent, so the competitor could not be read; nothing was stored.',
        'Try again after midnight Pacific time.',
      );
    }
    if (error instanceof ReconnectNeededError) {
      throw new UserError(
        'YouTube access was revoked',
        'The connected channel’s access no longer works.',
        'Connect it again with /connect.',
      );
    }
    throw error;
  }
}
