import { setTimeout as sleep } from 'node:timers/promises';
import { youtube, type youtube_v3 } from '@googleapis/youtube';
import { youtubeAnalytics, type youtubeAnalytics_v2 } from '@googleapis/youtubeanalytics';
import { OAuth2Client } from 'google-auth-library';
import type { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { UserError } from '../errors.js';
import { type DataApiMethod, unitsFor, type YouTubeApi } from './quota-costs.js';
import { chargeQuota, markQuotaExhausted } from './quota-ledger.js';
import { QuotaExhaustedError, ReconnectNeededError, YouTubeApiError } from './youtube-errors.js';

// One authorised connection to YouTube for one channel: the official clients pointed at the configured
// roots, and `call`, through which every request goes so it is charged, retried and classified the same way.

export const SCOPES = [
  'https://www.googleapis.com/auth/youtube.readonly',
  'https://www.googleapis.com/auth/yt-analytics.readonly',
];

const DEFAULT_ROOTS = {
  data: 'https://youtube.googleapis.com/',
  analytics: 'https://youtubeanalytics.googleapis.com/',
  reporting: 'https://youtubereporting.googleapis.com/',
};

export interface TransportOptions {
  /** Waits before each retry of a 429/5xx/unreadable answer; its length bounds the retries. */
  retryDelaysMs: readonly number[];
  timeoutMs: number;
}

export const defaultTransport: TransportOptions = { retryDelaysMs: [500, 2000, 8000], timeoutMs: 30_000 };

/** The OAuth client, with Google's endpoints or the configured overrides. */
export function oauthClient(config: Config, redirectUri?: string): OAuth2Client {
  if (!config.YOUTUBE_CLIENT_ID || !config.YOUTUBE_CLIENT_SECRET) {
    throw new UserError(
      'YouTube is not set up',
      'YOUTUBE_CLIENT_ID and YOUTUBE_CLIENT_SECRET are not set.',
      'Create an OAuth client in your Google Cloud project and set both (README: Connect YouTube).',
    );
  }
  return new OAuth2Client({
    clientId: config.YOUTUBE_CLIENT_ID,
    clientSecret: config.YOUTUBE_CLIENT_SECRET,
    redirectUri,
    endpoints: {
      ...(config.GOOGLE_OAUTH_TOKEN_URL && { oauth2TokenUrl: config.GOOGLE_OAUTH_TOKEN_URL }),
      ...(config.GOOGLE_OAUTH_AUTH_URL && { oauth2AuthBaseUrl: config.GOOGLE_OAUTH_AUTH_URL }),
    },
  });
}

export interface CallResult<T> {
  status: number;
  /** Null for 304 Not Modified. */
  data: T | null;
  etag: string | null;
}

interface RawResponse {
  status: number;
  data: unknown;
  /** A fetch Headers at run time (gaxios 7), typed as Node's header object by the generated clients. */
  headers: unknown;
}

export class YouTubeSession {
  readonly data: youtube_v3.Youtube;
  readonly analytics: youtubeAnalytics_v2.Youtubeanalytics;
  readonly reportingRoot: string;
  /** Data API units this session spent (every attempt, failed ones too). */
  unitsSpent = 0;
  calls = 0;

  constructor(
    private readonly deps: { db: Db; config: Config; now: () => Date },
    readonly oauth: OAuth2Client,
    private readonly channelId: number | null,
    /** Data API units this session may spend; a call that would pass it is not made. */
    private readonly unitBudget: number,
    private readonly transport: TransportOptions = defaultTransport,
  ) {
    const root = deps.config.YOUTUBE_API_ROOT_URL;
    // Retries are ours (below), so every attempt is charged to the ledger.
    const common = { auth: oauth, retry: false, timeout: transport.timeoutMs };
    this.data = youtube({ version: 'v3', rootUrl: root ?? DEFAULT_ROOTS.data, ...common });
    this.analytics = youtubeAnalytics({ version: 'v2', rootUrl: root ?? DEFAULT_ROOTS.analytics, ...common });
    this.reportingRoot = root ?? DEFAULT_ROOTS.reporting;
  }

  get unitsLeft(): number {
    return this.unitBudget - this.unitsSpent;
  }

  canAfford(method: DataApiMethod, times = 1): boolean {
    return unitsFor('data', method) * times <= this.unitsLeft;
  }

  /**
   * Makes one request through `send`: charged at the official cost for every attempt, retried with backoff on
   * 429, 5xx, timeouts and unreadable bodies, and turned into QuotaExhaustedError, ReconnectNeededError or
   * YouTubeApiError when it cannot succeed. 304 comes back with data null.
   */
  async call<T>(
    api: YouTubeApi,
    method: string,
    schema: z.ZodType<T>,
    send: (options: { timeout: number }) => Promise<RawResponse>,
  ): Promise<CallResult<T>> {
    let refreshedAfter401 = false;
    for (let attempt = 0; ; attempt++) {
      const units = unitsFor(api, method);
      if (units > this.unitsLeft) throw new YouTubeApiError(method, null, 'not made: the unit budget is spent');
      await this.ensureAccessToken();
      let response: RawResponse | undefined;
      let failure: unknown;
      try {
        response = await send({ timeout: this.transport.timeoutMs });
      } catch (error) {
        failure = error;
      }
      const classified = failure === undefined ? undefined : this.classify(method, failure);
      // Every request YouTube answered costs its units; one refused for quota had nothing left to charge.
      if (classified !== 'quota') await this.charge(api, method);
      if (classified === 'quota') {
        await markQuotaExhausted(this.deps.db, this.channelId, this.deps.now());
        throw new QuotaExhaustedError();
      }
      if (classified === 'unauthorised') {
        if (refreshedAfter401) throw new ReconnectNeededError(`${method} answered 401 after a token refresh`);
        refreshedAfter401 = true;
        this.oauth.setCredentials({ refresh_token: this.oauth.credentials.refresh_token });
        attempt--;
        continue;
      }
      let outcome: { retry: boolean; error: Error };
      if (classified !== undefined) {
        outcome = classified;
      } else {
        const answer = response as RawResponse;
        if (answer.status === 304) return { status: 304, data: null, etag: etagOf(answer.headers) };
        const parsed = schema.safeParse(answer.data);
        if (parsed.success) return { status: answer.status, data: parsed.data, etag: etagOf(answer.headers) };
        outcome = { retry: true, error: new YouTubeApiError(method, answer.status, 'unreadable response body') };
      }
      const delay = this.transport.retryDelaysMs[attempt];
      if (!outcome.retry || delay === undefined) throw outcome.error;
      await sleep(delay);
    }
  }

  /** Fetches (or refreshes) the access token up front, so invalid_grant is told apart from API errors. */
  private async ensureAccessToken(): Promise<void> {
    try {
      await this.oauth.getAccessToken();
    } catch (error) {
      if (oauthErrorCode(error) === 'invalid_grant') throw new ReconnectNeededError('invalid_grant');
      throw new YouTubeApiError('oauth token', statusOf(error), messageOf(error));
    }
  }

  private async charge(api: YouTubeApi, method: string): Promise<void> {
    this.calls++;
    this.unitsSpent += await chargeQuota(this.deps.db, {
      channelId: this.channelId,
      api,
      method,
      at: this.deps.now(),
    });
  }

  private classify(method: string, error: unknown): 'quota' | 'unauthorised' | { retry: boolean; error: Error } {
    const status = statusOf(error);
    const reason = googleReason(error);
    if (status === 403 && (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded')) return 'quota';
    if (status === 401) return 'unauthorised';
    const retry =
      status === null || status === 408 || status === 429 || status >= 500 || /rateLimit/i.test(reason ?? '');
    return { retry, error: new YouTubeApiError(method, status, reason ?? messageOf(error)) };
  }
}

function etagOf(headers: unknown): string | null {
  // gaxios's Headers may come from another copy of fetch, so no instanceof.
  const like = headers as { get?: (name: string) => string | null; etag?: unknown } | undefined;
  const value = typeof like?.get === 'function' ? like.get('etag') : like?.etag;
  return typeof value === 'string' ? value : null;
}

interface ErrorLike {
  status?: number;
  message?: string;
  response?: { status?: number; data?: unknown };
}

function statusOf(error: unknown): number | null {
  const like = error as ErrorLike;
  return like?.response?.status ?? like?.status ?? null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `error.errors[0].reason` of Google's JSON error body. */
function googleReason(error: unknown): string | null {
  const data = (error as ErrorLike)?.response?.data as
    | { error?: { errors?: { reason?: string }[]; status?: string } }
    | undefined;
  return data?.error?.errors?.[0]?.reason ?? data?.error?.status ?? null;
}

/** The OAuth error code of a token-endpoint failure (`{"error":"invalid_grant",…}`). */
export function oauthErrorCode(error: unknown): string | null {
  const data = (error as ErrorLike)?.response?.data as { error?: unknown } | undefined;
  return typeof data?.error === 'string' ? data.error : null;
}
