import { randomBytes } from 'node:crypto';
import { type Config, loadConfig } from '../../src/core/config.js';
import type { Db } from '../../src/core/db/database.js';
import { encryptToken, parseEncryptionKey } from '../../src/core/youtube/token-crypto.js';
import type { TransportOptions } from '../../src/core/youtube/youtube-session.js';
import type { FakeYouTube } from '../fakes/fake-youtube.js';

/** Fast retries and a short timeout, so fault tests take milliseconds. */
export const testTransport: TransportOptions = { retryDelaysMs: [5, 10, 20], timeoutMs: 1500 };

export const testEncryptionKey = randomBytes(32).toString('base64');

/** A configuration pointing every YouTube client at the fake. */
export function fakeYouTubeConfig(fake: FakeYouTube, extra: Record<string, string> = {}): Config {
  return loadConfig({ ...fake.env(), TOKEN_ENCRYPTION_KEY: testEncryptionKey, ...extra });
}

/** A team and a YouTube channel connected to the fake, as if the owner had consented (no uploads list yet). */
export async function connectedChannel(db: Db, fake: FakeYouTube, name = 'kitchen') {
  const team = await db.team.create({
    data: { platform: 'console', externalId: `yt-${randomBytes(6).toString('hex')}`, name: 'YouTube team' },
    select: { id: true, name: true },
  });
  const channel = await db.channel.create({
    data: {
      teamId: team.id,
      name,
      title: fake.channel.title,
      youtubeId: fake.channel.id,
      source: 'youtube',
      refreshTokenEnc: encryptToken(fake.issueRefreshToken(), parseEncryptionKey(testEncryptionKey)),
    },
  });
  return { team, channel };
}
