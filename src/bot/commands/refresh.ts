import { resolveChannel } from '../../core/channels/channel-directory.js';
import { formatCount } from '../../core/format/numbers.js';
import type { Reply } from '../../core/reply.js';
import { type RefreshReport, refreshChannel } from '../../core/youtube/refresh-channel.js';
import { defineCommand, option } from './command.js';

export const refreshCommand = defineCommand({
  name: 'refresh',
  description: "Fetch a connected YouTube channel's latest numbers now (spends API quota)",
  options: {
    channel: option.string('Channel to refresh', { autocomplete: 'channel' }),
  },
  positional: 'channel',
  scope: 'chat',
  permission: 'manage',
  examples: ['tubepilot refresh --channel kitchen', '/refresh channel:kitchen'],
  async run(ctx, { channel }): Promise<Reply> {
    const target = await resolveChannel(ctx.db, ctx.team.id, channel);
    const report = await refreshChannel(
      {
        db: ctx.db,
        config: ctx.config,
        log: ctx.log,
        now: ctx.now,
        onProgress: ({ stage, done, total }) => ctx.notify?.(`refresh ${target.name}: ${stage} ${done}/${total}`),
      },
      target.id,
    );
    return refreshReply(report, ctx.surface === 'cli' ? 'tubepilot ' : '/');
  },
});

const STATUS_TITLES: Record<RefreshReport['status'], (name: string) => string> = {
  ok: (name) => `Refreshed ${name}`,
  partial: (name) => `Refreshed ${name} in part`,
  quota_exhausted: () => "Today's YouTube quota is used up",
  needs_reconnect: (name) => `${name} needs to be re-connected`,
};

function refreshReply(report: RefreshReport, prefix: string): Reply {
  const name = report.channelName;
  if (report.status === 'needs_reconnect') {
    return {
      kind: 'error',
      title: STATUS_TITLES.needs_reconnect(name),
      summary: `YouTube no longer accepts TubePilot's access to ${name} (it was revoked or expired). Its stored numbers are kept; nothing is refreshed until it is connected again.`,
      fields: [
        {
          label: 'What to do',
          value: `Someone who owns the channel runs ${prefix}connect (or \`tubepilot auth youtube\`).`,
        },
      ],
      followUps: [{ label: 'Re-connect', command: `${prefix}connect` }],
      data: report,
    };
  }
  const summary =
    report.status === 'quota_exhausted'
      ? `Fetched what fitted: ${formatCount(report.created)} new, ${formatCount(report.updated)} updated. The rest (${formatCount(report.deferred)} videos) waits until the quota resets at midnight Pacific time; everything fetched is kept.`
      : `${formatCount(report.created)} new and ${formatCount(report.updated)} updated videos for ${formatCount(report.unitsSpent)} quota units.`;
  const skipped = report.skipped.map((item) => `${item.reason}: ${formatCount(item.count)}`);
  if (report.deferred > 0 && report.status !== 'quota_exhausted') {
    skipped.unshift(
      `deferred to a later refresh, the unit budget ran out (most valuable went first): ${formatCount(report.deferred)}`,
    );
  }
  return {
    kind: 'result',
    title: STATUS_TITLES[report.status](name),
    summary,
    fields: [
      { label: 'New videos', value: formatCount(report.created) },
      { label: 'Updated', value: formatCount(report.updated) },
      { label: 'Unchanged', value: formatCount(report.unchanged) },
      { label: 'Up to date already', value: `${formatCount(report.fresh)} (read recently enough for their age)` },
      { label: 'Snapshots added', value: formatCount(report.snapshotsAdded) },
      { label: 'Now unavailable', value: formatCount(report.unavailable) },
      {
        label: 'Retention curves',
        value: `${formatCount(report.retentionCurves)} read${report.retentionPending ? `, ${formatCount(report.retentionPending)} next time` : ''}`,
      },
      {
        label: 'Quota units',
        value: `${formatCount(report.unitsSpent)} spent; ${formatCount(report.quota.usedToday)} of ${formatCount(report.quota.limit)} used today (Pacific)`,
      },
      { label: 'Impressions & CTR', value: reachLine(report) },
    ],
    sections: skipped.length > 0 ? [{ heading: 'Not done, and why', list: skipped }] : [],
    followUps: [{ label: 'See the numbers', command: `${prefix}stats ${name}` }],
    data: report,
  };
}

function reachLine(report: RefreshReport): string {
  const lag = 'reach reports arrive about 48 h late';
  if (!report.reach) return `not read this time; ${lag}`;
  if (report.reach.reportsDownloaded === 0) return `no new reach report yet (${lag})`;
  const through = report.reach.newestDay ? ` through ${report.reach.newestDay.toISOString().slice(0, 10)}` : '';
  return `${formatCount(report.reach.reportsDownloaded)} daily reports added${through} (${lag})`;
}
