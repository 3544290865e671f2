import { ALERT_WINDOW_HOURS, type Breakout, breakoutOf, MIN_PEERS } from '../../core/alerts/breakout-bands.js';
import { formatQuietHours, parseQuietHours, type QuietHours, quietHoursOf } from '../../core/alerts/quiet-hours.js';
import { figuresTime } from '../../core/analytics/analytics-video.js';
import { loadChannelData } from '../../core/analytics/load-channel-data.js';
import { resolveChannel } from '../../core/channels/channel-directory.js';
import { UserError } from '../../core/errors.js';
import { formatAge } from '../../core/format/age.js';
import { formatCount } from '../../core/format/numbers.js';
import type { Reply, ReplySection } from '../../core/reply.js';
import { isValidTimeZone } from '../../core/time/zoned-time.js';
import { type CommandContext, defineCommand, option } from './command.js';

const ACTIONS = ['status', 'setup', 'stop'] as const;
const HOUR_MS = 3_600_000;

export const alertsCommand = defineCommand({
  name: 'alerts',
  description: 'Breakout alerts: post here when a new video leaves the channel’s usual range in its first 48 h',
  options: {
    action: option.choice(
      'status (default): settings and young videos · setup: alert here · stop: no more here',
      ACTIONS,
    ),
    channel: option.channel(),
    'quiet-hours': option.string('setup: local hours without alerts, e.g. 22-07 (off: none); they wait until then'),
    timezone: option.string(
      'setup: IANA timezone of the quiet hours (default: this room’s digest’s, else the channel’s)',
    ),
  },
  positional: 'action',
  scope: 'chat',
  permission: { manageActions: { setup: '/alerts setup', stop: '/alerts stop' } },
  examples: ['/alerts setup channel:demo quiet-hours:22-07', '/alerts status', '/alerts stop'],
  async run(ctx, options): Promise<Reply> {
    const action = options.action ?? 'status';
    if (action === 'setup') return setup(ctx, options.channel, options['quiet-hours'], options.timezone);
    if (action === 'stop') return stop(ctx, options.channel);
    return status(ctx, options.channel);
  },
});

function parseQuiet(text: string): QuietHours | null {
  try {
    return parseQuietHours(text);
  } catch (error) {
    throw new UserError('Bad quiet hours', (error as Error).message, 'Use quiet-hours:22-07, or quiet-hours:off.');
  }
}

async function setup(
  ctx: CommandContext,
  name: string | undefined,
  quietText: string | undefined,
  timezone: string | undefined,
): Promise<Reply> {
  if (!ctx.room) {
    throw new UserError(
      'Only in a chat room',
      'Breakout alerts are posted into a Discord or Slack room: run /alerts setup in the room that should get them.',
      'Here, `alerts status` shows where each new video stands.',
    );
  }
  // Checked before anything is written: a bad value changes nothing.
  const quiet = quietText === undefined ? undefined : parseQuiet(quietText);
  const channel = await resolveChannel(ctx.db, ctx.team.id, name);
  const { platform, roomId } = ctx.room;
  const existing = await ctx.db.alertRoom.findUnique({
    where: { platform_roomId_channelId: { platform, roomId, channelId: channel.id } },
  });
  const digest = await ctx.db.roomBinding.findFirst({
    where: { platform, roomId, channelId: channel.id },
    select: { timezone: true },
  });
  const zone = timezone ?? existing?.timezone ?? digest?.timezone ?? channel.timezone;
  if (!isValidTimeZone(zone)) {
    throw new UserError(
      'Unknown timezone',
      `"${zone}" is not an IANA timezone.`,
      'Use a name such as Europe/Berlin, America/New_York or UTC.',
    );
  }
  const quietColumns = quiet === undefined ? {} : { quietStart: quiet?.start ?? null, quietEnd: quiet?.end ?? null };
  const room = await ctx.db.alertRoom.upsert({
    where: { platform_roomId_channelId: { platform, roomId, channelId: channel.id } },
    create: { teamId: ctx.team.id, channelId: channel.id, platform, roomId, timezone: zone, ...quietColumns },
    update: { timezone: zone, enabled: true, ...quietColumns },
  });
  const quietHours = formatQuietHours(quietHoursOf(room));
  return {
    kind: 'result',
    title: 'Breakout alerts set up',
    summary: `New videos of ${channel.title} are read hourly in their first ${ALERT_WINDOW_HOURS} hours; when one enters the top or bottom band of the channel’s earlier videos at the same age, an alert is posted here.`,
    fields: [
      {
        label: 'Quiet hours',
        value: `${quietHours}${room.quietStart === null ? '' : ` (${zone}); alerts wait until they end`}`,
      },
      { label: 'Quota', value: 'The hourly readings come out of the day’s YouTube unit budget, like every refresh.' },
    ],
    followUps: [
      { label: 'Where new videos stand', command: `/alerts status channel:${channel.name}` },
      { label: 'Stop them', command: `/alerts stop channel:${channel.name}` },
    ],
    data: {
      alertRoomId: room.id,
      channel: channel.name,
      timezone: zone,
      quietHours: quietHoursOf(room),
    },
  };
}

