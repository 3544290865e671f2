import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateDemoChannel } from '../../src/core/demo/demo-channel.js';
import type { RetentionRecord, VideoRecord } from '../../src/core/videos/video-record.js';
import { formatIsoDuration } from '../../src/core/youtube/iso-duration.js';

// A fake YouTube on 127.0.0.1: Data API v3 (channels, playlistItems, videos), Analytics v2 reports,
// Reporting API (jobs, reports, media) and Google's OAuth authorize + token endpoints, all from one in-memory
// channel built by the demo generator. It charges Data API units by the official table, keeps every
// request it saw, and can be told to fail in the ways the real one does.

export interface FakeVideo {
  id: string;
  title: string;
  description: string;
  tags: string[];
  publishedAt: Date;
  durationS: number;
  width: number;
  height: number;
  views: number;
  likes: number;
  comments: number;
  engagedViews: number;
  shares: number;
  avgViewPct: number;
  avgViewDurationS: number;
  estimatedMinutesWatched: number;
  subscribersGained: number;
  retention: RetentionRecord[];
}

export type Fault =
  | { kind: 'status'; status: number; body?: unknown }
  | { kind: 'quotaExceeded' }
  | { kind: 'malformed' }
  | { kind: 'slow'; delayMs: number };

interface PendingFault {
  path: string;
  fault: Fault;
  times: number;
}

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  units: number;
  status: number;
}

export interface ReachRow {
  videoId: string;
  impressions: number;
  /** Fraction 0–1, as reach reports give it. */
  ctr: number;
}

const COSTS: Record<string, number> = {
  '/youtube/v3/channels': 1,
  '/youtube/v3/playlistItems': 1,
  '/youtube/v3/videos': 1,
  '/youtube/v3/search': 100,
};
const REACH_TYPE = 'channel_reach_basic_a1';
/** Analytics data lags about two days: younger videos have no rows. */
const ANALYTICS_LAG_MS = 2 * 86_400_000;

export class FakeYouTube {
  readonly clientId = 'fake-client.apps.googleusercontent.com';
  readonly clientSecret = 'fake-client-secret';
  readonly channel = {
    id: 'UCfakeKitchenScience0001',
    title: 'Demo: Kitchen Science Shorts',
    handle: '@kitchen-science',
    uploads: 'UUfakeKitchenScience0001',
  };
  /** Newest first, as the uploads playlist lists them. */
  videos: FakeVideo[];
  /** Other public channels (competitors), found by handle; their videos newest first. */
  publicChannels: { id: string; title: string; handle: string; uploads: string; videos: FakeVideo[] }[] = [];
  unitsSpent = 0;
  requests: SeenRequest[] = [];
  /** Units after which every Data API call answers 403 quotaExceeded (null: no limit). */
  quotaLimit: number | null = null;
  /** Consent: approve, or redirect back with error=access_denied. */
  consent: 'approve' | 'deny' = 'approve';
  private faults: PendingFault[] = [];
  private codes = new Map<string, string>(); // code → redirect_uri
  private refreshTokens = new Set<string>();
  private accessTokens = new Set<string>();
  private jobs: { id: string; reportTypeId: string; name: string; createTime: string }[] = [];
  private reports = new Map<string, { meta: Record<string, string>; csv: string }>();
  private server: Server;
  url = '';

  private constructor(videos: FakeVideo[]) {
    this.videos = videos;
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
  }

  static async start(options: { seed?: number; endDate?: Date; videoCount?: number } = {}): Promise<FakeYouTube> {
    const demo = generateDemoChannel({
      seed: options.seed ?? 7,
      endDate: options.endDate ?? new Date('2026-11-23T00:00:00Z'),
      videoCount: options.videoCount ?? 60,
    });
    const videos = fakeVideosOf(demo.videos);
    const fake = new FakeYouTube(videos);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/`;
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The environment that points TubePilot at this fake. */
  env(): Record<string, string> {
    return {
      YOUTUBE_CLIENT_ID: this.clientId,
      YOUTUBE_CLIENT_SECRET: this.clientSecret,
      YOUTUBE_API_ROOT_URL: this.url,
      GOOGLE_OAUTH_TOKEN_URL: `${this.url}token`,
      GOOGLE_OAUTH_AUTH_URL: `${this.url}authorize`,
    };
  }

  /** A refresh token as if the owner had consented, for tests that start from a connected channel. */
  issueRefreshToken(): string {
    const token = `1//fake-refresh-${randomBytes(8).toString('hex')}`;
    this.refreshTokens.add(token);
    return token;
  }

