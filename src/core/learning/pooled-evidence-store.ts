// Each channel's share of its team's pooled evidence, kept in the database per version of the channel's data
// (PooledEvidence): the team-wide section of /trends reads the team's shares in one query and analyses only the
// channels written to since their share was worked out — by this process or any other, before a restart too.

import type { ChannelVersion } from '../analytics/channel-cache.js';
import type { LearningSettings } from '../analytics/evidence-history.js';
import { channelCacheOf } from '../analytics/load-channel-data.js';
import type { DbClient } from '../videos/video-store.js';
import type { PoolableEffects, PoolablePatterns } from './team-patterns.js';

export interface TeamMember extends ChannelVersion {
  id: number;
}

const poolableEffects = ({ groups, withinVariance }: PoolableEffects): PoolableEffects => ({
  groups: groups.map(({ group, n, rawEffect }) => ({ group, n, rawEffect })),
  withinVariance,
});

/** The part of a channel's patterns that pooling reads, and no more: what is stored. */
export function poolablePatterns(patterns: PoolablePatterns): PoolablePatterns {
  return {
    topics: poolableEffects(patterns.topics),
    length: poolableEffects(patterns.length),
    hook: poolableEffects(patterns.hook),
    postingTime: poolableEffects(patterns.postingTime),
  };
}

/**
 * Each channel's poolable patterns at its version (in the order given): the stored share where it is for that
 * version, else worked out from the channel's (cached) analysis and stored. A share is only ever read back for
 * the version it was stored with, so a stale one left by a slower process is recomputed, never used.
 */
export async function poolableAt(
  db: DbClient,
  channels: readonly TeamMember[],
  settings: LearningSettings,
): Promise<PoolablePatterns[]> {
  const halfLifeVideos = settings.evidenceHalfLifeVideos;
  const stored = await db.pooledEvidence.findMany({
    where: { channelId: { in: channels.map((channel) => channel.id) }, halfLifeVideos },
    select: { channelId: true, dataVersion: true, timezone: true, evidence: true },
  });
  const storedBy = new Map(stored.map((row) => [row.channelId, row]));
  const cache = channelCacheOf(db);
  const shares: PoolablePatterns[] = [];
  for (const channel of channels) {
    const row = storedBy.get(channel.id);
    if (row?.dataVersion === channel.dataVersion && row.timezone === channel.timezone) {
      shares.push(row.evidence as unknown as PoolablePatterns);
      continue;
    }
    const share = poolablePatterns(await cache.patternsAt(db, channel.id, channel, settings));
    const version = { dataVersion: channel.dataVersion, timezone: channel.timezone, evidence: share as object };
    await db.pooledEvidence.upsert({
      where: { channelId_halfLifeVideos: { channelId: channel.id, halfLifeVideos } },
      create: { channelId: channel.id, halfLifeVideos, ...version },
      update: version,
    });
    shares.push(share);
  }
  return shares;
}
