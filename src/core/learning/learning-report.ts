import { latestAnalysis } from '../analytics/latest-analysis.js';
// The learning report: is TubePilot's advice working on this channel? Predictions scored against what
// happened (overall and by month), the lift of videos made under its strategy, how often each topic beats the
// channel's own baseline, the engagement trend, and which insights still hold.

import { DAY_MS, figuresTime } from '../analytics/analytics-video.js';
import { DEFAULT_LEARNING_SETTINGS, type LearningSettings } from '../analytics/evidence-history.js';
import { loadChannelData } from '../analytics/load-channel-data.js';
import { type PredictionScore, scorePredictions } from '../analytics/prediction-accuracy.js';
import { engagementRate } from '../analytics/success-score.js';
import { OTHER_TOPIC } from '../analytics/topic-clusters.js';
import { scoreDuePredictions } from '../predictions/prediction-store.js';
import { median } from '../stats/summary-statistics.js';
import type { DbClient } from '../videos/video-store.js';
import { accuracyByMonth, type MonthlyAccuracy } from './accuracy-over-time.js';
import { type StrategyLift, strategyLift } from './strategy-lift.js';

const ENGAGEMENT_PERIOD_DAYS = 30;

export interface TopicSuccess {
  topic: string;
  label: string;
  videos: number;
  /** Videos above their age-matched baseline (outlier score > 1). */
  aboveBaseline: number;
  rate: number;
}

export interface EngagementTrend {
  /** Median engagement rate of videos published in the last 30 days, and in the 30 before. */
  recent: number | null;
  previous: number | null;
  recentN: number;
  previousN: number;
}

export interface InsightStatus {
  summary: string;
  sampleSize: number;
  lastValidatedAt: Date | null;
}

export interface LearningReport {
  /** The channel's latest reading, which the figures below stand at, and its timezone. */
  asOf: Date | null;
  timezone: string;
  accuracy: PredictionScore;
  accuracyByMonth: MonthlyAccuracy[];
  /** When the first strategy was written: TubePilot's advice starts there. Null before any. */
  strategySince: Date | null;
  lift: StrategyLift | null;
  /** Since the first strategy (or over all videos before one), most videos first. */
  topics: TopicSuccess[];
  engagement: EngagementTrend;
  activeInsights: number;
  invalidatedInsights: InsightStatus[];
}

function engagementMedian(rates: readonly (number | null)[]): { value: number | null; n: number } {
  const known = rates.filter((rate): rate is number => rate !== null);
  return { value: median(known), n: known.length };
}

/** `now` stamps the predictions scored here; the figures stand at the channel's latest reading. */
export async function learningReport(
  db: DbClient,
  channelId: number,
  now: Date,
  settings: LearningSettings = DEFAULT_LEARNING_SETTINGS,
): Promise<LearningReport> {
  const data = await loadChannelData(db, channelId);
  const asOf = figuresTime(data);
  await scoreDuePredictions(db, channelId, data.videos, now);
  const [predictions, firstStrategy, scripted, insights] = await Promise.all([
    db.prediction.findMany({
      where: { channelId, actual: { not: null } },
      select: { predicted: true, low: true, high: true, actual: true, madeAt: true },
    }),
    db.contentStrategy.findFirst({ where: { channelId }, orderBy: { version: 'asc' }, select: { generatedAt: true } }),
    db.generatedScript.findMany({
      where: { channelId, video: { isNot: null } },
      select: { video: { select: { youtubeId: true } } },
    }),
    db.channelInsight.findMany({
      where: { channelId, status: { in: ['active', 'invalidated'] } },
      orderBy: { lastValidatedAt: 'desc' },
      select: { status: true, summary: true, sampleSize: true, lastValidatedAt: true },
    }),
  ]);
  const pairs = predictions.map((prediction) => ({ ...prediction, actual: prediction.actual as number }));

  const { scores, patterns } = latestAnalysis(data, settings);
  const outlierById = new Map(scores.map((score) => [score.id, score.outlierScore]));
  const since = firstStrategy?.generatedAt ?? null;
  const scriptedIds = new Set(scripted.map((script) => script.video?.youtubeId));
  const lift =
    since === null
      ? null
      : strategyLift(
          data.videos.flatMap((video) => {
            const outlier = outlierById.get(video.id);
            if (outlier === null || outlier === undefined || !(outlier > 0) || video.publishedAt === null) return [];
            return [
              { lnViews: Math.log(outlier), publishedAt: video.publishedAt, followed: scriptedIds.has(video.id) },
            ];
          }),
          since,
        );

  const publishedAt = new Map(data.videos.map((video) => [video.id, video.publishedAt?.getTime() ?? 0]));
  const inScope = (id: string) => since === null || (publishedAt.get(id) ?? 0) >= since.getTime();
  const topics = patterns.topics.clusters
    .filter((cluster) => cluster.id !== OTHER_TOPIC)
    .map((cluster) => {
      const outliers = cluster.videoIds.filter(inScope).flatMap((id) => {
        const outlier = outlierById.get(id);
        return outlier === null || outlier === undefined ? [] : [outlier];
      });
      const aboveBaseline = outliers.filter((outlier) => outlier > 1).length;
      return {
        topic: cluster.id,
        label: cluster.label,
        videos: outliers.length,
        aboveBaseline,
        rate: outliers.length === 0 ? 0 : aboveBaseline / outliers.length,
      };
    })
    .filter((topic) => topic.videos > 0)
    .sort((a, b) => b.videos - a.videos || a.topic.localeCompare(b.topic));

  const end = asOf.getTime();
  const period = ENGAGEMENT_PERIOD_DAYS * DAY_MS;
  const publishedWithin = (from: number, to: number) =>
    data.videos
      .filter(
        (video) =>
          video.publishedAt !== null && video.publishedAt.getTime() >= from && video.publishedAt.getTime() < to,
      )
      .map((video) => engagementRate(video));
  const recent = engagementMedian(publishedWithin(end - period, end));
  const previous = engagementMedian(publishedWithin(end - 2 * period, end - period));

  return {
    asOf: data.asOf,
    timezone: data.timezone,
    accuracy: scorePredictions(pairs),
    accuracyByMonth: accuracyByMonth(pairs),
    strategySince: since,
    lift,
    topics,
    engagement: { recent: recent.value, previous: previous.value, recentN: recent.n, previousN: previous.n },
    activeInsights: insights.filter((insight) => insight.status === 'active').length,
    invalidatedInsights: insights
      .filter((insight) => insight.status === 'invalidated')
      .map(({ summary, sampleSize, lastValidatedAt }) => ({
        summary,
        sampleSize,
        lastValidatedAt,
      })),
  };
}
