import { randomBytes } from 'node:crypto';
import { checkChannelName } from '../channels/channel-name.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { fetchOwnChannel, type OwnChannel } from './data-api.js';
import { quotaStatus } from './quota-ledger.js';
import { encryptToken, parseEncryptionKey } from './token-crypto.js';
import { oauthClient, oauthErrorCode, SCOPES, YouTubeSession } from './youtube-session.js';

// Connecting a channel is the OAuth 2.0 authorization-code flow: beginConnect makes the consent link and
// remembers who asked (OAuthState), completeConnect trades the code for tokens, reads the user's own
// channel and stores it with its refresh token encrypted.

const STATE_TTL_MS = 15 * 60_000;

/** Where Google sends the browser back to on the bot's HTTP server: `${PUBLIC_URL}${YOUTUBE_CALLBACK_PATH}`. */
export const YOUTUBE_CALLBACK_PATH = '/oauth/youtube/callback';

export interface ConnectRequest {
  teamId: number;
  channelName?: string;
  platform: 'console' | 'discord' | 'slack';
  roomId?: string;
  userId?: string;
  redirectUri: string;
  /** How long the link works; default 15 minutes. Longer for links posted where they are read later. */
  validForMs?: number;
}

export async function beginConnect(
  db: Db,
  config: Config,
  request: ConnectRequest,
  now: Date = new Date(),
): Promise<{ url: string; state: string }> {
  if (request.channelName !== undefined) checkChannelName(request.channelName);
  parseEncryptionKey(config.TOKEN_ENCRYPTION_KEY); // refuse before the user goes through consent
  const oauth = oauthClient(config, request.redirectUri);
  const state = randomBytes(24).toString('base64url');
  await db.oAuthState.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.oAuthState.create({
    data: {
      state,
      teamId: request.teamId,
      channelName: request.channelName ?? null,
      platform: request.platform,
      roomId: request.roomId ?? null,
      userId: request.userId ?? null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + (request.validForMs ?? STATE_TTL_MS)),
    },
  });
  const url = oauth.generateAuthUrl({
    access_type: 'offline',
    prompt: 'consent', // Google returns a refresh token only on consent
    scope: SCOPES,
    state,
    include_granted_scopes: true,
  });
  return { url, state };
}

export interface ConnectDeps {
  db: Db;
  config: Config;
  log: Logger;
  now: () => Date;
}

export interface ConnectedChannel {
  channelId: number;
  channelName: string;
  title: string;
  /** Who asked and where (from beginConnect), so the bot can say "connected" in that room. */
  requestedBy: { platform: 'console' | 'discord' | 'slack'; roomId: string | null; userId: string | null };
}

export async function completeConnect(
  deps: ConnectDeps,
  callback: { state: string; code: string; redirectUri: string },
): Promise<ConnectedChannel> {
  const { db, config, now } = deps;
  const key = parseEncryptionKey(config.TOKEN_ENCRYPTION_KEY);
  // Single use: the state is consumed whatever happens next.
  const pending = await db.oAuthState.findUnique({ where: { state: callback.state } });
  if (pending) await db.oAuthState.delete({ where: { state: callback.state } });
  if (!pending || pending.expiresAt < now()) {
    throw new UserError(
      'Link expired',
      'This YouTube connect link is unknown, already used or expired.',
      'Ask for a new link with /connect.',
    );
  }

  const oauth = oauthClient(config, callback.redirectUri);
  let refreshToken: string | null | undefined;
  try {
    const { tokens } = await oauth.getToken({ code: callback.code, redirect_uri: callback.redirectUri });
    oauth.setCredentials(tokens);
    refreshToken = tokens.refresh_token;
  } catch (error) {
    deps.log.warn({ oauthError: oauthErrorCode(error) }, 'YouTube code exchange failed');
    throw new UserError(
      'Google refused the connect',
      'Google did not accept the authorization.',
      'Try /connect again.',
    );
  }
  if (!refreshToken) {
    throw new UserError(
      'No refresh token',
      'Google granted access but returned no refresh token, so TubePilot could not keep the channel fresh.',
      "Remove TubePilot's access at https://myaccount.google.com/permissions and connect again.",
    );
  }

  const quota = await quotaStatus(db, config, now());
  const session = new YouTubeSession(deps, oauth, null, quota.remaining);
  const own = await fetchOwnChannel(session);
  if (!own) {
    throw new UserError(
      'No YouTube channel',
      'That Google account has no YouTube channel.',
      'Sign in with the account that owns the channel.',
    );
  }
  const stored = await storeConnectedChannel(
    db,
    pending.teamId,
    pending.channelName,
    own,
    encryptToken(refreshToken, key),
    now(),
  );
  return { ...stored, requestedBy: { platform: pending.platform, roomId: pending.roomId, userId: pending.userId } };
}

async function storeConnectedChannel(
  db: Db,
  teamId: number,
  wantedName: string | null,
  own: OwnChannel,
  refreshTokenEnc: string,
  grantedAt: Date,
): Promise<Omit<ConnectedChannel, 'requestedBy'>> {
  const youtube = {
    title: own.title,
    handle: own.handle,
    uploadsPlaylistId: own.uploadsPlaylistId,
    source: 'youtube' as const,
    refreshTokenEnc,
    needsReconnect: false,
    // A new grant: its 7-day clock (Google apps in Testing) starts now, and it has not been warned about.
    tokenGrantedAt: grantedAt,
    tokenExpiryWarnedAt: null,
    tokenRevokedWarnedAt: null,
  };
  const existing = await db.channel.findUnique({ where: { teamId_youtubeId: { teamId, youtubeId: own.youtubeId } } });
  if (existing) {
    await db.channel.update({ where: { id: existing.id }, data: youtube });
    return { channelId: existing.id, channelName: existing.name, title: own.title };
  }
  const name = await freeName(db, teamId, wantedName ?? nameFrom(own));
  const created = await db.channel.create({ data: { teamId, name, youtubeId: own.youtubeId, ...youtube } });
  return { channelId: created.id, channelName: name, title: own.title };
}

/** "@Kitchen-Science" → "kitchen-science"; the title when there is no handle. */
function nameFrom(own: OwnChannel): string {
  const base = (own.handle ?? own.title)
    .replace(/^@/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return base.slice(0, 40) || 'youtube';
}

async function freeName(db: Db, teamId: number, wanted: string): Promise<string> {
  const taken = new Set(
    (await db.channel.findMany({ where: { teamId }, select: { name: true } })).map((c) => c.name.toLowerCase()),
  );
  let name = wanted;
  for (let suffix = 2; taken.has(name.toLowerCase()); suffix++) name = `${wanted}-${suffix}`;
  return name;
}
