// A simulated audience for the closed-loop benchmark and learning tests: a channel whose viewers have hidden
// preferences over topics, hook styles, lengths and local times of day, shaped by a World (worlds.ts). A video is
// "published" with a title, tags, length and time; the simulator reads those the way an audience would (topic
// words in the title and tags, the title's hook style, the length, the hour on the audience's clock), draws
// heavy-tailed views, and lets them grow with age. Nothing here is TubePilot's own analysis except the hook-style
// and length-bucket readers, so that what the audience responds to is what TubePilot can see.

import { hookRules } from '../../src/core/analytics/hook-patterns.js';
import { type HookStyle, hookStyle } from '../../src/core/analytics/video-features.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import { offsetMs, zonedInstant } from '../../src/core/time/zoned-time.js';
import { emptyStats, isShortByDuration, type VideoRecord } from '../../src/core/videos/video-record.js';
import { KITCHEN, type SimTopic, type World } from './worlds.js';

/** The hook rules of an English channel. */
const ENGLISH = hookRules(['en']);

export type { SimTopic, World } from './worlds.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const GROWTH_TAU_DAYS = 2.5;
/** Day 0 of every world: drift, the rising topic and growth are measured from here. */
export const SIM_START = new Date('2026-01-01T00:00:00Z');
/** Days of drift drawn before and after SIM_START (history and the longest run fit inside). */
const DRIFT_DAYS_BEFORE = 120;
const DRIFT_DAYS_AFTER = 400;

/** Hook styles a plan can be written in (the reader's 'other' is only what an unclassifiable title gets). */
export const SIM_HOOKS: readonly HookStyle[] = ['question', 'number-list', 'bold-claim', 'pov', 'story', 'how-to'];
/** Every style the reader can return, for the worlds whose audience responds to 'other' too. */
const ALL_HOOKS: readonly HookStyle[] = [...SIM_HOOKS, 'other'];
export const SIM_TOPICS: readonly SimTopic[] = KITCHEN.topics;
export const SIM_LENGTHS = KITCHEN.planLengths;
/** The kitchen audience's own notion of time of day (TubePilot models a smooth hour curve; the world need not match). */
export type Daypart = 'night' | 'morning' | 'afternoon' | 'evening';
export const SIM_DAYPARTS: readonly Daypart[] = ['morning', 'afternoon', 'evening'];
const LENGTH_BUCKET_SECONDS = [15, 32, 50, 90] as const;
/** The kitchen audience's length buckets (TubePilot's own before it learned length as a curve), upper bounds in s. */
const LENGTH_BUCKETS = [
  { maxS: 20, bucket: '0-20s' },
  { maxS: 40, bucket: '21-40s' },
  { maxS: 60, bucket: '41-60s' },
  { maxS: 180, bucket: '61-180s' },
  { maxS: 600, bucket: '3-10min' },
] as const;

function lengthBucket(seconds: number): string {
  return LENGTH_BUCKETS.find((entry) => seconds <= entry.maxS)?.bucket ?? '10min+';
}

/** night 0–5, morning 6–11, afternoon 12–17, evening 18–23 (local hours). */
function daypartOf(hour: number): Daypart {
  if (hour < 6) return 'night';
  if (hour < 12) return 'morning';
  return hour < 18 ? 'afternoon' : 'evening';
}

/** English titles in every plan style, for a plan written in a style the world's own titles lack. */
const FALLBACK_TITLES: Record<HookStyle, readonly string[]> = {
  question: ['Why does {subject} fail at home?'],
  'number-list': ['5 {subject} mistakes beginners make'],
  'bold-claim': ['Everything you know about {subject} is wrong'],
  pov: ['POV: you finally master {subject}'],
  story: ['I tried {subject} every day for a week'],
  'how-to': ['How to get {subject} right'],
  other: ['{subject} today'],
};

/** A plan: topic, hook style, length, and the hour on the audience's (and channel's) clock. */
export interface SimPlan {
  topic: string;
  hook: HookStyle;
  lengthS: number;
  hour: number;
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
  viral: boolean;
  topic: string | null;
}

