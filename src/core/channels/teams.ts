import type { Db } from '../db/database.js';

export interface TeamRef {
  id: number;
  name: string;
}

/** The team of the local console and CLI. Chat platforms get one team per guild or workspace. */
export async function ensureLocalTeam(db: Db): Promise<TeamRef> {
  const team = await db.team.upsert({
    where: { platform_externalId: { platform: 'console', externalId: 'local' } },
    create: { platform: 'console', externalId: 'local', name: 'Local' },
    update: {},
    select: { id: true, name: true },
  });
  return team;
}

export interface ChatTeam extends TeamRef {
  /** Discord role id or Slack user-group id whose members may run manage commands. */
  manageRole: string | null;
}

/**
 * The team of a Discord guild or Slack workspace, created on first use: each one sees only its own data. Read
 * first: every chat command asks, the team nearly always exists, and a read costs a quarter of an upsert's CPU.
 */
export async function ensureChatTeam(
  db: Db,
  platform: 'discord' | 'slack',
  externalId: string,
  name: string,
): Promise<ChatTeam> {
  const select = { id: true, name: true, manageRole: true } as const;
  const existing = await db.team.findUnique({ where: { platform_externalId: { platform, externalId } }, select });
  if (existing) return existing;
  return db.team.upsert({
    where: { platform_externalId: { platform, externalId } },
    create: { platform, externalId, name },
    update: {},
    select,
  });
}
