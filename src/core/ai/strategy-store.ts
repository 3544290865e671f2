import type { DbClient } from '../videos/video-store.js';
import type { Evidence, StrategyBasis } from './strategy-basis.js';

// A stored content strategy read back in its own types (its lists are JSON columns).

export type ExplainedEvidence = Evidence & { why: string };

export interface StoredStrategy {
  id: number;
  version: number;
  writer: string;
  generatedAt: Date;
  summary: string;
  recommendedTopics: ExplainedEvidence[];
  avoidTopics: ExplainedEvidence[];
  style: string;
  pacing: string;
  hookTemplates: string[];
  postingWindows: Evidence[];
  nextTests: string[];
  basisVideoCount: number;
  basisFrom: Date | null;
  basisTo: Date | null;
  performanceScore: number | null;
  /** performanceVideos is absent from strategies stored before it was kept. */
  basis: Omit<StrategyBasis, 'performanceVideos'> &
    Partial<Pick<StrategyBasis, 'performanceVideos'>> & { signature: string; summary: string };
}

export async function latestStrategy(db: DbClient, channelId: number): Promise<StoredStrategy | null> {
  const row = await db.contentStrategy.findFirst({ where: { channelId }, orderBy: { version: 'desc' } });
  if (!row) return null;
  const basis = row.basis as unknown as StoredStrategy['basis'];
  return {
    id: row.id,
    version: row.version,
    writer: row.writer,
    generatedAt: row.generatedAt,
    summary: basis.summary,
    recommendedTopics: row.recommendedTopics as unknown as ExplainedEvidence[],
    avoidTopics: row.avoidTopics as unknown as ExplainedEvidence[],
    style: row.style ?? '',
    pacing: row.pacing ?? '',
    hookTemplates: row.hookTemplates as string[],
    postingWindows: row.postingWindows as unknown as Evidence[],
    nextTests: row.nextTests as string[],
    basisVideoCount: row.basisVideoCount,
    basisFrom: row.basisFrom,
    basisTo: row.basisTo,
    performanceScore: row.performanceScore,
    basis,
  };
}
