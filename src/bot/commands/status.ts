import { OWN_CHANNELS } from '../../core/channels/channel-directory.js';
import { formatMoment } from '../../core/format/moments.js';
import { formatCount } from '../../core/format/numbers.js';
import { truncate } from '../../core/format/text-width.js';
import type { Reply } from '../../core/reply.js';
import { dateColumn, localDate, QUOTA_TIMEZONE } from '../../core/time/zoned-time.js';
import { latestOccurrence, nextOccurrence } from '../../jobs/digest-plan.js';
import { defineCommand } from './command.js';

const FAILURES_SHOWN = 5;
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const utc = (date: Date) => formatMoment(date, 'UTC');

export const statusCommand = defineCommand({
  name: 'status',
  description: 'Digests and refreshes: last and next run per channel and room, budgets used today, failures',
  options: {},
  scope: 'chat',
  async run(ctx): Promise<Reply> {
    const now = ctx.now();
    const teamId = ctx.team.id;
    const [channels, bindings] = await Promise.all([
      ctx.db.channel.findMany({
        where: { teamId, ...OWN_CHANNELS },
        orderBy: { name: 'asc' },
        select: { id: true, name: true, source: true, lastRefreshAt: true, needsReconnect: true },
      }),
      ctx.db.roomBinding.findMany({
        where: { teamId, active: true },
        orderBy: { id: 'asc' },
        include: {
          channel: { select: { name: true } },
          digestRuns: { orderBy: { date: 'desc' }, take: 1 },
        },
      }),
    ]);
    const channelIds = channels.map((channel) => channel.id);
    const quotaDay = localDate(now, QUOTA_TIMEZONE);
    const [units, tokens, failures] = await Promise.all([
      ctx.db.quotaEntry.aggregate({
        where: { channelId: { in: channelIds }, day: dateColumn(quotaDay) },
        _sum: { units: true },
      }),
      ctx.db.llmUsage.aggregate({
        where: { channelId: { in: channelIds }, at: { gte: dateColumn(now.toISOString().slice(0, 10)) } },
        _sum: { promptTokens: true, completionTokens: true },
        _count: { _all: true },
      }),
      ctx.db.digestRun.findMany({
        where: { status: 'failed', binding: { teamId } },
        orderBy: { claimedAt: 'desc' },
        take: FAILURES_SHOWN,
        include: { binding: { select: { platform: true, roomId: true, channel: { select: { name: true } } } } },
      }),
    ]);
    const rooms = bindings.map((binding) => {
      const last = binding.digestRuns[0];
      const { date: dueDate } = latestOccurrence(binding, now);
      const lastText = !last
        ? 'never'
        : `${last.date.toISOString().slice(0, 10)} ${last.status}${last.sentAt ? ` ${utc(last.sentAt)}` : ''}${last.attempts > 1 ? ` (attempt ${last.attempts})` : ''}`;
      const today = last && last.date.toISOString().slice(0, 10) === dueDate ? last : undefined;
      const pending =
        today?.status === 'claimed'
          ? 'being sent'
          : today?.status === 'failed' && today.attempts < ctx.config.DIGEST_MAX_ATTEMPTS
            ? `retry of ${dueDate} pending`
            : null;
      return [
        `${binding.platform} ${binding.roomId}`,
        binding.channel.name,
        `${binding.digestTime} ${binding.timezone}`,
        lastText,
        pending ?? utc(nextOccurrence(binding, now)),
      ];
    });
    const tokenTotal = (tokens._sum.promptTokens ?? 0) + (tokens._sum.completionTokens ?? 0);
    return {
      kind: 'result',
      title: 'Status',
      summary: `${plural(channels.length, 'channel')}, ${plural(bindings.length, 'room')} receiving a daily digest.`,
      fields: [
        { label: 'YouTube units today', value: `${formatCount(units._sum.units ?? 0)} (Pacific day ${quotaDay})` },
        { label: 'LLM tokens today', value: `${formatCount(tokenTotal)} in ${tokens._count._all} calls (UTC day)` },
      ],
      sections: [
        {
          heading: 'Channels',
          ...(channels.length
            ? {
                table: {
                  columns: ['Channel', 'Source', 'Last refresh'],
                  rows: channels.map((channel) => [
                    channel.name,
                    channel.source,
                    `${channel.lastRefreshAt ? utc(channel.lastRefreshAt) : 'never'}${channel.needsReconnect ? ' — needs reconnecting' : ''}`,
                  ]),
                },
              }
            : { text: 'No channels yet.' }),
        },
        {
          heading: 'Daily digests',
          ...(rooms.length
            ? { table: { columns: ['Room', 'Channel', 'Time', 'Last digest', 'Next'], rows: rooms } }
            : { text: 'No room receives a digest; run /digest setup in a Discord or Slack room.' }),
        },
        ...(failures.length
          ? [
              {
                heading: 'Recent failures',
                list: failures.map(
                  (run) =>
                    `${run.date.toISOString().slice(0, 10)} ${run.binding.platform} ${run.binding.roomId} (${run.binding.channel.name}), attempt ${run.attempts}: ${truncate(run.error ?? 'unknown error', 160)}`,
                ),
              },
            ]
          : []),
      ],
      data: {
        quotaUnitsToday: units._sum.units ?? 0,
        tokensToday: tokenTotal,
        rooms: bindings.map((binding, index) => ({ bindingId: binding.id, row: rooms[index] })),
        failures: failures.map((run) => ({
          bindingId: run.bindingId,
          date: run.date,
          attempts: run.attempts,
          error: run.error,
        })),
      },
    };
  },
});
