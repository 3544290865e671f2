import { figuresTime } from '../../core/analytics/analytics-video.js';
import { type BacktestMethod, backtest, MIN_EARLIER_VIDEOS } from '../../core/analytics/backtest.js';
import { loadChannelData } from '../../core/analytics/load-channel-data.js';
import { resolveChannel } from '../../core/channels/channel-directory.js';
import { UserError } from '../../core/errors.js';
import { asOfField } from '../../core/format/as-of.js';
import { formatFraction } from '../../core/format/numbers.js';
import type { Reply } from '../../core/reply.js';
import { channelLabels } from './channel-labels.js';
import { defineCommand, option } from './command.js';
import { formatAge } from './format-age.js';

const METHOD_NAMES: Record<BacktestMethod, string> = {
  'channel-log-linear': 'TubePilot (log-linear, fitted on this channel)',
  'plain-szabo-huberman': 'Plain Szabo–Huberman (slope 1)',
  'channel-median': 'Channel median (ignores early views)',
};

export const backtestCommand = defineCommand({
  name: 'backtest',
  description: 'Replay the channel history to show how far to trust view predictions',
  options: {
    channel: option.string('Channel name (default: the only channel)', { autocomplete: 'channel' }),
    'from-age': option.duration('Age of the early views predictions start from (default 1d)'),
    horizon: option.duration('Age to predict the views at (default 30d)'),
  },
  positional: 'channel',
  scope: 'chat',
  examples: ['tubepilot backtest --channel demo --from-age 1d --horizon 30d'],
  async run(ctx, options): Promise<Reply> {
    const channel = await resolveChannel(ctx.db, ctx.team.id, options.channel);
    const earlyAgeDays = options['from-age'] ?? 1;
    const horizonDays = options.horizon ?? 30;
    const data = await loadChannelData(ctx.db, channel.id);
    const result = backtest(data, { earlyAgeDays, horizonDays, now: figuresTime(data) });
    if ('insufficient' in result) {
      throw new UserError(
        'Cannot backtest yet',
        `Not enough history on ${channel.name}: ${result.reason} (n=${result.n}).`,
      );
    }
    const ours = result.methods['channel-log-linear'].score;
    return {
      kind: 'result',
      title: `${channel.title} — prediction backtest`,
      summary:
        ours.medianAbsLog10Error === null
          ? `No video of this channel could be replayed from ${formatAge(earlyAgeDays)} to ${formatAge(horizonDays)}.`
          : `Predicting views at ${formatAge(horizonDays)} from views at ${formatAge(earlyAgeDays)}, replayed over ${result.n} videos without looking ahead: TubePilot is typically off by ×${(10 ** ours.medianAbsLog10Error).toFixed(2)}, and ${formatFraction(ours.coverage, 0)} of actual views fell inside its 80% intervals.`,
      labels: channelLabels(channel.source),
      fields: [asOfField(data, ctx.now())],
      sections: [
        {
          heading: 'Accuracy by method',
          table: {
            columns: ['Method', 'n', 'Median |log10 error|', 'Typical miss', '80% interval coverage', 'Bias (log10)'],
            rows: (Object.keys(METHOD_NAMES) as BacktestMethod[]).map((method) => {
              const score = result.methods[method].score;
              return [
                METHOD_NAMES[method],
                String(score.n),
                score.medianAbsLog10Error === null ? '—' : score.medianAbsLog10Error.toFixed(3),
                score.medianAbsLog10Error === null ? '—' : `×${(10 ** score.medianAbsLog10Error).toFixed(2)}`,
                formatFraction(score.coverage, 0),
                score.bias === null ? '—' : `${score.bias >= 0 ? '+' : ''}${score.bias.toFixed(3)}`,
              ];
            }),
            numeric: [1, 2, 3, 4, 5],
          },
        },
        {
          heading: 'How it is replayed',
          text: `Each video is predicted only from videos whose ${formatAge(horizonDays)} had passed by the time it was ${formatAge(earlyAgeDays)} old, and only once ${MIN_EARLIER_VIDEOS} earlier videos exist. ${result.skipped.length} videos were left out (too young, or missing views at one of the two ages).`,
        },
      ],
      data: { channel: channel.name, backtest: result },
    };
  },
});