  /** The owner removed the app's access: every token stops working (invalid_grant / 401). */
  revokeAll(): void {
    this.refreshTokens.clear();
    this.accessTokens.clear();
  }

  /** Makes the next `times` requests whose path starts with `path` fail (or stall) as described. */
  inject(path: string, fault: Fault, times = 1): void {
    this.faults.push({ path, fault, times });
  }

  requestsTo(path: string): SeenRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  /** Lets time pass on the channel: every video gains views (young ones more). */
  grow(factor = 1.1): void {
    for (const video of this.videos) {
      video.views = Math.round(video.views * factor) + 1;
      video.engagedViews = Math.round(video.engagedViews * factor);
      video.likes = Math.round(video.likes * factor);
    }
  }

  addVideo(video: FakeVideo): void {
    this.videos.unshift(video);
  }

  removeVideo(id: string): void {
    this.videos = this.videos.filter((video) => video.id !== id);
  }

  /** YouTube writes a daily reach report for every reach job; returns the rows it holds. */
  publishReachReport(day: string): ReachRow[] {
    const rows = this.videos
      .filter((video) => video.publishedAt.toISOString().slice(0, 10) <= day)
      .map((video, index) => ({
        videoId: video.id,
        impressions: 100 + ((video.views * 7 + index * 13) % 900),
        ctr: Number((0.02 + ((index * 37) % 80) / 1000).toFixed(4)),
      }));
    const csv = [
      'date,channel_id,video_id,video_thumbnail_impressions,video_thumbnail_impressions_ctr',
      ...rows.map(
        (row) => `${day.replaceAll('-', '')},${this.channel.id},${row.videoId},${row.impressions},${row.ctr}`,
      ),
    ].join('\n');
    for (const job of this.jobs.filter((candidate) => candidate.reportTypeId === REACH_TYPE)) {
      const id = `${job.id}-${day}`;
      this.reports.set(id, {
        csv,
        meta: {
          id,
          jobId: job.id,
          startTime: `${day}T07:00:00Z`,
          endTime: `${day}T07:00:00Z`,
          createTime: new Date().toISOString(),
          // Absolute and pointing at Google, as the real one does; clients must send it to their root.
          downloadUrl: `https://youtubereporting.googleapis.com/v1/media/reports/${id}?alt=media`,
        },
      });
    }
    return rows;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const path = url.pathname;
    const units = COSTS[path] ?? 0;
    const seen: SeenRequest = { method: request.method ?? 'GET', path, query: url.searchParams, units: 0, status: 0 };
    this.requests.push(seen);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      seen.status = status;
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(text);
    };
    const body = await readBody(request);

    if (path === '/authorize') return this.authorize(url, response, seen);
    if (path === '/token') return this.token(new URLSearchParams(body), send);

