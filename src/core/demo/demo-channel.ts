// A deterministic, realistic synthetic YouTube Shorts channel for demo mode and tests. The generator plants
// known ("true") multiplicative effects on views so analytics can be checked against the truth it returns.
// This file assembles it; the effects live in planted-world, the words in video-texts, and the schedule, view
// histories and retention curves in modules of those names.

import { DAY_MS } from '../analytics/analytics-video.js';
import { SeededRandom } from '../random/seeded-random.js';
import { median } from '../stats/summary-statistics.js';
import { isShortByDuration, type VideoRecord } from '../videos/video-record.js';
import {
  DEMO_HOOK_STYLES,
  type DemoHookStyle,
  type DemoTruth,
  type DurationSpec,
  expectedViews,
  LONG_FORM_DURATION,
  LONG_FORM_SHARE,
  plantedTruth,
  SHORT_DURATIONS,
  TOPICS,
  type Topic,
} from './planted-world.js';
import { makeRetention } from './retention-curves.js';
import { planSchedule, type Slot } from './upload-schedule.js';
import { type VideoWords, videoTags, writeVideoWords } from './video-texts.js';
import {
  type MissingData,
  makeSnapshots,
  makeStats,
  type Performance,
  planPerformance,
  withBreakoutSurge,
} from './view-history.js';

export interface DemoChannel {
  name: string;
  title: string;
  handle: string;
  theme: string;
  style: string;
  timezone: string;
  videos: VideoRecord[];
  truth: DemoTruth;
}

export interface DemoChannelOptions {
  seed: number;
  endDate: Date;
  videoCount?: number;
}

const CHANNEL = {
  name: 'demo',
  title: 'Demo: Kitchen Science Shorts',
  handle: '@demo-kitchen-science',
  theme: 'Home-cooking food science: why recipes work, explained in under a minute',
  style: 'Fast, curious voiceover over close-up kitchen shots; one surprising fact per video',
  timezone: 'America/New_York',
} as const;

