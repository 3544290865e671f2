// The family of simulated worlds the closed-loop benchmark proves TubePilot in. Each world is data for
// ChannelSimulator (channel-simulator.ts): a niche with its own vocabulary, the audience's timezone, and which
// structure its audience has — effects drawn per seed from the sizes given here, so every seed is a different
// channel of the same kind. They differ in structure, not only in numbers: bucketed vs smooth length and hour
// curves, a DST change, drift, fatigue and a rising topic, a hook × topic interaction, viral hits and growth, and
// a world with no effects at all (where any "confident" finding is a false one).

import type { HookStyle } from '../../src/core/analytics/video-features.js';

export interface SimTopic {
  id: string;
  /** Words that mark a video as on this topic when they appear in its title or tags (accents optional). */
  words: readonly string[];
  subjects: readonly string[];
}

/** How the audience responds to length: per length bucket (TubePilot's own), or a smooth curve in ln seconds. */
export type LengthResponse =
  | { kind: 'buckets'; sd: number }
  | { kind: 'curve'; amplitude: number; peakS: readonly [number, number]; widthLn: number };

/** How the audience responds to the local hour: per daypart (coarse, UTC), or a smooth daily cycle. */
export type HourResponse =
  | { kind: 'dayparts'; sd: number }
  | { kind: 'curve'; amplitude: number; peakHour: readonly [number, number] };

export interface World {
  name: string;
  /** One line for the benchmark's notes: what is planted. */
  description: string;
  /** The audience's clock (IANA); the channel is set to it, as its team would. */
  timezone: string;
  topics: readonly SimTopic[];
  /** Title templates by the style TubePilot's hook reader gives them ({subject} is filled in), for history videos. */
  titles: Partial<Record<HookStyle, readonly string[]>>;
  /** Local hours and lengths that history videos and the random baseline draw from. */
  planHours: readonly number[];
  planLengths: readonly number[];
  baseViews: number;
  /** Standard deviations of the drawn effects on ln views. */
  topicSd: number;
  hookSd: number;
  length: LengthResponse;
  hour: HourResponse;
  /** Hook × topic effects (a style that works only for some topics), 0 for none. */
  interactionSd: number;
  /** ln views lost per earlier same-topic video, each weighing 0.5^(age / half-life). */
  fatigue: { perVideo: number; halfLifeDays: number } | null;
  /** Random walk of every topic's effect, sd per day. */
  driftSdPerDay: number;
  /** The last topic starts unpopular and rises by `amplitude` around day `midDay` (logistic, `widthDays`). */
  rising: { start: number; amplitude: number; midDay: number; widthDays: number } | null;
  /** Scale of the Student-t (3 df) noise on ln views. */
  noiseScale: number;
  /** With `probability`, a video is a viral hit: its views multiplied by a uniform draw in [min, max]. */
  viral: { probability: number; min: number; max: number } | null;
  /** Channel growth: ln views gained per day (0.01 ≈ +1 %/day). */
  growthPerDay: number;
}

const ENGLISH_TITLES: World['titles'] = {
  question: ['Why does {subject} fail at home?', 'Are you doing {subject} wrong?'],
  'number-list': ['5 {subject} mistakes beginners make', '3 {subject} tricks that work'],
  'bold-claim': ['Everything you know about {subject} is wrong', 'The secret to better {subject}'],
  pov: ['POV: you finally master {subject}', 'POV: a pro watches you try {subject}'],
  story: ['I tried {subject} every day for a week', 'My first attempt at {subject}'],
  'how-to': ['How to get {subject} right', 'The {subject} guide for beginners'],
};

/** Local hours 06–23, every one a plan can name. */
const DAY_HOURS = Array.from({ length: 18 }, (_, i) => i + 6);
const SHORTS_LENGTHS = [15, 25, 32, 45, 50, 58, 75, 90];