    // Quota: every request costs its units, failed ones too; past the limit, 403 quotaExceeded.
    if (units > 0) {
      if (this.quotaLimit !== null && this.unitsSpent + units > this.quotaLimit) return send(403, quotaBody());
      this.unitsSpent += units;
      seen.units = units;
    }
    const fault = this.takeFault(path);
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.kind === 'quotaExceeded') return send(403, quotaBody());
    if (fault?.kind === 'status') return send(fault.status, fault.body ?? googleError(fault.status, 'backendError'));
    if (fault?.kind === 'malformed') return send(200, '{"items": [ {"id": "trunc');

    const auth = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (!this.accessTokens.has(auth)) return send(401, googleError(401, 'authError', 'UNAUTHENTICATED'));

    if (path === '/youtube/v3/channels') return send(200, this.channels(url));
    if (path === '/youtube/v3/playlistItems') return this.playlistItems(url, send);
    if (path === '/youtube/v3/videos') return this.videosList(url, request, send);
    if (path === '/v2/reports') return this.analytics(url, send);
    if (path === '/v1/reportTypes') return send(200, { reportTypes: [{ id: REACH_TYPE, name: 'Reach' }] });
    if (path === '/v1/jobs' && request.method === 'POST') return send(200, this.createJob(JSON.parse(body)));
    if (path === '/v1/jobs') return send(200, { jobs: this.jobs });
    const reportList = /^\/v1\/jobs\/([^/]+)\/reports$/.exec(path);
    if (reportList) {
      const reports = [...this.reports.values()].filter((report) => report.meta.jobId === reportList[1]);
      return send(200, reports.length ? { reports: reports.map((report) => report.meta) } : {});
    }
    const media = /^\/v1\/media\/reports\/(.+)$/.exec(path);
    if (media) {
      const report = this.reports.get(media[1] ?? '');
      if (!report) return send(404, googleError(404, 'notFound'));
      seen.status = 200;
      response.writeHead(200, { 'content-type': 'text/csv' }).end(report.csv);
      return;
    }
    send(404, googleError(404, 'notFound'));
  }

  private takeFault(path: string): Fault | undefined {
    const pending = this.faults.find((candidate) => path.startsWith(candidate.path) && candidate.times > 0);
    if (!pending) return undefined;
    pending.times--;
    if (pending.times === 0) this.faults.splice(this.faults.indexOf(pending), 1);
    return pending.fault;
  }

  private authorize(url: URL, response: ServerResponse, seen: SeenRequest): void {
    const redirect = new URL(url.searchParams.get('redirect_uri') ?? '');
    const state = url.searchParams.get('state');
    if (state) redirect.searchParams.set('state', state);
    if (url.searchParams.get('client_id') !== this.clientId || this.consent === 'deny') {
      redirect.searchParams.set('error', 'access_denied');
    } else {
      const code = `4/fake-code-${randomBytes(6).toString('hex')}`;
      this.codes.set(code, redirect.origin + redirect.pathname);
      redirect.searchParams.set('code', code);
    }
    seen.status = 302;
    response.writeHead(302, { location: redirect.href }).end();
  }

  private token(form: URLSearchParams, send: (status: number, body: unknown) => void) {
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret) {
      return send(401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    }
    const invalidGrant = (description: string) => send(400, { error: 'invalid_grant', error_description: description });
    let refreshToken: string | undefined;
    if (form.get('grant_type') === 'authorization_code') {
      const code = form.get('code') ?? '';
      if (this.codes.get(code) !== form.get('redirect_uri')) return invalidGrant('Bad Request');
      this.codes.delete(code);
      refreshToken = this.issueRefreshToken();
    } else if (form.get('grant_type') === 'refresh_token') {
      if (!this.refreshTokens.has(form.get('refresh_token') ?? '')) {
        return invalidGrant('Token has been expired or revoked.');
      }
    } else {
      return send(400, { error: 'unsupported_grant_type' });
    }
    const accessToken = `ya29.fake-${randomBytes(8).toString('hex')}`;
    this.accessTokens.add(accessToken);
    send(200, {
      access_token: accessToken,
      expires_in: 3599,
      token_type: 'Bearer',
      scope: 'https://www.googleapis.com/auth/youtube.readonly https://www.googleapis.com/auth/yt-analytics.readonly',
      ...(refreshToken && { refresh_token: refreshToken }),
    });
  }

  private channels(url: URL): unknown {
    const handle = url.searchParams.get('forHandle')?.replace(/^@/, '').toLowerCase();
    if (handle !== undefined) {
      const found = this.publicChannels.filter((channel) => channel.handle.replace(/^@/, '').toLowerCase() === handle);
      return {
        kind: 'youtube#channelListResponse',
        items: found.map((channel) => ({
          kind: 'youtube#channel',
          id: channel.id,
          snippet: { title: channel.title, customUrl: channel.handle },
          contentDetails: { relatedPlaylists: { likes: '', uploads: channel.uploads } },
        })),
      };
    }
    if (url.searchParams.get('mine') !== 'true') return { kind: 'youtube#channelListResponse', items: [] };
    return {
      kind: 'youtube#channelListResponse',
      items: [
        {
          kind: 'youtube#channel',
          etag: 'channel-etag',
          id: this.channel.id,
          snippet: { title: this.channel.title, customUrl: this.channel.handle },
          contentDetails: { relatedPlaylists: { likes: '', uploads: this.channel.uploads } },
        },
      ],
    };
  }

  private playlistItems(url: URL, send: (status: number, body: unknown) => void) {
    const playlistId = url.searchParams.get('playlistId');
    const listed =
      playlistId === this.channel.uploads
        ? this.videos
        : this.publicChannels.find((channel) => channel.uploads === playlistId)?.videos;
    if (!listed) return send(404, googleError(404, 'playlistNotFound'));
    const pageSize = Number(url.searchParams.get('maxResults') ?? 5);
    if (pageSize > 50) return send(400, googleError(400, 'invalidParameter'));
    const offset = Number(url.searchParams.get('pageToken')?.replace(/^CAE/, '') || 0);
    const page = listed.slice(offset, offset + pageSize);
    const next = offset + pageSize < listed.length ? `CAE${offset + pageSize}` : undefined;
    send(200, {
      kind: 'youtube#playlistItemListResponse',
      ...(next && { nextPageToken: next }),
      pageInfo: { totalResults: listed.length, resultsPerPage: pageSize },
      items: page.map((video) => ({
        kind: 'youtube#playlistItem',
        id: `PLI${video.id}`,
        contentDetails: { videoId: video.id, videoPublishedAt: video.publishedAt.toISOString() },
      })),
    });
  }

  private videosList(
    url: URL,
    request: IncomingMessage,
    send: (status: number, body: unknown, headers?: Record<string, string>) => void,
  ) {
    const ids = url.searchParams.getAll('id').flatMap((value) => value.split(','));
    if (ids.length > 50) return send(400, googleError(400, 'invalidFilters'));
    const parts = new Set(url.searchParams.getAll('part').flatMap((value) => value.split(',')));
    const maxHeight = Number(url.searchParams.get('maxHeight') ?? 0);
    const everyVideo = [...this.videos, ...this.publicChannels.flatMap((channel) => channel.videos)];
    const byId = new Map(everyVideo.map((video) => [video.id, video]));
    const items = ids.flatMap((id) => {
      const video = byId.get(id);
      return video ? [videoResource(video, parts, maxHeight)] : []; // unknown ids are silently left out
    });
    const etag = `"${createHash('sha1').update(JSON.stringify(items)).digest('base64url')}"`;
    if (request.headers['if-none-match'] === etag) {
      return send(304, '', { etag });
    }
    send(200, { kind: 'youtube#videoListResponse', etag, items }, { etag });
  }

  private analytics(url: URL, send: (status: number, body: unknown) => void) {
    const q = url.searchParams;
    const unsupported = () =>
      send(400, googleError(400, 'badRequest', 'INVALID_ARGUMENT', 'The query is not supported.'));
    if (q.get('ids') !== 'channel==MINE' || !q.get('startDate') || !q.get('endDate') || !q.get('metrics')) {
      return unsupported();
    }
    const metrics = (q.get('metrics') ?? '').split(',');
    const ids = /^video==([^;]+)$/.exec(q.get('filters') ?? '')?.[1]?.split(',') ?? [];
    const endDate = new Date(`${q.get('endDate')}T00:00:00Z`);
    const withData = this.videos.filter(
      (video) => ids.includes(video.id) && video.publishedAt.getTime() <= endDate.getTime() - ANALYTICS_LAG_MS,
    );
    const header = (name: string, columnType: string) => ({ name, columnType, dataType: 'FLOAT' });
    let rows: (string | number)[][];
    let dimension: string;
    if (q.get('dimensions') === 'video') {
      const known: Record<string, (video: FakeVideo) => number> = {
        views: (v) => v.views,
        engagedViews: (v) => v.engagedViews,
        estimatedMinutesWatched: (v) => v.estimatedMinutesWatched,
        averageViewDuration: (v) => v.avgViewDurationS,
        averageViewPercentage: (v) => v.avgViewPct,
        likes: (v) => v.likes,
        comments: (v) => v.comments,
        shares: (v) => v.shares,
        subscribersGained: (v) => v.subscribersGained,
      };
      if (ids.length === 0 || ids.length > 200 || metrics.some((metric) => !known[metric])) return unsupported();
      dimension = 'video';
      rows = withData.map((video) => [video.id, ...metrics.map((metric) => known[metric]?.(video) ?? 0)]);
    } else if (q.get('dimensions') === 'elapsedVideoTimeRatio') {
      if (ids.length !== 1) return unsupported();
      dimension = 'elapsedVideoTimeRatio';
      rows = (withData[0]?.retention ?? []).map((point) => [
        point.elapsedRatio,
        ...metrics.map((metric) =>
          metric === 'audienceWatchRatio' ? point.watchRatio : (point.relativePerformance ?? 0.5),
        ),
      ]);
    } else {
      return unsupported();
    }
    send(200, {
      kind: 'youtubeAnalytics#resultTable',
      columnHeaders: [header(dimension, 'DIMENSION'), ...metrics.map((metric) => header(metric, 'METRIC'))],
      ...(rows.length > 0 && { rows }), // no data: no `rows` at all
    });
  }

  private createJob(input: { reportTypeId?: string; name?: string }) {
    const job = {
      id: `job-${this.jobs.length + 1}`,
      reportTypeId: input.reportTypeId ?? '',
      name: input.name ?? '',
      createTime: new Date().toISOString(),
    };
    this.jobs.push(job);
    return job;
  }
}

