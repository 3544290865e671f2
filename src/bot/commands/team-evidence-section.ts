import type { LearningSettings } from '../../core/analytics/evidence-history.js';
import type { ChannelPatterns } from '../../core/analytics/pattern-effects.js';
import { OWN_CHANNELS } from '../../core/channels/channel-directory.js';
import type { Db } from '../../core/db/database.js';
import { formatLogEffect } from '../../core/format/numbers.js';
import { poolableAt } from '../../core/learning/pooled-evidence-store.js';
import { type PoolablePatterns, type TeamEvidence, teamEvidence } from '../../core/learning/team-patterns.js';
import type { ReplySection } from '../../core/reply.js';
import { Z80 } from '../../core/stats/summary-statistics.js';

const MAX_ROWS = 12;

function withInterval(effect: number, sd: number): string {
  return `${formatLogEffect(effect)} [${formatLogEffect(effect - Z80 * sd)}, ${formatLogEffect(effect + Z80 * sd)}]`;
}

/** What the other channels' patterns depend on: who they are and the version of their data. */
const teamMember = (other: { id: number; name: string; dataVersion: number; timezone: string }) =>
  `${other.id} ${other.dataVersion} ${other.timezone} ${other.name}`;

/**
 * The pooled rows by this channel's patterns (one object per version of its data, so they go with it), with the
 * team state they were pooled at.
 */
const pooled = new WeakMap<ChannelPatterns, { state: string; rows: TeamEvidence[]; channels: number }>();

/**
 * "Team-wide vs this channel": for a team with several channels, each pattern pooled across them and what that
 * means for this channel. Null for a team of one channel or when no group is shared.
 */
export async function teamEvidenceSection(
  db: Db,
  teamId: number,
  channel: { id: number; name: string },
  patterns: ChannelPatterns,
  settings: LearningSettings,
): Promise<ReplySection | null> {
  const others = await db.channel.findMany({
    where: { teamId, id: { not: channel.id }, ...OWN_CHANNELS },
    select: { id: true, name: true, dataVersion: true, timezone: true },
    orderBy: { id: 'asc' },
  });
  if (others.length === 0) return null;
  // The team's versions come with its names in this one query: a channel nobody wrote to since its patterns
  // were worked out is neither read nor analysed again, and the pooled rows are kept with this channel's
  // patterns for that team state, so a team of 100 costs about what a team of 1 does.
  // Each channel stands at its own latest reading: channels are refreshed at different times.
  const state = [channel.name, settings.evidenceHalfLifeVideos, ...others.map(teamMember)].join('\n');
  let known = pooled.get(patterns);
  if (known?.state !== state) {
    // The others' shares are stored per data version: only the channels written to since are analysed.
    const shares = await poolableAt(db, others, settings);
    const team = [
      { name: channel.name, patterns },
      ...others.map((other, at) => ({ name: other.name, patterns: shares[at] as PoolablePatterns })),
    ];
    const rows = teamEvidence(team, channel.name)
      .sort((a, b) => Math.abs(b.teamEffect) - Math.abs(a.teamEffect))
      .slice(0, MAX_ROWS);
    known = { state, rows, channels: team.length };
    pooled.set(patterns, known);
  }
  const { rows } = known;
  if (rows.length === 0) return null;
  return {
    heading: 'Team-wide vs this channel',
    text: `Pooled across the team's ${known.channels} channels: where this channel has few videos in a group it leans on the team; its own videos take over as they add up. 80% intervals.`,
    table: {
      columns: ['Pattern', 'Team-wide', 'This channel', 'Its videos', 'Evidence'],
      rows: rows.map((row) => [
        `${row.dimension} ${row.group}`,
        `${withInterval(row.teamEffect, row.teamSd)} (${row.channels} channels)`,
        withInterval(row.thisChannel.estimate, row.thisChannel.sd),
        String(row.thisChannel.n),
        row.thisChannel.source,
      ]),
      numeric: [3],
    },
  };
}