/** The original world: a UTC cooking channel with bucketed length and dayparts; main effects only. */
export const KITCHEN: World = {
  name: 'kitchen',
  description: 'cooking, UTC, length buckets and dayparts, main effects only (the original simulator)',
  timezone: 'UTC',
  topics: [
    { id: 'sourdough', words: ['sourdough', 'starter', 'levain'], subjects: ['sourdough', 'sourdough starter'] },
    { id: 'espresso', words: ['espresso', 'crema', 'portafilter'], subjects: ['espresso', 'espresso shots'] },
    { id: 'knife', words: ['knife', 'knives', 'sharpening'], subjects: ['kitchen knives', 'knife skills'] },
    { id: 'noodles', words: ['noodles', 'ramen', 'udon'], subjects: ['ramen noodles', 'hand-pulled noodles'] },
    { id: 'pickles', words: ['pickles', 'pickling', 'brine'], subjects: ['quick pickles', 'pickled onions'] },
    { id: 'steak', words: ['steak', 'ribeye', 'sear'], subjects: ['ribeye steak', 'a reverse-seared steak'] },
  ],
  titles: {
    question: ['Why does {subject} fail at home?', 'Are you making {subject} wrong?'],
    'number-list': ['5 {subject} mistakes beginners make', '3 {subject} tricks that work'],
    'bold-claim': ['Everything you know about {subject} is wrong', 'The secret to better {subject}'],
    pov: ['POV: you finally master {subject}', 'POV: a chef watches you make {subject}'],
    story: ['I made {subject} every day for a week', 'My first attempt at {subject}'],
    'how-to': ['How to make {subject} at home', 'The {subject} guide for beginners'],
  },
  planHours: [9, 14, 19],
  planLengths: [15, 32, 50, 90],
  baseViews: 5_000,
  topicSd: 0.5,
  hookSd: 0.3,
  length: { kind: 'buckets', sd: 0.2 },
  hour: { kind: 'dayparts', sd: 0.2 },
  interactionSd: 0,
  fatigue: null,
  driftSdPerDay: 0,
  rising: null,
  noiseScale: 0.45,
  viral: null,
  growthPerDay: 0,
};

/** French mountain channel: accented vocabulary, Paris time, smooth length and hour curves, smaller effects. */
export const MONTAGNE: World = {
  name: 'montagne',
  description: 'French outdoor niche (accents), Europe/Paris, smooth length and hour curves, smaller effects',
  timezone: 'Europe/Paris',
  topics: [
    { id: 'randonnée', words: ['randonnée', 'sentier', 'crête'], subjects: ['la randonnée', 'une randonnée en crête'] },
    { id: 'fromage', words: ['fromage', 'comté', 'raclette'], subjects: ['le comté', 'une raclette au refuge'] },
    { id: 'vélo', words: ['vélo', 'cyclisme', 'col'], subjects: ['le vélo de route', 'un col à vélo'] },
    { id: 'bivouac', words: ['bivouac', 'tente', 'duvet'], subjects: ['le bivouac', 'un bivouac sous tente'] },
    { id: 'ski', words: ['ski', 'poudreuse', 'piste'], subjects: ['le ski de rando', 'la poudreuse'] },
    { id: 'météo', words: ['météo', 'orage', 'nuages'], subjects: ['la météo en montagne', 'un orage en été'] },
  ],
  titles: {
    question: ['Pourquoi {subject} te fait peur ?', 'Tu rates {subject} ?'],
    'number-list': ['5 erreurs avec {subject}', '3 astuces pour {subject}'],
    pov: ['POV : tu découvres {subject}', 'POV : un guide juge {subject}'],
    // The audience reads hooks by English rules (channel-simulator.ts): to it these are 'other'. TubePilot reads
    // French too and takes "Ma première fois" for a story: its reading and the audience's differ here.
    other: ['{subject} en hiver', 'Tout sur {subject}', 'Ma première fois : {subject}'],
  },
  planHours: DAY_HOURS,
  planLengths: SHORTS_LENGTHS,
  baseViews: 3_000,
  topicSd: 0.3,
  hookSd: 0.2,
  length: { kind: 'curve', amplitude: 0.35, peakS: [30, 55], widthLn: 0.45 },
  hour: { kind: 'curve', amplitude: 0.2, peakHour: [11, 14] },
  interactionSd: 0,
  fatigue: null,
  driftSdPerDay: 0,
  rising: null,
  noiseScale: 0.45,
  viral: null,
  growthPerDay: 0,
};

