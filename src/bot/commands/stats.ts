import { type ChannelData, figuresTime } from '../../core/analytics/analytics-video.js';
import { figureOf, latestScores } from '../../core/analytics/channel-cache.js';
import { loadChannelData } from '../../core/analytics/load-channel-data.js';
import { channelRetentionMedians } from '../../core/analytics/retention-key-points.js';
import { resolveChannel } from '../../core/channels/channel-directory.js';
import { asOfField } from '../../core/format/as-of.js';
import { channelLabels } from '../../core/format/channel-labels.js';
import { formatCount, formatDate, formatFraction, formatPercent } from '../../core/format/numbers.js';
import { trendChange, unknownPeriod } from '../../core/format/period-trend.js';
import { rankedVideoTable, unrankedNote } from '../../core/format/ranked-video-table.js';
import type { Reply, ReplySection } from '../../core/reply.js';
import { channelOverview } from '../../core/stats/channel-overview.js';
import { type RankedVideo, rankByOutlierScore } from '../../core/stats/outlier-ranking.js';
import { type PeriodTrend, periodTrend } from '../../core/stats/period-trend.js';
import { defineCommand, option } from './command.js';

export const statsCommand = defineCommand({
  name: 'stats',
  description: 'Overview of a channel: views, engagement, retention, 30-day trend, best and worst videos',
  options: { channel: option.channel() },
  positional: 'channel',
  scope: 'chat',
  discussable: true,
  examples: ['/stats', '/stats channel:demo'],
  async run(ctx, { channel: name }): Promise<Reply> {
    const channel = await resolveChannel(ctx.db, ctx.team.id, name);
    const data = await loadChannelData(ctx.db, channel);
    const { overview, best, worst, tooFewToCompare, trend, hookHold, rankings } = figureOf(data, 'stats', statsFigures);
    const { engagement } = overview;
    return {
      kind: 'result',
      title: `${channel.title} — overview`,
      summary:
        overview.videoCount === 0
          ? 'No videos yet.'
          : `${overview.videoCount} videos (${overview.shorts} Shorts, ${overview.longForm} long-form) published ${formatDate(overview.firstPublishedAt)} to ${formatDate(overview.lastPublishedAt)}.`,
      labels: channelLabels(channel.source),
      fields: [
        asOfField(data, ctx.now()),
        { label: 'Videos', value: formatCount(overview.videoCount) },
        { label: 'Median views', value: formatCount(overview.medianViews) },
        { label: 'Mean views', value: formatCount(overview.meanViews) },
        {
          label: 'Total likes',
          value: `${formatCount(overview.totalLikes)} (${overview.videosWithLikes} videos report likes)`,
        },
        {
          label: 'Engagement rate',
          value:
            engagement.rate === null
              ? 'not in the data'
              : `${formatFraction(engagement.rate, 2)} (${engagement.parts.join('+')} ÷ views, ${engagement.videos} videos)`,
        },
        {
          label: 'Average % viewed',
          value:
            overview.meanAvgViewPct === null
              ? 'not in the data'
              : `${formatPercent(overview.meanAvgViewPct)} (mean over ${overview.videosWithAvgViewPct} videos)`,
        },
        {
          label: 'Hook hold (3 s, Shorts)',
          value:
            hookHold.median === null
              ? 'no retention curves'
              : `${formatFraction(hookHold.median, 0)} median (n=${hookHold.n})`,
        },
        { label: 'Last 30 days', value: formatTrend(trend) },
      ],
      sections: [...rankings, ...(trend.notes.length ? [{ heading: 'Note', list: trend.notes }] : [])],
      followUps: [
        { label: 'What works here', command: '/trends' },
        { label: 'Analyse the newest video', command: '/analyze' },
      ],
      // Only YouTube channels have numbers to fetch (refreshing needs the manage role: /refresh checks it).
      ...(channel.source === 'youtube'
        ? { actions: [{ id: 'refresh', label: 'Refresh', command: 'refresh', options: { channel: channel.name } }] }
        : {}),
      channel: { id: channel.id, name: channel.name },
      data: {
        channel: { name: channel.name, title: channel.title, source: channel.source },
        overview,
        best,
        worst,
        tooFewToCompare,
        trend,
      },
    };
  },
});

/** The figures of /stats, at the channel's latest reading: a pass over every video, done once per loaded data. */
function statsFigures(data: ChannelData) {
  const overview = channelOverview(data.videos);
  const { best, worst, tooFewToCompare } = rankByOutlierScore(data.videos, latestScores(data), figuresTime(data));
  const trend = periodTrend(data.videos, figuresTime(data), 30);
  const hookHold = channelRetentionMedians(data.videos).short.hookHold;
  const unranked = unrankedNote(tooFewToCompare);
  const rankings = [
    rankingSection('Best videos by outlier score', best),
    rankingSection('Weakest videos by outlier score', worst),
    unranked === null ? null : { heading: 'Not ranked', text: unranked },
  ].filter((section): section is ReplySection => section !== null);
  return { overview, best, worst, tooFewToCompare, trend, hookHold, rankings };
}

function formatTrend(trend: PeriodTrend): string {
  const uploads = `${trend.current.uploads} uploads (before: ${trend.previous.uploads})`;
  if (trend.current.gained === null) return `${unknownPeriod(trend)}; ${uploads}`;
  const metric = trend.metric === 'engagedViews' ? 'engaged views' : 'views';
  const change = trendChange(trend, 'the 30 days before');
  return `${formatCount(trend.current.gained)} ${metric} gained (${change}), ${uploads}; from ${trend.current.videosCovered} videos with history`;
}

function rankingSection(heading: string, videos: RankedVideo[]): ReplySection | null {
  if (videos.length === 0) return null;
  return {
    heading,
    text: 'Outlier score = views ÷ median views of the channel’s last 30 videos of the same format at the same age.',
    table: rankedVideoTable(videos, 44),
  };
}
