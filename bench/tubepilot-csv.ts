// Deterministic TubePilot CSVs for benchmarks: many videos, each with a weekly time series of snapshot rows.
// Values are shaped like a real channel's (heavy-tailed views, shorts and long videos, quoted titles with
// commas and quotes, tags as `|` lists and as Python list literals) so the parser does realistic work.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { SeededRandom } from '../src/core/random/seeded-random.js';

export interface CsvShape {
  videos: number;
  snapshotsPerVideo: number;
  /** Only the rows of this week (0-based): one weekly export of the series, as a re-import brings. */
  onlyWeek?: number;
}

interface GeneratedVideo {
  id: string;
  title: string;
  publishedAt: Date;
  durationS: number;
  /** Views at the last snapshot; earlier snapshots hold a growing share of it. */
  finalViews: number;
  engagedShare: number;
  likeRate: number;
  commentRate: number;
  shareRate: number;
  avgViewPct: number;
  ctrPct: number;
  tagsCell: string;
}

const HEADER = [
  'video_id',
  'title',
  'published_at',
  'duration_seconds',
  'views',
  'likes',
  'comments',
  'engaged_views',
  'shares',
  'avg_view_pct',
  'avg_view_duration_s',
  'impressions',
  'ctr',
  'tags',
  'snapshot_at',
];

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DAY_MS = 86_400_000;
const PUBLISHED_FROM = Date.UTC(2019, 0, 1);
const PUBLISHED_UNTIL = Date.UTC(2024, 11, 31);
const FIRST_SNAPSHOT = Date.UTC(2025, 0, 6);

const SUBJECTS = ['sourdough', 'budget travel', 'home workouts', 'React hooks', 'film photography', 'guitar chords'];
const ADJECTIVES = ['Easy', 'Honest', 'Cheap', 'Fast', 'Beginner', 'Advanced', 'Lazy', 'Perfect'];
const TAGS = ['tutorial', 'beginner', 'tips', 'how to', 'review', 'vlog', '2024', 'guide', "editor's pick", 'shorts'];

const TITLE_TEMPLATES: ((random: SeededRandom) => string)[] = [
  (r) => `${r.pick(ADJECTIVES)} ${r.pick(SUBJECTS)}: ${r.int(3, 15)} tips, tricks and mistakes`,
  (r) => `I tried ${r.pick(SUBJECTS)} for ${r.int(7, 100)} days, here's what happened`,
  (r) => `"${r.pick(SUBJECTS)}" explained in ${r.int(2, 20)} minutes`,
  (r) => `${r.pick(SUBJECTS)} vs ${r.pick(SUBJECTS)} — which is better?`,
  (r) => `Why ${r.pick(SUBJECTS)} fails (and how to fix it)`,
  (r) => `${r.pick(ADJECTIVES)} ${r.pick(SUBJECTS)} ☕ #${r.int(1, 300)}`,
];

/** Writes the CSV into `dir`, line by line (a million rows are 170 MB of text), and returns its path and size. */
export async function writeTubePilotCsv(
  dir: string,
  shape: CsvShape,
  seed: string,
): Promise<{ path: string; bytes: number }> {
  const week = shape.onlyWeek === undefined ? '' : `-week${shape.onlyWeek}`;
  const path = join(dir, `tubepilot-${shape.videos}x${shape.snapshotsPerVideo}${week}.csv`);
  const out = createWriteStream(path, 'utf8');
  for (const line of tubePilotCsvLines(shape, seed)) {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { path, bytes: out.bytesWritten };
}

/** Rows are snapshot-major (every video's week 1, then week 2, …), as appended weekly exports would be. */
export function* tubePilotCsvLines({ videos, snapshotsPerVideo, onlyWeek }: CsvShape, seed: string): Generator<string> {
  const random = new SeededRandom(seed);
  const catalogue = generateVideos(random.fork('videos'), videos);
  const noise = random.fork('snapshots');
  yield HEADER.join(',');
  for (let week = 0; week < snapshotsPerVideo; week++) {
    if (onlyWeek !== undefined && week !== onlyWeek) continue;
    const takenAt = new Date(FIRST_SNAPSHOT + week * 7 * DAY_MS);
    for (const video of catalogue) yield snapshotRow(video, week, snapshotsPerVideo, takenAt, noise);
  }
}

function generateVideos(random: SeededRandom, count: number): GeneratedVideo[] {
  const ids = new Set<string>();
  while (ids.size < count) ids.add(videoId(random));
  return [...ids].map((id) => generateVideo(random, id));
}

function videoId(random: SeededRandom): string {
  let id = '';
  for (let i = 0; i < 11; i++) id += ID_ALPHABET[random.int(0, ID_ALPHABET.length - 1)];
  return id;
}

function generateVideo(random: SeededRandom, id: string): GeneratedVideo {
  const isShort = random.chance(0.3);
  return {
    id,
    title: random.pick(TITLE_TEMPLATES)(random),
    publishedAt: new Date(Math.floor(random.uniform(PUBLISHED_FROM, PUBLISHED_UNTIL) / 1000) * 1000),
    durationS: isShort ? random.int(12, 60) : random.int(180, 3600),
    finalViews: Math.round(random.logNormal(isShort ? 9 : 8, 1.6)),
    engagedShare: random.uniform(0.55, 0.95),
    likeRate: random.uniform(0.01, 0.06),
    commentRate: random.uniform(0.0005, 0.005),
    shareRate: random.uniform(0.0005, 0.004),
    avgViewPct: random.uniform(isShort ? 60 : 20, isShort ? 110 : 65),
    ctrPct: random.uniform(1.5, 12),
    tagsCell: tagsCell(random),
  };
}

/** Half `|`-separated, a third Python list literals (quoted in the CSV: they hold commas), the rest empty. */
function tagsCell(random: SeededRandom): string {
  const tags = random.shuffle(TAGS).slice(0, random.int(1, 5));
  const style = random.next();
  if (style < 0.5) return tags.join('|');
  if (style < 0.83) return `[${tags.map((tag) => (tag.includes("'") ? `"${tag}"` : `'${tag}'`)).join(', ')}]`;
  return '';
}

function snapshotRow(video: GeneratedVideo, week: number, weeks: number, takenAt: Date, noise: SeededRandom): string {
  // Views only grow: each week holds a larger share of the final count.
  const growth = ((week + 1) / weeks) ** 0.35;
  const views = Math.round(video.finalViews * growth);
  const impressions = Math.round(views / (video.ctrPct / 100));
  const avgViewPct = video.avgViewPct * noise.uniform(0.97, 1.03);
  const cells = [
    video.id,
    video.title,
    isoSeconds(video.publishedAt),
    String(video.durationS),
    String(views),
    String(Math.round(views * video.likeRate)),
    String(Math.round(views * video.commentRate)),
    String(Math.round(views * video.engagedShare)),
    String(Math.round(views * video.shareRate)),
    avgViewPct.toFixed(1),
    ((video.durationS * avgViewPct) / 100).toFixed(1),
    String(impressions),
    video.ctrPct.toFixed(2),
    video.tagsCell,
    isoSeconds(takenAt),
  ];
  return cells.map(csvCell).join(',');
}

/** `2025-01-06T00:00:00Z`: whole seconds, as exports write them. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