/** A New York fitness channel across the March DST change: the audience's peak is an hour earlier in UTC after it. */
export const NEW_YORK: World = {
  name: 'new-york',
  description: 'fitness, America/New_York across the 8 March DST change, sharp evening hour curve, short-length curve',
  timezone: 'America/New_York',
  topics: [
    { id: 'deadlift', words: ['deadlift', 'hinge'], subjects: ['the deadlift', 'a heavy deadlift'] },
    { id: 'running', words: ['running', 'marathon', 'tempo'], subjects: ['marathon running', 'tempo running'] },
    { id: 'mobility', words: ['mobility', 'stretching'], subjects: ['hip mobility', 'morning stretching'] },
    { id: 'protein', words: ['protein', 'macros'], subjects: ['protein intake', 'counting macros'] },
    { id: 'pullups', words: ['pullups', 'pull-ups', 'chin-ups'], subjects: ['pullups', 'weighted pull-ups'] },
    { id: 'sleep', words: ['sleep', 'recovery'], subjects: ['sleep for recovery', 'deep sleep'] },
  ],
  titles: ENGLISH_TITLES,
  planHours: DAY_HOURS,
  planLengths: SHORTS_LENGTHS,
  baseViews: 8_000,
  topicSd: 0.35,
  hookSd: 0.25,
  length: { kind: 'curve', amplitude: 0.4, peakS: [18, 30], widthLn: 0.4 },
  hour: { kind: 'curve', amplitude: 0.45, peakHour: [18, 21] },
  interactionSd: 0,
  fatigue: null,
  driftSdPerDay: 0,
  rising: null,
  noiseScale: 0.45,
  viral: null,
  growthPerDay: 0,
};

/** A gardening channel whose audience tires of repeats, whose tastes drift, and where one topic rises mid-run. */
export const GARDEN: World = {
  name: 'garden',
  description: 'gardening, Asia/Kolkata (+05:30), topic drift, repetition fatigue, a topic that rises around day 45',
  timezone: 'Asia/Kolkata',
  topics: [
    { id: 'tomatoes', words: ['tomatoes', 'tomato'], subjects: ['tomatoes', 'cherry tomatoes'] },
    { id: 'compost', words: ['compost', 'composting'], subjects: ['compost', 'hot composting'] },
    { id: 'pruning', words: ['pruning', 'secateurs'], subjects: ['pruning roses', 'winter pruning'] },
    { id: 'seedlings', words: ['seedlings', 'sowing'], subjects: ['seedlings', 'sowing seeds'] },
    { id: 'balcony', words: ['balcony', 'containers'], subjects: ['a balcony garden', 'container plants'] },
    { id: 'monsoon', words: ['monsoon', 'rainwater'], subjects: ['monsoon planting', 'rainwater harvesting'] },
  ],
  titles: ENGLISH_TITLES,
  planHours: DAY_HOURS,
  planLengths: SHORTS_LENGTHS,
  baseViews: 4_000,
  topicSd: 0.35,
  hookSd: 0.2,
  length: { kind: 'curve', amplitude: 0.25, peakS: [35, 70], widthLn: 0.5 },
  hour: { kind: 'curve', amplitude: 0.2, peakHour: [7, 10] },
  interactionSd: 0,
  fatigue: { perVideo: 0.12, halfLifeDays: 6 },
  driftSdPerDay: 0.03,
  rising: { start: -0.5, amplitude: 1.4, midDay: 45, widthDays: 6 },
  noiseScale: 0.45,
  viral: null,
  growthPerDay: 0,
};

/** A tech channel where a hook style works only for some topics: main effects small, the interaction large. */
export const GADGETS: World = {
  name: 'gadgets',
  description: 'tech reviews, America/Los_Angeles, hook × topic interaction larger than main effects',
  timezone: 'America/Los_Angeles',
  topics: [
    { id: 'keyboards', words: ['keyboard', 'keyboards', 'keycaps'], subjects: ['mechanical keyboards', 'keycaps'] },
    { id: 'headphones', words: ['headphones', 'earbuds'], subjects: ['noise-cancelling headphones', 'earbuds'] },
    { id: 'phones', words: ['phone', 'smartphone'], subjects: ['a budget phone', 'smartphone cameras'] },
    { id: 'drones', words: ['drone', 'drones'], subjects: ['a camera drone', 'FPV drones'] },
    { id: 'laptops', words: ['laptop', 'laptops'], subjects: ['a student laptop', 'thin laptops'] },
    { id: 'chargers', words: ['charger', 'chargers', 'usb-c'], subjects: ['USB-C chargers', 'a travel charger'] },
  ],
  titles: ENGLISH_TITLES,
  planHours: DAY_HOURS,
  planLengths: SHORTS_LENGTHS,
  baseViews: 6_000,
  topicSd: 0.15,
  hookSd: 0.1,
  length: { kind: 'curve', amplitude: 0.2, peakS: [40, 80], widthLn: 0.5 },
  hour: { kind: 'curve', amplitude: 0.15, peakHour: [15, 19] },
  interactionSd: 0.45,
  fatigue: null,
  driftSdPerDay: 0,
  rising: null,
  noiseScale: 0.4,
  viral: null,
  growthPerDay: 0,
};

