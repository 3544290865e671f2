import { figuresTime } from '../../core/analytics/analytics-video.js';
import {
  BACKTEST_METHODS,
  type BacktestMethod,
  type BacktestScore,
  backtest,
  MIN_EARLIER_VIDEOS,
} from '../../core/analytics/backtest.js';
import { loadChannelData } from '../../core/analytics/load-channel-data.js';
import { INTERVAL_RULE } from '../../core/analytics/post-publish-prediction.js';
import { resolveChannel } from '../../core/channels/channel-directory.js';
import { UserError } from '../../core/errors.js';
import { formatAge } from '../../core/format/age.js';
import { asOfField } from '../../core/format/as-of.js';
import { channelLabels } from '../../core/format/channel-labels.js';
import { formatFraction } from '../../core/format/numbers.js';
import type { Reply } from '../../core/reply.js';
import { defineCommand, option } from './command.js';

const METHOD_NAMES: Record<BacktestMethod, string> = {
  tubepilot: 'TubePilot (every early reading, fitted on this channel)',
  'plain-szabo-huberman': 'Plain Szabo–Huberman (one reading, slope 1)',
  persistence: 'Persistence (no more views)',
  'channel-median': 'Channel median (ignores early views)',
};

/** A log10 error as the factor it stands for: 0.301 → "×2.00". */
const asFactor = (log10: number | null) => (log10 === null ? '—' : `×${(10 ** log10).toFixed(2)}`);
const fixed = (value: number | null) => (value === null ? '—' : value.toFixed(3));

function scoreRow(method: BacktestMethod, score: BacktestScore): string[] {
  return [
    METHOD_NAMES[method],
    String(score.n),
    fixed(score.medianAbsLog10Error),
    fixed(score.meanAbsLog10Error),
    asFactor(score.medianAbsLog10Error),
    score.coverage === null ? '—' : formatFraction(score.coverage, 0),
    asFactor(score.meanIntervalWidthLog10),
    score.bias === null ? '—' : `${score.bias >= 0 ? '+' : ''}${score.bias.toFixed(3)}`,
  ];
}

export const backtestCommand = defineCommand({
  name: 'backtest',
  description: 'Replay the channel history to show how far to trust view predictions',
  options: {
    channel: option.channel(),
    'from-age': option.duration('Age of the early views predictions start from (default 1d)'),
    horizon: option.duration('Age to predict the views at (default 30d)'),
    'cross-validate': option.boolean(
      'Predict each video from all the others, later ones too: tests the method, is no replay',
    ),
  },
  positional: 'channel',
  scope: 'chat',
  examples: [
    'tubepilot backtest --channel demo --from-age 1d --horizon 30d',
    'tubepilot backtest --channel demo --cross-validate',
  ],
  async run(ctx, options): Promise<Reply> {
    const channel = await resolveChannel(ctx.db, ctx.team.id, options.channel);
    const earlyAgeDays = options['from-age'] ?? 1;
    const horizonDays = options.horizon ?? 30;
    const data = await loadChannelData(ctx.db, channel.id);
    const crossValidate = options['cross-validate'];
    const result = backtest(data, { earlyAgeDays, horizonDays, now: figuresTime(data), crossValidate });
    if ('insufficient' in result) {
      throw new UserError('Cannot backtest yet', `Not enough history on ${channel.name}: ${result.reason}.`);
    }
    const ours = result.methods.tubepilot.score;
    const plain = result.methods['plain-szabo-huberman'].score;
    const persistence = result.methods.persistence.score;
    return {
      kind: 'result',
      title: `${channel.title} — prediction backtest`,
      summary: `Predicting views at ${formatAge(horizonDays)} from the history up to ${formatAge(earlyAgeDays)}, ${crossValidate ? `cross-validated over ${result.n} videos (each from all the others)` : `replayed over ${result.n} videos without looking ahead`}: TubePilot is typically off by ${asFactor(ours.medianAbsLog10Error)} (plain Szabo–Huberman ${asFactor(plain.medianAbsLog10Error)}, persistence ${asFactor(persistence.medianAbsLog10Error)}), and ${formatFraction(ours.coverage, 0)} of actual views fell inside its 80% intervals.`,
      labels: channelLabels(channel.source),
      fields: [asOfField(data, ctx.now())],
      sections: [
        {
          heading: 'Accuracy by method',
          table: {
            columns: [
              'Method',
              'n',
              'Median |log10 error|',
              'Mean |log10 error|',
              'Typical miss',
              '80% interval coverage',
              'Mean interval width',
              'Bias (log10)',
            ],
            rows: BACKTEST_METHODS.map((method) => scoreRow(method, result.methods[method].score)),
            numeric: [1, 2, 3, 4, 5, 6, 7],
          },
        },
        {
          heading: crossValidate ? 'How it is cross-validated' : 'How it is replayed',
          text: crossValidate
            ? `Each video is predicted as /predict would have when it was ${formatAge(earlyAgeDays)} old, from its latest reading by then, from all the other videos with views around both ages (later ones included, so this tests the method rather than replaying what could have been known), once ${MIN_EARLIER_VIDEOS} such videos exist. Views between readings are read along log views against log age, so periodic snapshots work. ${result.skipped.length} videos were left out (too young, or no readings around one of the two ages). ${INTERVAL_RULE}`
            : `Each video is predicted as /predict would have when it was ${formatAge(earlyAgeDays)} old, from its latest reading by then, only from videos whose ${formatAge(horizonDays)} had passed by then (their histories cut at that moment), and only once ${MIN_EARLIER_VIDEOS} such videos exist. Views between readings are read along log views against log age, so periodic snapshots work. ${result.skipped.length} videos were left out (too young, too few earlier videos, or no readings around one of the two ages). ${INTERVAL_RULE}`,
        },
      ],
      data: { channel: channel.name, backtest: result },
    };
  },
});
