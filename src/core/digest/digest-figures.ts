import { ageInDays, type ChannelData, DAY_MS } from '../analytics/analytics-video.js';
import { analyzeChannel, type ChannelAnalysis } from '../analytics/channel-analysis.js';
import { MIN_GROUP_VIDEOS } from '../analytics/effect-model.js';
import { DEFAULT_LEARNING_SETTINGS, type LearningSettings } from '../analytics/evidence-history.js';
import { formatOf } from '../analytics/growth-curve.js';
import { EARLY_AGES_DAYS, predictVideo } from '../analytics/post-publish-prediction.js';
import { channelRetentionMedians, curveInSeconds, retentionKeyPoints } from '../analytics/retention-key-points.js';
import { OTHER_TOPIC } from '../analytics/topic-clusters.js';
import { viewHistory } from '../analytics/views-at-age.js';
import type { ChartSpec } from '../charts/chart-spec.js';
import { effectsChart } from '../charts/effects-chart.js';
import { retentionChart } from '../charts/retention-chart.js';
import { viewsChart } from '../charts/views-chart.js';
import { type ChannelOverview, channelOverview } from '../stats/channel-overview.js';
import { type RankedVideo, rankByOutlierScore } from '../stats/outlier-ranking.js';
import { type PeriodTrend, periodTrend } from '../stats/period-trend.js';

// Everything the digest shows that is computed from the channel's videos: pure, from the same analytics
// functions as /stats, /trends and /predict, so the digest never disagrees with the commands.

/** Videos published within this many days count as "recent" for best and worst. */
export const RECENT_DAYS = 28;
export const RANKED_COUNT = 3;
/** Horizons of the views chart's forecast. */
const FORECAST_HORIZONS = [7, 30, 90] as const;

export interface PeriodComparison {
  days: number;
  /** Views (or engaged views) gained by the videos whose histories cover both periods, against the period before. */
  views: PeriodTrend;
  /** Likes, engagement rate and average % viewed of the videos published in the period and the one before. */
  newVideos: { current: ChannelOverview; previous: ChannelOverview };
}

export interface DigestFigures {
  asOf: Date;
  videoCount: number;
  periods: [day: PeriodComparison, week: PeriodComparison];
  best: RankedVideo[];
  worst: RankedVideo[];
  /** Recent videos left out of best and worst: compared with too few videos (see rankByOutlierScore). */
  tooFewToCompare: number;
  charts: ChartSpec[];
  /** Why a chart is missing, e.g. "retention: no video has a retention curve yet". */
  missingCharts: string[];
}

function comparePeriod(data: ChannelData, asOf: Date, days: number): PeriodComparison {
  const end = asOf.getTime();
  const publishedBetween = (from: number, to: number) =>
    data.videos.filter((video) => {
      const at = video.publishedAt?.getTime();
      return at !== undefined && at >= from && at < to;
    });
  return {
    days,
    views: periodTrend(data.videos, asOf, days),
    newVideos: {
      current: channelOverview(publishedBetween(end - days * DAY_MS, end)),
      previous: channelOverview(publishedBetween(end - 2 * days * DAY_MS, end - days * DAY_MS)),
    },
  };
}

/** The newest video that can be forecast at one of the horizons, with its history and forecast. */
function latestForecast(data: ChannelData, asOf: Date) {
  const newestFirst = data.videos.filter((video) => video.publishedAt !== null && video.publishedAt <= asOf).reverse();
  for (const video of newestFirst.slice(0, 10)) {
    const age = ageInDays(video, asOf) ?? 0;
    if (age < (EARLY_AGES_DAYS[0] as number)) continue;
    const forecast = FORECAST_HORIZONS.flatMap((horizon) => {
      const result = predictVideo(data, video.id, asOf, horizon);
      return 'insufficient' in result || result.kind !== 'prediction'
        ? []
        : [{ ageDays: horizon, predicted: result.predicted, low: result.low, high: result.high }];
    });
    if (forecast.length === 0) continue;
    const history = viewHistory(video).filter((point) => point.ageDays <= age);
    return { videoTitle: video.title, history, forecast };
  }
  return null;
}

/** The newest video with a retention curve, against the channel's median curve of the same format. */
function latestRetention(data: ChannelData) {
  const video = [...data.videos].reverse().find((candidate) => candidate.retention.ratios.length > 0);
  if (!video) return null;
  const summary = retentionKeyPoints(video.retention, video.durationS);
  if (!summary || video.durationS === null) return null;
  const medians = channelRetentionMedians(data.videos)[formatOf(video)];
  const lastKeySecond = Math.max(...medians.keyPoints.map((point) => point.seconds));
  const horizon = Math.min(video.durationS, lastKeySecond);
  return {
    videoTitle: video.title,
    curve: curveInSeconds(video.retention, video.durationS).filter((point) => point.seconds <= horizon),
    channelMedian: medians.keyPoints.filter((point) => point.seconds <= horizon),
    hookHold: summary.hookHold,
    medianHookHold: medians.hookHold.median,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `analysis`: the channel's at `asOf` with `settings`, when the caller has it already (the cycle's strategy step). */
export function digestFigures(
  data: ChannelData,
  asOf: Date,
  settings: LearningSettings = DEFAULT_LEARNING_SETTINGS,
  analysis: ChannelAnalysis = analyzeChannel(data, asOf, settings),
): DigestFigures {
  const { scores, patterns } = analysis;
  const recentIds = new Set(
    data.videos.filter((video) => (ageInDays(video, asOf) ?? Infinity) <= RECENT_DAYS).map((video) => video.id),
  );
  const { best, worst, tooFewToCompare } = rankByOutlierScore(
    data.videos,
    scores.filter((score) => recentIds.has(score.id)),
    asOf,
    RANKED_COUNT,
  );
  const topicNames = new Map(patterns.topics.clusters.map((cluster) => [cluster.id, cluster.label]));
  const forecast = latestForecast(data, asOf);
  const retention = latestRetention(data);
  const candidates: [string, ChartSpec | null][] = [
    ['views: no recent video has enough history for a forecast yet', forecast && viewsChart(forecast)],
    ['retention: no video has a retention curve yet', retention && retentionChart(retention)],
    [
      'topics: no topic has enough videos yet',
      effectsChart({
        // 'other' is the videos no topic fits: no topic to chart.
        effects: patterns.topics.effects.filter((estimate) => estimate.group !== OTHER_TOPIC).slice(0, 8),
        label: (group) => topicNames.get(group) ?? group,
        name: 'topics.png',
        subject: 'Topic effects',
      }),
    ],
    [
      `posting times: no local hour has ${MIN_GROUP_VIDEOS} videos with a known time of day yet`,
      effectsChart({
        effects: [...patterns.postingTime.effects].sort((a, b) => compareText(a.group, b.group)),
        label: (group) => group,
        // Every local hour with enough videos, in order: the daily curve, not its first twelve hours.
        limit: 24,
        name: 'posting-times.png',
        subject: `Posting-time effects (${data.timezone})`,
        ...(patterns.postingTime.unknownTime > 0
          ? { note: `${patterns.postingTime.unknownTime} video(s) without a time of day are left out.` }
          : {}),
      }),
    ],
  ];
  return {
    asOf,
    videoCount: data.videos.length,
    periods: [comparePeriod(data, asOf, 1), comparePeriod(data, asOf, 7)],
    best,
    worst,
    tooFewToCompare,
    charts: candidates.flatMap(([, spec]) => (spec ? [spec] : [])),
    missingCharts: candidates.flatMap(([why, spec]) => (spec ? [] : [why])),
  };
}