function videoResource(video: FakeVideo, parts: Set<string>, maxHeight: number) {
  const resource: Record<string, unknown> = {
    kind: 'youtube#video',
    etag: createHash('sha1').update(`${video.id}:${video.views}:${video.likes}:${video.title}`).digest('base64url'),
    id: video.id,
  };
  if (parts.has('snippet')) {
    resource.snippet = {
      publishedAt: video.publishedAt.toISOString(),
      channelId: 'UCfakeKitchenScience0001',
      title: video.title,
      description: video.description,
      tags: video.tags,
      categoryId: '26',
    };
  }
  if (parts.has('statistics')) {
    resource.statistics = {
      viewCount: String(video.views),
      likeCount: String(video.likes),
      favoriteCount: '0',
      commentCount: String(video.comments),
    };
  }
  if (parts.has('contentDetails')) {
    resource.contentDetails = { duration: formatIsoDuration(video.durationS), dimension: '2d', definition: 'hd' };
  }
  if (parts.has('player')) {
    const height = maxHeight || 360;
    resource.player = {
      embedHtml: '<iframe></iframe>',
      embedHeight: String(height),
      embedWidth: String(Math.round((height * video.width) / video.height)),
    };
  }
  return resource;
}

function googleError(code: number, reason: string, status?: string, message = `fake ${reason}`) {
  return { error: { code, message, errors: [{ message, domain: 'global', reason }], ...(status && { status }) } };
}

