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
