import { learningSettings } from '../../core/analytics/evidence-history.js';
import { resolveChannel } from '../../core/channels/channel-directory.js';
import { asOfField } from '../../core/format/as-of.js';
import { channelLabels } from '../../core/format/channel-labels.js';
import { formatCount, formatDate, formatFraction } from '../../core/format/numbers.js';
import { truncateToWidth } from '../../core/format/text-width.js';
import { type LearningReport, learningReport } from '../../core/learning/learning-report.js';
import { describeLift } from '../../core/learning/strategy-lift.js';
import type { Reply, ReplySection } from '../../core/reply.js';
import { defineCommand, option } from './command.js';

function accuracySection(report: LearningReport): ReplySection {
  const { accuracy } = report;
  if (accuracy.n === 0) {
    return { heading: 'Predictions', text: 'None scored yet: predictions are scored once their horizon has passed.' };
  }
  return {
    heading: 'Predictions',
    text: `${accuracy.n} scored: median error ×${(10 ** (accuracy.medianAbsLog10Error ?? 0)).toFixed(2)} (|log10| ${accuracy.medianAbsLog10Error?.toFixed(2)}), ${formatFraction(accuracy.coverage, 0)} inside their 80% interval.`,
    table: {
      columns: ['Month made', 'Scored', 'Median |log10| error', 'Inside interval'],
      rows: report.accuracyByMonth.map((month) => [
        month.month,
        String(month.n),
        month.medianAbsLog10Error?.toFixed(2) ?? '—',
        formatFraction(month.coverage, 0),
      ]),
      numeric: [1, 2, 3],
    },
  };
}

export const learningCommand = defineCommand({
  name: 'learning',
  description: 'Is the advice working? Prediction accuracy, strategy lift, topic success, stale insights',
  options: { channel: option.channel() },
  positional: 'channel',
  scope: 'chat',
  examples: ['/learning', '/learning channel:demo'],
  async run(ctx, { channel: name }): Promise<Reply> {
    const channel = await resolveChannel(ctx.db, ctx.team.id, name);
    const report = await learningReport(ctx.db, channel.id, ctx.now(), learningSettings(ctx.config));
    const sections: ReplySection[] = [accuracySection(report)];
    sections.push({
      heading: 'Strategy lift',
      text:
        report.lift === null || report.strategySince === null
          ? 'No strategy yet: run /strategy, then make videos from /script to measure what the advice does.'
          : [
              `Since the first strategy (${formatDate(report.strategySince)}) vs before: ${describeLift(report.lift.sinceVsBefore, 'since', 'before')}.`,
              `Made from TubePilot scripts vs not, since then: ${describeLift(report.lift.followedVsNot, 'scripted', 'other')}.`,
            ].join('\n'),
    });
    if (report.topics.length > 0) {
      sections.push({
        heading: report.strategySince ? 'Topic success since the first strategy' : 'Topic success',
        // Not "videos": a topic's size is shown elsewhere (/trends) and counts the videos without a score too.
        text: 'Scored: videos with an outlier score, which needs earlier videos of the same format to compare with. Above baseline: an outlier score over 1×.',
        table: {
          columns: ['Topic', 'Scored', 'Above baseline', 'Rate'],
          rows: report.topics.map((topic) => [
            truncateToWidth(topic.label, 40),
            String(topic.videos),
            String(topic.aboveBaseline),
            formatFraction(topic.rate, 0),
          ]),
          numeric: [1, 2, 3],
        },
      });
    }
    const { engagement } = report;
    sections.push({
      heading: 'Engagement trend',
      text: `Median engagement rate of videos published in the last 30 days: ${formatFraction(engagement.recent, 2)} (${engagement.recentN} videos), the 30 days before: ${formatFraction(engagement.previous, 2)} (${engagement.previousN} videos).`,
    });
    sections.push({
      heading: 'Insights',
      text: `${formatCount(report.activeInsights)} still hold (re-checked every cycle). ${report.invalidatedInsights.length === 0 ? 'None has stopped holding.' : `${report.invalidatedInsights.length} stopped holding:`}`,
      list: report.invalidatedInsights
        .slice(0, 10)
        .map(
          (insight) =>
            `${insight.summary} — last held ${formatDate(insight.lastValidatedAt)} (n=${insight.sampleSize}); no longer supported by the data`,
        ),
    });
    return {
      kind: 'result',
      title: `${channel.title} — is the advice working?`,
      summary: 'Every figure is computed from this channel’s own videos and TubePilot’s stored predictions.',
      labels: channelLabels(channel.source),
      fields: [asOfField(report, ctx.now())],
      sections,
      data: { channel: channel.name, report },
    };
  },
});