/** A gaming channel with viral hits (20–50×) and a growing audience; the effects are smaller than the noise. */
export const ARCADE: World = {
  name: 'arcade',
  description: 'gaming, Europe/Berlin, heavy tails with 20–50× viral hits (3 %), growth +1 %/day, small effects',
  timezone: 'Europe/Berlin',
  topics: [
    { id: 'speedrun', words: ['speedrun', 'speedrunning'], subjects: ['a speedrun', 'speedrunning tricks'] },
    { id: 'retro', words: ['retro', 'arcade'], subjects: ['retro games', 'arcade cabinets'] },
    { id: 'indie', words: ['indie'], subjects: ['indie games', 'an indie gem'] },
    { id: 'minecraft', words: ['minecraft', 'redstone'], subjects: ['Minecraft redstone', 'a Minecraft build'] },
    { id: 'esports', words: ['esports', 'tournament'], subjects: ['esports', 'a tournament final'] },
    { id: 'controllers', words: ['controller', 'controllers'], subjects: ['custom controllers', 'a controller mod'] },
  ],
  titles: ENGLISH_TITLES,
  planHours: DAY_HOURS,
  planLengths: SHORTS_LENGTHS,
  baseViews: 2_000,
  topicSd: 0.3,
  hookSd: 0.2,
  length: { kind: 'curve', amplitude: 0.3, peakS: [20, 45], widthLn: 0.45 },
  hour: { kind: 'curve', amplitude: 0.2, peakHour: [16, 21] },
  interactionSd: 0,
  fatigue: null,
  driftSdPerDay: 0,
  rising: null,
  noiseScale: 0.6,
  viral: { probability: 0.03, min: 20, max: 50 },
  growthPerDay: 0.01,
};

/** A Spanish travel channel whose audience responds to nothing: every difference TubePilot sees is noise. */
export const NULL_WORLD: World = {
  name: 'null',
  description: 'Spanish travel niche (ñ, accents), Europe/Madrid, no effects at all: only noise',
  timezone: 'Europe/Madrid',
  topics: [
    { id: 'playas', words: ['playas', 'playa'], subjects: ['las playas del norte', 'una playa escondida'] },
    { id: 'montaña', words: ['montaña', 'sierra'], subjects: ['la montaña', 'la sierra en otoño'] },
    { id: 'tapas', words: ['tapas', 'pinchos'], subjects: ['las tapas', 'los pinchos de Bilbao'] },
    { id: 'trenes', words: ['trenes', 'tren'], subjects: ['los trenes nocturnos', 'un tren de vía estrecha'] },
    { id: 'castillos', words: ['castillos', 'castillo'], subjects: ['los castillos', 'un castillo olvidado'] },
    { id: 'mercados', words: ['mercados', 'mercado'], subjects: ['los mercados', 'un mercado de pueblo'] },
  ],
  titles: {
    question: ['¿Por qué nadie visita {subject}?', '¿Conoces {subject}?'],
    'number-list': ['5 secretos de {subject}', '3 errores en {subject}'],
    pov: ['POV: descubres {subject}', 'POV: un local te enseña {subject}'],
    other: ['{subject} en invierno', 'Así son {subject}'],
  },
  planHours: DAY_HOURS,
  planLengths: SHORTS_LENGTHS,
  baseViews: 3_000,
  topicSd: 0,
  hookSd: 0,
  length: { kind: 'curve', amplitude: 0, peakS: [30, 30], widthLn: 1 },
  hour: { kind: 'curve', amplitude: 0, peakHour: [12, 12] },
  interactionSd: 0,
  fatigue: null,
  driftSdPerDay: 0,
  rising: null,
  noiseScale: 0.45,
  viral: null,
  growthPerDay: 0,
};

/** Every world the closed-loop benchmark runs, in the order it prints them. */
export const WORLDS: readonly World[] = [KITCHEN, MONTAGNE, NEW_YORK, GARDEN, GADGETS, ARCADE, NULL_WORLD];

/** Whether a plan can change the expected views of a world (the null world is the control: it cannot). */
export function hasEffects(world: World): boolean {
  const length = world.length.kind === 'buckets' ? world.length.sd : world.length.amplitude;
  const hour = world.hour.kind === 'dayparts' ? world.hour.sd : world.hour.amplitude;
  const sizes = [world.topicSd, world.hookSd, length, hour, world.interactionSd, world.driftSdPerDay];
  return sizes.some((size) => size > 0) || world.fatigue !== null || world.rising !== null;
}

export function worldNamed(name: string): World {
  const world = WORLDS.find((candidate) => candidate.name === name);
  if (!world) throw new Error(`No world named "${name}"; known: ${WORLDS.map((w) => w.name).join(', ')}`);
  return world;
}
