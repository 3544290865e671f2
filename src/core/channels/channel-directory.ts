import type { Db } from '../db/database.js';
import { UserError } from '../errors.js';

/** Where a team's own channel's data comes from (competitors are tracked channels, not the team's). */
export type OwnChannelSource = 'demo' | 'csv' | 'youtube';

/** The filter that keeps a team's own channels: competitors it tracks are listed by `/competitors` only. */
export const OWN_CHANNELS = { source: { in: ['demo', 'csv', 'youtube'] as OwnChannelSource[] } };

export interface ChannelSummary {
  id: number;
  name: string;
  title: string;
  source: OwnChannelSource;
  timezone: string;
  videoCount: number;
  lastStatsAt: Date | null;
}

/** Channels of one team only: a team never sees another team's channels. */
export async function listChannels(db: Db, teamId: number): Promise<ChannelSummary[]> {
  const channels = await db.channel.findMany({
    where: { teamId, ...OWN_CHANNELS },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, title: true, source: true, timezone: true, _count: { select: { videos: true } } },
  });
  const lastStats = await db.video.groupBy({
    by: ['channelId'],
    where: { channelId: { in: channels.map((channel) => channel.id) } },
    _max: { statsUpdatedAt: true },
  });
  const lastByChannel = new Map(lastStats.map((row) => [row.channelId, row._max.statsUpdatedAt]));
  return channels.map(({ _count, ...channel }) => ({
    ...channel,
    source: channel.source as OwnChannelSource,
    videoCount: _count.videos,
    lastStatsAt: lastByChannel.get(channel.id) ?? null,
  }));
}

/**
 * The channel a command is about: the named one, or the team's only channel when no name is given.
 * Unknown or ambiguous names are user errors that list what exists.
 */
export async function resolveChannel(
  db: Db,
  teamId: number,
  name: string | undefined,
): Promise<{ id: number; name: string; title: string; source: OwnChannelSource; timezone: string }> {
  const select = { id: true, name: true, title: true, source: true, timezone: true } as const;
  if (name !== undefined) {
    const channel = await db.channel.findFirst({
      where: { teamId, ...OWN_CHANNELS, name: { equals: name, mode: 'insensitive' } },
      select,
    });
    if (channel) return { ...channel, source: channel.source as OwnChannelSource };
  }
  const channels = await db.channel.findMany({ where: { teamId, ...OWN_CHANNELS }, select, orderBy: { name: 'asc' } });
  if (name === undefined && channels.length === 1 && channels[0]) {
    return { ...channels[0], source: channels[0].source as OwnChannelSource };
  }
  const known = channels.map((channel) => channel.name);
  if (known.length === 0) {
    throw new UserError(
      'No channels yet',
      'This team has no YouTube channel yet.',
      'Load the demo with `demo`, or import a CSV with `import --channel NAME --file PATH`.',
    );
  }
  throw new UserError(
    name === undefined ? 'Which channel?' : 'Unknown channel',
    name === undefined
      ? `This team has ${known.length} channels; say which one.`
      : `There is no channel named "${name}".`,
    `Channels: ${known.join(', ')}. Use channel:NAME.`,
  );
}
