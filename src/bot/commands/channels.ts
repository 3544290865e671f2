import { listChannels } from '../../core/channels/channel-directory.js';
import { formatCount, formatDate } from '../../core/format/numbers.js';
import type { Reply } from '../../core/reply.js';
import { channelLabels } from './channel-labels.js';
import { defineCommand } from './command.js';

export const channelsCommand = defineCommand({
  name: 'channels',
  description: "List this team's YouTube channels",
  options: {},
  scope: 'chat',
  async run(ctx): Promise<Reply> {
    const channels = await listChannels(ctx.db, ctx.team.id);
    if (channels.length === 0) {
      return {
        kind: 'result',
        title: 'Channels',
        summary: 'No channels yet.',
        followUps: [
          { label: 'Load the demo channel', command: 'tubepilot demo' },
          { label: 'Import a CSV', command: 'tubepilot import --channel NAME --file PATH' },
        ],
        data: { channels: [] },
      };
    }
    return {
      kind: 'result',
      title: 'Channels',
      summary: `${channels.length} channel${channels.length === 1 ? '' : 's'}.`,
      sections: [
        {
          heading: 'Channels',
          table: {
            columns: ['Name', 'Title', 'Source', 'Videos', 'Stats as of'],
            rows: channels.map((channel) => [
              channel.name,
              channel.title,
              [channel.source, ...channelLabels(channel.source)].join(': '),
              formatCount(channel.videoCount),
              formatDate(channel.lastStatsAt),
            ]),
            numeric: [3],
          },
        },
      ],
      followUps: channels
        .slice(0, 3)
        .map((channel) => ({ label: `Stats of ${channel.name}`, command: `/stats ${channel.name}` })),
      data: { channels },
    };
  },
});
