import type { Db } from '../db/database.js';
import { addDays, dateColumn, localDate, QUOTA_TIMEZONE } from '../time/zoned-time.js';

// What the digest reads from the ledgers and from the work of the strategy step: insights, the latest
// strategy, quota units and LLM tokens spent.

export interface DigestInsight {
  id: number;
  key: string;
  type: string;
  summary: string;
  sampleSize: number;
  createdAt: Date;
}

/**
 * Active insights found or re-validated since `since`, most confident first (the column is the level's sort key;
 * the level itself is in the summary); and how many are active.
 */
export async function newInsights(
  db: Db,
  channelId: number,
  since: Date,
  limit = 5,
): Promise<{ fresh: DigestInsight[]; active: number }> {
  const where = { channelId, status: 'active' as const };
  const [fresh, active] = await Promise.all([
    db.channelInsight.findMany({
      where: { ...where, OR: [{ createdAt: { gte: since } }, { lastValidatedAt: { gte: since } }] },
      orderBy: [{ confidence: 'desc' }, { id: 'asc' }],
      take: limit,
      select: { id: true, key: true, type: true, summary: true, sampleSize: true, createdAt: true },
    }),
    db.channelInsight.count({ where }),
  ]);
  return { fresh, active };
}

export interface StrategyHighlights {
  version: number;
  generatedAt: Date;
  writer: string;
  recommended: string[];
  avoid: string[];
}

/**
 * A recommendation as one line, whatever shape the writer stored it in: a string, or an object naming the
 * topic (topic/name/title/label/text) with an optional reason (why/reason/rationale/evidence).
 */
function recommendationText(item: unknown): string | null {
  if (typeof item === 'string') return item;
  if (item === null || typeof item !== 'object') return null;
  const fields = item as Record<string, unknown>;
  const pick = (names: string[]) =>
    names.map((name) => fields[name]).find((value): value is string => typeof value === 'string');
  const head = pick(['topic', 'name', 'title', 'label', 'text']);
  const why = pick(['why', 'reason', 'rationale', 'evidence']);
  if (head === undefined) return null;
  return why === undefined ? head : `${head} — ${why}`;
}

function recommendationList(value: unknown, limit: number): string[] {
  const items = Array.isArray(value) ? value : [];
  return items.flatMap((item) => recommendationText(item) ?? []).slice(0, limit);
}

/** The channel's current (latest) strategy, reduced to its top recommendations; null when there is none. */
export async function latestStrategy(db: Db, channelId: number, limit = 3): Promise<StrategyHighlights | null> {
  const row = await db.contentStrategy.findFirst({ where: { channelId }, orderBy: { version: 'desc' } });
  if (!row) return null;
  return {
    version: row.version,
    generatedAt: row.generatedAt,
    writer: row.writer,
    recommended: recommendationList(row.recommendedTopics, limit),
    avoid: recommendationList(row.avoidTopics, 2),
  };
}

export interface ChannelSpend {
  /** YouTube units charged to the channel: today (Pacific day, as YouTube counts) and the last 7 such days. */
  quotaUnits: { today: number; week: number };
  /** LLM tokens (prompt + completion) and calls in the last 24 hours and 7 days; cache hits cost nothing. */
  tokens: { day: number; week: number; calls: number; cacheHits: number };
}

export async function channelSpend(db: Db, channelId: number, now: Date): Promise<ChannelSpend> {
  const today = localDate(now, QUOTA_TIMEZONE);
  const unitsSince = async (from: string) =>
    (await db.quotaEntry.aggregate({ where: { channelId, day: { gte: dateColumn(from) } }, _sum: { units: true } }))
      ._sum.units ?? 0;
  const tokensSince = (from: Date) =>
    db.llmUsage.aggregate({
      where: { channelId, at: { gte: from }, cacheHit: false },
      _sum: { promptTokens: true, completionTokens: true },
      _count: { _all: true },
    });
  const weekStart = new Date(now.getTime() - 7 * 86_400_000);
  const [unitsToday, unitsWeek, day, week, cacheHits] = await Promise.all([
    unitsSince(today),
    unitsSince(addDays(today, -6)),
    tokensSince(new Date(now.getTime() - 86_400_000)),
    tokensSince(weekStart),
    db.llmUsage.count({ where: { channelId, at: { gte: weekStart }, cacheHit: true } }),
  ]);
  const total = (sums: typeof day) => (sums._sum.promptTokens ?? 0) + (sums._sum.completionTokens ?? 0);
  return {
    quotaUnits: { today: unitsToday, week: unitsWeek },
    tokens: { day: total(day), week: total(week), calls: week._count._all, cacheHits },
  };
}
