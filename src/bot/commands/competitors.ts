import { learningSettings } from '../../core/analytics/evidence-history.js';
import { loadChannelData } from '../../core/analytics/load-channel-data.js';
import { resolveChannel } from '../../core/channels/channel-directory.js';
import { competitorReport } from '../../core/competitors/competitor-report.js';
import { trackCompetitor } from '../../core/competitors/track-competitor.js';
import { sameNameAnyCase } from '../../core/db/like-pattern.js';
import { UserError } from '../../core/errors.js';
import { formatAge } from '../../core/format/age.js';
import { asOfField } from '../../core/format/as-of.js';
import { formatChange, formatCount, formatRatio } from '../../core/format/numbers.js';
import { truncateToWidth } from '../../core/format/text-width.js';
import type { Reply } from '../../core/reply.js';
import { defineCommand, option } from './command.js';

const percent = (multiplier: number) => formatChange(multiplier - 1);

export const competitorsCommand = defineCommand({
  name: 'competitors',
  description: 'Track public competitor channels: their outliers, and topics that win for them you have not tried',
  options: {
    action: option.choice('report (default), add or remove', ['report', 'add', 'remove']),
    handle: option.string('The competitor’s YouTube handle, e.g. @kitchenlab (add, remove)'),
    channel: option.channel('Your channel to compare with (default: the team’s default channel)'),
  },
  positional: 'action',
  scope: 'chat',
  permission: {
    manageActions: { add: 'Adding a competitor (it spends YouTube quota)', remove: 'Removing a competitor' },
  },
  examples: ['/competitors add handle:@kitchenlab', '/competitors', '/competitors remove handle:@kitchenlab'],
  async run(ctx, options): Promise<Reply> {
    const action = options.action ?? 'report';
    if (action !== 'report') {
      if (!options.handle) throw new UserError('Which channel?', 'Give the competitor’s handle: handle:@name.');
    }
    if (action === 'add') {
      const tracked = await trackCompetitor(ctx, ctx.team.id, options.handle as string);
      return {
        kind: 'result',
        title: `Tracking ${tracked.name}: ${tracked.title}`,
        summary: `${tracked.videos} of its newest videos read for ${tracked.unitsSpent} YouTube units. Run add again to update them.`,
        followUps: [{ label: 'Compare', command: '/competitors' }],
        data: { tracked },
      };
    }
    if (action === 'remove') {
      const handle = `@${(options.handle as string).replace(/^@/, '')}`;
      const removed = await ctx.db.channel.deleteMany({
        where: { teamId: ctx.team.id, source: 'competitor', name: sameNameAnyCase(handle) },
      });
      if (removed.count === 0) throw new UserError('Not tracked', `${handle} is not among this team’s competitors.`);
      return { kind: 'result', title: `No longer tracking ${handle}`, summary: 'Its stored videos were deleted.' };
    }
    const own = await resolveChannel(ctx.db, ctx.team.id, options.channel);
    const tracked = await ctx.db.channel.findMany({
      where: { teamId: ctx.team.id, source: 'competitor' },
      orderBy: { name: 'asc' },
      select: { id: true, name: true },
    });
    if (tracked.length === 0) {
      throw new UserError(
        'No competitors yet',
        'This team tracks no competitor.',
        'Add one: /competitors add handle:@name',
      );
    }
    const competitors = [];
    for (const competitor of tracked) {
      competitors.push({ name: competitor.name, data: await loadChannelData(ctx.db, competitor.id) });
    }
    const report = competitorReport(await loadChannelData(ctx.db, own.id), competitors, {
      learning: learningSettings(ctx.config),
    });
    return {
      kind: 'result',
      title: `${own.title} vs ${tracked.map((competitor) => competitor.name).join(', ')}`,
      summary:
        'Each competitor is measured against its own age-matched baseline, so a big channel’s ordinary video is not a hit.',
      fields: competitors.map((competitor) => ({
        ...asOfField(competitor.data, ctx.now()),
        label: `${competitor.name}’s figures`,
      })),
      sections: [
        {
          heading: 'Their outliers',
          ...(report.outliers.length === 0
            ? { text: 'No video at 2× its channel’s baseline or more.' }
            : {
                table: {
                  columns: ['Channel', 'Video', 'Views', 'Age', 'Outlier'],
                  rows: report.outliers.map((outlier) => [
                    outlier.competitor,
                    truncateToWidth(outlier.title, 50),
                    formatCount(outlier.views),
                    formatAge(outlier.ageDays),
                    formatRatio(outlier.outlierScore),
                  ]),
                  numeric: [2, 4],
                },
              }),
        },
        {
          heading: 'Content gaps: winning for them, not tried here',
          ...(report.gaps.length === 0
            ? { text: 'None: every topic that clearly wins for them is one this channel has made videos about.' }
            : {
                list: report.gaps.map(
                  (gap) =>
                    `${gap.topic} (${gap.competitor}): ${percent(gap.multiplier)} views [${percent(gap.low)}, ${percent(gap.high)}], ${gap.n} videos, ${gap.confidence} confidence — e.g. "${truncateToWidth(gap.examples[0] ?? '', 60)}"`,
                ),
              }),
        },
      ],
      followUps: [{ label: 'Write a script on a gap', command: '/script topic:<topic>' }],
      data: { channel: own.name, report },
    };
  },
});
