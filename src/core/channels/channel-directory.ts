import type { Db } from '../db/database.js';
import { likeLiteral } from '../db/like-pattern.js';
import { UserError } from '../errors.js';
import { recordImplicitChannel } from './implicit-channel.js';

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
  /** The channel commands use when none is named. */
  isDefault: boolean;
}

/**
 * Channels of one team only: a team never sees another team's channels. In SQL, each channel with its video count
 * and last statistics: through Prisma's models (three queries) `tubepilot channels` spent ~0.05 s CPU of its start
 * on the query compiler compiling them.
 */
export async function listChannels(db: Db, teamId: number): Promise<ChannelSummary[]> {
  const channels = await db.$queryRaw<Omit<ChannelSummary, 'isDefault'>[]>`
    SELECT c."id", c."name", c."title", c."source"::text AS "source", c."timezone",
      (SELECT count(*)::int FROM "Video" v WHERE v."channelId" = c."id") AS "videoCount",
      (SELECT max(v."statsUpdatedAt") FROM "Video" v WHERE v."channelId" = c."id") AS "lastStatsAt"
    FROM "Channel" c
    WHERE c."teamId" = ${teamId} AND c."source" IN ('demo', 'csv', 'youtube')
    ORDER BY c."name" ASC`;
  const chosen = await defaultChannel(db, teamId);
  return channels.map((channel) => ({ ...channel, isDefault: channel.id === chosen?.id }));
}

export interface ResolvedChannel {
  id: number;
  name: string;
  title: string;
  source: OwnChannelSource;
  timezone: string;
  /** Its data version when resolved: with `timezone`, what a cached read of its data is checked against. */
  dataVersion: number;
}

interface OwnChannels {
  /** First added first: the order that makes the first one the default. */
  channels: ResolvedChannel[];
  /** The channel the team chose (`channels default NAME`), if any. */
  chosenId: number | null;
}

/**
 * A team's own channels with the one it chose, in one statement: every chat command about a channel starts here,
 * and Prisma's findMany (plus the team's row when it has several) cost about twice this query's CPU.
 */
async function ownChannels(db: Db, teamId: number): Promise<OwnChannels> {
  const rows = await db.$queryRaw<(ResolvedChannel & { chosenId: number | null })[]>`
    SELECT c."id", c."name", c."title", c."source"::text AS "source", c."timezone", c."dataVersion",
      t."defaultChannelId" AS "chosenId"
    FROM "Channel" c JOIN "Team" t ON t."id" = c."teamId"
    WHERE c."teamId" = ${teamId} AND c."source" IN ('demo', 'csv', 'youtube')
    ORDER BY c."createdAt" ASC, c."id" ASC`;
  return {
    channels: rows.map(({ chosenId: _, ...channel }) => channel),
    chosenId: rows[0]?.chosenId ?? null,
  };
}

/**
 * The channel commands use when none is named: the one the team chose (`channels default NAME`), else the
 * first one added. Null when the team has no channel.
 */
export async function defaultChannel(db: Db, teamId: number): Promise<ResolvedChannel | null> {
  return pickDefault(await ownChannels(db, teamId));
}

function pickDefault({ channels, chosenId }: OwnChannels): ResolvedChannel | null {
  return channels.find((channel) => channel.id === chosenId) ?? channels[0] ?? null;
}

/**
 * The channel a command is about: the named one, else the team's only channel, else its default (recorded,
 * so the reply says which was used). Unknown names are user errors that list what exists.
 */
export async function resolveChannel(db: Db, teamId: number, name: string | undefined): Promise<ResolvedChannel> {
  if (name !== undefined) {
    const channel = await findOwnChannel(db, teamId, name);
    if (channel) return channel;
  }
  const own = await ownChannels(db, teamId);
  const { channels } = own;
  const chosen = name === undefined ? pickDefault(own) : null;
  if (channels.length === 0) {
    throw new UserError(
      'No channels yet',
      'This team has no YouTube channel yet.',
      'Load the demo with `demo`, or import a CSV with `import --channel NAME --file PATH`.',
    );
  }
  if (!chosen) throw unknownChannel(name ?? '', channels);
  if (channels.length > 1) recordImplicitChannel(chosen.name);
  return chosen;
}

/**
 * One of the team's own channels by name (any case), or null. In SQL (ILIKE on the name as a literal pattern): a
 * CLI command's only model query besides its team's, whose compiling cost ~0.01 s CPU.
 */
export async function findOwnChannel(db: Db, teamId: number, name: string): Promise<ResolvedChannel | null> {
  const [channel] = await db.$queryRaw<ResolvedChannel[]>`
    SELECT "id", "name", "title", "source"::text AS "source", "timezone", "dataVersion" FROM "Channel"
    WHERE "teamId" = ${teamId} AND "source" IN ('demo', 'csv', 'youtube') AND "name" ILIKE ${likeLiteral(name)}
    LIMIT 1`;
  return channel ?? null;
}

/** The error for a name the team has no channel by: it lists the channels there are. */
export function unknownChannel(name: string, channels: readonly { name: string }[]): UserError {
  return new UserError(
    'Unknown channel',
    `There is no channel named "${name}" in this team.`,
    `Channels: ${channels.map((channel) => channel.name).join(', ')}.`,
  );
}
