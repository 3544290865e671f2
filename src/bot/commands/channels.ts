import {
  type ChannelSummary,
  findOwnChannel,
  listChannels,
  type ResolvedChannel,
  unknownChannel,
} from '../../core/channels/channel-directory.js';
import { type ChannelContents, channelContents, removeChannel } from '../../core/channels/remove-channel.js';
import { UserError } from '../../core/errors.js';
import { channelLabels } from '../../core/format/channel-labels.js';
import { formatCount, formatDate } from '../../core/format/numbers.js';
import type { Reply } from '../../core/reply.js';
import { type CommandContext, defineCommand, option } from './command.js';

const ACTIONS = ['list', 'default', 'remove'] as const;

export const channelsCommand = defineCommand({
  name: 'channels',
  description: "List this team's channels, choose the default one, or remove one",
  options: {
    action: option.choice(
      'list (default) · default: the channel used when none is named · remove: delete it and its data',
      ACTIONS,
    ),
    name: option.string('default, remove: the channel', { autocomplete: 'channel' }),
    confirm: option.string('remove: the channel’s name typed again, to confirm'),
    yes: option.boolean('remove, on the command line: confirm without typing the name'),
  },
  positional: ['action', 'name'],
  scope: 'chat',
  // `/channels` marks the default, so members see it without the role.
  permission: { manageActions: { default: '/channels default', remove: '/channels remove' } },
  examples: ['/channels', '/channels default kitchen', '/channels remove demo', 'tubepilot channels remove demo --yes'],
  async run(ctx, { action = 'list', name, confirm, yes }): Promise<Reply> {
    const channels = await listChannels(ctx.db, ctx.team.id);
    if (action === 'list') return listReply(channels, prefixOf(ctx));
    if (channels.length === 0) return listReply(channels, prefixOf(ctx));
    if (action === 'default' && name === undefined) return currentDefaultReply(ctx, channels);
    if (name === undefined) {
      throw new UserError('Which channel?', `Say which channel to ${action}.`, `Channels: ${namesOf(channels)}.`);
    }
    const channel = await findOwnChannel(ctx.db, ctx.team.id, name);
    if (!channel) throw unknownChannel(name, channels);
    if (action === 'default') return setDefault(ctx, channel);
    return remove(ctx, channel, { confirm, yes });
  },
});

function prefixOf(ctx: CommandContext): string {
  return ctx.surface === 'cli' ? 'tubepilot ' : '/';
}

function local(ctx: CommandContext): boolean {
  return ctx.surface === 'cli' || ctx.surface === 'console';
}

function namesOf(channels: readonly { name: string }[]): string {
  return channels.map((channel) => channel.name).join(', ');
}

function listReply(channels: ChannelSummary[], prefix: string): Reply {
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
  const several = channels.length > 1;
  const fallback = channels.find((channel) => channel.isDefault);
  return {
    kind: 'result',
    title: 'Channels',
    summary: `${channels.length} channel${several ? 's' : ''}.${several && fallback ? ` Commands that name none use ${fallback.name}.` : ''}`,
    sections: [
      {
        heading: 'Channels',
        table: {
          columns: ['Name', 'Title', 'Source', 'Videos', 'Stats as of'],
          rows: channels.map((channel) => [
            several && channel.isDefault ? `${channel.name} (default)` : channel.name,
            channel.title,
            [channel.source, ...channelLabels(channel.source)].join(': '),
            formatCount(channel.videoCount),
            formatDate(channel.lastStatsAt),
          ]),
          numeric: [3],
        },
      },
    ],
    followUps: [
      ...channels
        .slice(0, 3)
        .map((channel) => ({ label: `Stats of ${channel.name}`, command: `/stats ${channel.name}` })),
      ...(several ? [{ label: 'Choose the default', command: `${prefix}channels default NAME` }] : []),
    ],
    data: { channels, default: fallback?.name ?? null },
  };
}

