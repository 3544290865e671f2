import { resolveChannel } from '../../core/channels/channel-directory.js';
import type { Reply } from '../../core/reply.js';
import { channelOverview } from '../../core/stats/channel-overview.js';
import { loadOverviewVideos } from '../../core/videos/video-store.js';
import { channelLabels } from './channel-labels.js';
import { defineCommand, option } from './command.js';
import { formatCount, formatDate, formatFraction, formatPercent, formatRatio, truncate } from './format-numbers.js';

export const statsCommand = defineCommand({
  name: 'stats',
  description: 'Overview of a channel: views, likes, engagement, % viewed and its best videos',
  options: { channel: option.string('Channel name (default: the only channel)', { autocomplete: 'channel' }) },
  positional: 'channel',
  scope: 'chat',
  examples: ['/stats', '/stats channel:demo'],
  async run(ctx, { channel: name }): Promise<Reply> {
    const channel = await resolveChannel(ctx.db, ctx.team.id, name);
    const overview = channelOverview(await loadOverviewVideos(ctx.db, channel.id));
    const { engagement } = overview;
    const engagementNote =
      engagement.rate === null
        ? 'not in the data'
        : `${formatFraction(engagement.rate, 2)} (${engagement.parts.join('+')} ÷ views, ${engagement.videos} videos)`;
    return {
      kind: 'result',
      title: `${channel.title} — overview`,
      summary:
        overview.videoCount === 0
          ? 'No videos yet.'
          : `${overview.videoCount} videos (${overview.shorts} Shorts, ${overview.longForm} long-form) published ${formatDate(overview.firstPublishedAt)} to ${formatDate(overview.lastPublishedAt)}.`,
      labels: channelLabels(channel.source),
      fields: [
        { label: 'Videos', value: formatCount(overview.videoCount) },
        { label: 'Median views', value: formatCount(overview.medianViews) },
        { label: 'Mean views', value: formatCount(overview.meanViews) },
        {
          label: 'Total likes',
          value: `${formatCount(overview.totalLikes)} (${overview.videosWithLikes} videos report likes)`,
        },
        { label: 'Engagement rate', value: engagementNote },
        {
          label: 'Average % viewed',
          value:
            overview.meanAvgViewPct === null
              ? 'not in the data'
              : `${formatPercent(overview.meanAvgViewPct)} (mean over ${overview.videosWithAvgViewPct} videos)`,
        },
      ],
      sections:
        overview.best.length === 0
          ? []
          : [
              {
                heading: 'Best videos by views vs channel median',
                text: `Ratio = views ÷ median views (${formatCount(overview.medianViews)}). Not yet adjusted for video age.`,
                table: {
                  columns: ['Video', 'Title', 'Views', 'vs median'],
                  rows: overview.best.map((video) => [
                    video.youtubeId,
                    truncate(video.title, 48),
                    formatCount(video.views),
                    formatRatio(video.ratioToMedian),
                  ]),
                  numeric: [2, 3],
                },
              },
            ],
      followUps: [{ label: 'All channels', command: '/channels' }],
      data: { channel: { name: channel.name, title: channel.title, source: channel.source }, overview },
    };
  },
});
