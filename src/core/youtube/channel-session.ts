import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { decryptToken, encryptToken, parseEncryptionKey } from './token-crypto.js';
import { defaultTransport, oauthClient, type TransportOptions, YouTubeSession } from './youtube-session.js';

/**
 * A session on a connected channel's stored refresh token, charging its calls to that channel. Google may
 * rotate the refresh token; the newest is stored again, encrypted.
 */
export function channelSession(
  deps: { db: Db; config: Config; log: Logger; now: () => Date },
  channel: { id: number; refreshTokenEnc: string },
  unitBudget: number,
  transport: TransportOptions = defaultTransport,
): YouTubeSession {
  const { db, config, log } = deps;
  const key = parseEncryptionKey(config.TOKEN_ENCRYPTION_KEY);
  const oauth = oauthClient(config);
  oauth.setCredentials({ refresh_token: decryptToken(channel.refreshTokenEnc, key) });
  oauth.on('tokens', (tokens) => {
    if (tokens.refresh_token) {
      void db.channel
        .update({ where: { id: channel.id }, data: { refreshTokenEnc: encryptToken(tokens.refresh_token, key) } })
        .catch((error: unknown) =>
          log.error({ err: error, channelId: channel.id }, 'could not store a rotated refresh token'),
        );
    }
  });
  return new YouTubeSession(deps, oauth, channel.id, unitBudget, transport);
}
