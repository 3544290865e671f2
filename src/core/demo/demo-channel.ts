// A deterministic, realistic synthetic YouTube Shorts channel for demo mode and tests. The generator plants
// known ("true") multiplicative effects on views so analytics can be checked against the truth it returns.

import { DAY_MS } from '../analytics/analytics-video.js';
import { WEEKDAYS_FROM_SUNDAY } from '../analytics/video-features.js';
import { SeededRandom } from '../random/seeded-random.js';
import { median } from '../stats/summary-statistics.js';
import { addDays, dateColumn, localDate, zonedInstant } from '../time/zoned-time.js';
import {
  isShortByDuration,
  type RetentionRecord,
  type SnapshotRecord,
  type VideoRecord,
  type VideoStats,
} from '../videos/video-record.js';

export type HookStyle = 'question' | 'bold-claim' | 'number-list' | 'story' | 'pov';
export type Weekday = 'Sun' | 'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat';
/** Length buckets by duration in seconds (inclusive upper bounds); '181s+' is long-form. */
export type DurationBucket = '0-20s' | '21-40s' | '41-60s' | '61-180s' | '181s+';

/**
 * The planted truth. A video's expected final views are
 * baseViews × topic × hook × hour × weekday × duration effect × trendPer30Days^(days since the first upload / 30,
 * levelling off after three years),
 * times log-normal noise (sd viewNoiseSigma on log views) and, for breakouts, a 10–50× surge.
 */
export interface DemoTruth {
  /** Median final views of a video whose effects are all 1×, at the channel's first upload. */
  baseViews: number;
  viewNoiseSigma: number;
  topicEffects: Record<string, number>;
  hookEffects: Record<HookStyle, number>;
  /** Keyed by local hour 0–23 in the channel timezone. */
  hourEffects: Record<number, number>;
  /** Keyed by local weekday in the channel timezone. */
  weekdayEffects: Record<Weekday, number>;
  durationEffects: Record<DurationBucket, number>;
  /** Audience growth: views multiplier per 30 days of channel age. */
  trendPer30Days: number;
  /** Share of viewers lost in the first 3 s of a Short by hook style; long-form loses 0.15 more. */
  hookEarlyDrop: Record<HookStyle, number>;
  /** Median e-folding time in days of the main growth phase of cumulative views. */
  growthTauDays: { short: number; longForm: number };
  hookStyleByVideo: Record<string, HookStyle>;
  /** Videos whose views were multiplied by a heavy-tailed (Pareto) breakout surge. */
  breakoutVideoIds: string[];
}

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
/** Long enough that even a small demo channel spans more than six months. */
const MIN_SPAN_DAYS = 190;
const BASE_VIEWS = 9_000;
const VIEW_NOISE_SIGMA = 0.55;
const TREND_PER_30_DAYS = 1.05;
/**
 * Audience growth levels off after three years: compounding for the whole history made a 10,000-video channel
 * (decades of uploads) reach quadrillions of views, which no column holds and no channel has.
 */
const TREND_MAX_DAYS = 3 * 365;
const LONG_FORM_SHARE = 0.05;
const DOUBLE_DAY_SHARE = 0.04;
const BREAKOUT_SHARE = 0.025;
const HOOK_SECONDS = 3;
const LONG_FORM_EXTRA_DROP = 0.15;
const GROWTH_TAU_DAYS = { short: 2.5, longForm: 7 };
const YOUTUBE_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

interface TopicSpec {
  label: string;
  effect: number;
  /** Share of uploads. */
  share: number;
  /** Word used in list titles ("5 {keyword} mistakes …"). */
  keyword: string;
  /** Plural or mass nouns, so every template reads grammatically. */
  subjects: readonly string[];
  tags: readonly string[];
}

