// Cross-channel learning for a team with several channels: each pattern group (a length, a hook style, a
// posting window, a topic with the same name) is pooled across the team's channels (partial-pooling.ts), so a
// young channel leans on what the team has learned and its own videos take over as they accumulate.

import type { DimensionEffects } from '../analytics/pattern-effects.js';
import { fold } from '../text/fold.js';
import { type PooledEstimate, poolAcrossChannels } from './partial-pooling.js';

/** What pooling reads of one dimension of a channel's patterns: each group's size and raw effect, and σ². */
export type PoolableEffects = Pick<DimensionEffects, 'groups' | 'withinVariance'>;

/** What pooling reads of a channel's patterns (kept per version of its data: pooled-evidence-store.ts). */
export type PoolablePatterns = Record<'topics' | 'length' | 'hook' | 'postingTime', PoolableEffects>;

export interface TeamChannelPatterns {
  name: string;
  patterns: PoolablePatterns;
}

export interface TeamEvidence {
  dimension: string;
  group: string;
  /** Channels of the team with videos in the group. */
  channels: number;
  teamEffect: number;
  teamSd: number;
  thisChannel: PooledEstimate;
}

const POOLED_DIMENSIONS = {
  topic: (patterns: PoolablePatterns) => patterns.topics,
  length: (patterns: PoolablePatterns) => patterns.length,
  hook: (patterns: PoolablePatterns) => patterns.hook,
  'posting-time': (patterns: PoolablePatterns) => patterns.postingTime,
} satisfies Record<string, (patterns: PoolablePatterns) => PoolableEffects>;

/**
 * Team-wide evidence for the `target` channel: every group at least two of the team's channels have videos in,
 * with the team effect and the target's pooled estimate. Empty for a team of one channel.
 */
export function teamEvidence(channels: readonly TeamChannelPatterns[], target: string): TeamEvidence[] {
  if (channels.length < 2) return [];
  const rows: TeamEvidence[] = [];
  for (const [dimension, select] of Object.entries(POOLED_DIMENSIONS)) {
    // Groups meet by their folded name: a topic is named as each channel writes it, "crème-brûlée" on one
    // and "creme-brulee" on another. It is shown as the target channel names it, else as the first one does.
    // Each channel's groups are folded once, into a map: folding them again for every group looked up made a
    // team's lookups grow as channels × groups × groups.
    const byChannel = channels.map((channel) => {
      const effects = select(channel.patterns);
      const byKey = new Map<string, PoolableEffects['groups'][number]>();
      for (const group of effects.groups) {
        const key = fold(group.group);
        if (!byKey.has(key)) byKey.set(key, group);
      }
      return { name: channel.name, effects, byKey };
    });
    const names = new Map<string, string>();
    for (const { name, effects } of byChannel) {
      for (const { group } of effects.groups) {
        const key = fold(group);
        if (!names.has(key) || name === target) names.set(key, group);
      }
    }
    for (const [key, group] of [...names].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (key === 'other') continue;
      const evidence = byChannel.map(({ name, effects, byKey }) => {
        const found = byKey.get(key);
        return {
          channel: name,
          n: found?.n ?? 0,
          effect: found?.rawEffect ?? 0,
          withinVariance: effects.withinVariance,
        };
      });
      const present = evidence.filter((item) => item.n > 0).length;
      if (present < 2) continue;
      const pooled = poolAcrossChannels(evidence);
      const thisChannel = pooled.channels.find((item) => item.channel === target);
      if (pooled.teamEffect === null || pooled.teamSd === null || !thisChannel) continue;
      rows.push({
        dimension,
        group,
        channels: present,
        teamEffect: pooled.teamEffect,
        teamSd: pooled.teamSd,
        thisChannel,
      });
    }
  }
  return rows;
}
