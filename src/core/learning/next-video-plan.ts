// What the next video should be: topic, hook style, length and time of day, chosen together by Thompson
// sampling over the channel's own age-adjusted results (thompson-sampling.ts). Proven winners are picked most of the
// time; arms with few videos, untried hook styles included, some of the time, so the channel keeps learning.
// Every choice says whether it exploits or explores, with its evidence.

import type { AnalyticsVideo, ChannelData } from '../analytics/analytics-video.js';
import type { ChannelAnalysis } from '../analytics/channel-analysis.js';
import { OTHER_TOPIC, type TopicCluster } from '../analytics/topic-clusters.js';
import {
  type Daypart,
  type HookStyle,
  type LengthBucket,
  lengthBucket,
  postingSlot,
  videoHookStyle,
} from '../analytics/video-features.js';
import type { SeededRandom } from '../random/seeded-random.js';
import type { Dimension, Trial } from './additive-effects.js';
import { projectedLogViews } from './projected-log-views.js';
import { type ArmChoice, chooseArms, describeChoice } from './thompson-sampling.js';

/** Hook styles a script can be written in ('other' is what the classifier says when none fits). */
export const SCRIPT_HOOK_STYLES: readonly HookStyle[] = [
  'question',
  'number-list',
  'bold-claim',
  'pov',
  'story',
  'how-to',
];
/** Shorts lengths a script can aim for. */
export const SCRIPT_LENGTHS: readonly LengthBucket[] = ['0-20s', '21-40s', '41-60s', '61-180s'];
/** Daytime parts a video can go out in; night uploads are left to channels that already do them. */
export const SCRIPT_DAYPARTS: readonly Daypart[] = ['morning', 'afternoon', 'evening'];
/** Target seconds within each length bucket. */
const LENGTH_TARGET_S: Record<string, number> = { '0-20s': 15, '21-40s': 32, '41-60s': 50, '61-180s': 90 };
const DAYPART_DEFAULT_HOUR: Record<Daypart, number> = { night: 22, morning: 9, afternoon: 14, evening: 18 };

export interface PlanDecision<T extends string> {
  value: T;
  choice: ArmChoice;
  /** "exploit: topic eggs, 14 videos, +38% [+12%, +70%]" */
  description: string;
}

export interface NextVideoPlan {
  /** Null when the channel has no topic clusters yet (too few videos). */
  topic: (PlanDecision<string> & { cluster: TopicCluster }) | null;
  hookStyle: PlanDecision<HookStyle>;
  length: PlanDecision<LengthBucket> & { targetS: number };
  daypart: PlanDecision<Daypart> & { hour: number };
}

interface Valued {
  video: AnalyticsVideo;
  value: number;
}

function decision<T extends string>(choice: ArmChoice, dimension: string): PlanDecision<T> {
  return { value: choice.chosen.arm as T, choice, description: describeChoice(choice, dimension) };
}

/** The channel's most used hour within a daypart, so a recommendation keeps the team's rhythm. */
function usualHour(valued: readonly Valued[], daypart: Daypart, timezone: string): number {
  const counts = new Map<number, number>();
  for (const { video } of valued) {
    const slot = postingSlot(video.publishedAt, timezone);
    if (slot?.daypart === daypart) counts.set(slot.hour, (counts.get(slot.hour) ?? 0) + 1);
  }
  let best = DAYPART_DEFAULT_HOUR[daypart];
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
 * One plan for the next video. `rng` decides the draws: seed it per channel and day so the same request on the
 * same day gives the same plan. With `rng` null every choice is the best-supported one (no exploration).
 */
export function chooseNextVideo(
  channel: ChannelData,
  analysis: ChannelAnalysis,
  now: Date,
  rng: SeededRandom | null,
): NextVideoPlan {
  const adjusted = projectedLogViews(channel.videos, now);
  const valued = channel.videos.flatMap((video) => {
    const value = adjusted.get(video.id);
    return value === undefined ? [] : [{ video, value }];
  });
  const clusters = analysis.patterns.topics.clusters.filter((cluster) => cluster.id !== OTHER_TOPIC);
  const topicOf = new Map(clusters.flatMap((cluster) => cluster.videoIds.map((id) => [id, cluster.id] as const)));
  const scriptable = <T extends string>(arms: readonly T[], value: T | null) =>
    value !== null && arms.includes(value) ? value : null;
  const dimensions: Dimension[] = [
    { name: 'hook style', arms: SCRIPT_HOOK_STYLES },
    { name: 'length', arms: SCRIPT_LENGTHS },
    { name: 'time of day', arms: SCRIPT_DAYPARTS },
    ...(clusters.length > 0 ? [{ name: 'topic', arms: clusters.map((cluster) => cluster.id) }] : []),
  ];
  const trials = valued.map(
    ({ video, value }): Trial => ({
      value,
      arms: [
        scriptable(SCRIPT_HOOK_STYLES, videoHookStyle(video)),
        scriptable(SCRIPT_LENGTHS, lengthBucket(video.durationS)),
        scriptable(SCRIPT_DAYPARTS, postingSlot(video.publishedAt, channel.timezone)?.daypart ?? null),
        topicOf.get(video.id) ?? null,
      ],
    }),
  );
  const [hookChoice, lengthChoice, daypartChoice, topicChoice] = chooseArms(dimensions, trials, rng) as ArmChoice[];
  const hookStyle = decision<HookStyle>(hookChoice as ArmChoice, 'hook style');
  const length = decision<LengthBucket>(lengthChoice as ArmChoice, 'length');
  const daypart = decision<Daypart>(daypartChoice as ArmChoice, 'time of day');
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
    daypart: { ...daypart, hour: usualHour(valued, daypart.value, channel.timezone) },
  };
}
