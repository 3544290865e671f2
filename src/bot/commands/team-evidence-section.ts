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

/**
 * The team state the other channels' patterns depend on — who they are and the version of their data — as one
 * digest computed in the database: one row whatever the team's size, so that checking it costs a team of 100
 * about what it costs a team of 1. `channels` is how many there are.
 */
async function teamState(db: Db, teamId: number, channelId: number): Promise<{ channels: number; digest: string }> {
  const [row] = await db.$queryRaw<{ channels: number; digest: string | null }[]>`
    SELECT count(*)::integer AS "channels",
           md5(string_agg(c."id" || ' ' || c."dataVersion" || ' ' || c."timezone" || ' ' || c."name", E'\\n'
                          ORDER BY c."id")) AS "digest"
    FROM "Channel" c
    WHERE c."teamId" = ${teamId} AND c."id" <> ${channelId} AND c."source"::text = ANY(${OWN_CHANNELS.source.in})`;
  return { channels: row?.channels ?? 0, digest: row?.digest ?? '' };
}

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
  const team = await teamState(db, teamId, channel.id);
  if (team.channels === 0) return null;
  // A team nobody wrote to since this channel's patterns were pooled is neither read nor analysed again: the
  // pooled rows are kept with this channel's patterns for that team state.
  // Each channel stands at its own latest reading: channels are refreshed at different times.
  const state = `${channel.name}\n${settings.evidenceHalfLifeVideos}\n${team.digest}`;
  let known = pooled.get(patterns);
  if (known?.state !== state) {
    // Read after the digest: a write in between makes the rows newer than their state, and the next answer
    // pools again.
    const others = await db.channel.findMany({
      where: { teamId, id: { not: channel.id }, ...OWN_CHANNELS },
      select: { id: true, name: true, dataVersion: true, timezone: true },
      orderBy: { id: 'asc' },
    });
    const shares = await poolableAt(db, others, settings);
    const members = [
      { name: channel.name, patterns },
      ...others.map((other, at) => ({ name: other.name, patterns: shares[at] as PoolablePatterns })),
    ];
    const rows = teamEvidence(members, channel.name)
      .sort((a, b) => Math.abs(b.teamEffect) - Math.abs(a.teamEffect))
      .slice(0, MAX_ROWS);
    known = { state, rows, channels: members.length };
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
