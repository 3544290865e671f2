import { describeEvidence, type Evidence } from '../../core/ai/strategy-basis.js';
import { latestStrategy, type StoredStrategy } from '../../core/ai/strategy-store.js';
import { updateChannelStrategy } from '../../core/ai/update-strategy.js';
import { writerLabel } from '../../core/ai/writer.js';
import { resolveChannel } from '../../core/channels/channel-directory.js';
import { asOfField } from '../../core/format/as-of.js';
import { channelLabels } from '../../core/format/channel-labels.js';
import { formatDate } from '../../core/format/numbers.js';
import type { Reply, ReplySection } from '../../core/reply.js';
import { defineCommand, option } from './command.js';

export const strategyCommand = defineCommand({
  name: 'strategy',
  description: 'A content strategy from what works here: topics to make and avoid, style, pacing, hooks, timing',
  options: {
    channel: option.channel(),
  },
  positional: 'channel',
  scope: 'chat',
  examples: ['/strategy', '/strategy channel:demo'],
  async run(ctx, { channel: name }): Promise<Reply> {
    const channel = await resolveChannel(ctx.db, ctx.team.id, name);
    const update = await updateChannelStrategy(ctx, channel.id);
    const strategy = await latestStrategy(ctx.db, channel.id);
    if (!strategy) throw new Error(`strategy ${update.strategyId} vanished`);
    const newInsights = update.insights.filter((insight) => insight.isNew).length;
    return {
      kind: 'result',
      title: `${channel.title} — content strategy v${strategy.version}`,
      summary: strategy.summary,
      labels: [...channelLabels(channel.source), writerLabel(strategy.writer)],
      fields: [
        asOfField(update.figures, ctx.now()),
        {
          label: 'Based on',
          value: `${strategy.basisVideoCount} videos published ${formatDate(strategy.basisFrom)} – ${formatDate(strategy.basisTo)}`,
        },
        {
          label: 'Version',
          value: update.created
            ? `v${strategy.version}, written now`
            : `v${strategy.version} of ${formatDate(strategy.generatedAt)}: the data has not changed since`,
        },
        { label: 'Recent performance', value: recentPerformance(strategy) },
        { label: 'Insights', value: `${update.insights.length} validated now (${newInsights} new)` },
      ],
      sections: [
        evidenceSection(
          'Recommended topics',
          strategy.recommendedTopics,
          'No topic beats the channel average with confidence yet.',
        ),
        evidenceSection('Topics to avoid', strategy.avoidTopics, 'No topic falls clearly below the channel average.'),
        { heading: 'Style', text: strategy.style },
        { heading: 'Pacing', text: strategy.pacing },
        { heading: 'Hook templates (from the best hooks)', list: strategy.hookTemplates },
        evidenceSection('Best posting windows', strategy.postingWindows, 'No posting window stands out yet.'),
        { heading: 'What to test next', list: strategy.nextTests },
      ],
      followUps: [
        { label: 'Write a script', command: '/script' },
        { label: 'The figures behind it', command: '/trends' },
      ],
      data: { channel: channel.name, update, strategy },
    };
  },
});

function recentPerformance({ performanceScore, basis }: StoredStrategy): string {
  if (performanceScore === null) return '—';
  const score = `median success score ${performanceScore}/100`;
  // Strategies stored before the count was kept say over how many videos no longer.
  if (basis.performanceVideos === undefined) return `${score} of the newest videos`;
  const { scored, newest } = basis.performanceVideos;
  return scored === newest
    ? `${score} over the ${newest} newest videos`
    : `${score} over ${scored} of the ${newest} newest videos (those with a score)`;
}

function evidenceSection(
  heading: string,
  groups: readonly (Evidence & { why?: string })[],
  empty: string,
): ReplySection {
  if (groups.length === 0) return { heading, text: empty };
  return {
    heading,
    table: {
      columns: [
        '#',
        'Group',
        'Effect on views [80%], n, confidence',
        ...(groups.some((group) => group.why) ? ['Why'] : []),
      ],
      rows: groups.map((group, index) => [
        String(index + 1),
        group.label,
        describeEvidence(group),
        ...(group.why ? [group.why] : []),
      ]),
      numeric: [0],
    },
  };
}