export interface HiddenPreferences {
  topic: Record<string, number>;
  hook: Record<string, number>;
  /** Per length bucket (bucketed worlds) — empty for curve worlds. */
  length: Record<string, number>;
  /** Per daypart (daypart worlds) — empty for curve worlds. */
  daypart: Record<string, number>;
  /** Peak of the smooth curves, when the world has them. */
  lengthPeakS: number | null;
  hourPeak: number | null;
  /** topic → hook → effect. */
  interaction: Record<string, Record<string, number>>;
}

export interface VideoFeatures {
  topic: string | null;
  hook: HookStyle;
  lengthS: number;
  /** Fractional hour on the audience's clock. */
  localHour: number;
  /** Days since SIM_START (fractional). */
  day: number;
}

function record<K extends string>(keys: readonly K[], value: (key: K) => number): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, value(key)])) as Record<K, number>;
}

/** Lower case without accents, so "randonnee" and "Randonnée" read the same to the audience. */
function plain(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export class ChannelSimulator {
  readonly world: World;
  readonly preferences: HiddenPreferences;
  private readonly rng: SeededRandom;
  private readonly videos: Published[] = [];
  /** topic → drift per day index (from −DRIFT_DAYS_BEFORE). */
  private readonly drift: Map<string, Float64Array>;

  constructor(seed: number | string, world: World = KITCHEN) {
    this.world = world;
    // The kitchen world keeps the original seed name and draw order, so its seeds are the same channels as before.
    const draws = new SeededRandom(world === KITCHEN ? `simulator:${seed}` : `simulator:${world.name}:${seed}`);
    const topicIds = world.topics.map((topic) => topic.id);
    const topic = record(topicIds, () => draws.normal(0, world.topicSd));
    if (world.rising) topic[topicIds.at(-1) as string] = world.rising.start;
    const hook = record(world === KITCHEN ? SIM_HOOKS : ALL_HOOKS, () => draws.normal(0, world.hookSd));
    const length =
      world.length.kind === 'buckets'
        ? record(LENGTH_BUCKET_SECONDS.map(lengthBucket), () => draws.normal(0, (world.length as { sd: number }).sd))
        : {};
    const daypart =
      world.hour.kind === 'dayparts'
        ? record(SIM_DAYPARTS, () => draws.normal(0, (world.hour as { sd: number }).sd))
        : {};
    // The noise stream is forked before any draw the kitchen world lacks, so its seeds keep their luck too.
    this.rng = draws.fork('noise');
    const between = ([low, high]: readonly [number, number]) => low + (high - low) * draws.next();
    const lengthPeakS = world.length.kind === 'curve' ? between(world.length.peakS) : null;
    const hourPeak = world.hour.kind === 'curve' ? between(world.hour.peakHour) : null;
    const interaction = Object.fromEntries(
      topicIds.map((id) => [
        id,
        record(ALL_HOOKS, () => (world.interactionSd > 0 ? draws.normal(0, world.interactionSd) : 0)),
      ]),
    );
    this.preferences = { topic, hook, length, daypart, lengthPeakS, hourPeak, interaction };
    const walk = draws.fork('drift');
    this.drift = new Map(
      topicIds.map((id) => {
        const path = new Float64Array(DRIFT_DAYS_BEFORE + DRIFT_DAYS_AFTER);
        // Zero at day 0, walking both ways, so the drawn effects are the effects at the start of a run.
        for (let i = DRIFT_DAYS_BEFORE + 1; i < path.length; i++) {
          path[i] = (path[i - 1] as number) + walk.normal(0, world.driftSdPerDay);
        }
        for (let i = DRIFT_DAYS_BEFORE - 1; i >= 0; i--) {
          path[i] = (path[i + 1] as number) + walk.normal(0, world.driftSdPerDay);
        }
        return [id, path];
      }),
    );
  }

  /** What the audience sees in a video: the topic whose words its title and tags use, and the rest. */
  readFeatures(input: PublishInput): VideoFeatures {
    const text = plain(`${input.title} ${(input.tags ?? []).join(' ')}`);
    const topic =
      this.world.topics.find((candidate) => candidate.words.some((word) => text.includes(plain(word))))?.id ?? null;
    const at = input.publishedAt.getTime();
    const local = (at + offsetMs(input.publishedAt, this.world.timezone)) / HOUR_MS;
    return {
      topic,
      hook: hookStyle(input.title, ENGLISH),
      lengthS: input.durationS,
      localHour: ((local % 24) + 24) % 24,
      day: (at - SIM_START.getTime()) / DAY_MS,
    };
  }

  /** The effect of a topic on a day: drawn, plus drift, plus the rise of the rising topic. */
  topicEffect(topic: string, day: number): number {
    const base = this.preferences.topic[topic] as number;
    const path = this.drift.get(topic) as Float64Array;
    const index = Math.min(path.length - 1, Math.max(0, Math.floor(day) + DRIFT_DAYS_BEFORE));
    const rising = this.world.rising;
    const rise =
      rising && topic === this.world.topics.at(-1)?.id
        ? rising.amplitude / (1 + Math.exp(-(day - rising.midDay) / rising.widthDays))
        : 0;
    return base + (path[index] as number) + rise;
  }

  /** The effect of a length: per bucket, or a smooth bump in ln seconds around the world's peak. */
  lengthEffect(seconds: number): number {
    const { length } = this.world;
    if (length.kind === 'buckets') {
      const effects = this.preferences.length;
      return effects[lengthBucket(seconds)] ?? Math.min(...Object.values(effects));
    }
    const z = (Math.log(seconds) - Math.log(this.preferences.lengthPeakS as number)) / length.widthLn;
    return length.amplitude * (Math.exp(-0.5 * z * z) - 0.5);
  }

  /** The effect of the local hour: per daypart (night gets the worst), or a daily cosine around the peak. */
  hourEffect(localHour: number): number {
    const { hour } = this.world;
    if (hour.kind === 'dayparts') {
      const effects = this.preferences.daypart;
      return effects[daypartOf(Math.floor(localHour))] ?? Math.min(...Object.values(effects));
    }
    return hour.amplitude * Math.cos((2 * Math.PI * (localHour - (this.preferences.hourPeak as number))) / 24);
  }

  /** ln views lost to repetition: earlier videos on the same topic, weighed by how recent they are. */
  fatigue(topic: string, at: Date): number {
    const fatigue = this.world.fatigue;
    if (fatigue === null) return 0;
    let load = 0;
    for (const video of this.videos) {
      const age = (at.getTime() - video.input.publishedAt.getTime()) / DAY_MS;
      if (age <= 0 || video.topic !== topic) continue;
      load += 0.5 ** (age / fatigue.halfLifeDays);
    }
    return fatigue.perVideo * load;
  }

  /** Expected ln of final views: a video off every topic or in an unknown style gets the audience's worst. */
  expectedLogViews(input: PublishInput): number {
    const features = this.readFeatures(input);
    const { topic: topics, hook: hooks, interaction } = this.preferences;
    const worst = (values: number[]) => Math.min(...values);
    const topicIds = Object.keys(topics);
    const topic =
      features.topic === null
        ? worst(topicIds.map((id) => this.topicEffect(id, features.day)))
        : this.topicEffect(features.topic, features.day) - this.fatigue(features.topic, input.publishedAt);
    const pair = features.topic === null ? 0 : (interaction[features.topic]?.[features.hook] ?? 0);
    return (
      Math.log(this.world.baseViews) +
      this.world.growthPerDay * features.day +
      topic +
      (hooks[features.hook] ?? worst(Object.values(hooks))) +
      pair +
      this.lengthEffect(features.lengthS) +
      this.hourEffect(features.localHour)
    );
  }

  /** The instant a plan's local hour falls at on a simulated day (the day's date on the audience's clock). */
  instantOf(day: Date, hour: number): Date {
    const date = day.toISOString().slice(0, 10);
    return zonedInstant(date, `${String(hour).padStart(2, '0')}:00`, this.world.timezone);
  }

  /** A plan written out as a video the way a person would (a title in the hook's style, topic tags). */
  videoFor(plan: SimPlan, day: Date, rng: SeededRandom): PublishInput {
    const topic = this.world.topics.find((candidate) => candidate.id === plan.topic) as SimTopic;
    const template = rng.pick(this.world.titles[plan.hook] ?? FALLBACK_TITLES[plan.hook]);
    const title = template.replace('{subject}', rng.pick(topic.subjects));
    const tags = [topic.id, ...topic.words.slice(0, 2)];
    return { title, tags, durationS: plan.lengthS, publishedAt: this.instantOf(day, plan.hour) };
  }

  publish(input: PublishInput): string {
    const expectedLogViews = this.expectedLogViews(input);
    // Student t with 3 degrees of freedom: mostly modest misses, sometimes a breakout or a flop.
    const chiSquare = this.rng.normal() ** 2 + this.rng.normal() ** 2 + this.rng.normal() ** 2;
    const noise = (this.world.noiseScale * this.rng.normal()) / Math.sqrt(chiSquare / 3);
    let logViews = expectedLogViews + noise;
    let viral = false;
    const hit = this.world.viral;
    if (hit) {
      // Both draws every time, so every policy's k-th video meets the same luck.
      const [chance, size] = [this.rng.next(), this.rng.next()];
      viral = chance < hit.probability;
      if (viral) logViews += Math.log(hit.min + (hit.max - hit.min) * size);
    }
    const youtubeId = `sim${String(this.videos.length).padStart(8, '0')}`;
    const { topic } = this.readFeatures(input);
    this.videos.push({ youtubeId, input, finalViews: Math.exp(logViews), expectedLogViews, viral, topic });
    return youtubeId;
  }

  /** The k-th published video's expected ln views and whether it went viral (for the benchmark and tests). */
  outcome(youtubeId: string): { expectedLogViews: number; finalViews: number; viral: boolean } {
    const { expectedLogViews, finalViews, viral } = this.find(youtubeId);
    return { expectedLogViews, finalViews, viral };
  }

  /** Views of a published video at an instant: cumulative, saturating with age. */
  viewsAt(youtubeId: string, at: Date): number {
    const video = this.find(youtubeId);
    return Math.round(viewsAtAge(video, ageDays(video, at)));
  }

  /**
   * Every published video as the channel would report it at `now`: with one snapshot per day of age, or with
   * only the reading at `now` (what one refresh through the YouTube API stores).
   */
  videosAt(now: Date, snapshots: 'daily' | 'now' = 'daily'): VideoRecord[] {
    return this.videos
      .filter((video) => video.input.publishedAt.getTime() <= now.getTime())
      .map((video) => {
        const age = ageDays(video, now);
        const reading = (takenAt: Date, views: number) => ({
          takenAt,
          views,
          engagedViews: null,
          likes: Math.round(views * 0.04),
          comments: Math.round(views * 0.002),
        });
        const views = Math.round(viewsAtAge(video, age));
        const daily = [];
        if (snapshots === 'daily') {
          for (let day = 1; day <= Math.floor(age); day++) {
            daily.push(
              reading(new Date(video.input.publishedAt.getTime() + day * DAY_MS), Math.round(viewsAtAge(video, day))),
            );
          }
        }
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
          snapshots: snapshots === 'daily' ? daily : [reading(now, views)],
          retention: [],
        };
      });
  }

  /** A uniformly random plan from the world's menu: history videos and the benchmark's random baseline. */
  randomPlan(rng: SeededRandom): SimPlan {
    return {
      topic: rng.pick(this.world.topics).id,
      hook: rng.pick(SIM_HOOKS),
      lengthS: rng.pick(this.world.planLengths),
      hour: rng.pick(this.world.planHours),
    };
  }

  /** The length (whole seconds, 5–180) and local hour the audience likes best; they do not change over time. */
  bestLengthAndHour(): { lengthS: number; hour: number } {
    let lengthS = 5;
    for (let seconds = 5; seconds <= 180; seconds++) {
      if (this.lengthEffect(seconds) > this.lengthEffect(lengthS)) lengthS = seconds;
    }
    let hour = 0;
    for (let h = 0; h < 24; h++) if (this.hourEffect(h) > this.hourEffect(hour)) hour = h;
    return { lengthS, hour };
  }

  private find(youtubeId: string): Published {
    const video = this.videos.find((candidate) => candidate.youtubeId === youtubeId);
    if (!video) throw new Error(`unknown simulated video ${youtubeId}`);
    return video;
  }
}

function ageDays(video: Published, at: Date): number {
  return Math.max(0, (at.getTime() - video.input.publishedAt.getTime()) / DAY_MS);
}

function viewsAtAge(video: Published, age: number): number {
  return video.finalViews * (1 - Math.exp(-age / GROWTH_TAU_DAYS));
}
