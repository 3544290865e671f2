import type { AnalyticsVideo } from '../analytics/analytics-video.js';
import type { EffectEstimate } from '../analytics/effect-estimate.js';
import { hookRules } from '../analytics/hook-patterns.js';
import type { ChannelPatterns, DimensionEffects } from '../analytics/pattern-effects.js';
import type { VideoPrediction } from '../analytics/post-publish-prediction.js';
import { lengthArm, videoHookStyle } from '../analytics/video-features.js';
import { formatAge } from '../format/age.js';
import { formatCount, formatEffect } from '../format/numbers.js';
import type { Reply, ReplyImage } from '../reply.js';
import type { AlertLevel, Breakout } from './breakout-bands.js';

// The alert as it is posted: a Reply (data), the same on Discord and Slack. Its figures come from the band
// computation, the 7-day prediction /predict makes and the channel's effect model; none is computed here.

export interface SharedStrength {
  dimension: 'topic' | 'length' | 'hook';
  /** The video's group in that dimension ("eggs / boiled", "21-40s", "question"). */
  group: string;
  estimate: EffectEstimate;
  /** The channel's strongest group in that dimension. */
  best: boolean;
}

function strengthIn(
  dimension: SharedStrength['dimension'],
  effects: DimensionEffects,
  group: string | null,
  label = group,
): SharedStrength | null {
  if (group === null) return null;
  const estimate = effects.effects.find((candidate) => candidate.group === group);
  // Credibly above the channel's average video: the 80 % interval of the effect lies above zero.
  if (!estimate || estimate.low <= 0) return null;
  return { dimension, group: label ?? group, estimate, best: effects.effects[0]?.group === group };
}

/**
 * What the video has in common with the channel's best performers: its topic, length and hook style where the
 * channel's effect model credits them with more views than its average video (80 % interval above zero).
 */
export function sharedStrengths(patterns: ChannelPatterns, video: AnalyticsVideo): SharedStrength[] {
  const cluster = patterns.topics.clusters.find((candidate) => candidate.videoIds.includes(video.id));
  return [
    strengthIn('topic', patterns.topics, cluster?.id ?? null, cluster?.label),
    strengthIn('length', patterns.length, lengthArm(video.durationS)),
    strengthIn('hook', patterns.hook, videoHookStyle(video, hookRules(patterns.languages))),
  ].filter((strength): strength is SharedStrength => strength !== null);
}

export interface AlertReplyInput {
  channel: { name: string; title: string };
  video: { id: string; title: string };
  breakout: Breakout;
  level: Exclude<AlertLevel, 0>;
  prediction: VideoPrediction | { insufficient: true; reason: string };
  strengths: SharedStrength[];
  chart: ReplyImage | null;
  /** Why the chart is missing (renderer down), said in the alert. */
  chartFailure?: string;
}

const LEVEL_WORDS: Record<Exclude<AlertLevel, 0>, string> = {
  2: 'above every earlier video at this age',
  1: 'in the top band (at or above the 90th percentile)',
  [-1]: 'in the bottom band (at or below the 10th percentile)',
  [-2]: 'below every earlier video at this age',
};

function predictionText(prediction: AlertReplyInput['prediction']): string {
  if ('insufficient' in prediction) return `Not yet: ${prediction.reason}.`;
  if (prediction.kind === 'actual') return `${formatCount(prediction.views)} views at day 7 (recorded).`;
  return `${formatCount(prediction.predicted)} views (80% interval ${formatCount(prediction.low)} – ${formatCount(prediction.high)})`;
}

function strengthText(strength: SharedStrength): string {
  const best = strength.best ? ', the channel’s strongest' : '';
  return `${strength.dimension} ${strength.group}: ${formatEffect(strength.estimate)} views vs the channel’s average (n=${strength.estimate.n}${best})`;
}

export function alertReply(input: AlertReplyInput): Reply {
  const { breakout, level, channel, video } = input;
  const bands = breakout.bands;
  const up = level > 0;
  const age = formatAge(breakout.ageDays);
  const title = `${up ? 'Breakout' : 'Slow start'}: ${video.title}`;
  const bandsText = bands
    ? `p10 ${formatCount(bands.percentiles[0])} · median ${formatCount(bands.percentiles[2])} · p90 ${formatCount(bands.percentiles[4])} (${bands.n} earlier videos)`
    : '—';
  return {
    kind: 'result',
    title,
    summary: `${formatCount(breakout.views)} views at ${age}: ${LEVEL_WORDS[level]} of ${channel.title}.`,
    fields: [
      { label: 'Views at this age', value: `${formatCount(breakout.views)} at ${age}` },
      { label: 'Bands at this age', value: bandsText },
      { label: 'Predicted views at 7 days', value: predictionText(input.prediction) },
    ],
    sections: [
      {
        heading: 'Shared with the best performers',
        ...(input.strengths.length > 0
          ? { list: input.strengths.map(strengthText) }
          : {
              text: 'Nothing the channel’s effect model credits: its topic, length and hook are not among the stronger ones.',
            }),
      },
      ...(input.chartFailure ? [{ heading: 'Chart', text: input.chartFailure }] : []),
    ],
    ...(input.chart ? { images: [input.chart] } : {}),
    followUps: [
      { label: 'Prediction details', command: `/predict video:${video.id} horizon:7d` },
      { label: 'Stop alerts here', command: `/alerts stop channel:${channel.name}` },
    ],
    actions: [
      {
        id: 'stop-alerts',
        label: 'Stop alerts',
        command: 'alerts',
        options: { action: 'stop', channel: channel.name },
        style: 'danger',
      },
    ],
    data: {
      channel: channel.name,
      videoId: video.id,
      level,
      ageDays: breakout.ageDays,
      views: breakout.views,
      bands,
      peers: breakout.peers.length,
      prediction: input.prediction,
      strengths: input.strengths.map(({ dimension, group, estimate, best }) => ({
        dimension,
        group,
        effect: estimate.effect,
        low: estimate.low,
        high: estimate.high,
        n: estimate.n,
        best,
      })),
    },
  };
}