function currentDefaultReply(ctx: CommandContext, channels: ChannelSummary[]): Reply {
  const current = channels.find((channel) => channel.isDefault);
  const prefix = prefixOf(ctx);
  return {
    kind: 'result',
    title: 'Default channel',
    summary: `Commands that name no channel use ${current?.name}.`,
    fields: [{ label: 'Channels', value: namesOf(channels) }],
    followUps: [{ label: 'Change it', command: `${prefix}channels default NAME` }],
    data: { default: current?.name ?? null },
  };
}

async function setDefault(ctx: CommandContext, channel: ResolvedChannel): Promise<Reply> {
  await ctx.db.team.update({ where: { id: ctx.team.id }, data: { defaultChannelId: channel.id } });
  return {
    kind: 'result',
    title: 'Default channel set',
    summary: `Commands that name no channel now use ${channel.name} (${channel.title}).`,
    followUps: [{ label: 'See it', command: `${prefixOf(ctx)}stats` }],
    data: { default: channel.name },
  };
}

async function remove(
  ctx: CommandContext,
  channel: ResolvedChannel,
  answer: { confirm: string | undefined; yes: boolean },
): Promise<Reply> {
  if (answer.confirm !== undefined && answer.confirm.toLowerCase() !== channel.name.toLowerCase()) {
    throw new UserError(
      'Not removed',
      `The confirmation "${answer.confirm}" is not the channel’s name, ${channel.name}: nothing was deleted.`,
      `To remove it, type its name exactly: ${confirmCommand(ctx, channel)}.`,
    );
  }
  const contents = await channelContents(ctx.db, channel.id);
  const confirmed = answer.confirm !== undefined || (answer.yes && local(ctx));
  if (!confirmed) {
    return {
      kind: 'result',
      title: `Remove ${channel.name}?`,
      summary: `Removing ${channel.name} (${channel.title}) deletes it${withContents(contents)}, for this team only. Nothing is deleted yet.`,
      fields: [{ label: 'To remove it', value: confirmCommand(ctx, channel) }],
      followUps: [{ label: 'Keep it: see its stats', command: `${prefixOf(ctx)}stats ${channel.name}` }],
      data: { channel: channel.name, removed: false, contents },
    };
  }
  await removeChannel(ctx.db, ctx.team.id, channel.id);
  const remaining = await listChannels(ctx.db, ctx.team.id);
  const next = remaining.find((other) => other.isDefault);
  return {
    kind: 'result',
    title: `Removed ${channel.name}`,
    summary: `Deleted ${channel.name}${withContents(contents)}. The quota and AI usage ledgers keep what was spent.`,
    fields: next
      ? [{ label: 'Default channel', value: next.name }]
      : [{ label: 'Channels left', value: 'none: load the demo with `demo`, or import a CSV' }],
    followUps: [{ label: 'Channels', command: `${prefixOf(ctx)}channels` }],
    data: { channel: channel.name, removed: true, contents, default: next?.name ?? null },
  };
}

function confirmCommand(ctx: CommandContext, channel: ResolvedChannel): string {
  return ctx.surface === 'cli'
    ? `tubepilot channels remove ${channel.name} --yes`
    : `/channels remove ${channel.name} confirm:${channel.name}`;
}

const CONTENT_NAMES: [keyof ChannelContents, string][] = [
  ['videos', 'video'],
  ['snapshots', 'daily snapshot'],
  ['retentionPoints', 'retention point'],
  ['predictions', 'prediction'],
  ['scripts', 'script'],
  ['strategies', 'strategy'],
  ['insights', 'insight'],
  ['experiments', 'experiment'],
  ['digestRooms', 'digest room'],
  ['threads', 'discussion thread'],
  ['webhooks', 'webhook'],
];

/** " with its 180 videos, 5,400 daily snapshots and 2 scripts": only what there is. */
function withContents(contents: ChannelContents): string {
  const parts = CONTENT_NAMES.filter(([key]) => contents[key] > 0).map(([key, noun]) => {
    const count = contents[key];
    const plural = noun.endsWith('y') ? `${noun.slice(0, -1)}ies` : `${noun}s`;
    return `${formatCount(count)} ${count === 1 ? noun : plural}`;
  });
  const last = parts.pop();
  if (last === undefined) return '';
  return ` with its ${parts.length > 0 ? `${parts.join(', ')} and ${last}` : last}`;
}