const DEFAULT_VIDEO_COUNT = 140;
const BREAKOUT_SHARE = 0.025;
const YOUTUBE_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Labels repeated in proportion to their shares (largest remainder), then shuffled: balanced but unordered. */
function shuffledDeck<T>(rng: SeededRandom, labels: readonly T[], shares: readonly number[], count: number): T[] {
  const total = shares.reduce((sum, share) => sum + share, 0);
  const exact = shares.map((share) => (share / total) * count);
  const counts = exact.map(Math.floor);
  const byRemainder = exact.map((value, i) => ({ i, remainder: value - Math.floor(value) }));
  byRemainder.sort((x, y) => y.remainder - x.remainder || x.i - y.i);
  let missing = count - counts.reduce((sum, n) => sum + n, 0);
  for (const { i } of byRemainder) {
    if (missing-- <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return rng.shuffle(labels.flatMap((label, i) => Array<T>(counts[i] ?? 0).fill(label)));
}

interface ContentPlan extends VideoWords {
  topic: Topic;
  hook: DemoHookStyle;
  duration: DurationSpec;
  durationS: number;
  tags: string[];
}

function planContent(
  rng: SeededRandom,
  topic: Topic,
  hook: DemoHookStyle,
  isLongForm: boolean,
  usedTitles: Map<string, number>,
): ContentPlan {
  const duration = isLongForm
    ? LONG_FORM_DURATION
    : rng.weightedPick(
        SHORT_DURATIONS,
        SHORT_DURATIONS.map((spec) => spec.shortShare),
      );
  const words = writeVideoWords(rng, topic.label, hook, isLongForm, usedTitles);
  const durationS = rng.int(duration.minS, duration.maxS);
  const tags = videoTags(rng, topic.label, words.subject, isLongForm);
  return { ...words, topic, hook, duration, durationS, tags };
}

function makeYoutubeIds(rng: SeededRandom, count: number): string[] {
  const ids = new Set<string>();
  while (ids.size < count) {
    let id = '';
    for (let i = 0; i < 11; i++) id += YOUTUBE_ID_ALPHABET[rng.int(0, YOUTUBE_ID_ALPHABET.length - 1)];
    ids.add(id);
  }
  return [...ids];
}

function ageInDays(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY_MS;
}

/** Breakouts need time to show, so only Shorts at least three weeks old qualify. */
function pickBreakouts(rng: SeededRandom, slots: Slot[], isLongForm: boolean[], endDate: Date): Set<number> {
  const eligible = slots
    .map((_, i) => i)
    .filter((i) => !isLongForm[i] && ageInDays((slots[i] as Slot).publishedAt, endDate) >= 21);
  const count = Math.max(2, Math.round(slots.length * BREAKOUT_SHARE));
  return new Set(rng.shuffle(eligible).slice(0, count));
}

/** Three videos exercise missing data: two with hidden likes, one with comments disabled. */
function pickMissingData(rng: SeededRandom, count: number, breakouts: Set<number>): Map<number, MissingData> {
  const candidates = Array.from({ length: count }, (_, i) => i).filter((i) => !breakouts.has(i));
  const [firstHidden, secondHidden, disabled] = rng.shuffle(candidates);
  const missing = new Map<number, MissingData>();
  for (const i of [firstHidden, secondHidden]) {
    if (i !== undefined) missing.set(i, { likesHidden: true, commentsDisabled: false });
  }
  if (disabled !== undefined) missing.set(disabled, { likesHidden: false, commentsDisabled: true });
  return missing;
}

/** Same seed and endDate always give a deep-equal channel; nothing reads the clock or Math.random. */
export function generateDemoChannel(options: DemoChannelOptions): DemoChannel {
  const { seed, endDate } = options;
  const count = options.videoCount ?? DEFAULT_VIDEO_COUNT;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`videoCount must be a positive integer: ${count}`);
  const root = new SeededRandom(seed);
  // Separate streams, so changing how one aspect is drawn leaves the others as they were.
  const scheduleRng = root.fork('schedule');
  const idRng = root.fork('ids');
  const contentRng = root.fork('content');
  const selectionRng = root.fork('selection');
  const performanceRng = root.fork('performance');
  const retentionRng = root.fork('retention');

  const slots = planSchedule(scheduleRng, CHANNEL.timezone, endDate, count);
  const youtubeIds = makeYoutubeIds(idRng, count);
  const topics = shuffledDeck(
    contentRng,
    TOPICS,
    TOPICS.map((topic) => topic.share),
    count,
  );
  const hooks = shuffledDeck(
    contentRng,
    DEMO_HOOK_STYLES,
    DEMO_HOOK_STYLES.map(() => 1),
    count,
  );
  const isLongForm = shuffledDeck(contentRng, [true, false], [LONG_FORM_SHARE, 1 - LONG_FORM_SHARE], count);
  const usedTitles = new Map<string, number>();
  const contents = slots.map((_, i) =>
    planContent(contentRng, topics[i] as Topic, hooks[i] as DemoHookStyle, isLongForm[i] === true, usedTitles),
  );
  const breakouts = pickBreakouts(selectionRng, slots, isLongForm, endDate);
  const missingByVideo = pickMissingData(selectionRng, count, breakouts);
  const firstUpload = (slots[0] as Slot).publishedAt;
  const isShortByVideo = contents.map((content) => isShortByDuration(content.durationS) === true);
  const organicPerformances = slots.map((slot, i) => {
    const meanViews = expectedViews(
      { ...(contents[i] as ContentPlan), ...slot },
      ageInDays(firstUpload, slot.publishedAt),
    );
    return planPerformance(performanceRng, meanViews, isShortByVideo[i] === true);
  });
  const medianBaseViews = median(organicPerformances.map((performance) => performance.baseViews)) ?? 0;
  const performances = organicPerformances.map((performance, i) =>
    breakouts.has(i) ? withBreakoutSurge(performanceRng, performance, medianBaseViews) : performance,
  );

  const videos = slots.map((slot, i): VideoRecord => {
    const content = contents[i] as ContentPlan;
    const isShort = isShortByVideo[i] === true;
    const performance = performances[i] as Performance;
    const missing = missingByVideo.get(i) ?? { likesHidden: false, commentsDisabled: false };
    const retention = makeRetention(retentionRng, content.durationS, isShort, content.hook);
    return {
      youtubeId: youtubeIds[i] as string,
      title: content.title,
      description: content.description,
      tags: content.tags,
      durationS: content.durationS,
      publishedAt: slot.publishedAt,
      publishTimeKnown: true,
      isShort,
      topic: content.topic.label,
      hookLine: content.hookLine,
      stats: makeStats(performance, ageInDays(slot.publishedAt, endDate), content.durationS, retention, missing),
      statsAt: endDate,
      snapshots: makeSnapshots(performanceRng, performance, slot.publishedAt, endDate, missing),
      retention,
    };
  });

  return { ...CHANNEL, videos, truth: plantedTruth(youtubeIds, hooks, breakouts) };
}
