import type { Db } from '../db/database.js';

export interface TeamRef {
  id: number;
  name: string;
}

/**
 * The team of the local console and CLI. Chat platforms get one team per guild or workspace. In SQL: this is the
 * first query of every CLI command, and as Prisma's first model query it cost ~0.05 s CPU (its query compiler
 * compiling its first query), which `stats` spent on nothing else.
 */
export async function ensureLocalTeam(db: Db): Promise<TeamRef> {
  // Twice at most: a process creating it at the same moment commits after this statement's snapshot, so this
  // statement neither inserts it nor sees it; the next one does.
  for (let attempt = 0; attempt < 2; attempt++) {
    const [team] = await db.$queryRaw<TeamRef[]>`
      WITH created AS (
        INSERT INTO "Team" ("platform", "externalId", "name") VALUES ('console', 'local', 'Local')
        ON CONFLICT ("platform", "externalId") DO NOTHING
        RETURNING "id", "name"
      )
      SELECT "id", "name" FROM created
      UNION ALL
      SELECT "id", "name" FROM "Team" WHERE "platform" = 'console' AND "externalId" = 'local'`;
    if (team) return team;
  }
  throw new Error('The local team was neither created nor found');
}

/**
 * Chat teams already read, per database handle, by platform and external id. What is kept never changes: a
 * team's row is created once with its id and name and never renamed or deleted, so every process on the same
 * database may keep its own copy. What does change (the manage role) is read where it is used: `teamManageRole`.
 */
const knownTeams = new WeakMap<Db, Map<string, TeamRef>>();

/**
 * The team of a Discord guild or Slack workspace, created on first use: each one sees only its own data. Every
 * chat command asks, so after the first time a process answers from memory (a read was ~10 % of a cached
 * /stats's CPU).
 */
export async function ensureChatTeam(
  db: Db,
  platform: 'discord' | 'slack',
  externalId: string,
  name: string,
): Promise<TeamRef> {
  const known = knownTeams.get(db) ?? new Map<string, TeamRef>();
  knownTeams.set(db, known);
  const key = `${platform} ${externalId}`;
  const kept = known.get(key);
  if (kept) return kept;
  const select = { id: true, name: true } as const;
  const team =
    (await db.team.findUnique({ where: { platform_externalId: { platform, externalId } }, select })) ??
    (await db.team.upsert({
      where: { platform_externalId: { platform, externalId } },
      create: { platform, externalId, name },
      update: {},
      select,
    }));
  known.set(key, team);
  return team;
}

/** The Discord role id or Slack user-group id whose members may run manage commands: read now, never kept. */
export async function teamManageRole(db: Db, teamId: number): Promise<string | null> {
  const team = await db.team.findUniqueOrThrow({ where: { id: teamId }, select: { manageRole: true } });
  return team.manageRole;
}