function quotaBody() {
  const message =
    'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.';
  return { error: { code: 403, message, errors: [{ message, domain: 'youtube.quota', reason: 'quotaExceeded' }] } };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Video records as the fake serves them, newest first (the uploads playlist's order). */
export function fakeVideosOf(records: readonly VideoRecord[]): FakeVideo[] {
  return records
    .map((video): FakeVideo => {
      const durationS = video.durationS ?? 30;
      const vertical = video.isShort !== false;
      const views = video.stats.views ?? 0;
      return {
        id: video.youtubeId,
        title: video.title,
        description: video.description ?? '',
        tags: video.tags,
        publishedAt: video.publishedAt ?? new Date(0),
        durationS,
        width: vertical ? 1080 : 1920,
        height: vertical ? 1920 : 1080,
        views,
        likes: video.stats.likes ?? 0,
        comments: video.stats.comments ?? 0,
        engagedViews: video.stats.engagedViews ?? Math.round(views * 0.6),
        shares: video.stats.shares ?? 0,
        avgViewPct: video.stats.avgViewPct ?? 50,
        avgViewDurationS: video.stats.avgViewDurationS ?? durationS / 2,
        estimatedMinutesWatched: video.stats.estimatedMinutesWatched ?? 0,
        subscribersGained: video.stats.subscribersGained ?? 0,
        retention: video.retention,
      };
    })
    .sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
}
