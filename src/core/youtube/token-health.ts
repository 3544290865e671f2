import type { ChatPlatform, ChatPoster } from '../chat/chat-poster.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { Reply } from '../reply.js';
import { beginConnect, YOUTUBE_CALLBACK_PATH } from './oauth-connect.js';

// A channel whose YouTube access ends stops updating, and nobody notices until the numbers go stale. Google
// ends every grant of an OAuth app in "Testing" publishing status 7 days after consent, so with
// GOOGLE_APP_TESTING the rooms bound to the channel are warned 2 days before; and any revocation
// (invalid_grant, which marks the channel needs-reconnect) is announced too. Each warning goes out once per
// grant: it is claimed in the database before it is posted, so several processes never repeat it, and a new
// connect (a new grant) resets both.

const DAY_MS = 86_400_000;
export const TESTING_GRANT_DAYS = 7;
export const WARN_DAYS_BEFORE = 2;
/** The re-connect link in a warning is read hours later, so it works for a day instead of 15 minutes. */
const WARNING_LINK_VALID_MS = DAY_MS;

export interface TokenHealthDeps {
  db: Db;
  config: Config;
  log: Logger;
  posters: Partial<Record<ChatPlatform, ChatPoster>>;
}

type Kind = 'expiring' | 'revoked';

const channelSelect = { id: true, teamId: true, name: true, title: true, tokenGrantedAt: true } as const;

/** Posts the warnings due at `now`; returns the channels warned, by kind. */
export async function warnAboutYouTubeAccess(
  deps: TokenHealthDeps,
  now: Date,
): Promise<{ expiring: number[]; revoked: number[] }> {
  const { db } = deps;
  const revoked = await db.channel.findMany({
    where: { source: 'youtube', needsReconnect: true, tokenRevokedWarnedAt: null },
    select: channelSelect,
  });
  const expiring = deps.config.GOOGLE_APP_TESTING
    ? await db.channel.findMany({
        where: {
          source: 'youtube',
          needsReconnect: false,
          refreshTokenEnc: { not: null },
          tokenExpiryWarnedAt: null,
          tokenGrantedAt: { lte: new Date(now.getTime() - (TESTING_GRANT_DAYS - WARN_DAYS_BEFORE) * DAY_MS) },
        },
        select: channelSelect,
      })
    : [];
  const warned = { expiring: [] as number[], revoked: [] as number[] };
  for (const [kind, channels] of [
    ['revoked', revoked],
    ['expiring', expiring],
  ] as const) {
    for (const channel of channels) {
      if (await claimWarning(db, channel.id, kind, now)) {
        await postWarning(deps, channel, kind, now);
        warned[kind].push(channel.id);
      }
    }
  }
  return warned;
}

/** Marks the warning as sent unless another process already did: true when this process is to post it. */
async function claimWarning(db: Db, channelId: number, kind: Kind, now: Date): Promise<boolean> {
  const { count } =
    kind === 'revoked'
      ? await db.channel.updateMany({
          where: { id: channelId, tokenRevokedWarnedAt: null },
          data: { tokenRevokedWarnedAt: now },
        })
      : await db.channel.updateMany({
          where: { id: channelId, tokenExpiryWarnedAt: null },
          data: { tokenExpiryWarnedAt: now },
        });
  return count === 1;
}

const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

async function postWarning(
  deps: TokenHealthDeps,
  channel: { id: number; teamId: number; name: string; title: string; tokenGrantedAt: Date | null },
  kind: Kind,
  now: Date,
): Promise<void> {
  const rooms = await deps.db.roomBinding.findMany({
    where: { channelId: channel.id, active: true, platform: { not: 'console' } },
    select: { platform: true, roomId: true },
    distinct: ['platform', 'roomId'],
  });
  for (const room of rooms) {
    const poster = deps.posters[room.platform as ChatPlatform];
    if (!poster) continue;
    try {
      const link = await reconnectLink(deps, channel, room as { platform: ChatPlatform; roomId: string }, now);
      await poster.postToRoom(room.roomId, warningReply(channel, kind, link));
    } catch (error) {
      deps.log.warn(
        { err: error, channelId: channel.id, roomId: room.roomId, kind },
        'could not post a YouTube access warning',
      );
    }
  }
}

/** A connect link that returns to this room, or null when the bot has no public address for Google to call. */
async function reconnectLink(
  deps: TokenHealthDeps,
  channel: { teamId: number; name: string },
  room: { platform: ChatPlatform; roomId: string },
  now: Date,
): Promise<{ url: string; validUntil: Date } | null> {
  if (!deps.config.PUBLIC_URL) return null;
  const { url } = await beginConnect(
    deps.db,
    deps.config,
    {
      teamId: channel.teamId,
      channelName: channel.name,
      platform: room.platform,
      roomId: room.roomId,
      redirectUri: new URL(YOUTUBE_CALLBACK_PATH, deps.config.PUBLIC_URL).href,
      validForMs: WARNING_LINK_VALID_MS,
    },
    now,
  );
  return { url, validUntil: new Date(now.getTime() + WARNING_LINK_VALID_MS) };
}

function warningReply(
  channel: { name: string; title: string; tokenGrantedAt: Date | null },
  kind: Kind,
  link: { url: string; validUntil: Date } | null,
): Reply {
  const ends = channel.tokenGrantedAt && new Date(channel.tokenGrantedAt.getTime() + TESTING_GRANT_DAYS * DAY_MS);
  return {
    kind: 'result',
    title:
      kind === 'expiring'
        ? `YouTube access for ${channel.name} ends soon`
        : `YouTube access for ${channel.name} was revoked or expired`,
    summary:
      kind === 'expiring'
        ? `The Google app is in "Testing" status, where Google ends access 7 days after it was granted: ${channel.title}'s access ends about ${ends ? utc(ends) : 'soon'}. Re-connect before then to keep its numbers updating.`
        : `Google no longer accepts TubePilot's access to ${channel.title}, so its numbers have stopped updating. Re-connect it with the account that owns the channel.`,
    fields: [
      link
        ? {
            label: 'Re-connect',
            value: `${link.url}\n(works once, until ${utc(link.validUntil)}; /connect gives a new one)`,
          }
        : { label: 'Re-connect', value: 'Run /connect here, or `tubepilot auth youtube` on the bot machine.' },
      ...(kind === 'expiring'
        ? [
            {
              label: 'For good',
              value: 'Publishing the Google app (OAuth consent screen → Publish app) ends the 7-day limit.',
            },
          ]
        : []),
    ],
    followUps: [{ label: 'A new connect link', command: '/connect' }],
  };
}
