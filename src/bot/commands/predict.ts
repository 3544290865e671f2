import { type AnalyticsVideo, figuresTime } from '../../core/analytics/analytics-video.js';
import { learningSettings } from '../../core/analytics/evidence-history.js';
import { latestAnalysis } from '../../core/analytics/latest-analysis.js';
import { loadChannelData } from '../../core/analytics/load-channel-data.js';
import { forecastPlannedVideo, type VideoPlan } from '../../core/analytics/planned-video-prediction.js';
import { type GrowthModel, type IntervalBasis, predictVideo } from '../../core/analytics/post-publish-prediction.js';
import type { HookStyle } from '../../core/analytics/video-features.js';
import { resolveChannel } from '../../core/channels/channel-directory.js';
import type { Db } from '../../core/db/database.js';
import { UserError } from '../../core/errors.js';
import { formatAge } from '../../core/format/age.js';
import { asOfField } from '../../core/format/as-of.js';
import { formatPlannedInterval } from '../../core/format/calibration.js';
import { channelLabels } from '../../core/format/channel-labels.js';
import { formatCount } from '../../core/format/numbers.js';
import { SCRIPT_HOOK_STYLES } from '../../core/learning/next-video-plan.js';
import { recordPrediction, scoredPrePublishLedger } from '../../core/predictions/prediction-store.js';
import { describeTrackRecord, predictionTrackRecord } from '../../core/predictions/track-record.js';
import type { Reply, ReplyField } from '../../core/reply.js';
import { channelOfVideo, findVideo } from '../../core/videos/find-video.js';
import { defineCommand, option } from './command.js';

const HORIZONS = ['7d', '30d', '90d'] as const;
const HOOKS = SCRIPT_HOOK_STYLES as unknown as readonly [HookStyle, ...HookStyle[]];

export const predictCommand = defineCommand({
  name: 'predict',
  description: 'Views a video will have at 7/30/90 days, or a planned one — always with an interval',
  options: {
    video: option.string('A published video: id or words from its title'),
    topic: option.string('Planned video: its topic'),
    length: option.integer('Planned video: length in seconds', { min: 1, max: 43_200 }),
    hour: option.integer('Planned video: hour it goes out, 0–23 (channel timezone)', { min: 0, max: 23 }),
    hook: option.choice('Planned video: the hook style it opens with', HOOKS),
    horizon: option.choice('Predict the views at this age (default 30d)', HORIZONS),
    channel: option.string('Channel name (default: the channel holding video:…, else the only channel)', {
      autocomplete: 'channel',
    }),
  },
  scope: 'chat',
  examples: ['/predict video:dQw4w9WgXcQ horizon:7d', '/predict topic:eggs length:35 hour:18 hook:question'],
  async run(ctx, options): Promise<Reply> {
    // A video id says which channel it is on; only titles need channel:… when the team has several.
    const channelName =
      options.channel ??
      (options.video === undefined ? undefined : await channelOfVideo(ctx.db, ctx.team.id, options.video));
    const channel = await resolveChannel(ctx.db, ctx.team.id, channelName);
    const horizonDays = Number.parseInt(options.horizon ?? '30d', 10);
    const plan: VideoPlan = {
      topic: options.topic,
      lengthS: options.length,
      hour: options.hour,
      hook: options.hook,
    };
    const planned = Object.values(plan).some((value) => value !== undefined);
    if (options.video !== undefined && planned) {
      throw new UserError(
        'Published or planned?',
        'Give either video:… (a published video) or a plan (topic, length, hour, hook), not both.',
      );
    }
    if (options.video === undefined && !planned) {
      throw new UserError(
        'What to predict?',
        'Give video:… for a published video, or describe a planned one.',
        'Example: /predict topic:eggs length:35 hour:18',
      );
    }
    const data = await loadChannelData(ctx.db, channel);
    const now = ctx.now();
    const asOf = figuresTime(data);
    const figures = asOfField(data, now);
    const accuracy = await accuracyField(ctx.db, channel.id, data.videos, now);
    const labels = channelLabels(channel.source);

    if (options.video !== undefined) {
      const video = findVideo(data.videos, options.video);
      const result = predictVideo(data, video.id, asOf, horizonDays);
      if ('insufficient' in result) {
        throw new UserError(
          'Cannot predict yet',
          `${video.title}: ${result.reason}.`,
          'Predictions need a few days of views of this video and of earlier ones.',
        );
      }
      if (result.kind === 'actual') {
        return {
          kind: 'result',
          title: `${video.title} at ${horizonDays} days`,
          summary: `The video is ${formatAge(result.ageDays)} old, past day ${horizonDays}: it had ${formatCount(result.views)} views then. Nothing to predict.`,
          labels,
          fields: [figures],
          data: { channel: channel.name, result },
        };
      }
      const stored = await ctx.db.video.findFirstOrThrow({
        where: { channelId: channel.id, youtubeId: video.id },
        select: { id: true },
      });
      const id = await recordPrediction(ctx.db, {
        channelId: channel.id,
        kind: 'post_publish',
        videoId: stored.id,
        horizonDays,
        predicted: result.predicted,
        low: result.low,
        high: result.high,
        madeAt: now,
        inputs: { earlyAgeDays: result.earlyAgeDays, earlyViews: result.earlyViews, model: { ...result.model } },
      });
      return {
        kind: 'result',
        title: `${video.title}: views at ${horizonDays} days`,
        summary: `${formatCount(result.predicted)} views expected by day ${horizonDays} (80% interval ${formatCount(result.low)} – ${formatCount(result.high)}).`,
        labels,
        fields: [
          figures,
          {
            label: 'From',
            value: `${formatCount(result.earlyViews)} views at ${formatAge(result.earlyAgeDays)} (${formatAge(result.ageDays)} old at the latest reading)`,
          },
          { label: 'Model', value: describeModel(result.model) },
          { label: 'Interval', value: describeInterval(result.model.interval) },
          accuracy,
          { label: 'Prediction id', value: `#${id} (scored automatically once day ${horizonDays} has passed)` },
        ],
        followUps: [{ label: 'How far to trust this', command: `/backtest horizon:${horizonDays}d` }],
        data: { channel: channel.name, predictionId: id, result },
      };
    }

    const { patterns } = latestAnalysis(data, learningSettings(ctx.config));
    // The track record above has just scored what came due, so the ledger is as complete as it can be.
    const ledger = await scoredPrePublishLedger(ctx.db, channel.id, horizonDays);
    const forecast = forecastPlannedVideo(data.videos, patterns, plan, asOf, horizonDays, {
      ledger,
      channelId: channel.id,
      at: now,
    });
    if ('insufficient' in forecast.prediction) {
      throw new UserError('Cannot predict yet', `${forecast.prediction.reason}.`);
    }
    const prediction = forecast.prediction;
    const id = await recordPrediction(ctx.db, {
      channelId: channel.id,
      kind: 'pre_publish',
      horizonDays,
      predicted: prediction.predicted,
      low: prediction.low,
      high: prediction.high,
      madeAt: now,
      inputs: {
        plan: { ...plan },
        basis: prediction.basis,
        notes: forecast.notes,
        uncalibrated: { ...prediction.uncalibrated },
        calibration: { ...prediction.calibration },
      },
    });
    return {
      kind: 'result',
      title: `Planned video: views at ${horizonDays} days`,
      summary: `${formatCount(prediction.predicted)} views expected by day ${horizonDays} (${formatPlannedInterval(prediction)}).`,
      labels,
      fields: [figures, accuracy, { label: 'Prediction id', value: `#${id}` }],
      sections: [
        { heading: 'Basis', list: prediction.basis },
        ...(forecast.notes.length ? [{ heading: 'Not applied', list: forecast.notes }] : []),
      ],
      followUps: [{ label: 'What works here', command: '/trends' }],
      data: { channel: channel.name, predictionId: id, forecast },
    };
  },
});

