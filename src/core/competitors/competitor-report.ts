// What competitors show: their outliers (videos far above their own age-matched baseline) and content gaps —
// topics that win on a competitor's channel (a positive topic effect whose interval clears zero) that this
// channel has not made a video about. Everything is measured within each competitor's own channel, so a big
// competitor's ordinary video is not mistaken for a hit.

import { type ChannelData, figuresTime } from '../analytics/analytics-video.js';
import { analyzeChannel } from '../analytics/channel-analysis.js';
import { DEFAULT_LEARNING_SETTINGS, type LearningSettings } from '../analytics/evidence-history.js';
import { tokeniser } from '../analytics/topic-clusters.js';

/** Outlier score from which a competitor's video counts as a hit worth showing. */
export const COMPETITOR_OUTLIER_MIN = 2;

export interface CompetitorChannel {
  name: string;
  data: ChannelData;
}

export interface CompetitorOutlier {
  competitor: string;
  videoId: string;
  title: string;
  views: number;
  ageDays: number;
  outlierScore: number;
}

export interface ContentGap {
  competitor: string;
  topic: string;
  keywords: string[];
  /** The competitor's videos on the topic. */
  n: number;
  /** exp(shrunk effect) on the competitor's channel, with its interval. */
  multiplier: number;
  low: number;
  high: number;
  confidence: string;
  examples: string[];
}

export interface CompetitorReport {
  outliers: CompetitorOutlier[];
  gaps: ContentGap[];
}

/** The set of term keys (stems and bigrams) in each of the channel's videos' titles and tags. */
function channelTerms(data: ChannelData): Set<string> {
  const { termsOf } = tokeniser();
  const terms = new Set<string>();
  for (const video of data.videos) {
    for (const term of termsOf(`${video.title} | ${video.tags.join(' | ')}`)) terms.add(term);
  }
  return terms;
}

/** A topic is tried when one of the channel's videos uses every word of its leading keyword. */
function hasTried(ownTerms: ReadonlySet<string>, keyword: string): boolean {
  const stems = tokeniser()
    .termsOf(keyword)
    .filter((term) => !term.includes(' '));
  return stems.length > 0 && stems.every((term) => ownTerms.has(term));
}

export function competitorReport(
  own: ChannelData,
  competitors: readonly CompetitorChannel[],
  options: { maxOutliers?: number; learning?: LearningSettings } = {},
): CompetitorReport {
  const ownTerms = channelTerms(own);
  const outliers: CompetitorOutlier[] = [];
  const gaps: ContentGap[] = [];
  for (const competitor of competitors) {
    // Each competitor at its own latest reading: they are refreshed at other times than this channel.
    const { scores, patterns } = analyzeChannel(
      competitor.data,
      figuresTime(competitor.data),
      options.learning ?? DEFAULT_LEARNING_SETTINGS,
    );
    const titles = new Map(competitor.data.videos.map((video) => [video.id, video.title]));
    for (const score of scores) {
      if (score.outlierScore === null || score.outlierScore < COMPETITOR_OUTLIER_MIN) continue;
      outliers.push({
        competitor: competitor.name,
        videoId: score.id,
        title: titles.get(score.id) ?? score.id,
        views: score.views,
        ageDays: score.ageDays,
        outlierScore: score.outlierScore,
      });
    }
    const clusters = new Map(patterns.topics.clusters.map((cluster) => [cluster.id, cluster]));
    for (const effect of patterns.topics.effects) {
      const cluster = clusters.get(effect.group);
      const keyword = cluster?.keywords[0];
      if (!cluster || keyword === undefined || !(effect.low > 0) || hasTried(ownTerms, keyword)) continue;
      gaps.push({
        competitor: competitor.name,
        topic: cluster.label,
        keywords: cluster.keywords,
        n: effect.n,
        multiplier: effect.multiplier,
        low: Math.exp(effect.low),
        high: Math.exp(effect.high),
        confidence: effect.confidence,
        examples: cluster.videoIds.slice(0, 3).map((id) => titles.get(id) ?? id),
      });
    }
  }
  outliers.sort((a, b) => b.outlierScore - a.outlierScore || a.videoId.localeCompare(b.videoId));
  gaps.sort((a, b) => b.multiplier - a.multiplier || a.topic.localeCompare(b.topic));
  return { outliers: outliers.slice(0, options.maxOutliers ?? 10), gaps };
}
