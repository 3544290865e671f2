import { learningSettings } from '../../core/analytics/evidence-history.js';
import { latestAnalysis } from '../../core/analytics/latest-analysis.js';
import { loadChannelData } from '../../core/analytics/load-channel-data.js';
import { resolveChannel } from '../../core/channels/channel-directory.js';
import { UserError } from '../../core/errors.js';
import { channelLabels } from '../../core/format/channel-labels.js';
import { formatDate, formatLogEffect } from '../../core/format/numbers.js';
import {
  EVALUATION_AGE_DAYS,
  evaluateExperiment,
  startExperiment,
  stopExperiment,
} from '../../core/learning/experiments.js';
import { SCRIPT_HOOK_STYLES } from '../../core/learning/next-video-plan.js';
import type { Reply } from '../../core/reply.js';
import { defineCommand, option } from './command.js';

const STYLES = SCRIPT_HOOK_STYLES as unknown as readonly [string, ...string[]];

export const experimentCommand = defineCommand({
  name: 'experiment',
  description: 'A/B test a hook or title style across paired uploads, stopped by a sequential rule',
  options: {
    action: option.choice('start, status or stop (default status)', ['start', 'status', 'stop']),
    dimension: option.choice('What varies: the spoken hook or the title style (start)', ['hook', 'title']),
    a: option.choice('Variant A style (start)', STYLES),
    b: option.choice('Variant B style (start)', STYLES),
    channel: option.channel(),
  },
  positional: 'action',
  scope: 'chat',
  permission: { manageActions: { start: 'Starting an experiment', stop: 'Stopping an experiment' } },
  examples: ['/experiment start dimension:hook a:question b:bold-claim', '/experiment status', '/experiment stop'],
  async run(ctx, options): Promise<Reply> {
    const channel = await resolveChannel(ctx.db, ctx.team.id, options.channel);
    const now = ctx.now();
    const labels = channelLabels(channel.source);
    if (options.action === 'start') {
      if (!options.a || !options.b) {
        throw new UserError(
          'Which styles?',
          'Give both variants: a:… and b:….',
          `Styles: ${SCRIPT_HOOK_STYLES.join(', ')}.`,
        );
      }
      const dimension = options.dimension ?? 'hook';
      const experiment = await startExperiment(ctx.db, channel.id, {
        dimension,
        variantA: options.a as never,
        variantB: options.b as never,
        room: ctx.room ? { ...ctx.room } : undefined,
      });
      return {
        kind: 'result',
        title: `Experiment #${experiment.id} started: ${dimension} ${options.a} (A) vs ${options.b} (B)`,
        summary: `From now on /script alternates A and B; each two scripts make a pair. A pair counts once both videos are ${EVALUATION_AGE_DAYS} days old. The test may stop after any pair (its false-positive rate stays at 5% however often it is checked), and gives up without a winner after 30 pairs.`,
        labels,
        followUps: [{ label: 'Write the first script', command: '/script' }],
        data: { channel: channel.name, experiment },
      };
    }
    if (options.action === 'stop') {
      const stopped = await stopExperiment(ctx.db, channel.id, now);
      return {
        kind: 'result',
        title: `Experiment #${stopped.id} stopped`,
        summary: `Stopped by the team after ${stopped.pairs} complete pairs.`,
        labels,
        data: { channel: channel.name, experiment: stopped },
      };
    }
    const data = await loadChannelData(ctx.db, channel.id);
    const { languages } = latestAnalysis(data, learningSettings(ctx.config)).patterns;
    const evaluation = await evaluateExperiment(ctx.db, channel.id, data, languages, now);
    const latest = await ctx.db.experiment.findFirst({
      where: { channelId: channel.id },
      orderBy: { id: 'desc' },
      include: { _count: { select: { arms: true } } },
    });
    if (!latest) {
      throw new UserError(
        'No experiment yet',
        'This channel has no experiment.',
        'Start one: /experiment start dimension:hook a:question b:bold-claim',
      );
    }
    const result =
      latest.meanDifference === null
        ? 'no complete pair yet'
        : `B vs A ${formatLogEffect(latest.meanDifference)} views`;
    const state =
      latest.status === 'running'
        ? `running: ${latest._count.arms} scripts assigned, ${latest.pairs} pairs complete; ${result}; always-valid p = ${(latest.pValue ?? 1).toFixed(3)}.`
        : `${latest.decision} (stopped ${formatDate(latest.stoppedAt)} after ${latest.pairs} pairs; ${result}; p = ${(latest.pValue ?? 1).toFixed(3)}).`;
    return {
      kind: 'result',
      title: `Experiment #${latest.id}: ${latest.dimension} ${latest.variantA} (A) vs ${latest.variantB} (B)`,
      summary: evaluation?.finished ? `Decided now — ${state}` : state,
      labels,
      data: { channel: channel.name, experiment: latest, evaluation },
    };
  },
});
