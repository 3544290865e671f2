// What the next video should be: topic, hook style, length and posting time, chosen together by Thompson
// sampling over the channel effect model (thompson-sampling.ts), topic and hook as a pair (a hook style may work
// on some topics only). Length and hour are points of the model's smooth curves: a draw of the whole curve picks
// the exact seconds to aim for and the local hour to post at. Proven winners are picked most of the time; arms
// with few videos, untried hook styles included, some of the time, and arms left alone for a while again, so the
// channel keeps learning. A topic the channel has just made is charged the learned repetition fatigue for its
// actual last videos. Every choice says whether it exploits or explores, with the same evidence /trends shows.

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
  LENGTH_GRID_S,
  lengthArmSeconds,
  lengthName,
  POSTING_HOURS,
  postingHourOf,
} from '../analytics/video-features.js';
import type { SeededRandom } from '../random/seeded-random.js';
import { type ArmChoice, chooseArms, describeChoice, type WantedDimension } from './thompson-sampling.js';

/** Hook styles a script can be written in ('other' is what the classifier says when none fits). */
export const SCRIPT_HOOK_STYLES: readonly HookStyle[] = HOOK_STYLES.filter((style) => style !== 'other');
/** Shorts lengths a script can aim for: the length grid from 10 s to 180 s. */
export const SCRIPT_LENGTHS: readonly string[] = LENGTH_GRID_S.filter((seconds) => seconds >= 10 && seconds <= 180).map(
  lengthName,
);
/** Local hours a plan can name: 06:00–23:00; night uploads are left to channels that already do them. */
export const SCRIPT_POSTING_HOURS: readonly string[] = POSTING_HOURS.filter((arm) => postingHourOf(arm) >= 6);

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
  /** A point of the length grid ("40s") and its seconds, the script's target. */
  length: PlanDecision<string> & { targetS: number };
  /** A local hour ("19:00") and the hour itself, 0–23 on the channel's clock. */
  postingTime: PlanDecision<string> & { hour: number };
}

/** `name`: how replies call the chosen arm, when not by its id (a topic by its label, as /trends does). */
function decision<T extends string>(choice: ArmChoice, label: string, name?: string): PlanDecision<T> {
  return { value: choice.chosen.arm as T, choice, description: describeChoice(choice, label, 'topic', name) };
}

/**
 * One plan for the next video, from the analysis' effect model. `rng` decides the draws: seed it per channel and
 * script so the same request gives the same plan. With `rng` null every choice is the best-supported one.
 */
export function chooseNextVideo(analysis: ChannelAnalysis, rng: SeededRandom | null): NextVideoPlan {
  const { model, topics, history, repetition } = analysis.patterns;
  const clusters = topics.clusters.filter((cluster) => cluster.id !== OTHER_TOPIC);
  const wanted: WantedDimension[] = [
    { dimension: HOOK_DIMENSION, arms: SCRIPT_HOOK_STYLES, history: history[HOOK_DIMENSION] },
    { dimension: LENGTH_DIMENSION, arms: SCRIPT_LENGTHS, history: history[LENGTH_DIMENSION] },
    { dimension: POSTING_TIME_DIMENSION, arms: SCRIPT_POSTING_HOURS, history: history[POSTING_TIME_DIMENSION] },
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
  const length = decision<string>(lengthChoice as ArmChoice, 'length');
  const postingTime = decision<string>(timeChoice as ArmChoice, 'posting time');
  const cluster = clusters.find((candidate) => candidate.id === topicChoice?.chosen.arm);
  const topic = topicChoice && cluster ? { ...decision<string>(topicChoice, 'topic', cluster.label), cluster } : null;
  return {
    topic,
    hookStyle,
    length: { ...length, targetS: lengthArmSeconds(length.value) },
    postingTime: { ...postingTime, hour: postingHourOf(postingTime.value) },
  };
}