const TOPICS: readonly TopicSpec[] = [
  {
    label: 'Eggs',
    effect: 2.2,
    share: 0.18,
    keyword: 'egg',
    subjects: ['boiled eggs', 'scrambled eggs', 'poached eggs', 'fried eggs', 'egg whites'],
    tags: ['eggs', 'egg hacks', 'breakfast', 'egg science'],
  },
  {
    label: 'Baking',
    effect: 1.5,
    share: 0.2,
    keyword: 'baking',
    subjects: ['cookies', 'brownies', 'pancakes', 'muffins', 'pie crusts'],
    tags: ['baking', 'baking chemistry', 'dessert', 'baking tips'],
  },
  {
    label: 'Pasta & rice',
    effect: 1.2,
    share: 0.17,
    keyword: 'pasta',
    subjects: ['pasta', 'rice', 'fresh noodles', 'risotto', 'fried rice'],
    tags: ['pasta', 'rice', 'noodles', 'carbs'],
  },
  {
    label: 'Meat',
    effect: 1,
    share: 0.17,
    keyword: 'steak',
    subjects: ['steak', 'chicken breasts', 'burgers', 'bacon', 'pork chops'],
    tags: ['steak', 'meat', 'searing', 'grilling'],
  },
  {
    label: 'Fermentation',
    effect: 0.7,
    share: 0.14,
    keyword: 'fermentation',
    subjects: ['sourdough starters', 'kimchi', 'homemade yogurt', 'sauerkraut', 'pickles'],
    tags: ['fermentation', 'fermented food', 'sourdough', 'probiotics'],
  },
  {
    label: 'Food safety',
    effect: 0.5,
    share: 0.14,
    keyword: 'food safety',
    subjects: ['leftovers', 'raw chicken', 'frozen meat', 'reheated rice', 'deli meat'],
    tags: ['food safety', 'leftovers', 'fridge', 'food poisoning'],
  },
];

interface HookSpec {
  effect: number;
  earlyDrop: number;
  titles: readonly string[];
  /** The spoken first line. */
  line: string;
}

// Stronger hooks both lose fewer viewers in the first 3 s and earn more views.
const HOOKS: Record<HookStyle, HookSpec> = {
  'bold-claim': {
    effect: 1.35,
    earlyDrop: 0.12,
    titles: [
      "You've been making {subject} wrong your whole life",
      'This one trick changes {subject} forever',
      'Chefs hate this {keyword} secret',
    ],
    line: 'Everything you know about {subject} is wrong.',
  },
  question: {
    effect: 1.15,
    earlyDrop: 0.16,
    titles: [
      'Are you making {subject} wrong?',
      'What really happens to {subject} in the pan?',
      'Why do restaurant {subject} taste better?',
    ],
    line: 'Ever wondered what actually happens to {subject} when you cook?',
  },
  'number-list': {
    effect: 1.05,
    earlyDrop: 0.2,
    titles: [
      '{n} {keyword} mistakes everyone makes',
      '{n} facts about {subject} nobody told you',
      '{n} {keyword} tricks that actually work',
    ],
    line: 'Here are {n} things about {subject} you need to know.',
  },
  pov: {
    effect: 0.95,
    earlyDrop: 0.23,
    titles: [
      'POV: you finally understand {subject}',
      'POV: a food scientist judges your {subject}',
      'POV: you nail {subject} on the first try',
    ],
    line: "POV: you're about to make the best {subject} of your life.",
  },
  story: {
    effect: 0.8,
    earlyDrop: 0.3,
    titles: [
      'I tested {subject} for 7 days',
      'The day my {subject} went horribly wrong',
      "My grandma's {keyword} secret, explained",
    ],
    line: "Last week I ruined a whole batch of {subject}, and here's why.",
  },
};
const HOOK_STYLES = Object.keys(HOOKS) as HookStyle[];

interface DurationSpec {
  bucket: DurationBucket;
  /** Range the generator draws from; the bucket itself runs from the previous bucket's maxS. */
  minS: number;
  maxS: number;
  effect: number;
  /** Share among Shorts (long-form is chosen separately). */
  shortShare: number;
}

