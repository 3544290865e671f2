import { z } from 'zod';
import { emptyStats, type VideoRecord } from '../videos/video-record.js';
import { parseIsoDuration } from './iso-duration.js';
import { DATA_API_BATCH_SIZE } from './quota-costs.js';
import { classifyShort } from './shorts.js';
import type { YouTubeSession } from './youtube-session.js';

// Data API v3 reads, the cheap way: channels.list → the uploads playlist (50 a page) → videos.list (50 ids a
// call). Never search.list. Counts arrive as strings and are parsed here.

const count = z.union([z.string(), z.number()]).transform(Number).pipe(z.number().finite()).nullish();

const channelListSchema = z.object({
  items: z
    .array(
      z.object({
        id: z.string(),
        snippet: z.object({ title: z.string(), customUrl: z.string().nullish() }).nullish(),
        contentDetails: z.object({ relatedPlaylists: z.object({ uploads: z.string() }) }),
      }),
    )
    .default([]),
});

const playlistPageSchema = z.object({
  nextPageToken: z.string().nullish(),
  items: z
    .array(z.object({ contentDetails: z.object({ videoId: z.string(), videoPublishedAt: z.string().nullish() }) }))
    .default([]),
});

const videoItemSchema = z.object({
  id: z.string(),
  etag: z.string().nullish(),
  snippet: z
    .object({
      title: z.string(),
      description: z.string().nullish(),
      tags: z.array(z.string()).nullish(),
      publishedAt: z.string().nullish(),
    })
    .nullish(),
  statistics: z.object({ viewCount: count, likeCount: count, commentCount: count }).nullish(),
  contentDetails: z.object({ duration: z.string().nullish() }).nullish(),
  player: z.object({ embedWidth: count, embedHeight: count }).nullish(),
});

const videoListSchema = z.object({ items: z.array(videoItemSchema).default([]) });

export interface OwnChannel {
  youtubeId: string;
  title: string;
  handle: string | null;
  uploadsPlaylistId: string;
}

/** The authorised user's own channel (1 unit). */
export async function fetchOwnChannel(session: YouTubeSession): Promise<OwnChannel | null> {
  return fetchChannel(session, { mine: true });
}

/** A public channel by its handle, "@name" or "name" (1 unit); null when there is none. */
export async function fetchChannelByHandle(session: YouTubeSession, handle: string): Promise<OwnChannel | null> {
  return fetchChannel(session, { forHandle: handle.startsWith('@') ? handle : `@${handle}` });
}

async function fetchChannel(
  session: YouTubeSession,
  which: { mine: true } | { forHandle: string },
): Promise<OwnChannel | null> {
  const { data } = await session.call('data', 'channels.list', channelListSchema, (options) =>
    session.data.channels.list({ part: ['snippet', 'contentDetails'], ...which }, options),
  );
  const item = data?.items[0];
  if (!item) return null;
  return {
    youtubeId: item.id,
    title: item.snippet?.title ?? item.id,
    handle: item.snippet?.customUrl ?? null,
    uploadsPlaylistId: item.contentDetails.relatedPlaylists.uploads,
  };
}

export interface ListedUpload {
  videoId: string;
  publishedAt: Date | null;
}

export interface UploadListing {
  /** Newest first, as the playlist gives them. */
  uploads: ListedUpload[];
  /** Every page was read (not stopped early at known videos or by the budget). */
  complete: boolean;
}

/**
 * Pages through the uploads playlist (1 unit a page). With `stopAtKnown` it stops after the first page whose
 * videos are all known: the playlist is newest first, so later pages hold nothing new.
 */
export async function listUploads(
  session: YouTubeSession,
  playlistId: string,
  options: { known: ReadonlySet<string>; stopAtKnown: boolean; onPage?: (pages: number) => void; limit?: number },
): Promise<UploadListing> {
  const uploads: ListedUpload[] = [];
  let pageToken: string | undefined;
  let pages = 0;
  do {
    if (!session.canAfford('playlistItems.list')) return { uploads, complete: false };
    const token = pageToken;
    const { data } = await session.call('data', 'playlistItems.list', playlistPageSchema, (callOptions) =>
      session.data.playlistItems.list(
        { part: ['contentDetails'], playlistId, maxResults: DATA_API_BATCH_SIZE, pageToken: token },
        callOptions,
      ),
    );
    const page = (data?.items ?? []).map(({ contentDetails }) => ({
      videoId: contentDetails.videoId,
      publishedAt: dateOrNull(contentDetails.videoPublishedAt),
    }));
    uploads.push(...page);
    options.onPage?.(++pages);
    pageToken = data?.nextPageToken ?? undefined;
    if (options.limit !== undefined && uploads.length >= options.limit) {
      return { uploads: uploads.slice(0, options.limit), complete: !pageToken };
    }
    if (options.stopAtKnown && pageToken && page.every((upload) => options.known.has(upload.videoId))) {
      return { uploads, complete: false };
    }
  } while (pageToken);
  return { uploads, complete: true };
}

export interface VideoBatch {
  /** 304: nothing in the batch changed since `etag`. */
  notModified: boolean;
  records: VideoRecord[];
  /** Asked for but not returned: deleted, made private, or never existed. */
  missing: string[];
  etag: string | null;
}

/** Details and counts of ≤ 50 videos in one call (1 unit), conditional on `etag` when given. */
export async function fetchVideoBatch(
  session: YouTubeSession,
  ids: readonly string[],
  etag: string | null,
): Promise<VideoBatch> {
  const result = await session.call('data', 'videos.list', videoListSchema, (options) =>
    session.data.videos.list(
      { part: ['snippet', 'statistics', 'contentDetails', 'player'], id: [...ids], maxHeight: 1080 },
      { ...options, ...(etag && { headers: { 'If-None-Match': etag } }) },
    ),
  );
  if (result.data === null) return { notModified: true, records: [], missing: [], etag: result.etag ?? etag };
  const records = result.data.items.map(videoRecordOf);
  const returned = new Set(records.map((record) => record.youtubeId));
  return { notModified: false, records, missing: ids.filter((id) => !returned.has(id)), etag: result.etag };
}

function videoRecordOf(item: z.infer<typeof videoItemSchema>): VideoRecord {
  const durationS = parseIsoDuration(item.contentDetails?.duration);
  const width = item.player?.embedWidth;
  const height = item.player?.embedHeight;
  return {
    youtubeId: item.id,
    title: item.snippet?.title ?? item.id,
    description: item.snippet?.description ?? null,
    tags: item.snippet?.tags ?? [],
    durationS,
    publishedAt: dateOrNull(item.snippet?.publishedAt),
    publishTimeKnown: true,
    isShort: classifyShort(durationS, width && height ? { width, height } : null),
    topic: null,
    hookLine: null,
    stats: {
      ...emptyStats(),
      views: item.statistics?.viewCount ?? null,
      likes: item.statistics?.likeCount ?? null,
      comments: item.statistics?.commentCount ?? null,
    },
    statsAt: null,
    snapshots: [],
    retention: [],
  };
}

function dateOrNull(text: string | null | undefined): Date | null {
  const date = text ? new Date(text) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}
