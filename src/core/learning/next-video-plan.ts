// What the next video should be: topic, hook style, length and posting time, chosen together by Thompson
// sampling over the channel effect model (thompson-sampling.ts), topic and hook as a pair (a hook style may work
// on some topics only). Proven winners are picked most of the time; arms
// with few videos, untried hook styles included, some of the time, and arms left alone for a while again, so the
// channel keeps learning. A topic the channel has just made is charged the learned repetition fatigue for its
// actual last videos. Every choice says whether it exploits or explores, with the same evidence /trends shows.

import type { ChannelData } from '../analytics/analytics-video.js';
import type { ChannelAnalysis } from '../analytics/channel-analysis.js';
import {
  HOOK_DIMENSION,
  LENGTH_DIMENSION,
  POSTING_TIME_DIMENSION,
  TOPIC_DIMENSION,
  TOPIC_HOOK_DIMENSION,
  topicHookArm,
} from '../analytics/pattern-effects.js';
import { OTHER_TOPIC, type TopicCluster } from '../analytics/topic-clusters.js';
import {
  HOOK_STYLES,
  type HookStyle,
  type LengthBucket,
  POSTING_TIMES,
  postingSlot,
  postingTimeOf,
  postingTimeStartHour,
} from '../analytics/video-features.js';
import type { SeededRandom } from '../random/seeded-random.js';
import { type ArmChoice, chooseArms, describeChoice, type WantedDimension } from './thompson-sampling.js';

/** Hook styles a script can be written in ('other' is what the classifier says when none fits). */
export const SCRIPT_HOOK_STYLES: readonly HookStyle[] = HOOK_STYLES.filter((style) => style !== 'other');
/** Shorts lengths a script can aim for. */
export const SCRIPT_LENGTHS: readonly LengthBucket[] = ['0-20s', '21-40s', '41-60s', '61-180s'];
/** Posting times a plan can name: 06:00–24:00; night uploads are left to channels that already do them. */
export const SCRIPT_POSTING_TIMES: readonly string[] = POSTING_TIMES.filter((slot) => postingTimeStartHour(slot) >= 6);
/** Target seconds within each length bucket. */
const LENGTH_TARGET_S: Record<string, number> = { '0-20s': 15, '21-40s': 32, '41-60s': 50, '61-180s': 90 };

export interface PlanDecision<T extends string> {
  value: T;
  choice: ArmChoice;
  /** "exploit: topic eggs, +38% [+12%, +70%], n=14, medium confidence" */
  description: string;
}

export interface NextVideoPlan {
  /** Null when the channel has no topic clusters yet (too few videos). */
  topic: (PlanDecision<string> & { cluster: TopicCluster }) | null;
  hookStyle: PlanDecision<HookStyle>;
  length: PlanDecision<LengthBucket> & { targetS: number };
  /** A 2-hour slot, and the hour within it to post at. */
  postingTime: PlanDecision<string> & { hour: number };
}

function decision<T extends string>(choice: ArmChoice, label: string): PlanDecision<T> {
  return { value: choice.chosen.arm as T, choice, description: describeChoice(choice, label) };
}

/** The channel's most used hour within a slot (videos with a known time of day), so a plan keeps the team's rhythm. */
function usualHour(channel: ChannelData, slot: string): number {
  const counts = new Map<number, number>();
  for (const video of channel.videos) {
    if (!video.publishTimeKnown) continue;
    const hour = postingSlot(video.publishedAt, channel.timezone)?.hour;
    if (hour !== undefined && postingTimeOf(hour) === slot) counts.set(hour, (counts.get(hour) ?? 0) + 1);
  }
  let best = postingTimeStartHour(slot);
  let bestCount = 0;
  for (const [hour, count] of counts) {
    if (count > bestCount || (count === bestCount && hour < best)) {
      best = hour;
      bestCount = count;
    }
  }
  return best;
}

/**
 * One plan for the next video, from the analysis' effect model. `rng` decides the draws: seed it per channel and
 * script so the same request gives the same plan. With `rng` null every choice is the best-supported one.
 */
export function chooseNextVideo(
  channel: ChannelData,
  analysis: ChannelAnalysis,
  rng: SeededRandom | null,
): NextVideoPlan {
  const { model, topics, history, repetition } = analysis.patterns;
  const clusters = topics.clusters.filter((cluster) => cluster.id !== OTHER_TOPIC);
  const wanted: WantedDimension[] = [
    { dimension: HOOK_DIMENSION, arms: SCRIPT_HOOK_STYLES, history: history[HOOK_DIMENSION] },
    { dimension: LENGTH_DIMENSION, arms: SCRIPT_LENGTHS, history: history[LENGTH_DIMENSION] },
    { dimension: POSTING_TIME_DIMENSION, arms: SCRIPT_POSTING_TIMES, history: history[POSTING_TIME_DIMENSION] },
    ...(clusters.length > 0
      ? [
          {
            dimension: TOPIC_DIMENSION,
            arms: clusters.map((cluster) => cluster.id),
            history: history[TOPIC_DIMENSION],
            adjustment: repetition,
          },
        ]
      : []),
  ];
  // Topic and hook together: a style may work on some topics only (the topic × hook interaction).
  const joint = {
    interaction: TOPIC_HOOK_DIMENSION,
    first: TOPIC_DIMENSION,
    second: HOOK_DIMENSION,
    arm: topicHookArm,
  };
  const [hookChoice, lengthChoice, timeChoice, topicChoice] = chooseArms(model, wanted, rng, joint) as ArmChoice[];
  const hookStyle = decision<HookStyle>(hookChoice as ArmChoice, 'hook style');
  const length = decision<LengthBucket>(lengthChoice as ArmChoice, 'length');
  const postingTime = decision<string>(timeChoice as ArmChoice, 'posting time');
  const topic = topicChoice
    ? {
        ...decision<string>(topicChoice, 'topic'),
        cluster: clusters.find((cluster) => cluster.id === topicChoice.chosen.arm) as TopicCluster,
      }
    : null;
  return {
    topic,
    hookStyle,
    length: { ...length, targetS: LENGTH_TARGET_S[length.value] ?? 30 },
    postingTime: { ...postingTime, hour: usualHour(channel, postingTime.value) },
  };
}