const DURATIONS: readonly DurationSpec[] = [
  { bucket: '0-20s', minS: 15, maxS: 20, effect: 0.85, shortShare: 0.12 },
  { bucket: '21-40s', minS: 21, maxS: 40, effect: 1.3, shortShare: 0.43 },
  { bucket: '41-60s', minS: 41, maxS: 60, effect: 1, shortShare: 0.3 },
  { bucket: '61-180s', minS: 61, maxS: 180, effect: 0.7, shortShare: 0.15 },
  { bucket: '181s+', minS: 240, maxS: 720, effect: 0.45, shortShare: 0 },
];
const SHORT_DURATIONS = DURATIONS.filter((spec) => spec.shortShare > 0);
const LONG_FORM_DURATION = DURATIONS[DURATIONS.length - 1] as DurationSpec;

const WEEKDAY_EFFECTS: Record<Weekday, number> = {
  Sun: 1.2,
  Mon: 0.9,
  Tue: 0.85,
  Wed: 0.95,
  Thu: 1,
  Fri: 1.05,
  Sat: 1.25,
};

// The creator's habit: any hour from 7:00 to 22:00 local, most often around lunch and early evening.
const POSTING_HOURS = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22];
const POSTING_HOUR_WEIGHTS = [1, 2, 2, 2, 3, 3, 2, 2, 2, 3, 4, 4, 3, 3, 2, 1];
const POSTING_MINUTES = [0, 0, 0, 15, 30, 30, 45];

