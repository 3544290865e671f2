// A simulated audience for the closed-loop benchmark and learning tests: a channel whose viewers have hidden
// preferences over topics, hook styles, lengths and times of day. A video is "published" with a title, tags,
// length and time; the simulator reads those the way an audience would (topic words in the title and tags, the
// title's hook style, the length, the local hour), draws heavy-tailed views, and lets them grow with age.
// Nothing here is TubePilot's own analysis except the hook-style and length readers, so that what the audience
// responds to is what TubePilot can see.

import { type HookStyle, hookStyle, lengthBucket } from '../../src/core/analytics/video-features.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import { emptyStats, isShortByDuration, type VideoRecord } from '../../src/core/videos/video-record.js';

const DAY_MS = 86_400_000;
const BASE_VIEWS = 5_000;
/** Scale of the heavy-tailed (Student t, 3 degrees of freedom) noise on ln views. */
const NOISE_SCALE = 0.45;
const GROWTH_TAU_DAYS = 2.5;

export interface SimTopic {
  id: string;
  /** Words that mark a video as on this topic when they appear in its title or tags. */
  words: readonly string[];
  subjects: readonly string[];
}

export const SIM_TOPICS: readonly SimTopic[] = [
  { id: 'sourdough', words: ['sourdough', 'starter', 'levain'], subjects: ['sourdough', 'sourdough starter'] },
  { id: 'espresso', words: ['espresso', 'crema', 'portafilter'], subjects: ['espresso', 'espresso shots'] },
  { id: 'knife', words: ['knife', 'knives', 'sharpening'], subjects: ['kitchen knives', 'knife skills'] },
  { id: 'noodles', words: ['noodles', 'ramen', 'udon'], subjects: ['ramen noodles', 'hand-pulled noodles'] },
  { id: 'pickles', words: ['pickles', 'pickling', 'brine'], subjects: ['quick pickles', 'pickled onions'] },
  { id: 'steak', words: ['steak', 'ribeye', 'sear'], subjects: ['ribeye steak', 'a reverse-seared steak'] },
];

export const SIM_HOOKS: readonly HookStyle[] = ['question', 'number-list', 'bold-claim', 'pov', 'story', 'how-to'];
export const SIM_LENGTHS = [15, 32, 50, 90] as const;
/** The simulated audience's own notion of time of day (TubePilot models 2-hour slots; the world need not match). */
export type Daypart = 'night' | 'morning' | 'afternoon' | 'evening';
export const SIM_DAYPARTS: readonly Daypart[] = ['morning', 'afternoon', 'evening'];

/** night 0–5, morning 6–11, afternoon 12–17, evening 18–23 (UTC hours: the simulated channel's timezone). */
function daypartOf(hour: number): Daypart {
  if (hour < 6) return 'night';
  if (hour < 12) return 'morning';
  return hour < 18 ? 'afternoon' : 'evening';
}
const DAYPART_HOUR: Record<Daypart, number> = { night: 23, morning: 9, afternoon: 14, evening: 19 };

/** Title templates that TubePilot's hook reader classifies as the style they are listed under. */
const TITLE_TEMPLATES: Record<HookStyle, readonly string[]> = {
  question: ['Why does {subject} fail at home?', 'Are you making {subject} wrong?'],
  'number-list': ['5 {subject} mistakes beginners make', '3 {subject} tricks that work'],
  'bold-claim': ['Everything you know about {subject} is wrong', 'The secret to better {subject}'],
  pov: ['POV: you finally master {subject}', 'POV: a chef watches you make {subject}'],
  story: ['I made {subject} every day for a week', 'My first attempt at {subject}'],
  'how-to': ['How to make {subject} at home', 'The {subject} guide for beginners'],
  other: ['{subject} at home'],
};

export interface SimPlan {
  topic: string;
  hook: HookStyle;
  lengthS: number;
  daypart: Daypart;
}

export interface PublishInput {
  title: string;
  tags?: string[];
  description?: string | null;
  durationS: number;
  publishedAt: Date;
}

interface Published {
  youtubeId: string;
  input: PublishInput;
  finalViews: number;
  expectedLogViews: number;
}

export interface HiddenPreferences {
  topic: Record<string, number>;
  hook: Record<string, number>;
  length: Record<string, number>;
  daypart: Record<string, number>;
}

function record<K extends string>(keys: readonly K[], value: (key: K) => number): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, value(key)])) as Record<K, number>;
}

export class ChannelSimulator {
  readonly preferences: HiddenPreferences;
  private readonly rng: SeededRandom;
  private readonly videos: Published[] = [];

  constructor(seed: number | string) {
    const world = new SeededRandom(`simulator:${seed}`);
    // Effects on ln views: topics matter most, then hooks, then length and time of day.
    this.preferences = {
      topic: record(
        SIM_TOPICS.map((topic) => topic.id),
        () => world.normal(0, 0.5),
      ),
      hook: record(SIM_HOOKS, () => world.normal(0, 0.3)),
      length: record(
        SIM_LENGTHS.map((seconds) => lengthBucket(seconds) as string),
        () => world.normal(0, 0.2),
      ),
      daypart: record(SIM_DAYPARTS, () => world.normal(0, 0.2)),
    };
    this.rng = world.fork('noise');
  }

  /** What the audience sees in a video: the topic whose words its title and tags use, and the rest. */
  readFeatures(input: PublishInput): {
    topic: string | null;
    hook: HookStyle;
    length: string | null;
    daypart: Daypart;
  } {
    const text = `${input.title} ${(input.tags ?? []).join(' ')}`.toLowerCase();
    const topic = SIM_TOPICS.find((candidate) => candidate.words.some((word) => text.includes(word)))?.id ?? null;
    return {
      topic,
      hook: hookStyle(input.title),
      length: lengthBucket(input.durationS),
      daypart: daypartOf(input.publishedAt.getUTCHours()),
    };
  }