/** The channel's record so far, so users see how far to trust a new prediction. */
async function accuracyField(
  db: Db,
  channelId: number,
  videos: readonly AnalyticsVideo[],
  now: Date,
): Promise<ReplyField> {
  return { label: 'Track record', value: describeTrackRecord(await predictionTrackRecord(db, channelId, videos, now)) };
}

/** The fitted model as a formula users can check: ln(1 + views) at the horizon from the early readings. */
/** What the 80 % interval was drawn from: the channel's own misses, or those pooled with the prior spread. */
function describeInterval(interval: IntervalBasis): string {
  const misses = `the model's misses on ${interval.errors} of this channel's videos it was not fitted on`;
  if (interval.method === 'empirical-quantiles') return `80%: the 10th–90th percentiles of ${misses}`;
  return `80%: Student's t (${interval.degreesOfFreedom} degrees of freedom) on ${misses}, pooled with a prior spread of ×${Math.exp(interval.priorSd).toFixed(2)} (measured on other channels) weighing ${interval.priorVideos} videos, since so few histories say little about how far a new video can stray`;
}

function describeModel(model: GrowthModel): string {
  const shape = model.shape
    .map(
      (term) =>
        ` ${term.coefficient >= 0 ? '+' : '−'} ${Math.abs(term.coefficient).toFixed(2)} × (growth since ${formatAge(term.fromAgeDays)} − typical)${term.source === 'generic' ? ' [coefficient from other channels: too few histories here to fit it]' : ''}`,
    )
    .join('');
  return `ln views(day ${model.horizonDays}) = ${model.a.toFixed(2)} + ${model.b.toFixed(2)} × ln views(${formatAge(model.earlyAgeDays)})${shape}, fitted on ${model.n} of this channel's videos (growth in ln views up to ${formatAge(model.earlyAgeDays)})`;
}
