import type { DbClient } from '../videos/video-store.js';

// The token ledger: one row per LLM answer (cache hits included, with zero tokens), counted per UTC day —
// the day Groq's own daily limits reset on.

export interface UsageRow {
  channelId?: number;
  model: string;
  purpose: string;
  promptTokens: number;
  completionTokens: number;
  cacheHit: boolean;
}

/** The UTC calendar day of a moment, as the DATE the ledger stores. */
function usageDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

export async function recordUsage(db: DbClient, row: UsageRow, at: Date): Promise<void> {
  await db.llmUsage.create({ data: { ...row, day: usageDay(at), at } });
}

export interface UsageTotals {
  /** Answers that cost tokens. */
  calls: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
}

/** What the ledger holds for one UTC day, optionally for one channel. */
export async function usageOn(db: DbClient, at: Date, channelId?: number): Promise<UsageTotals> {
  const groups = await db.llmUsage.groupBy({
    by: ['cacheHit'],
    where: { day: usageDay(at), ...(channelId === undefined ? {} : { channelId }) },
    _count: { _all: true },
    _sum: { promptTokens: true, completionTokens: true },
  });
  const totals: UsageTotals = { calls: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0 };
  for (const group of groups) {
    if (group.cacheHit) totals.cacheHits += group._count._all;
    else totals.calls += group._count._all;
    totals.promptTokens += group._sum.promptTokens ?? 0;
    totals.completionTokens += group._sum.completionTokens ?? 0;
  }
  return totals;
}