async function stop(ctx: CommandContext, name: string | undefined): Promise<Reply> {
  const channel = name === undefined && ctx.room ? undefined : await resolveChannel(ctx.db, ctx.team.id, name);
  const where = {
    teamId: ctx.team.id,
    enabled: true,
    ...(channel ? { channelId: channel.id } : {}),
    ...(ctx.room ? { platform: ctx.room.platform, roomId: ctx.room.roomId } : {}),
  };
  const { count } = await ctx.db.alertRoom.updateMany({ where, data: { enabled: false } });
  if (count === 0) {
    throw new UserError(
      'No alerts to stop',
      ctx.room
        ? `No breakout alerts${channel ? ` of ${channel.title}` : ''} are posted in this room.`
        : `No room receives the breakout alerts of ${channel?.title}.`,
      '`/alerts status` shows where alerts go.',
    );
  }
  return {
    kind: 'result',
    title: 'Breakout alerts stopped',
    summary: ctx.room
      ? `No more breakout alerts${channel ? ` of ${channel.title}` : ''} in this room.`
      : `${count} room${count === 1 ? '' : 's'} will no longer receive the breakout alerts of ${channel?.title}.`,
    followUps: [{ label: 'Start again', command: `/alerts setup${channel ? ` channel:${channel.name}` : ''}` }],
    data: { stopped: count },
  };
}

/** Where a young video stands, in words: its band, or why it has none. */
function standing(breakout: Breakout): string {
  const at = `${formatCount(breakout.views)} views at ${formatAge(breakout.ageDays)}`;
  if (breakout.bands === null) {
    return `${at}: no bands, so no alert — ${breakout.peers.length} earlier videos have readings at this age (${MIN_PEERS} needed)`;
  }
  const words: Record<number, string> = {
    2: 'above every earlier video',
    1: 'top band (≥ p90)',
    0: 'within the usual range (p10–p90)',
    [-1]: 'bottom band (≤ p10)',
    [-2]: 'below every earlier video',
  };
  return `${at}: ${words[breakout.level]} of ${breakout.bands.n} earlier videos`;
}

async function status(ctx: CommandContext, name: string | undefined): Promise<Reply> {
  const named = name === undefined ? undefined : await resolveChannel(ctx.db, ctx.team.id, name);
  const rooms = await ctx.db.alertRoom.findMany({
    where: {
      teamId: ctx.team.id,
      ...(named ? { channelId: named.id } : {}),
      ...(ctx.room ? { platform: ctx.room.platform, roomId: ctx.room.roomId } : {}),
    },
    include: {
      channel: { select: { name: true, title: true } },
      events: { where: { status: 'sent' }, orderBy: { sentAt: 'desc' }, take: 1, select: { sentAt: true } },
    },
    orderBy: { id: 'asc' },
  });
  const channel = named ?? (rooms[0] ? await resolveChannel(ctx.db, ctx.team.id, rooms[0].channel.name) : undefined);
  const sections: ReplySection[] = [];
  if (rooms.length > 0) {
    sections.push({
      heading: 'Alert rooms',
      table: {
        columns: ['Channel', 'Room', 'State', 'Quiet hours', 'Last alert'],
        rows: rooms.map((room) => [
          room.channel.name,
          `${room.platform} ${room.roomId}`,
          room.enabled ? 'on' : 'stopped',
          `${formatQuietHours(quietHoursOf(room))}${room.quietStart === null ? '' : ` ${room.timezone}`}`,
          room.events[0]?.sentAt?.toISOString().slice(0, 16).replace('T', ' ') ?? '—',
        ]),
      },
    });
  }
  const young: string[] = [];
  if (channel) {
    const data = await loadChannelData(ctx.db, channel.id);
    const since = figuresTime(data).getTime() - ALERT_WINDOW_HOURS * HOUR_MS;
    for (const video of data.videos) {
      if (video.publishedAt === null || video.publishedAt.getTime() < since) continue;
      const breakout = breakoutOf(data, video.id);
      young.push(`${video.title}: ${breakout ? standing(breakout) : 'no reading in its first 48 hours yet'}`);
    }
    sections.push({
      heading: `Videos in their first ${ALERT_WINDOW_HOURS} hours (${channel.name})`,
      ...(young.length > 0 ? { list: young } : { text: 'None: nothing to alert about until the next upload.' }),
    });
  }
  const here = ctx.room ? 'in this room' : 'for this team';
  return {
    kind: 'result',
    title: 'Breakout alerts',
    summary:
      rooms.length === 0
        ? `No breakout alerts are set up ${here}; /alerts setup in a chat room starts them.`
        : `${rooms.filter((room) => room.enabled).length} of ${rooms.length} alert room${rooms.length === 1 ? '' : 's'} ${here} on.`,
    sections,
    data: {
      rooms: rooms.map((room) => ({
        channel: room.channel.name,
        platform: room.platform,
        roomId: room.roomId,
        enabled: room.enabled,
        timezone: room.timezone,
        quietHours: quietHoursOf(room),
      })),
      young,
    },
  };
}
