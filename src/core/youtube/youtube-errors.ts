// What can go wrong talking to YouTube, as the refresh needs to tell it apart.

/** The refresh token was revoked or expired (invalid_grant): only a new connect fixes it. */
export class ReconnectNeededError extends Error {
  constructor(detail: string) {
    super(`YouTube access was revoked or expired: ${detail}`);
    this.name = 'ReconnectNeededError';
  }
}

/** 403 quotaExceeded: no more Data API calls until midnight Pacific. */
export class QuotaExhaustedError extends Error {
  constructor() {
    super('YouTube quota for today is exhausted');
    this.name = 'QuotaExhaustedError';
  }
}

/** Anything else YouTube answered with (after bounded retries for 429/5xx), or a body TubePilot cannot read. */
export class YouTubeApiError extends Error {
  constructor(
    readonly method: string,
    readonly status: number | null,
    readonly reason: string,
  ) {
    super(`${method}: ${status === null ? '' : `HTTP ${status} `}${reason}`);
    this.name = 'YouTubeApiError';
  }
}
