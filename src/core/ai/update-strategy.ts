import { latestAnalysis } from '../analytics/latest-analysis.js';
// The strategy step of the daily cycle (and of /strategy): compute the basis, write a new strategy version
// only when the basis changed, and re-validate the channel's insights. Nothing changed → no LLM call.

import type { Prisma } from '../../generated/prisma/client.js';
import type { Confidence } from '../analytics/analytics-video.js';
import { learningSettings } from '../analytics/evidence-history.js';
import { loadChannelData } from '../analytics/load-channel-data.js';
import type { DbClient } from '../videos/video-store.js';
import type { AiDeps } from './groq-client.js';
import {
  basisSignature,
  describeEvidence,
  type Evidence,
  type StrategyBasis,
  strategyBasis,
} from './strategy-basis.js';
import { writeStrategyWords } from './strategy-writer.js';
import { llmAvailable } from './structured-completion.js';
import { OFFLINE_WRITER } from './writer.js';

export interface InsightResult {
  key: string;
  summary: string;
  confidence: Confidence;
  sampleSize: number;
  isNew: boolean;
}

export interface StrategyUpdate {
  strategyId: number;
  version: number;
  created: boolean;
  writer: string;
  llmCalls: number;
  insights: InsightResult[];
  /** The channel's latest reading, which the strategy's figures stand at, and its timezone. */
  figures: { asOf: Date | null; timezone: string };
}

/**
 * The order of the confidence levels, as ChannelInsight's numeric `confidence` column stores it so the digest can
 * list the surest first. A sort key only: what users read is the level, in the summary and in `data`.
 */
const CONFIDENCE_RANK: Record<Confidence, number> = { high: 3, medium: 2, low: 1, insufficient: 0 };

type InsightType = 'topic' | 'style' | 'pacing' | 'hook' | 'length' | 'time';

interface FoundInsight {
  key: string;
  type: InsightType;
  summary: string;
  evidence: Evidence;
}

/** Every evidenced finding of a basis, under a key that stays the same from one cycle to the next. */
function basisInsights(basis: StrategyBasis): FoundInsight[] {
  const found = (type: InsightType, prefix: string, verdict: string) => (evidence: Evidence) => ({
    key: `${prefix}:${evidence.id}`,
    type,
    summary: `${verdict} "${evidence.label}": ${describeEvidence(evidence)}`,
    evidence,
  });
  return [
    ...basis.recommendedTopics.map(found('topic', 'topic', 'Topic works:')),
    ...basis.avoidTopics.map(found('topic', 'topic', 'Topic underperforms:')),
    ...basis.lengths.map(found('length', 'length', 'Length works:')),
    ...basis.postingWindows.map(found('time', 'time', 'Posting window works:')),
    ...basis.hookStyles.map(found('hook', 'hook', 'Hook style works:')),
  ];
}

/** Re-found insights are updated and re-validated, new ones created, the ones no longer found invalidated. */
async function revalidateInsights(
  db: DbClient,
  channelId: number,
  found: readonly FoundInsight[],
  now: Date,
): Promise<InsightResult[]> {
  const active = await db.channelInsight.findMany({
    where: { channelId, status: 'active' },
    select: { id: true, key: true },
  });
  const byKey = new Map(active.map((insight) => [insight.key, insight.id]));
  const results: InsightResult[] = [];
  for (const insight of found) {
    const fields = {
      type: insight.type,
      summary: insight.summary,
      data: { ...insight.evidence } as Prisma.InputJsonObject,
      confidence: CONFIDENCE_RANK[insight.evidence.confidence],
      sampleSize: insight.evidence.n,
      lastValidatedAt: now,
    };
    const id = byKey.get(insight.key);
    if (id === undefined)
      await db.channelInsight.create({ data: { channelId, key: insight.key, ...fields, createdAt: now } });
    else await db.channelInsight.update({ where: { id }, data: fields });
    byKey.delete(insight.key);
    results.push({
      key: insight.key,
      summary: insight.summary,
      confidence: insight.evidence.confidence,
      sampleSize: fields.sampleSize,
      isNew: id === undefined,
    });
  }
  if (byKey.size) {
    await db.channelInsight.updateMany({ where: { id: { in: [...byKey.values()] } }, data: { status: 'invalidated' } });
  }
  return results;
}

export async function updateChannelStrategy(deps: AiDeps, channelId: number): Promise<StrategyUpdate> {
  const { db } = deps;
  const now = deps.now();
  const data = await loadChannelData(db, channelId);
  const basis = strategyBasis(data, latestAnalysis(data, learningSettings(deps.config)));
  const figures = { asOf: data.asOf, timezone: data.timezone };
  const signature = basisSignature(basis);
  const latest = await db.contentStrategy.findFirst({
    where: { channelId },
    orderBy: { version: 'desc' },
    select: { id: true, version: true, writer: true, basis: true },
  });
  const latestSignature = (latest?.basis as { signature?: string } | null)?.signature;
  // An offline strategy is rewritten by the LLM once one is available (a key was added, the budget reset).
  const upToDate =
    latest !== null &&
    latestSignature === signature &&
    !(latest.writer === OFFLINE_WRITER && (await llmAvailable(deps)));

  if (upToDate) {
    const insights = await revalidateInsights(db, channelId, basisInsights(basis), now);
    return {
      strategyId: latest.id,
      version: latest.version,
      created: false,
      writer: latest.writer,
      llmCalls: 0,
      insights,
      figures,
    };
  }

  const words = await writeStrategyWords(deps, channelId, basis);
  const whyById = new Map(words.value.topics.map((topic) => [topic.id, topic.why]));
  const withWhy = (groups: readonly Evidence[]) =>
    groups.map((group) => ({ ...group, why: whyById.get(group.id) ?? describeEvidence(group) }));
  return db.$transaction(async (tx) => {
    const strategy = await tx.contentStrategy.create({
      data: {
        channelId,
        version: (latest?.version ?? 0) + 1,
        recommendedTopics: withWhy(basis.recommendedTopics),
        avoidTopics: withWhy(basis.avoidTopics),
        style: words.value.style,
        pacing: words.value.pacing,
        hookTemplates: words.value.hook_templates,
        postingWindows: basis.postingWindows.map((window) => ({ ...window })),
        nextTests: words.value.next_tests,
        writer: words.writer,
        generatedAt: now,
        basisVideoCount: basis.videoCount,
        basisFrom: basis.from === null ? null : new Date(basis.from),
        basisTo: basis.to === null ? null : new Date(basis.to),
        performanceScore: basis.performanceScore,
        basis: { ...basis, signature, summary: words.value.summary } as unknown as Prisma.InputJsonObject,
      },
      select: { id: true, version: true },
    });
    const insights = await revalidateInsights(tx, channelId, basisInsights(basis), now);
    return {
      strategyId: strategy.id,
      version: strategy.version,
      created: true,
      writer: words.writer,
      llmCalls: words.llmCalls,
      insights,
      figures,
    };
  });
}