  /** Expected ln of final views: a video off every topic or in an unknown style gets the audience's worst. */
  expectedLogViews(input: PublishInput): number {
    const features = this.readFeatures(input);
    const worst = (effects: Record<string, number>) => Math.min(...Object.values(effects));
    const { topic, hook, length, daypart } = this.preferences;
    return (
      Math.log(BASE_VIEWS) +
      (features.topic === null ? worst(topic) : (topic[features.topic] ?? worst(topic))) +
      (hook[features.hook] ?? worst(hook)) +
      (features.length === null ? worst(length) : (length[features.length] ?? worst(length))) +
      (daypart[features.daypart] ?? worst(daypart))
    );
  }

  /** A plan written out as a video the way a person would (a title in the hook's style, topic tags). */
  videoFor(plan: SimPlan, publishedAt: Date, rng: SeededRandom): PublishInput {
    const topic = SIM_TOPICS.find((candidate) => candidate.id === plan.topic) as SimTopic;
    const template = rng.pick(TITLE_TEMPLATES[plan.hook]);
    const title = template.replace('{subject}', rng.pick(topic.subjects));
    const at = new Date(publishedAt);
    at.setUTCHours(DAYPART_HOUR[plan.daypart], 0, 0, 0);
    return { title, tags: [topic.id, ...topic.words.slice(0, 2)], durationS: plan.lengthS, publishedAt: at };
  }

  publish(input: PublishInput): string {
    const expectedLogViews = this.expectedLogViews(input);
    // Student t with 3 degrees of freedom: mostly modest misses, sometimes a breakout or a flop.
    const chiSquare = this.rng.normal() ** 2 + this.rng.normal() ** 2 + this.rng.normal() ** 2;
    const noise = (NOISE_SCALE * this.rng.normal()) / Math.sqrt(chiSquare / 3);
    const youtubeId = `sim${String(this.videos.length).padStart(8, '0')}`;
    this.videos.push({ youtubeId, input, finalViews: Math.exp(expectedLogViews + noise), expectedLogViews });
    return youtubeId;
  }

  /** Views of a published video at an age: cumulative, saturating with age. */
  viewsAt(youtubeId: string, at: Date): number {
    const video = this.videos.find((candidate) => candidate.youtubeId === youtubeId);
    if (!video) throw new Error(`unknown simulated video ${youtubeId}`);
    return Math.round(viewsAtAge(video, ageDays(video, at)));
  }

  /** Every published video as the channel would report it at `now`, with one snapshot per day of age. */
  videosAt(now: Date): VideoRecord[] {
    return this.videos
      .filter((video) => video.input.publishedAt.getTime() <= now.getTime())
      .map((video) => {
        const age = ageDays(video, now);
        const snapshots = [];
        for (let day = 1; day <= Math.floor(age); day++) {
          const views = Math.round(viewsAtAge(video, day));
          snapshots.push({
            takenAt: new Date(video.input.publishedAt.getTime() + day * DAY_MS),
            views,
            engagedViews: null,
            likes: Math.round(views * 0.04),
            comments: Math.round(views * 0.002),
          });
        }
        const views = Math.round(viewsAtAge(video, age));
        return {
          youtubeId: video.youtubeId,
          title: video.input.title,
          description: video.input.description ?? null,
          tags: video.input.tags ?? [],
          durationS: video.input.durationS,
          publishedAt: video.input.publishedAt,
          publishTimeKnown: true,
          isShort: isShortByDuration(video.input.durationS),
          topic: null,
          hookLine: null,
          stats: { ...emptyStats(), views, likes: Math.round(views * 0.04), comments: Math.round(views * 0.002) },
          statsAt: now,
          snapshots,
          retention: [],
        };
      });
  }

  /** The plan the audience likes best: the benchmark's "best fixed choice in hindsight". */
  bestPlan(): SimPlan {
    const best = (effects: Record<string, number>) =>
      Object.entries(effects).reduce((top, entry) => (entry[1] > top[1] ? entry : top))[0];
    const { topic, hook, length, daypart } = this.preferences;
    const bucket = best(length);
    return {
      topic: best(topic),
      hook: best(hook) as HookStyle,
      lengthS: SIM_LENGTHS.find((seconds) => lengthBucket(seconds) === bucket) as number,
      daypart: best(daypart) as Daypart,
    };
  }

  /** Expected final views (the median of the noise) of a video made to a plan. */
  expectedViews(plan: SimPlan): number {
    return Math.exp(this.expectedLogViews(this.videoFor(plan, new Date(0), new SeededRandom('expected'))));
  }

  /** A uniformly random plan: the benchmark's "random choice" baseline. */
  static randomPlan(rng: SeededRandom): SimPlan {
    return {
      topic: rng.pick(SIM_TOPICS).id,
      hook: rng.pick(SIM_HOOKS),
      lengthS: rng.pick(SIM_LENGTHS),
      daypart: rng.pick(SIM_DAYPARTS),
    };
  }
}

function ageDays(video: Published, at: Date): number {
  return Math.max(0, (at.getTime() - video.input.publishedAt.getTime()) / DAY_MS);
}

function viewsAtAge(video: Published, age: number): number {
  return video.finalViews * (1 - Math.exp(-age / GROWTH_TAU_DAYS));
}