/** Audience is most active around 18:00 local, with a small commute bump around 8:00. */
function hourEffect(hour: number): number {
  const evening = Math.exp(-(((hour - 18) / 2.5) ** 2));
  const morning = Math.exp(-(((hour - 8) / 1.5) ** 2));
  return roundTo(0.75 + 0.6 * evening + 0.15 * morning, 2);
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

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

// ---------------------------------------------------------------------------------------------------------------
// Calendar in the channel timezone

/** The weekday of a "YYYY-MM-DD" date (the calendar itself is core's zoned time). */
function weekdayOf(date: string): Weekday {
  return WEEKDAYS_FROM_SUNDAY[dateColumn(date).getUTCDay()] as Weekday;
}

// ---------------------------------------------------------------------------------------------------------------
// Upload schedule

interface Slot {
  publishedAt: Date;
  hour: number;
  weekday: Weekday;
}

/** Day indices (0 = first day) with uploads: roughly daily, two breaks of 6–10 days, first and last day kept. */
function pickPostingDays(rng: SeededRandom, spanDays: number, postingDayCount: number): number[] {
  const breakDays = new Set<number>();
  for (let i = 0; i < 2; i++) {
    const start = rng.int(20, spanDays - 30);
    const length = rng.int(6, 10);
    for (let day = start; day < start + length; day++) breakDays.add(day);
  }
  // The span is ≥ 1.5 uploads per day (or MIN_SPAN_DAYS), so enough days remain after the breaks.
  const candidates = [];
  for (let day = 1; day < spanDays - 1; day++) if (!breakDays.has(day)) candidates.push(day);
  const chosen = rng.shuffle(candidates).slice(0, Math.max(0, postingDayCount - 2));
  // The first and last days of the span are always posting days, except for a one-video channel.
  if (postingDayCount === 1) return [spanDays - 1];
  return [0, ...chosen, spanDays - 1].sort((a, b) => a - b);
}

function pickPostingHours(rng: SeededRandom, uploads: number): number[] {
  const hours: number[] = [];
  while (hours.length < uploads) {
    const hour = rng.weightedPick(POSTING_HOURS, POSTING_HOUR_WEIGHTS);
    if (hours.every((taken) => Math.abs(taken - hour) >= 3)) hours.push(hour);
  }
  return hours;
}

/** Upload slots, oldest first; the last day is the day before endDate's local date, so all precede endDate. */
function planSchedule(rng: SeededRandom, timeZone: string, endDate: Date, count: number): Slot[] {
  const spanDays = Math.max(MIN_SPAN_DAYS, Math.ceil(count * 1.5));
  const doubleDayCount = Math.round(count * DOUBLE_DAY_SHARE);
  const postingDays = pickPostingDays(rng, spanDays, count - doubleDayCount);
  const doubleDays = new Set(rng.shuffle(postingDays).slice(0, doubleDayCount));
  const endLocalDate = localDate(endDate, timeZone);
  const slots: Slot[] = [];
  for (const dayIndex of postingDays) {
    const date = addDays(endLocalDate, dayIndex - spanDays);
    for (const hour of pickPostingHours(rng, doubleDays.has(dayIndex) ? 2 : 1)) {
      const minute = rng.pick(POSTING_MINUTES);
      const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
      slots.push({ publishedAt: zonedInstant(date, time, timeZone), hour, weekday: weekdayOf(date) });
    }
  }
  return slots.sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
}

// ---------------------------------------------------------------------------------------------------------------
// Content

interface ContentPlan {
  topic: TopicSpec;
  hook: HookStyle;
  duration: DurationSpec;
  durationS: number;
  title: string;
  hookLine: string;
  description: string;
  tags: string[];
}

function planContent(
  rng: SeededRandom,
  topic: TopicSpec,
  hook: HookStyle,
  isLongForm: boolean,
  usedTitles: Map<string, number>,
): ContentPlan {
  const duration = isLongForm
    ? LONG_FORM_DURATION
    : rng.weightedPick(
        SHORT_DURATIONS,
        SHORT_DURATIONS.map((spec) => spec.shortShare),
      );
  const subject = rng.pick(topic.subjects);
  const values = { subject, keyword: topic.keyword, n: String(rng.int(3, 7)) };
  const baseTitle = fillTemplate(rng.pick(HOOKS[hook].titles), values) + (isLongForm ? ' (full breakdown)' : '');
  // Real channels rarely repeat a title verbatim; a repeat becomes a numbered part.
  const timesUsed = usedTitles.get(baseTitle) ?? 0;
  usedTitles.set(baseTitle, timesUsed + 1);
  const title = timesUsed === 0 ? baseTitle : `${baseTitle} (part ${timesUsed + 1})`;
  const hookLine = fillTemplate(HOOKS[hook].line, values);
  const pace = isLongForm ? 'step by step' : 'in under a minute';
  return {
    topic,
    hook,
    duration,
    durationS: rng.int(duration.minS, duration.maxS),
    title,
    hookLine,
    description: `${hookLine} The kitchen science of ${subject}, explained ${pace}.`,
    tags: [
      ...new Set([
        ...rng.shuffle(topic.tags).slice(0, 3),
        subject,
        'kitchen science',
        isLongForm ? 'explainer' : 'shorts',
      ]),
    ],
  };
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

// ---------------------------------------------------------------------------------------------------------------
// Views and engagement over time

interface Surge {
  /** Final views ÷ the views the video would have had without the breakout. */
  multiplier: number;
  centerDays: number;
}

interface Performance {
  /** Final views without any breakout surge. */
  baseViews: number;
  tauDays: number;
  tailShare: number;
  tailTauDays: number;
  surge: Surge | null;
  engagedRate: number;
  likeRate: number;
  commentRate: number;
  shareRate: number;
  subscriberRate: number;
  /** Share of views that came from an impression (the rest: Shorts feed swipes, links, …). */
  impressionShare: number;
  ctr: number;
}

interface Counts {
  views: number;
  engagedViews: number;
  likes: number;
  comments: number;
}

const SURGE_WIDTH_DAYS = 1.2;

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Share of a breakout surge arrived by ageDays: a logistic ramp that starts at exactly 0. */
function surgeShare(surge: Surge, ageDays: number): number {
  const atZero = logistic(-surge.centerDays / SURGE_WIDTH_DAYS);
  return (logistic((ageDays - surge.centerDays) / SURGE_WIDTH_DAYS) - atZero) / (1 - atZero);
}

/** Saturating growth: a fast main phase plus a slow long tail, so cumulative views never decrease. */
function viewsAtAge(performance: Performance, ageDays: number): number {
  if (ageDays <= 0) return 0;
  const { tauDays, tailShare, tailTauDays, surge } = performance;
  const organic =
    (1 - tailShare) * (1 - Math.exp(-ageDays / tauDays)) + tailShare * (1 - Math.exp(-ageDays / tailTauDays));
  const breakout = surge ? (surge.multiplier - 1) * surgeShare(surge, ageDays) : 0;
  return Math.round(performance.baseViews * (organic + breakout));
}

/** Floors of fixed rates keep every cumulative count monotone in views and below it. */
function countsAtAge(performance: Performance, ageDays: number): Counts {
  const views = viewsAtAge(performance, ageDays);
  return {
    views,
    engagedViews: Math.floor(views * performance.engagedRate),
    likes: Math.floor(views * performance.likeRate),
    comments: Math.floor(views * performance.commentRate),
  };
}

function expectedViews(content: ContentPlan, slot: Slot, daysSinceFirstUpload: number): number {
  return (
    BASE_VIEWS *
    content.topic.effect *
    HOOKS[content.hook].effect *
    hourEffect(slot.hour) *
    WEEKDAY_EFFECTS[slot.weekday] *
    content.duration.effect *
    TREND_PER_30_DAYS ** (Math.min(daysSinceFirstUpload, TREND_MAX_DAYS) / 30)
  );
}

function planPerformance(rng: SeededRandom, meanViews: number, isShort: boolean): Performance {
  return {
    baseViews: meanViews * rng.logNormal(0, VIEW_NOISE_SIGMA),
    tauDays: rng.logNormal(Math.log(isShort ? GROWTH_TAU_DAYS.short : GROWTH_TAU_DAYS.longForm), 0.3),
    tailShare: isShort ? rng.uniform(0.05, 0.2) : rng.uniform(0.2, 0.35),
    tailTauDays: isShort ? 40 : 90,
    surge: null,
    engagedRate: isShort ? rng.uniform(0.6, 0.85) : rng.uniform(0.9, 0.98),
    likeRate: rng.uniform(0.02, 0.06),
    commentRate: rng.uniform(0.001, 0.005),
    shareRate: rng.uniform(0.002, 0.01),
    subscriberRate: rng.logNormal(Math.log(isShort ? 0.0012 : 0.004), 0.4),
    impressionShare: isShort ? rng.uniform(0.3, 0.6) : rng.uniform(0.6, 0.9),
    ctr: isShort ? clamp(rng.normal(5, 1.5), 2, 12) : clamp(rng.normal(7, 2), 2, 12),
  };
}

/** Pareto tail, capped: a breakout ends 10–50× above the channel's median video, arriving days after upload. */
function withBreakoutSurge(rng: SeededRandom, performance: Performance, medianBaseViews: number): Performance {
  const targetViews = Math.min(50, rng.pareto(10, 1.6)) * medianBaseViews;
  const multiplier = Math.max(2, targetViews / performance.baseViews);
  return { ...performance, surge: { multiplier, centerDays: rng.uniform(2, 8) } };
}

// ---------------------------------------------------------------------------------------------------------------
// Retention

interface RetentionShape {
  durationS: number;
  /** watchRatio at 0 s. */
  start: number;
  /** Share of viewers gone by 3 s. */
  earlyDrop: number;
  /** watchRatio at the end relative to the one at 3 s. */
  endLevel: number;
}

/** Longer videos lose more of their audience by the end. */
function typicalEndLevel(durationS: number, isShort: boolean): number {
  return isShort ? clamp(0.95 - durationS / 300, 0.45, 0.9) : 0.3;
}

/** A fast drop during the hook (3 s), then geometric decay to the end. */
function watchRatioAt(shape: RetentionShape, elapsedRatio: number): number {
  const seconds = elapsedRatio * shape.durationS;
  if (seconds <= HOOK_SECONDS) return shape.start * (1 - shape.earlyDrop * Math.sqrt(seconds / HOOK_SECONDS));
  const afterHook = (seconds - HOOK_SECONDS) / (shape.durationS - HOOK_SECONDS);
  return shape.start * (1 - shape.earlyDrop) * shape.endLevel ** afterHook;
}

function smoothstep(x: number): number {
  const t = clamp(x, 0, 1);
  return t * t * (3 - 2 * t);
}

function makeRetention(rng: SeededRandom, durationS: number, isShort: boolean, hook: HookStyle): RetentionRecord[] {
  const hookDrop = HOOKS[hook].earlyDrop + (isShort ? 0 : LONG_FORM_EXTRA_DROP);
  const typicalEnd = typicalEndLevel(durationS, isShort);
  const shape: RetentionShape = {
    durationS,
    start: isShort ? rng.uniform(0.9, 1.1) : rng.uniform(0.9, 1),
    earlyDrop: clamp(hookDrop * rng.uniform(0.8, 1.2), 0, 0.9),
    endLevel: clamp(typicalEnd * rng.logNormal(0, 0.1), 0.1, 0.95),
  };
  // What YouTube's relativePerformance compares against: a typical video of the same length.
  const meanHookDrop = HOOK_STYLES.reduce((sum, style) => sum + HOOKS[style].earlyDrop, 0) / HOOK_STYLES.length;
  const reference: RetentionShape = {
    durationS,
    start: 1,
    earlyDrop: meanHookDrop + (isShort ? 0 : LONG_FORM_EXTRA_DROP),
    endLevel: typicalEnd,
  };
  // Short Shorts often loop: rewatches lift the whole curve, most near the end, sometimes above 1.
  const loopChance = isShort ? (durationS <= 30 ? 0.6 : durationS <= 45 ? 0.35 : durationS <= 60 ? 0.15 : 0) : 0;
  const rewatchShare = rng.chance(loopChance) ? rng.uniform(0.1, 0.45) : 0;
  const dip = rng.chance(0.35) ? { depth: rng.uniform(0.05, 0.15), center: rng.uniform(0.25, 0.85) } : null;
  const points: RetentionRecord[] = [];
  for (let i = 1; i <= 100; i++) {
    const elapsedRatio = roundTo(i / 100, 2);
    const dipFactor = dip ? 1 - dip.depth * Math.exp(-(((elapsedRatio - dip.center) / 0.04) ** 2)) : 1;
    const watchRatio = Math.max(
      0,
      (watchRatioAt(shape, elapsedRatio) * dipFactor +
        rewatchShare * (0.5 + 0.5 * smoothstep((elapsedRatio - 0.7) / 0.3))) *
        (1 + rng.normal(0, 0.01)),
    );
    const logRatio = Math.log(Math.max(watchRatio, 1e-6) / watchRatioAt(reference, elapsedRatio));
    points.push({
      elapsedRatio,
      watchRatio: roundTo(watchRatio, 4),
      relativePerformance: roundTo(logistic(4 * logRatio), 3),
    });
  }
  return points;
}

// ---------------------------------------------------------------------------------------------------------------
// Assembly

interface MissingData {
  likesHidden: boolean;
  commentsDisabled: boolean;
}

function makeSnapshots(
  rng: SeededRandom,
  performance: Performance,
  publishedAt: Date,
  endDate: Date,
  missing: MissingData,
): SnapshotRecord[] {
  const dailyDays = rng.int(21, 28);
  const weeklyDays = Array.from({ length: rng.int(2, 4) }, (_, i) => dailyDays + 7 * (i + 1));
  const days = [...Array.from({ length: dailyDays }, (_, i) => i + 1), ...weeklyDays];
  return days
    .map((ageDays) => ({ ageDays, takenAt: new Date(publishedAt.getTime() + ageDays * DAY_MS) }))
    .filter(({ takenAt }) => takenAt.getTime() <= endDate.getTime())
    .map(({ ageDays, takenAt }) => {
      const counts = countsAtAge(performance, ageDays);
      return {
        takenAt,
        views: counts.views,
        engagedViews: counts.engagedViews,
        likes: missing.likesHidden ? null : counts.likes,
        comments: missing.commentsDisabled ? null : counts.comments,
      };
    });
}

function makeStats(
  performance: Performance,
  ageDays: number,
  durationS: number,
  retention: RetentionRecord[],
  missing: MissingData,
): VideoStats {
  const counts = countsAtAge(performance, ageDays);
  // Average view percentage is the area under the retention curve, so the two always agree.
  const avgViewPct = roundTo((retention.reduce((sum, point) => sum + point.watchRatio, 0) / retention.length) * 100, 2);
  const avgViewDurationS = Math.round((durationS * avgViewPct) / 100);
  return {
    views: counts.views,
    engagedViews: counts.engagedViews,
    likes: missing.likesHidden ? null : counts.likes,
    comments: missing.commentsDisabled ? null : counts.comments,
    shares: Math.floor(counts.views * performance.shareRate),
    avgViewPct,
    avgViewDurationS,
    estimatedMinutesWatched: Math.round((counts.views * avgViewDurationS) / 60),
    subscribersGained: Math.floor(counts.views * performance.subscriberRate),
    impressions: Math.round((counts.views * performance.impressionShare) / (performance.ctr / 100)),
    ctr: roundTo(performance.ctr, 2),
  };
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

function buildTruth(youtubeIds: string[], hooks: HookStyle[], breakouts: Set<number>): DemoTruth {
  return {
    baseViews: BASE_VIEWS,
    viewNoiseSigma: VIEW_NOISE_SIGMA,
    topicEffects: Object.fromEntries(TOPICS.map((topic) => [topic.label, topic.effect])),
    hookEffects: Object.fromEntries(HOOK_STYLES.map((style) => [style, HOOKS[style].effect])) as Record<
      HookStyle,
      number
    >,
    hourEffects: Object.fromEntries(Array.from({ length: 24 }, (_, hour) => [hour, hourEffect(hour)])),
    weekdayEffects: { ...WEEKDAY_EFFECTS },
    durationEffects: Object.fromEntries(DURATIONS.map((spec) => [spec.bucket, spec.effect])) as Record<
      DurationBucket,
      number
    >,
    trendPer30Days: TREND_PER_30_DAYS,
    hookEarlyDrop: Object.fromEntries(HOOK_STYLES.map((style) => [style, HOOKS[style].earlyDrop])) as Record<
      HookStyle,
      number
    >,
    growthTauDays: { ...GROWTH_TAU_DAYS },
    hookStyleByVideo: Object.fromEntries(youtubeIds.map((id, i) => [id, hooks[i] as HookStyle])),
    breakoutVideoIds: youtubeIds.filter((_, i) => breakouts.has(i)),
  };
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
    HOOK_STYLES,
    HOOK_STYLES.map(() => 1),
    count,
  );
  const longFormShare = [LONG_FORM_SHARE, 1 - LONG_FORM_SHARE];
  const isLongForm = shuffledDeck(contentRng, [true, false], longFormShare, count);
  const usedTitles = new Map<string, number>();
  const contents = slots.map((_, i) =>
    planContent(contentRng, topics[i] as TopicSpec, hooks[i] as HookStyle, isLongForm[i] === true, usedTitles),
  );
  const breakouts = pickBreakouts(selectionRng, slots, isLongForm, endDate);
  const missingByVideo = pickMissingData(selectionRng, count, breakouts);
  const firstUpload = (slots[0] as Slot).publishedAt;
  const isShortByVideo = contents.map((content) => isShortByDuration(content.durationS) === true);
  const organicPerformances = slots.map((slot, i) => {
    const meanViews = expectedViews(contents[i] as ContentPlan, slot, ageInDays(firstUpload, slot.publishedAt));
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

  return { ...CHANNEL, videos, truth: buildTruth(youtubeIds, hooks, breakouts) };
}
