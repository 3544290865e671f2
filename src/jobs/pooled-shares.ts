import { DEFAULT_LEARNING_SETTINGS, type LearningSettings } from '../core/analytics/evidence-history.js';
import { OWN_CHANNELS } from '../core/channels/channel-directory.js';
import type { Db } from '../core/db/database.js';
import { poolableAt, type TeamMember } from '../core/learning/pooled-evidence-store.js';
import type { Logger } from '../core/logger.js';
import { runInBackground, type WorkQueue } from '../core/work-queue.js';

// Team-wide evidence kept ready, run from the cycle's every-minute ticker: in teams of several channels, each
// channel whose stored share of the pooled evidence (PooledEvidence) is missing or older than its data is
// analysed and its share stored, one channel per background job, so commands overtake it. Without this the
// first /trends after importing a team of 100 channels analysed all 100 while the user waited (about 10 s);
// after it, that /trends reads their shares in one query. Two processes may work out the same share at once:
// both store the same figures.

export interface PooledSharesDeps {
  db: Db;
  log: Logger;
  learning?: LearningSettings;
  queue?: WorkQueue;
}

/** The channels whose share is missing or stale: one query. */
async function staleMembers(db: Db, halfLifeVideos: number): Promise<TeamMember[]> {
  const channels = await db.channel.findMany({
    where: OWN_CHANNELS,
    select: {
      id: true,
      teamId: true,
      dataVersion: true,
      timezone: true,
      pooledEvidence: { where: { halfLifeVideos }, select: { dataVersion: true, timezone: true } },
    },
    orderBy: { id: 'asc' },
  });
  const perTeam = new Map<number, number>();
  for (const { teamId } of channels) perTeam.set(teamId, (perTeam.get(teamId) ?? 0) + 1);
  return channels
    .filter(({ teamId, dataVersion, timezone, pooledEvidence: [share] }) => {
      if ((perTeam.get(teamId) ?? 0) < 2) return false;
      return share?.dataVersion !== dataVersion || share.timezone !== timezone;
    })
    .map(({ id, dataVersion, timezone }) => ({ id, dataVersion, timezone }));
}

/** Stores the missing and stale shares; returns how many channels were analysed. */
export async function keepPooledSharesReady(deps: PooledSharesDeps): Promise<number> {
  const settings = deps.learning ?? DEFAULT_LEARNING_SETTINGS;
  const stale = await staleMembers(deps.db, settings.evidenceHalfLifeVideos);
  let analysed = 0;
  for (const member of stale) {
    try {
      await runInBackground(deps.queue, () => poolableAt(deps.db, [member], settings));
      analysed++;
    } catch (error) {
      // One channel that cannot be analysed must not keep the others' shares from being stored.
      deps.log.warn(
        { channelId: member.id, err: error instanceof Error ? error.message : String(error) },
        'pooled share not stored',
      );
    }
  }
  return analysed;
}
